package dev.tapekit.vtl.cartridge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * One virtual cartridge stored in one file: two checksummed header slots with the {@link
 * CartridgeInfo}, then an append-only sequence of checksummed records (data blocks, zero blocks,
 * filemarks). End of data is the end of the last valid record. The byte layout is documented in
 * {@code tape-vtl/docs/CARTRIDGE-FORMAT.md}.
 *
 * <p>A partitioned cartridge ({@link #repartition}) keeps partition 0 in this file and partition
 * {@code p} (1..3) in a partition file next to it, {@code <barcode>.p<p>.tkc}, of the same format;
 * {@link #partition(int)} gives the record log of each. The header of this file says how many
 * there are, its {@link CartridgeInfo} carries the MAM of the whole cartridge and the capacity of
 * partition 0; the partition files' headers carry their capacities.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #open} rebuilds an in-memory index (offset, length, type of every logical object and
 *       the positions of filemarks), so any object is reached in O(1) and filemark counts in O(log n).
 *   <li>A torn final record (a crash mid-append) is detected on open and cut off; a damaged record with
 *       valid records after it, or two invalid header slots, fail with {@link
 *       CartridgeCorruptException}. A payload whose checksum fails on read throws the same exception.
 *   <li>Appends are not forced to disk one by one; {@link #sync()} forces them (the drive does so on
 *       WRITE FILEMARKS, REWIND and unload). Header updates are written to the older slot and forced,
 *       so a crash leaves the previous header valid.
 *   <li>Thread-safe: every method is synchronized on the instance.
 * </ul>
 */
public final class CartridgeFile implements Closeable {

  /** Format version written by this class. */
  public static final int FORMAT_VERSION = 2;
  /** Most partitions a cartridge holds (LTO-7 and later: four). */
  public static final int MAX_PARTITIONS = 4;

  static final byte[] HEADER_MAGIC = "TKVTLCRT".getBytes(StandardCharsets.US_ASCII);
  static final int RECORD_MAGIC = 0x544B5243; // "TKRC"
  static final int SLOT_SIZE = 4096;
  static final long RECORDS_START = 2L * SLOT_SIZE;
  static final int RECORD_HEADER_SIZE = 32;
  static final int PARTITIONS_OFFSET = 140;
  static final int HOST_ATTRIBUTE_OFFSET = 148;
  static final int HOST_ATTRIBUTE_SPACE = SLOT_SIZE - 4 - HOST_ATTRIBUTE_OFFSET;
  /** Largest logical block a record may hold (the drives report 2 MiB in READ BLOCK LIMITS; this is 16 MiB). */
  public static final int MAX_BLOCK = 16 << 20;

  private static final int ZERO_CHUNK = 64 << 10;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

  private final Path path;
  private final FileChannel channel;
  private final boolean readOnly;
  private CartridgeInfo info;
  private boolean infoDirty;
  private long headerSequence;
  private int nextSlot;
  /** Partition files 1..n-1 (empty for a single-partition cartridge and in partition files). */
  private final List<CartridgeFile> partitions = new ArrayList<>();

  // index of logical objects 0..count-1
  private int count;
  private long[] offsets = new long[64];
  private int[] lengths = new int[64];
  private int[] crcs = new int[64];
  private byte[] types = new byte[64];
  private long[] bytesBefore = new long[65];
  private long[] filemarks = new long[16];
  private int filemarkCount;
  private long endOffset;
  private final ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER_SIZE);

  private CartridgeFile(Path path, FileChannel channel, boolean readOnly) {
    this.path = path;
    this.channel = channel;
    this.readOnly = readOnly;
  }

  /**
   * Creates a new, empty cartridge file (fails if {@code path} exists).
   *
   * @throws java.nio.file.FileAlreadyExistsException when the file exists
   */
  public static CartridgeFile create(Path path, CartridgeInfo info) throws IOException {
    FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    CartridgeFile f = new CartridgeFile(path, ch, false);
    try {
      f.info = info;
      f.writeSlot(0, 1, info);
      f.writeSlot(1, 0, info);
      ch.force(true);
      f.headerSequence = 1;
      f.nextSlot = 1;
      f.endOffset = RECORDS_START;
      return f;
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Opens an existing cartridge file for reading and writing, cutting off a torn final record. */
  public static CartridgeFile open(Path path) throws IOException {
    return open(path, false);
  }

  /**
   * Opens an existing cartridge file.
   *
   * @param readOnly open without write access; a torn final record is then ignored, not cut off
   */
  public static CartridgeFile open(Path path, boolean readOnly) throws IOException {
    FileChannel ch =
        readOnly
            ? FileChannel.open(path, StandardOpenOption.READ)
            : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    CartridgeFile f = new CartridgeFile(path, ch, readOnly);
    try {
      int additional = f.readHeader();
      f.scanRecords();
      for (int p = 1; p <= additional; p++) {
        Path partition = f.partitionPath(p);
        if (!Files.exists(partition)) {
          throw new CartridgeCorruptException(path, PARTITIONS_OFFSET, "the header names " + (additional + 1)
              + " partitions but partition file " + partition.getFileName() + " is missing");
        }
        f.partitions.add(open(partition, readOnly));
      }
      return f;
    } catch (IOException | RuntimeException e) {
      f.closePartitions();
      ch.close();
      throw e;
    }
  }

  /** Number of partitions, 1..{@link #MAX_PARTITIONS}. */
  public synchronized int partitionCount() {
    return 1 + partitions.size();
  }

  /** The record log of partition {@code p}: this file for 0, its partition file otherwise. */
  public synchronized CartridgeFile partition(int p) {
    if (p < 0 || p > partitions.size()) {
      throw new IndexOutOfBoundsException("partition " + p + " of " + partitionCount() + " in " + path);
    }
    return p == 0 ? this : partitions.get(p - 1);
  }

  /** Capacity of the whole cartridge: the sum over its partitions. */
  public synchronized long totalCapacity() {
    long total = info.capacity();
    for (CartridgeFile p : partitions) {
      total += p.info().capacity();
    }
    return total;
  }

  /**
   * Erases the whole cartridge and divides it into {@code capacities.length} partitions of the given
   * capacities in bytes (one value: a single partition), each with the default early-warning
   * distance. Partition files are created before this file's header names them; a crash in between
   * leaves files that {@link #open} reports as corrupt, never a silently different layout.
   *
   * @throws IllegalArgumentException for 0 or more than {@link #MAX_PARTITIONS} partitions, or a
   *     capacity below 16 bytes
   */
  public synchronized void repartition(long[] capacities) throws IOException {
    requireWritable();
    if (capacities.length < 1 || capacities.length > MAX_PARTITIONS) {
      throw new IllegalArgumentException(capacities.length + " partitions; a cartridge holds 1.." + MAX_PARTITIONS);
    }
    for (long c : capacities) {
      if (c < 16) {
        throw new IllegalArgumentException("partition capacity " + c + " bytes is too small");
      }
    }
    truncate(0);
    closePartitions();
    for (int p = 1; p < MAX_PARTITIONS; p++) {
      Files.deleteIfExists(partitionPath(p));
    }
    partitions.clear();
    for (int p = 1; p < capacities.length; p++) {
      CartridgeInfo part = info.withCapacity(capacities[p], CartridgeInfo.defaultEarlyWarningDistance(capacities[p]))
          .withHostAttributes(Map.of());
      partitions.add(create(partitionPath(p), part));
    }
    storeInfo(info.withCapacity(capacities[0], CartridgeInfo.defaultEarlyWarningDistance(capacities[0])));
  }

  private Path partitionPath(int p) {
    String name = path.getFileName().toString();
    String base = name.endsWith(".tkc") ? name.substring(0, name.length() - 4) : name;
    return path.resolveSibling(base + ".p" + p + ".tkc");
  }

  private void closePartitions() throws IOException {
    IOException first = null;
    for (CartridgeFile p : partitions) {
      try {
        p.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public Path path() {
    return path;
  }

  public synchronized CartridgeInfo info() {
    return info;
  }

  /** Applies {@code change} to the metadata and stores it durably. */
  public synchronized CartridgeInfo updateInfo(UnaryOperator<CartridgeInfo> change) throws IOException {
    requireWritable();
    CartridgeInfo next = change.apply(info);
    storeInfo(next);
    return next;
  }

  /**
   * Applies {@code change} to the metadata in memory only; {@link #sync()} and {@link #close()} store
   * it. For counters that change on every block (bytes read and written), where a crash may lose the
   * increments since the last sync.
   */
  public synchronized CartridgeInfo updateInfoDeferred(UnaryOperator<CartridgeInfo> change) throws IOException {
    requireWritable();
    info = change.apply(info);
    infoDirty = true;
    return info;
  }

  /** Number of logical objects; also the object number of end of data. */
  public synchronized long objectCount() {
    return count;
  }

  /** Type of object {@code n} (0-based, below {@link #objectCount()}). */
  public synchronized RecordType typeAt(long n) {
    return RecordType.ofCode(types[checkIndex(n)]);
  }

  /** Logical length of object {@code n} (0 for filemarks). */
  public synchronized int lengthAt(long n) {
    return lengths[checkIndex(n)];
  }

  /** Logical data bytes recorded before object {@code n} ({@code n} may equal the object count). */
  public synchronized long bytesBefore(long n) {
    if (n < 0 || n > count) {
      throw new IndexOutOfBoundsException("object " + n + " of " + count);
    }
    return bytesBefore[(int) n];
  }

  /** Logical data bytes recorded up to end of data. */
  public synchronized long bytesUsed() {
    return bytesBefore[count];
  }

  /** Number of filemarks at object numbers below {@code n}. */
  public synchronized long filemarksBefore(long n) {
    int i = Arrays.binarySearch(filemarks, 0, filemarkCount, n);
    return i >= 0 ? i : -i - 1;
  }

  /** Total number of filemarks. */
  public synchronized long filemarkCount() {
    return filemarkCount;
  }

  /** The object number of filemark {@code k} (0-based), or -1 when there are not that many. */
  public synchronized long filemarkPosition(long k) {
    return k >= 0 && k < filemarkCount ? filemarks[(int) k] : -1;
  }

  /**
   * Reads the payload of block {@code n} into {@code dst} from its position, at most {@code
   * dst.remaining()} bytes; returns the block's full logical length (which may exceed what was
   * copied). Advances {@code dst}'s position by the bytes copied.
   *
   * @throws CartridgeCorruptException when the payload checksum fails
   * @throws IllegalArgumentException when object {@code n} is a filemark
   */
  public synchronized int read(long n, ByteBuffer dst) throws IOException {
    int i = checkIndex(n);
    RecordType type = RecordType.ofCode(types[i]);
    if (!type.isBlock() || type == RecordType.ENCRYPTED) {
      throw new IllegalArgumentException("object " + n + " is a " + type + " (use readStored for encrypted blocks)");
    }
    int length = lengths[i];
    int copy = Math.min(length, dst.remaining());
    if (type == RecordType.ZERO) {
      for (int k = 0; k < copy; k++) {
        dst.put((byte) 0);
      }
      return length;
    }
    ByteBuffer payload = copy == length ? dst.slice().limit(length) : ByteBuffer.allocate(length);
    readFully(payload, offsets[i] + RECORD_HEADER_SIZE);
    payload.flip();
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    if ((int) crc.getValue() != crcs[i]) {
      throw new CartridgeCorruptException(path, offsets[i], "payload of block " + n);
    }
    if (copy == length) {
      dst.position(dst.position() + length);
    } else {
      dst.put(payload.limit(copy));
    }
    return length;
  }

  /**
   * Appends one data block (the bytes {@code src.position()..limit()}) at end of data. All-zero
   * blocks are stored as zero records without payload. Does not move {@code src}'s position.
   */
  public synchronized void appendBlock(ByteBuffer src) throws IOException {
    requireWritable();
    int length = src.remaining();
    if (length == 0 || length > MAX_BLOCK) {
      throw new IllegalArgumentException("block length " + length + " outside 1.." + MAX_BLOCK);
    }
    ByteBuffer data = src.duplicate();
    boolean zero = isAllZero(data);
    RecordType type = zero ? RecordType.ZERO : RecordType.DATA;
    int stored = zero ? 0 : length;
    int payloadCrc = 0;
    if (!zero) {
      CRC32C crc = new CRC32C();
      crc.update(data.duplicate());
      payloadCrc = (int) crc.getValue();
    }
    ByteBuffer header = encodeRecordHeader(type, count, length, stored, payloadCrc);
    long at = endOffset;
    if (zero) {
      writeFully(header, at);
    } else {
      writeFully(new ByteBuffer[] {header, data}, at, RECORD_HEADER_SIZE + (long) length);
    }
    addToIndex(type, at, length, payloadCrc);
    endOffset = at + RECORD_HEADER_SIZE + stored;
  }

  /**
   * Appends an {@link RecordType#ENCRYPTED} block of plaintext length {@code logicalLength} whose
   * stored form (nonce, key check value, ciphertext and tag) is {@code stored.position()..limit()}.
   */
  public synchronized void appendEncrypted(int logicalLength, ByteBuffer stored) throws IOException {
    requireWritable();
    if (logicalLength <= 0 || logicalLength > MAX_BLOCK
        || stored.remaining() != logicalLength + RecordType.ENCRYPTION_OVERHEAD) {
      throw new IllegalArgumentException("encrypted block of " + logicalLength + " bytes cannot store " + stored.remaining());
    }
    CRC32C crc = new CRC32C();
    crc.update(stored.duplicate());
    int payloadCrc = (int) crc.getValue();
    ByteBuffer header = encodeRecordHeader(RecordType.ENCRYPTED, count, logicalLength, stored.remaining(), payloadCrc);
    long at = endOffset;
    int n = stored.remaining();
    writeFully(new ByteBuffer[] {header, stored.duplicate()}, at, RECORD_HEADER_SIZE + (long) n);
    addToIndex(RecordType.ENCRYPTED, at, logicalLength, payloadCrc);
    endOffset = at + RECORD_HEADER_SIZE + n;
  }

  /**
   * The stored payload of object {@code n} after its checksum is verified (for encrypted blocks: what
   * {@link #appendEncrypted} stored).
   *
   * @throws CartridgeCorruptException when the payload checksum fails
   */
  public synchronized byte[] readStored(long n) throws IOException {
    int i = checkIndex(n);
    RecordType type = RecordType.ofCode(types[i]);
    int stored = switch (type) {
      case DATA -> lengths[i];
      case ENCRYPTED -> lengths[i] + RecordType.ENCRYPTION_OVERHEAD;
      case ZERO, FILEMARK -> 0;
    };
    ByteBuffer payload = ByteBuffer.allocate(stored);
    readFully(payload, offsets[i] + RECORD_HEADER_SIZE);
    CRC32C crc = new CRC32C();
    crc.update(payload.array(), 0, stored);
    if (stored > 0 && (int) crc.getValue() != crcs[i]) {
      throw new CartridgeCorruptException(path, offsets[i], "payload of block " + n);
    }
    return payload.array();
  }

  /** Appends {@code n} filemarks at end of data. */
  public synchronized void appendFilemarks(int n) throws IOException {
    requireWritable();
    if (n <= 0) {
      return;
    }
    ByteBuffer all = ByteBuffer.allocate(n * RECORD_HEADER_SIZE);
    for (int k = 0; k < n; k++) {
      all.put(encodeRecordHeader(RecordType.FILEMARK, count + k, 0, 0, 0));
    }
    all.flip();
    long at = endOffset;
    writeFully(all, at);
    for (int k = 0; k < n; k++) {
      addToIndex(RecordType.FILEMARK, at + (long) k * RECORD_HEADER_SIZE, 0, 0);
    }
    endOffset = at + (long) n * RECORD_HEADER_SIZE;
  }

  /** Drops objects {@code n} and after: end of data moves to {@code n}. The cut is forced to disk. */
  public synchronized void truncate(long n) throws IOException {
    requireWritable();
    if (n < 0 || n > count) {
      throw new IndexOutOfBoundsException("object " + n + " of " + count);
    }
    if (n == count) {
      return;
    }
    long cut = offsets[(int) n];
    channel.truncate(cut);
    channel.force(false);
    count = (int) n;
    endOffset = cut;
    filemarkCount = (int) filemarksBefore(n);
  }

  /** Forces appended records and deferred metadata changes to disk, in every partition. */
  public synchronized void sync() throws IOException {
    for (CartridgeFile p : partitions) {
      p.sync();
    }
    if (!readOnly) {
      channel.force(false);
      if (infoDirty) {
        storeInfo(info);
      }
    }
  }

  private void storeInfo(CartridgeInfo next) throws IOException {
    writeSlot(nextSlot, headerSequence + 1, next);
    channel.force(false);
    headerSequence++;
    nextSlot ^= 1;
    info = next;
    infoDirty = false;
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel.isOpen()) {
      try {
        sync();
      } finally {
        try {
          closePartitions();
        } finally {
          channel.close();
        }
      }
    }
  }

  // ---- header slots

  private void writeSlot(int slot, long sequence, CartridgeInfo i) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(SLOT_SIZE).order(ByteOrder.BIG_ENDIAN);
    b.put(HEADER_MAGIC);
    b.putShort((short) FORMAT_VERSION);
    b.putShort((short) SLOT_SIZE);
    b.putInt(0);
    b.putLong(sequence);
    b.put(padAscii(i.barcode().label(), 32));
    b.put((byte) i.generation().densityCode());
    b.put((byte) i.kind().code());
    b.putShort((short) (i.writeProtected() ? 1 : 0));
    b.putInt(i.cleaningUsesLeft());
    b.putLong(i.capacity());
    b.putLong(i.earlyWarningDistance());
    b.putLong(i.loadCount());
    b.putLong(i.bytesWrittenLifetime());
    b.putLong(i.bytesReadLifetime());
    b.putLong(i.bytesWrittenLastLoad());
    b.putLong(i.bytesReadLastLoad());
    b.putLong(i.initializeCount());
    b.put(i.manufactureDate().getBytes(StandardCharsets.US_ASCII));
    b.putInt(i.volumeChangeReference());
    b.put((byte) partitions.size());
    int attrStart = HOST_ATTRIBUTE_OFFSET;
    b.position(attrStart);
    int attrBytes = 0;
    for (var e : i.hostAttributes().entrySet()) {
      attrBytes += 4 + e.getValue().length;
    }
    if (attrBytes > HOST_ATTRIBUTE_SPACE - 4) {
      throw new IllegalArgumentException("host attributes need " + attrBytes + " bytes, space is " + (HOST_ATTRIBUTE_SPACE - 4));
    }
    b.putInt(i.hostAttributes().size());
    for (var e : i.hostAttributes().entrySet()) {
      b.putShort(e.getKey().shortValue());
      b.putShort((short) e.getValue().length);
      b.put(e.getValue());
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SLOT_SIZE - 4);
    b.putInt(SLOT_SIZE - 4, (int) crc.getValue());
    b.clear();
    writeFully(b, (long) slot * SLOT_SIZE);
  }

  /** Reads the newest valid header slot; returns its number of additional partitions. */
  private int readHeader() throws IOException {
    if (channel.size() < RECORDS_START) {
      throw new CartridgeCorruptException(path, 0, "file shorter than its two header slots (" + channel.size() + " bytes)");
    }
    long bestSeq = -1;
    CartridgeInfo best = null;
    int bestSlot = -1;
    int additional = 0;
    String why = null;
    for (int slot = 0; slot < 2; slot++) {
      ByteBuffer b = ByteBuffer.allocate(SLOT_SIZE);
      readFully(b, (long) slot * SLOT_SIZE);
      b.flip();
      String problem = validateSlot(b);
      if (problem != null) {
        why = "header slot " + slot + ": " + problem;
        continue;
      }
      long seq = b.getLong(16);
      if (seq > bestSeq) {
        bestSeq = seq;
        best = decodeSlot(b, slot);
        bestSlot = slot;
        additional = b.get(PARTITIONS_OFFSET) & 0xFF;
      }
    }
    if (best == null) {
      throw new CartridgeCorruptException(path, 0, "both header slots invalid; last problem: " + why);
    }
    if (additional >= MAX_PARTITIONS) {
      throw new CartridgeCorruptException(path, (long) bestSlot * SLOT_SIZE + PARTITIONS_OFFSET,
          "header slot " + bestSlot + " checksum passed but names " + (additional + 1) + " partitions");
    }
    info = best;
    headerSequence = bestSeq;
    nextSlot = bestSlot ^ 1;
    return additional;
  }

  private String validateSlot(ByteBuffer b) throws CartridgeCorruptException {
    byte[] magic = new byte[8];
    b.get(0, magic);
    if (!Arrays.equals(magic, HEADER_MAGIC)) {
      return "bad magic (not a tapekit cartridge file)";
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SLOT_SIZE - 4);
    if ((int) crc.getValue() != b.getInt(SLOT_SIZE - 4)) {
      return "checksum failed";
    }
    int version = b.getShort(8) & 0xFFFF;
    if (version > FORMAT_VERSION) {
      throw new CartridgeCorruptException(
          path, 8, "format version " + version + " is newer than this reader (" + FORMAT_VERSION + "): checksum passed, upgrade tapekit; version");
    }
    if (version < 1 || (b.getShort(10) & 0xFFFF) != SLOT_SIZE) {
      return "unsupported version " + version + " or slot size";
    }
    return null;
  }

  private CartridgeInfo decodeSlot(ByteBuffer b, int slot) throws CartridgeCorruptException {
    try {
      String label = new String(b.array(), 24, 32, StandardCharsets.US_ASCII).trim();
      int density = b.get(56) & 0xFF;
      MediumGeneration gen =
          MediumGeneration.byDensityCode(density)
              .orElseThrow(() -> new IllegalArgumentException("unknown density code 0x" + Integer.toHexString(density)));
      MediumKind kind = MediumKind.ofCode(b.get(57) & 0xFF);
      boolean wp = (b.getShort(58) & 1) != 0;
      Barcode barcode = new Barcode(label, gen, kind);
      String date = new String(b.array(), 128, 8, StandardCharsets.US_ASCII);
      int n = b.getInt(HOST_ATTRIBUTE_OFFSET);
      Map<Integer, byte[]> attrs = new LinkedHashMap<>();
      int p = HOST_ATTRIBUTE_OFFSET + 4;
      for (int k = 0; k < n; k++) {
        int id = b.getShort(p) & 0xFFFF;
        int len = b.getShort(p + 2) & 0xFFFF;
        if (p + 4 + len > SLOT_SIZE - 4) {
          throw new IllegalArgumentException("host attribute " + k + " overruns the slot");
        }
        attrs.put(id, Arrays.copyOfRange(b.array(), p + 4, p + 4 + len));
        p += 4 + len;
      }
      return new CartridgeInfo(barcode, gen, kind, wp, b.getInt(60), b.getLong(64), b.getLong(72), b.getLong(80),
          b.getLong(88), b.getLong(96), b.getLong(104), b.getLong(112), b.getLong(120), b.getInt(136), date, attrs);
    } catch (IllegalArgumentException e) {
      throw new CartridgeCorruptException(
          path, (long) slot * SLOT_SIZE, "header slot " + slot + " checksum passed but content invalid (" + e.getMessage() + ")");
    }
  }

  // ---- records

  private ByteBuffer encodeRecordHeader(RecordType type, long number, int length, int stored, int payloadCrc) {
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    h.putInt(RECORD_MAGIC);
    h.put((byte) type.code());
    h.put((byte) 0);
    h.putShort((short) 0);
    h.putLong(number);
    h.putInt(length);
    h.putInt(stored);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 24);
    h.putInt((int) crc.getValue());
    h.putInt(payloadCrc);
    h.flip();
    return h;
  }

  /** Returns null when the record header at {@code at} is valid for object {@code number}, else why not. */
  private String checkRecordHeader(ByteBuffer h, long number, long fileSize, long at) {
    if (h.getInt(0) != RECORD_MAGIC) {
      return "bad record magic";
    }
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 24);
    if ((int) crc.getValue() != h.getInt(24)) {
      return "record header checksum failed";
    }
    RecordType type = RecordType.ofCode(h.get(4));
    int length = h.getInt(16);
    int stored = h.getInt(20);
    if (type == null
        || h.getLong(8) != number
        || length < 0
        || length > MAX_BLOCK
        || (type == RecordType.DATA && (stored != length || length == 0))
        || (type == RecordType.ZERO && (stored != 0 || length == 0))
        || (type == RecordType.FILEMARK && (stored != 0 || length != 0))
        || (type == RecordType.ENCRYPTED && (stored != length + RecordType.ENCRYPTION_OVERHEAD || length == 0))) {
      return "record header checksum passed but fields invalid (type " + h.get(4) + ", object " + h.getLong(8) + ")";
    }
    if (at + RECORD_HEADER_SIZE + stored > fileSize) {
      return "record extends past end of file";
    }
    return null;
  }

  private void scanRecords() throws IOException {
    long size = channel.size();
    long at = RECORDS_START;
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    while (at < size) {
      String problem = null;
      if (size - at < RECORD_HEADER_SIZE) {
        problem = "partial record header";
      } else {
        h.clear();
        readFully(h, at);
        problem = checkRecordHeader(h, count, size, at);
      }
      RecordType type = problem == null ? RecordType.ofCode(h.get(4)) : null;
      int stored = problem == null ? h.getInt(20) : 0;
      if (problem == null && (type == RecordType.DATA || type == RecordType.ENCRYPTED)) {
        ByteBuffer payload = ByteBuffer.allocate(stored);
        readFully(payload, at + RECORD_HEADER_SIZE);
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, stored);
        if ((int) crc.getValue() != h.getInt(28)) {
          if (at + RECORD_HEADER_SIZE + stored == size) {
            problem = "payload checksum failed in final record";
          } else {
            throw new CartridgeCorruptException(path, at, "payload of block " + count + " (valid records follow)");
          }
        }
      }
      if (problem != null) {
        if (validRecordAfter(at + 1, size)) {
          throw new CartridgeCorruptException(path, at, problem + " for object " + count + " (valid records follow)");
        }
        // a torn final append: drop it
        if (!readOnly) {
          channel.truncate(at);
          channel.force(false);
        }
        break;
      }
      addToIndex(type, at, h.getInt(16), h.getInt(28));
      at += RECORD_HEADER_SIZE + stored;
    }
    endOffset = at;
  }

  /** True when a record header with a valid checksum and object number above the current count starts at or after {@code from}. */
  private boolean validRecordAfter(long from, long size) throws IOException {
    ByteBuffer window = ByteBuffer.allocate(1 << 16);
    long pos = from;
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    while (pos + RECORD_HEADER_SIZE <= size) {
      window.clear();
      long n = Math.min(window.capacity(), size - pos);
      window.limit((int) n);
      readFully(window, pos);
      for (int i = 0; i + 4 <= n; i++) {
        if (window.getInt(i) == RECORD_MAGIC && pos + i + RECORD_HEADER_SIZE <= size) {
          h.clear();
          readFully(h, pos + i);
          long number = h.getLong(8);
          CRC32C crc = new CRC32C();
          crc.update(h.array(), 0, 24);
          if ((int) crc.getValue() == h.getInt(24) && number >= count) {
            return true;
          }
        }
      }
      pos += Math.max(1, n - 3);
    }
    return false;
  }

  private void addToIndex(RecordType type, long offset, int length, int payloadCrc) {
    if (count == offsets.length) {
      int cap = offsets.length * 2;
      offsets = Arrays.copyOf(offsets, cap);
      lengths = Arrays.copyOf(lengths, cap);
      crcs = Arrays.copyOf(crcs, cap);
      types = Arrays.copyOf(types, cap);
      bytesBefore = Arrays.copyOf(bytesBefore, cap + 1);
    }
    offsets[count] = offset;
    lengths[count] = length;
    crcs[count] = payloadCrc;
    types[count] = (byte) type.code();
    bytesBefore[count + 1] = bytesBefore[count] + length;
    if (type == RecordType.FILEMARK) {
      if (filemarkCount == filemarks.length) {
        filemarks = Arrays.copyOf(filemarks, filemarkCount * 2);
      }
      filemarks[filemarkCount++] = count;
    }
    count++;
  }

  private int checkIndex(long n) {
    if (n < 0 || n >= count) {
      throw new IndexOutOfBoundsException("object " + n + " of " + count + " in " + path);
    }
    return (int) n;
  }

  private void requireWritable() throws IOException {
    if (readOnly) {
      throw new IOException(path + ": opened read-only");
    }
  }

  private static boolean isAllZero(ByteBuffer data) {
    ByteBuffer d = data.duplicate();
    while (d.hasRemaining()) {
      int n = Math.min(ZERO_CHUNK, d.remaining());
      ByteBuffer part = d.slice();
      part.limit(n);
      if (part.mismatch(ZEROS.duplicate().limit(n)) != -1) {
        return false;
      }
      d.position(d.position() + n);
    }
    return true;
  }

  private static byte[] padAscii(String s, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) ' ');
    byte[] src = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(src, 0, out, 0, Math.min(n, src.length));
    return out;
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = channel.read(b, pos);
      if (n < 0) {
        throw new CartridgeCorruptException(path, pos, "unexpected end of file");
      }
      pos += n;
    }
  }

  private void writeFully(ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      pos += channel.write(b, pos);
    }
  }

  private void writeFully(ByteBuffer[] parts, long at, long total) throws IOException {
    // positional gathering writes do not exist on FileChannel; write the parts in order
    long pos = at;
    for (ByteBuffer p : parts) {
      int n = p.remaining();
      writeFully(p, pos);
      pos += n;
    }
    if (pos - at != total) {
      throw new IllegalStateException("wrote " + (pos - at) + " of " + total + " bytes");
    }
  }
}
