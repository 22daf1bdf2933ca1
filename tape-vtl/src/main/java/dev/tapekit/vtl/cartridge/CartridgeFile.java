package dev.tapekit.vtl.cartridge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   <li>{@link #open} loads an in-memory index (offset, length, type of every logical object and the
 *       positions of filemarks; 21 to 42 bytes per object) from the checkpoint that the last {@link
 *       #sync()} wrote, then verifies only the records appended after it. It reads no payload that the
 *       checkpoint covers. Any object is reached in O(1) and filemark counts in O(log n).
 *   <li>After a crash the records since the last sync that are torn or lost, and everything after the
 *       first of them, are cut off; every record up to the last sync stays. A block whose record fails its
 *       checksum throws {@link CartridgeCorruptException} when it is read; the other blocks stay
 *       readable. An unusable checkpoint is logged and replaced by a scan of every record. Opening
 *       fails only when both header slots are invalid or a record header before the last sync point is
 *       damaged during such a scan (the records after it cannot be found).
 *   <li>Appends are not forced to disk one by one; {@link #sync()} forces them and writes a checkpoint
 *       (the drive does so on WRITE FILEMARKS, REWIND and unload). Header updates are written to the
 *       older slot and forced, so a crash leaves the previous header valid.
 *   <li>Thread-safe: every method is synchronized on the instance.
 * </ul>
 */
public final class CartridgeFile implements Closeable {

  /** Format version written by this class (3: checkpoints; 2: partitions; 1: the first). */
  public static final int FORMAT_VERSION = 3;
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
  /** Where a version 3 header slot names the newest checkpoint: its payload length (4 bytes) ... */
  static final int CHECKPOINT_LENGTH_OFFSET = 12;
  /** ... and its offset (7 bytes; 0: none), in what versions 1 and 2 reserved. */
  static final int CHECKPOINT_OFFSET_OFFSET = 141;
  /** Record type code of a checkpoint (INDEX) record: part of the record log, not a logical object. */
  static final int INDEX_TYPE = 5;
  static final int INDEX_VERSION = 1;
  static final int INDEX_PREFIX = 16;
  static final int INDEX_ENTRY = 13;
  /** Largest logical block a record may hold (the drives report 2 MiB in READ BLOCK LIMITS; this is 16 MiB). */
  public static final int MAX_BLOCK = 16 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(CartridgeFile.class);
  private static final int ZERO_CHUNK = 64 << 10;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

  /** Opens the channel of a cartridge or partition file; tests substitute a fault-injecting one. */
  @FunctionalInterface
  interface ChannelOpener {
    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
  }

  static final ChannelOpener FILES = (p, o) -> FileChannel.open(p, o);

  /**
   * A checkpoint (INDEX record) in the chain the header names: its offset, the number of objects before
   * it, and the offset just after it (the sync point).
   */
  private record Checkpoint(long offset, long covered, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final ChannelOpener opener;
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
  private byte[] types = new byte[64];
  private long[] bytesBefore = new long[65];
  private long[] filemarks = new long[16];
  private int filemarkCount;
  private long endOffset;
  /** Format version of the header read on open (this class writes {@link #FORMAT_VERSION}). */
  private int headerVersion = FORMAT_VERSION;
  /** The newest checkpoint the header names, as read on open; null for none. */
  private Checkpoint namedCheckpoint;
  /** The checkpoints whose index is loaded, oldest first; the last one is what the header names. */
  private final List<Checkpoint> chain = new ArrayList<>();

  private CartridgeFile(Path path, FileChannel channel, ChannelOpener opener, boolean readOnly) {
    this.path = path;
    this.channel = channel;
    this.opener = opener;
    this.readOnly = readOnly;
  }

  /**
   * Creates a new, empty cartridge file (fails if {@code path} exists).
   *
   * @throws java.nio.file.FileAlreadyExistsException when the file exists
   */
  public static CartridgeFile create(Path path, CartridgeInfo info) throws IOException {
    return create(path, info, FILES);
  }

  static CartridgeFile create(Path path, CartridgeInfo info, ChannelOpener opener) throws IOException {
    FileChannel ch = opener.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
    CartridgeFile f = new CartridgeFile(path, ch, opener, false);
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
    return open(path, readOnly, FILES);
  }

  static CartridgeFile open(Path path, boolean readOnly, ChannelOpener opener) throws IOException {
    FileChannel ch = opener.open(path,
        readOnly ? Set.of(StandardOpenOption.READ) : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    CartridgeFile f = new CartridgeFile(path, ch, opener, readOnly);
    try {
      int additional = f.readHeader();
      f.buildIndex();
      for (int p = 1; p <= additional; p++) {
        Path partition = f.partitionPath(p);
        if (!Files.exists(partition)) {
          throw new CartridgeCorruptException(path, PARTITIONS_OFFSET, "the header names " + (additional + 1)
              + " partitions but partition file " + partition.getFileName() + " is missing");
        }
        f.partitions.add(open(partition, readOnly, opener));
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
      partitions.add(create(partitionPath(p), part, opener));
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
   * @throws CartridgeCorruptException when the record header or the payload checksum fails
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
    int payloadCrc = verifiedPayloadCrc(i);
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
    if ((int) crc.getValue() != payloadCrc) {
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
    addToIndex(type, at, length);
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
    addToIndex(RecordType.ENCRYPTED, at, logicalLength);
    endOffset = at + RECORD_HEADER_SIZE + n;
  }

  /**
   * The stored payload of object {@code n} after its checksum is verified (for encrypted blocks: what
   * {@link #appendEncrypted} stored).
   *
   * @throws CartridgeCorruptException when the record header or the payload checksum fails
   */
  public synchronized byte[] readStored(long n) throws IOException {
    int i = checkIndex(n);
    int payloadCrc = verifiedPayloadCrc(i);
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
    if (stored > 0 && (int) crc.getValue() != payloadCrc) {
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
      addToIndex(RecordType.FILEMARK, at + (long) k * RECORD_HEADER_SIZE, 0);
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
    if (!chain.isEmpty() && chain.get(chain.size() - 1).covered() > n) {
      // first make the header name a checkpoint before the cut, so that a crash never leaves it
      // naming one that the cut removed
      while (!chain.isEmpty() && chain.get(chain.size() - 1).covered() > n) {
        chain.remove(chain.size() - 1);
      }
      storeInfo(info);
    }
    channel.truncate(cut);
    channel.force(false);
    count = (int) n;
    endOffset = cut;
    filemarkCount = (int) filemarksBefore(n);
    checkpoint();
  }

  /**
   * Forces appended records to disk, writes a checkpoint of the index when objects were added since
   * the last one, and stores deferred metadata changes, in every partition.
   */
  public synchronized void sync() throws IOException {
    for (CartridgeFile p : partitions) {
      p.sync();
    }
    if (!readOnly) {
      checkpoint();
      if (infoDirty) {
        storeInfo(info);
      }
    }
  }

  /**
   * Appends a checkpoint (INDEX record) of the objects added since the last one, forces it with the
   * records before it, then makes the header name it. Without new objects only forces.
   */
  private void checkpoint() throws IOException {
    long from = chain.isEmpty() ? 0 : chain.get(chain.size() - 1).covered();
    if (from == count) {
      channel.force(false);
      return;
    }
    int entries = (int) (count - from);
    ByteBuffer payload = ByteBuffer.allocate(INDEX_PREFIX + entries * INDEX_ENTRY);
    payload.putShort((short) INDEX_VERSION);
    payload.putShort((short) INDEX_ENTRY);
    payload.putInt(entries);
    payload.putLong(chain.isEmpty() ? 0 : chain.get(chain.size() - 1).offset());
    for (int i = (int) from; i < count; i++) {
      payload.putLong(offsets[i]).putInt(lengths[i]).put(types[i]);
    }
    payload.flip();
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    ByteBuffer header = encodeRecordHeader(INDEX_TYPE, count, 0, payload.remaining(), (int) crc.getValue());
    long at = endOffset;
    long end = at + RECORD_HEADER_SIZE + payload.remaining();
    writeFully(new ByteBuffer[] {header, payload}, at, end - at);
    channel.force(false);
    endOffset = end;
    chain.add(new Checkpoint(at, count, end));
    storeInfo(info);
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
    Checkpoint tip = chain.isEmpty() ? null : chain.get(chain.size() - 1);
    if (tip != null) {
      b.putInt(CHECKPOINT_LENGTH_OFFSET, (int) (tip.end() - tip.offset() - RECORD_HEADER_SIZE));
      for (int k = 0; k < 7; k++) {
        b.put(CHECKPOINT_OFFSET_OFFSET + k, (byte) (tip.offset() >>> (8 * (6 - k))));
      }
    }
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

  /** Reads the newest valid header slot (and the checkpoint it names); returns its number of additional partitions. */
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
        headerVersion = b.getShort(8) & 0xFFFF;
        long offset = b.getLong(CHECKPOINT_OFFSET_OFFSET - 1) & 0x00FF_FFFF_FFFF_FFFFL;
        namedCheckpoint = headerVersion < 3 || offset == 0 ? null
            : new Checkpoint(offset, -1, offset + RECORD_HEADER_SIZE + (b.getInt(CHECKPOINT_LENGTH_OFFSET) & 0xFFFF_FFFFL));
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
    return encodeRecordHeader(type.code(), number, length, stored, payloadCrc);
  }

  private ByteBuffer encodeRecordHeader(int typeCode, long number, int length, int stored, int payloadCrc) {
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    h.putInt(RECORD_MAGIC);
    h.put((byte) typeCode);
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

  /**
   * Returns null when the record header at {@code at} is valid for object {@code number} (for a
   * checkpoint: the number of objects before it), else why not.
   */
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
    boolean index = h.get(4) == INDEX_TYPE;
    if ((type == null && !index)
        || h.getLong(8) != number
        || length < 0
        || length > MAX_BLOCK
        || (index && (length != 0 || stored < INDEX_PREFIX))
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

  /**
   * Reads and checks the record header of indexed object {@code i} against the index; returns the
   * payload CRC it holds.
   */
  private int verifiedPayloadCrc(int i) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    readFully(h, offsets[i]);
    String problem = checkRecordHeader(h, i, channel.size(), offsets[i]);
    if (problem == null && (h.get(4) != types[i] || h.getInt(16) != lengths[i])) {
      problem = "record header checksum passed but it disagrees with the index";
    }
    if (problem != null) {
      throw new CartridgeCorruptException(path, offsets[i], problem + " for block " + i);
    }
    return h.getInt(28);
  }

  /**
   * Builds the index: from the checkpoint chain the header names plus a scan of the records after it,
   * or (no usable checkpoint) by scanning every record.
   */
  private void buildIndex() throws IOException {
    if (headerVersion < 3) {
      scan(RECORDS_START, -1); // version 1 and 2 files name no sync point
      return;
    }
    if (namedCheckpoint == null) {
      scan(RECORDS_START, RECORDS_START);
      return;
    }
    try {
      loadChain(namedCheckpoint);
    } catch (CartridgeCorruptException e) {
      LOG.warn("{}: checkpoint unusable, rebuilding the index by scanning every record: {}", path, e.getMessage());
      count = 0;
      filemarkCount = 0;
      chain.clear();
      scan(RECORDS_START, namedCheckpoint.end());
      return;
    }
    scan(namedCheckpoint.end(), namedCheckpoint.end());
  }

  /** Loads the index from the checkpoint {@code tip} and the ones before it. */
  private void loadChain(Checkpoint tip) throws IOException {
    List<ByteBuffer> deltas = new ArrayList<>();
    List<Checkpoint> found = new ArrayList<>();
    long size = channel.size();
    long at = tip.offset();
    long covered = -1; // the newest checkpoint's own header says how many objects it covers
    while (true) {
      if (at < RECORDS_START || at + RECORD_HEADER_SIZE > size) {
        throw new CartridgeCorruptException(path, at, "checkpoint offset outside the record area");
      }
      ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
      readFully(h, at);
      covered = covered < 0 ? h.getLong(8) : covered;
      String problem = h.get(4) != INDEX_TYPE ? "no checkpoint record" : checkRecordHeader(h, covered, size, at);
      if (problem != null) {
        throw new CartridgeCorruptException(path, at, problem + " where the header names a checkpoint");
      }
      int stored = h.getInt(20);
      ByteBuffer payload = ByteBuffer.allocate(stored);
      readFully(payload, at + RECORD_HEADER_SIZE);
      CRC32C crc = new CRC32C();
      crc.update(payload.array(), 0, stored);
      if ((int) crc.getValue() != h.getInt(28)) {
        throw new CartridgeCorruptException(path, at, "checkpoint checksum failed");
      }
      int entries = payload.getInt(4);
      long first = covered - entries;
      long previous = payload.getLong(8);
      if (payload.getShort(0) != INDEX_VERSION || payload.getShort(2) != INDEX_ENTRY
          || stored != INDEX_PREFIX + (long) entries * INDEX_ENTRY || entries < 0 || first < 0
          || (first == 0) != (previous == 0) || (previous != 0 && previous >= at)) {
        throw new CartridgeCorruptException(path, at, "checkpoint checksum passed but its fields are inconsistent");
      }
      found.add(new Checkpoint(at, covered, at + RECORD_HEADER_SIZE + stored));
      deltas.add(payload.position(INDEX_PREFIX));
      if (first == 0) {
        break;
      }
      at = previous;
      covered = first;
    }
    if (found.get(0).end() != tip.end()) {
      throw new CartridgeCorruptException(path, tip.offset(), "checkpoint length disagrees with the header");
    }
    long next = RECORDS_START;
    for (int d = deltas.size() - 1; d >= 0; d--) {
      ByteBuffer entries = deltas.get(d);
      long limit = found.get(d).offset();
      while (entries.hasRemaining()) {
        long offset = entries.getLong();
        int length = entries.getInt();
        RecordType type = RecordType.ofCode(entries.get());
        if (type == null || offset < next || offset + RECORD_HEADER_SIZE > limit || length < 0 || length > MAX_BLOCK) {
          throw new CartridgeCorruptException(path, limit, "checkpoint checksum passed but entry for object " + count + " is invalid");
        }
        addToIndex(type, offset, length);
        next = offset + RECORD_HEADER_SIZE;
      }
      chain.add(found.get(d));
    }
  }

  /**
   * Scans the records from {@code at} and adds them to the index. Records that start before {@code
   * syncedEnd} were synced: a damaged payload there is indexed (reading it fails), a damaged header
   * fails the open. From {@code syncedEnd} on, the first invalid record is the torn tail of a crash: it
   * and everything after it are cut off (kept when read-only). {@code syncedEnd} -1 (version 1 and 2
   * files): an invalid record counts as synced when a valid record header follows it.
   */
  private void scan(long at, long syncedEnd) throws IOException {
    long size = channel.size();
    ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_SIZE);
    while (at < size) {
      String problem;
      if (size - at < RECORD_HEADER_SIZE) {
        problem = "partial record header";
      } else {
        h.clear();
        readFully(h, at);
        problem = checkRecordHeader(h, count, size, at);
      }
      boolean headerValid = problem == null;
      int stored = headerValid ? h.getInt(20) : 0;
      if (headerValid && stored > 0) {
        ByteBuffer payload = ByteBuffer.allocate(stored);
        readFully(payload, at + RECORD_HEADER_SIZE);
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, stored);
        if ((int) crc.getValue() != h.getInt(28)) {
          problem = "payload checksum failed";
        }
      }
      if (problem != null) {
        boolean synced = syncedEnd < 0 ? validRecordAfter(at + 1, size) : at < syncedEnd;
        if (synced && (!headerValid || at + RECORD_HEADER_SIZE + stored > size) && syncedEnd > size) {
          LOG.warn("{}: the file ends {} bytes before its last sync point, inside object {} at byte offset {}: it was cut "
              + "short after the sync; end of data is there", path, syncedEnd - size, count, at);
          synced = false;
        }
        if (!synced) {
          LOG.warn("{}: {} for object {} at byte offset {}; cutting off {} bytes written after the last sync (a crash interrupted them)",
              path, problem, count, at, size - at);
          if (!readOnly) {
            channel.truncate(at);
            channel.force(false);
          }
          break;
        }
        if (!headerValid) {
          throw new CartridgeCorruptException(path, at, problem + " for object " + count + " before the last sync point");
        }
        LOG.warn("{}: {} for {} at byte offset {}; {}", path, problem, h.get(4) == INDEX_TYPE ? "a checkpoint" : "block " + count,
            at, h.get(4) == INDEX_TYPE ? "skipped" : "reading it will report a medium error");
      }
      if (h.get(4) != INDEX_TYPE) { // a checkpoint the header does not name (a crash came before the header): skip it
        addToIndex(RecordType.ofCode(h.get(4)), at, h.getInt(16));
      }
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

  private void addToIndex(RecordType type, long offset, int length) {
    if (count == offsets.length) {
      int cap = offsets.length * 2;
      offsets = Arrays.copyOf(offsets, cap);
      lengths = Arrays.copyOf(lengths, cap);
      types = Arrays.copyOf(types, cap);
      bytesBefore = Arrays.copyOf(bytesBefore, cap + 1);
    }
    offsets[count] = offset;
    lengths[count] = length;
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
