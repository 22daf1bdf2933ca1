package dev.tapekit.format.snapshot;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.BlockStreamReader;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads snapshot archives (FORMAT.md 7.2), in two ways:
 *
 * <ul>
 *   <li><b>Streaming</b> from the first block: {@link #open}, then {@link #next()} until it returns
 *       null; the reader holds one entry at a time and the sparse index it expects (every 256th
 *       entry), and at the end checks the archive's index and content footer against what it read
 *       ({@link #index()}).
 *   <li><b>Positioned</b>, by LOCATE: {@link #find(BlockSource, SnapshotIndex, String)} reads one
 *       path through a sparse index (LOCATE to the last indexed entry at or before the path, then at
 *       most 256 entries); {@link #readIndex(BlockSource, BlockAddress)} finds the index from the
 *       tape alone (the header's block, the file's last two blocks, and the index's blocks if it
 *       starts before those); {@link #readIndex(BlockSource, BlockAddress, long, int)} reads it where a
 *       catalog recorded it.
 * </ul>
 *
 * <p>Errors: {@link TapeFormatException} naming tape, file and block: CORRUPT when a checksum fails
 * or a structure's magic is missing, INVALID when checked fields are impossible (or entries are out
 * of path order, or the index disagrees with the entries), MISPLACED when the entry an index points
 * to is not the one it names, TRUNCATED when the file stops early. Not thread-safe.
 */
public final class SnapshotArchiveReader {
  private final TapeFileReader file;
  private final SnapshotArchiveHeader header;
  private final BlockAddress start;
  private final long headerBytes;
  private final int payloadPerBlock;
  private final TapeLocation location;
  private ByteBuffer seen = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
  private byte[] lastPath;
  private long entries;
  private long bodyOffset;
  private SnapshotIndex index;

  private SnapshotArchiveReader(Opened opened, BlockAddress start, String volume) {
    this.file = opened.file();
    this.header = opened.header();
    this.start = start;
    this.headerBytes = opened.headerBytes();
    this.payloadPerBlock = opened.payloadPerBlock();
    this.location = new TapeLocation(volume, start.file(), 0);
  }

  /** Opens the snapshot archive at {@code start} (LOCATE there) for streaming; reads its header. */
  public static SnapshotArchiveReader open(BlockSource source, BlockAddress start) throws IOException {
    return new SnapshotArchiveReader(Opened.at(source, start), start, source.volume());
  }

  /** Reads only the header of the snapshot archive at {@code start} (LOCATE and its first block). */
  public static SnapshotArchiveHeader readHeader(BlockSource source, BlockAddress start) throws IOException {
    return Opened.at(source, start).header();
  }

  public SnapshotArchiveHeader header() {
    return header;
  }

  /**
   * Reads and checks the next entry.
   *
   * @return the entry, or null after the last one (the index and footer have then been read and
   *     checked, see {@link #index()})
   */
  public SnapshotEntry next() throws IOException {
    if (index != null) {
      return null;
    }
    long at = headerBytes + bodyOffset;
    TapeLocation where = location.atBlock(at / payloadPerBlock);
    int offset = (int) (at % payloadPerBlock);
    byte[] head = new byte[12];
    file.readFully(ByteBuffer.wrap(head, 0, 8), "the next snapshot entry or the snapshot index");
    if (ByteBuffer.wrap(head).getLong(0) == SparseIndexFormat.MAGIC) {
      readStreamedIndex(Arrays.copyOf(head, 8), where, offset);
      return null;
    }
    file.readFully(ByteBuffer.wrap(head, 8, 4), "a snapshot entry");
    byte[] record = Arrays.copyOf(head, EntryFormat.length(head, where, offset));
    file.readFully(ByteBuffer.wrap(record, 12, record.length - 12), "a snapshot entry");
    SnapshotEntry e = EntryFormat.decode(record, where, offset);
    byte[] path = e.pathBytes();
    checkOrder(lastPath, path, e, where);
    if (entries % SparseIndexFormat.INTERVAL == 0) {
      int need = SparseIndexFormat.ENTRY_FIXED + path.length;
      if (seen.remaining() < need) {
        seen = ByteBuffer.allocate(Math.max(2 * seen.capacity(), seen.position() + need))
            .order(ByteOrder.LITTLE_ENDIAN).put(seen.flip());
      }
      SparseIndexFormat.putEntry(seen, entries, where.block(), offset, path);
    }
    lastPath = path;
    entries++;
    bodyOffset += record.length;
    return e;
  }

  /** After {@link #next()} returned null: the archive's index, equal to what the entries read imply. */
  public SnapshotIndex index() {
    if (index == null) {
      throw new IllegalStateException("the index comes after the last entry: read entries until next() is null");
    }
    return index;
  }

  private void readStreamedIndex(byte[] magic, TapeLocation where, int offset) throws IOException {
    byte[] all = Arrays.copyOf(magic, 1 << 16);
    int n = magic.length;
    int r;
    while ((r = file.read(ByteBuffer.wrap(all, n, all.length - n))) >= 0) {
      n += r;
      if (n == all.length) {
        if (all.length > SparseIndexFormat.MAX_LENGTH) {
          throw new TapeFormatException(Kind.INVALID, where, "more than " + SparseIndexFormat.MAX_LENGTH
              + " bytes of snapshot index");
        }
        all = Arrays.copyOf(all, 2 * all.length);
      }
    }
    SparseIndex p = SparseIndexFormat.parse(Arrays.copyOf(all, n), payloadPerBlock, where.block(), offset, where);
    // The trailer sits at the end of the file: its errors name the file's last block (FORMAT.md 3.3).
    SparseIndexFormat.Trailer t = SparseIndexFormat.Trailer.decode(all, n - SparseIndexFormat.TRAILER, file.location());
    if (t.bodyOffset() != bodyOffset) {
      throw new TapeFormatException(Kind.INVALID, where, "the index trailer places the index at body offset "
          + t.bodyOffset() + "; it starts at " + bodyOffset);
    }
    ContentFooter footer = file.footer();
    if (footer.items() != entries || p.entries() != entries) {
      throw new TapeFormatException(Kind.INVALID, file.location(), "the content footer counts " + footer.items()
          + " entries, the index " + p.entries() + "; the archive holds " + entries);
    }
    byte[] expected = SparseIndexFormat.encode(seen.array(), seen.position(), SparseIndexFormat.count(entries),
        entries, bodyOffset, where.block(), offset);
    if (!Arrays.equals(expected, 0, expected.length - SparseIndexFormat.TRAILER, p.bytes(), 0, p.bytes().length)) {
      throw new TapeFormatException(Kind.INVALID, where, "the snapshot index does not list every 256th of the "
          + entries + " entries at its place, although its checksum is right: written by a faulty writer");
    }
    index = new SnapshotIndex(header, start, where.block(), offset, p);
  }

  private static void checkOrder(byte[] previous, byte[] path, SnapshotEntry e, TapeLocation where)
      throws TapeFormatException {
    if (previous != null && Arrays.compareUnsigned(previous, path) >= 0) {
      throw new TapeFormatException(Kind.INVALID, where, "snapshot entry '" + e.path() + "' does not sort after the "
          + "entry before it: written by a faulty writer");
    }
  }

  // ---- positioned reads

  /**
   * Finds {@code path} from the tape alone: {@link #readIndex(BlockSource, BlockAddress)}, then
   * {@link #find(BlockSource, SnapshotIndex, String)}.
   */
  public static Optional<SnapshotEntry> find(BlockSource source, BlockAddress start, String path)
      throws IOException {
    return find(source, readIndex(source, start), path);
  }

  /**
   * Finds {@code path} through {@code index}: LOCATE to the block of the last indexed entry whose
   * path is at most {@code path}, then read entries from there until the path is found, a greater
   * path comes, or the 256 entries up to the next indexed one are read. Checks every entry as
   * streaming does, and that the first one is the entry the index names (MISPLACED otherwise).
   *
   * @return the entry, or empty when the archive has no such path
   * @throws IllegalArgumentException for a path the format cannot hold
   */
  public static Optional<SnapshotEntry> find(BlockSource source, SnapshotIndex index, String path)
      throws IOException {
    byte[] target = checkedPath(path);
    SnapshotEntry[] found = new SnapshotEntry[1];
    walk(source, index, target, SparseIndexFormat.INTERVAL, e -> {
      int c = Arrays.compareUnsigned(e.pathBytes(), target);
      if (c == 0) {
        found[0] = e;
      }
      return c < 0;
    });
    return Optional.ofNullable(found[0]);
  }

  /**
   * Reads, through {@code index}, the entries from the first one whose path is at least {@code from},
   * in path order, giving each to {@code visitor} until it returns false or the entries end: LOCATE
   * as {@link #find(BlockSource, SnapshotIndex, String)} does, then forward. A directory's subtree is
   * the entries from {@code "dir/"} while their paths start with it. Checks every entry as streaming
   * does.
   *
   * @throws IllegalArgumentException for a path the format cannot hold
   */
  public static void scan(BlockSource source, SnapshotIndex index, String from, Predicate<SnapshotEntry> visitor)
      throws IOException {
    checkedPath(from.endsWith("/") ? from.substring(0, from.length() - 1) : from);
    byte[] bound = SnapshotEntry.utf8(from);
    walk(source, index, bound, Long.MAX_VALUE, e -> Arrays.compareUnsigned(e.pathBytes(), bound) < 0
        || visitor.test(e));
  }

  private static byte[] checkedPath(String path) {
    String problem = SnapshotEntry.pathProblem(path);
    if (problem != null) {
      throw new IllegalArgumentException("'" + path + "': " + problem);
    }
    return SnapshotEntry.utf8(path);
  }

  /**
   * Reads entries from the last indexed one at or before {@code target}, at most {@code limit} of
   * them, while {@code more} says so.
   */
  private static void walk(BlockSource source, SnapshotIndex index, byte[] target, long limit,
      Predicate<SnapshotEntry> more) throws IOException {
    SparseIndex sparse = index.sparse();
    int i = sparse.floor(target);
    if (i < 0) {
      i = 0; // every path sorts after the target: start at the first entry
      if (sparse.entries() == 0) {
        return;
      }
    }
    BlockAddress start = index.start();
    long block = sparse.block(i);
    BlockStreamReader blocks = BlockStreamReader.locatedAt(source, start, index.header().file(), block);
    skip(blocks, sparse.offset(i));
    long payloadPerBlock = 0;
    long at = 0;
    byte[] previous = null;
    long scan = Math.min(limit, sparse.entries() - sparse.ordinal(i));
    for (long k = 0; k < scan; k++) {
      if (k == 0) {
        payloadPerBlock = blocks.blockSize() - BlockHeader.LENGTH;
        at = block * payloadPerBlock + sparse.offset(i);
      }
      TapeLocation where = new TapeLocation(source.volume(), start.file(), at / payloadPerBlock);
      int offset = (int) (at % payloadPerBlock);
      byte[] head = new byte[12];
      blocks.readFully(ByteBuffer.wrap(head), "a snapshot entry");
      byte[] record = Arrays.copyOf(head, EntryFormat.length(head, where, offset));
      blocks.readFully(ByteBuffer.wrap(record, 12, record.length - 12), "a snapshot entry");
      SnapshotEntry e = EntryFormat.decode(record, where, offset);
      byte[] p = e.pathBytes();
      if (k == 0 && !Arrays.equals(p, sparse.path(i))) {
        throw new TapeFormatException(Kind.MISPLACED, where, "the entry at offset " + offset + " is '" + e.path()
            + "', not the one the snapshot index names: the index or catalog entry belongs to another archive");
      }
      checkOrder(previous, p, e, where);
      if (!more.test(e)) {
        return;
      }
      previous = p;
      at += record.length;
    }
  }

  /**
   * Reads the sparse index where a catalog recorded it ({@link SnapshotIndex#indexBlock()}, {@link
   * SnapshotIndex#indexOffset()}): the header's block, then LOCATE to the index's block and read to
   * the end of the file. Checks the index and that only the content footer follows it.
   */
  public static SnapshotIndex readIndex(BlockSource source, BlockAddress start, long indexBlock, int indexOffset)
      throws IOException {
    if (indexBlock < 0 || indexOffset < 0 || indexOffset >= BlockHeader.MAX_BLOCK - BlockHeader.LENGTH) {
      throw new IllegalArgumentException("no snapshot index starts at block " + indexBlock + " offset " + indexOffset);
    }
    Opened opened = Opened.at(source, start);
    BlockStreamReader blocks = BlockStreamReader.locatedAt(source, start, opened.header().file(), indexBlock);
    skip(blocks, indexOffset);
    byte[] rest = blocks.readRest(SparseIndexFormat.MAX_LENGTH + SparseIndexFormat.TRAILER + ContentFooter.LENGTH);
    TapeLocation where = new TapeLocation(source.volume(), start.file(), indexBlock);
    if (rest.length < ContentFooter.LENGTH) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "the file ends before its content footer");
    }
    SparseIndex p = SparseIndexFormat.parse(Arrays.copyOf(rest, rest.length - ContentFooter.LENGTH),
        opened.payloadPerBlock(), indexBlock, indexOffset, where);
    return new SnapshotIndex(opened.header(), start, indexBlock, indexOffset, p);
  }

  /**
   * Reads the sparse index of the archive at {@code start} from the tape alone: its header (LOCATE
   * to {@code start}, one block), the position of the next file (LOCATE to file {@code start.file()
   * + 1}), the file's last two blocks (LOCATE), whose trailer says where the index starts; the
   * index's own blocks only if it starts before those. The file must end with its filemark; a file
   * cut off by a crash is read by streaming ({@link #open}) instead.
   */
  public static SnapshotIndex readIndex(BlockSource source, BlockAddress start) throws IOException {
    if (start.file() < 0) {
      throw new IllegalArgumentException("the file number of " + start + " is unknown: the end of the file cannot "
          + "be found; read the index by streaming the archive");
    }
    Opened opened = Opened.at(source, start);
    BlockStreamReader.Tail end = BlockStreamReader.readTail(source, start, opened.header().file(),
        2 * BlockHeader.MAX_BLOCK);
    byte[] tail = end.bytes();
    long last = end.lastBlock();
    int payloadPerBlock = end.payloadPerBlock();
    long tailStart = end.start();
    TapeLocation where = new TapeLocation(source.volume(), start.file(), last);
    int trailerAt = tail.length - ContentFooter.LENGTH - SparseIndexFormat.TRAILER;
    if (trailerAt < 0) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "the file's stream ends after "
          + (tailStart + tail.length) + " bytes, too short for a snapshot index and a content footer");
    }
    SparseIndexFormat.Trailer t = SparseIndexFormat.Trailer.decode(tail, trailerAt, where);
    long indexStart = t.block() * payloadPerBlock + t.offset();
    if (t.block() > last || t.offset() >= payloadPerBlock || indexStart != opened.headerBytes() + t.bodyOffset()
        || indexStart + t.indexLength() != tailStart + trailerAt) {
      throw new TapeFormatException(Kind.INVALID, where, "the snapshot index trailer places the index at block "
          + t.block() + " offset " + t.offset() + ", body offset " + t.bodyOffset() + ", " + t.indexLength()
          + " bytes long, which does not fit the file; its checksum is right: written by a faulty writer");
    }
    if (indexStart < tailStart) {
      return readIndex(source, start, t.block(), t.offset());
    }
    byte[] all = Arrays.copyOfRange(tail, (int) (indexStart - tailStart), tail.length - ContentFooter.LENGTH);
    SparseIndex p = SparseIndexFormat.parse(all, payloadPerBlock, t.block(), t.offset(), where.atBlock(t.block()));
    return new SnapshotIndex(opened.header(), start, t.block(), t.offset(), p);
  }

  // ---- helpers

  /** A snapshot archive's content header, read at its first block. */
  private record Opened(TapeFileReader file, SnapshotArchiveHeader header, long headerBytes, int payloadPerBlock) {
    static Opened at(BlockSource source, BlockAddress start) throws IOException {
      source.locate(start.logicalObject());
      TapeFileReader file = TapeFileReader.open(source, start.file()).expect(ContentType.SNAPSHOT_ARCHIVE);
      ContentHeader h = file.header();
      SnapshotArchiveHeader header = SnapshotArchiveHeader.of(h, new TapeLocation(source.volume(), start.file(), 0));
      return new Opened(file, header, ContentHeader.LENGTH + h.data().length, file.payloadPerBlock());
    }
  }



  private static void skip(BlockStreamReader blocks, int bytes) throws IOException {
    blocks.readFully(ByteBuffer.allocate(bytes), "the block's payload before the offset given");
    if (bytes > 0 && bytes >= blocks.blockSize() - BlockHeader.LENGTH) {
      throw new IllegalArgumentException("offset " + bytes + " is beyond the payload of a " + blocks.blockSize()
          + "-byte block");
    }
  }

}
