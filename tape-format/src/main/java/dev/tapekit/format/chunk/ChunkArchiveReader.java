package dev.tapekit.format.chunk;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
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
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads chunk archives (chunk-archive.md), in two ways:
 *
 * <ul>
 *   <li><b>Streaming</b> an archive from its first block: {@link #open}, then {@link #nextEntry()}
 *       until it returns null, with {@link #data()} for the chunks wanted; at the end {@link
 *       #index()} is the archive's index, checked against the entries read, and the content footer
 *       is checked. Every block of the file is read.
 *   <li><b>Positioned</b>, by LOCATE: {@link #readChunk} reads one chunk from the blocks its index
 *       entry names; {@link #readIndex(BlockSource, ChunkArchiveHeader, BlockAddress, long, int)}
 *       reads the index where a catalog recorded it; {@link #readIndex(BlockSource, BlockAddress)}
 *       finds it from the tape alone (the header's block, the file's last two blocks, and the index's
 *       blocks if they come before those).
 * </ul>
 *
 * <p>Errors: {@link TapeFormatException} naming tape, file and block (its kind says what was found:
 * CORRUPT when a checksum or a digest fails, INVALID when checked fields are impossible, MISPLACED
 * when an entry is not the one the index or catalog promised, TRUNCATED when the file stops early);
 * {@link PayloadAuthenticationException} naming media set, archive, tape, file and chunk when an
 * encrypted chunk fails authentication (wrong key, or altered); {@link IllegalStateException} when
 * an encrypted chunk's data is asked for without a key. Entries are read and checked (entry header
 * and stored-bytes CRC) without a key; only {@link #data()} and {@link #readChunk} need it. Not
 * thread-safe.
 */
public final class ChunkArchiveReader implements AutoCloseable {
  private final TapeFileReader file;
  private final ChunkArchiveHeader header;
  private final BlockAddress start;
  private final TapeLocation location;
  private final long headerBytes;
  private final int payloadPerBlock;
  private final ChunkDecoder decoder;
  private final IndexBuilder seen = new IndexBuilder();
  private long bodyOffset;
  private EntryHeader current;
  private byte[] currentStored;
  private TapeLocation currentWhere;
  private int currentOffset;
  private ChunkArchiveIndex index;

  private ChunkArchiveReader(Opened opened, BlockAddress start, String volume, Optional<MediaSetKey> key) {
    this.file = opened.file();
    this.header = opened.header();
    this.start = start;
    this.location = new TapeLocation(volume, start.file(), -1);
    this.headerBytes = opened.headerBytes();
    this.payloadPerBlock = opened.payloadPerBlock();
    this.decoder = new ChunkDecoder(header, key, volume, start.file());
  }

  /**
   * Opens the chunk archive whose first block is {@code start} for streaming: locates there and
   * reads its content header (FOREIGN, CORRUPT, TOO_NEW, MISPLACED as for any tape file; MISPLACED
   * for a file of another type; INVALID or TOO_NEW for its header data).
   *
   * @param key the media set's payload key for a software-encrypted archive (needed by {@link #data()})
   */
  public static ChunkArchiveReader open(BlockSource source, BlockAddress start, Optional<MediaSetKey> key)
      throws IOException {
    return new ChunkArchiveReader(Opened.at(source, start), start, source.volume(), key);
  }

  /**
   * Reads only the header of the chunk archive at {@code start} (LOCATE and its first block): what
   * {@link #readChunk} needs when no catalog recorded it.
   */
  public static ChunkArchiveHeader readHeader(BlockSource source, BlockAddress start) throws IOException {
    return Opened.at(source, start).header();
  }

  public ChunkArchiveHeader header() {
    return header;
  }

  /**
   * Reads the next entry: its header, checked, and its stored bytes, checked against their CRC.
   *
   * @return the entry, or null after the last one (the index and footer have then been read and
   *     checked, see {@link #index()})
   */
  public ChunkArchiveIndex.Entry nextEntry() throws IOException {
    current = null;
    if (index != null) {
      return null;
    }
    long at = headerBytes + bodyOffset;
    TapeLocation where = location.atBlock(at / payloadPerBlock);
    int offset = (int) (at % payloadPerBlock);
    ByteBuffer head = ByteBuffer.allocate(EntryHeader.LENGTH);
    head.limit(8);
    file.readFully(head, "the next chunk entry or the chunk index");
    if (head.getLong(0) == IndexFormat.MAGIC) {
      readStreamedIndex(head.array(), where, offset);
      return null;
    }
    head.limit(EntryHeader.LENGTH);
    file.readFully(head, "a chunk entry header");
    head.flip();
    EntryHeader e = EntryHeader.decode(head, where, offset);
    decoder.checkEncryption(e, where, offset);
    byte[] stored = new byte[e.storedLength()];
    file.readFully(ByteBuffer.wrap(stored), "the data of chunk " + e.digestHex());
    ChunkDecoder.checkStored(e, stored, where, offset);
    seen.add(e.digest(), where.block(), offset, e.flags(), e.plainLength(), e.storedLength());
    bodyOffset += EntryHeader.LENGTH + stored.length;
    current = e;
    currentStored = stored;
    currentWhere = where;
    currentOffset = offset;
    return new ChunkArchiveIndex.Entry(e.digest(), where.block(), offset, e.flags(), e.plainLength(),
        e.storedLength());
  }

  /**
   * The plain bytes of the entry {@link #nextEntry()} returned last: decrypted, decompressed and
   * checked against its digest.
   */
  public ByteBuffer data() throws IOException, PayloadAuthenticationException {
    if (current == null) {
      throw new IllegalStateException("no current chunk: nextEntry() returned null or was not called");
    }
    return decoder.decode(current, currentStored, currentWhere, currentOffset);
  }

  /** After {@link #nextEntry()} returned null: the index, equal to the entries read. */
  public ChunkArchiveIndex index() {
    if (index == null) {
      throw new IllegalStateException("the index comes after the last entry: read entries until nextEntry() is null");
    }
    return index;
  }

  private void readStreamedIndex(byte[] magic, TapeLocation where, int offset) throws IOException {
    byte[] head = Arrays.copyOf(magic, IndexFormat.HEADER);
    file.readFully(ByteBuffer.wrap(head, 8, 8), "the chunk index header");
    long count = IndexFormat.count(head, where, offset);
    byte[] all = readIndexBytes(file::readFully, head, count);
    IndexFormat.Parsed p = IndexFormat.parse(all, payloadPerBlock, where.block(), offset, where);
    if (p.trailer().bodyOffset() != bodyOffset) {
      throw new TapeFormatException(Kind.INVALID, where, "the index trailer places the index at body offset "
          + p.trailer().bodyOffset() + "; it starts at " + bodyOffset);
    }
    if (file.read(ByteBuffer.allocate(1)) >= 0) {
      throw new TapeFormatException(Kind.INVALID, file.location(), "bytes after the chunk index trailer, before the "
          + "content footer");
    }
    ContentFooter footer = file.footer();
    if (footer.items() != count) {
      throw new TapeFormatException(Kind.INVALID, file.location(), "the content footer counts " + footer.items()
          + " chunks, the index " + count);
    }
    if (!Arrays.equals(seen.sorted(), p.table())) {
      throw new TapeFormatException(Kind.INVALID, where, "the index does not list the " + seen.count()
          + " chunk entries the archive holds, at their places, although its checksum is right: written by a faulty "
          + "writer");
    }
    index = new ChunkArchiveIndex(header, start, where.block(), offset, p.table());
  }

  @Override
  public void close() {
    decoder.close();
  }

  // ---- positioned reads

  /**
   * Reads one chunk by LOCATE to {@code start.logicalObject() + entry.block()}, reading only the
   * blocks that hold its entry. Checks, in order: the blocks (as any block reader); the entry header
   * (CORRUPT, INVALID); that it is the entry the index promised (MISPLACED); the stored bytes' CRC
   * (CORRUPT); authentication ({@link PayloadAuthenticationException}); the zstd frame (INVALID);
   * the digest (CORRUPT).
   *
   * @param header the archive's header (from the catalog, {@link #readHeader}, or the index)
   * @param start the archive's first block
   * @param entry the chunk's index entry (from the catalog or {@link ChunkArchiveIndex#find})
   * @param key the media set's payload key if the archive is software-encrypted
   * @return the chunk's plain bytes
   */
  public static ByteBuffer readChunk(BlockSource source, ChunkArchiveHeader header, BlockAddress start,
      ChunkArchiveIndex.Entry entry, Optional<MediaSetKey> key) throws IOException, PayloadAuthenticationException {
    return new ChunkArchiveCursor(source, header, start).read(entry).decode(key);
  }

  /**
   * Reads the index where a catalog recorded it ({@link ChunkArchiveIndex#indexBlock()} and {@link
   * ChunkArchiveIndex#indexOffset()}): LOCATE to {@code start.logicalObject() + indexBlock}, then
   * the index's blocks to the end of the file. Checks the index (CORRUPT, INVALID) and that only the
   * 48-byte content footer follows it.
   */
  public static ChunkArchiveIndex readIndex(BlockSource source, ChunkArchiveHeader header, BlockAddress start,
      long indexBlock, int indexOffset) throws IOException {
    if (indexBlock < 0 || indexOffset < 0 || indexOffset >= BlockHeader.MAX_BLOCK - BlockHeader.LENGTH) {
      throw new IllegalArgumentException("no chunk index starts at block " + indexBlock + " offset " + indexOffset);
    }
    BlockStreamReader blocks = BlockStreamReader.locatedAt(source, start, header.file(), indexBlock);
    TapeLocation where = new TapeLocation(source.volume(), start.file(), indexBlock);
    skip(blocks, indexOffset);
    byte[] head = new byte[IndexFormat.HEADER];
    blocks.readFully(ByteBuffer.wrap(head), "the chunk index header");
    checkOffset(indexOffset, blocks);
    long count = IndexFormat.count(head, where, indexOffset);
    byte[] all = readIndexBytes(blocks::readFully, head, count);
    IndexFormat.Parsed p = IndexFormat.parse(all, blocks.blockSize() - BlockHeader.LENGTH, indexBlock, indexOffset,
        where);
    ByteBuffer rest = ByteBuffer.allocate(ContentFooter.LENGTH + 1);
    while (rest.hasRemaining() && blocks.read(rest) >= 0) {
      // the footer, and then the end of the stream
    }
    if (rest.position() != ContentFooter.LENGTH) {
      throw new TapeFormatException(Kind.INVALID, blocks.location(), "the chunk index trailer is followed by "
          + (rest.hasRemaining() ? rest.position() + " bytes" : "more than " + ContentFooter.LENGTH + " bytes")
          + ", not by the " + ContentFooter.LENGTH + "-byte content footer and the end of the file");
    }
    return new ChunkArchiveIndex(header, start, indexBlock, indexOffset, p.table());
  }

  /**
   * Reads the index of the archive at {@code start} from the tape alone: its header (LOCATE to
   * {@code start}, one block), the position of the next file (LOCATE to file {@code start.file() +
   * 1}), the file's last two blocks (LOCATE), whose index trailer says where the index starts; the
   * index's own blocks only if it starts before those. The file must end with its filemark; a file
   * cut off by a crash is read by streaming ({@link #open}) instead.
   *
   * @param start the archive's first block, with its file number
   */
  public static ChunkArchiveIndex readIndex(BlockSource source, BlockAddress start) throws IOException {
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
    int trailerAt = tail.length - ContentFooter.LENGTH - IndexFormat.TRAILER;
    if (trailerAt < 0) {
      throw new TapeFormatException(Kind.TRUNCATED, where, "the file's stream ends after "
          + (tailStart + tail.length) + " bytes, too short for a chunk index and a content footer");
    }
    IndexFormat.Trailer t = IndexFormat.Trailer.decode(tail, trailerAt, where);
    long indexStart = t.block() * payloadPerBlock + t.offset();
    long indexEnd = indexStart + IndexFormat.HEADER + t.count() * IndexFormat.ENTRY + IndexFormat.TRAILER;
    if (t.block() > last || t.offset() >= payloadPerBlock || indexStart != opened.headerBytes() + t.bodyOffset()
        || indexEnd != tailStart + tail.length - ContentFooter.LENGTH) {
      throw new TapeFormatException(Kind.INVALID, where, "the chunk index trailer places the index at block "
          + t.block() + " offset " + t.offset() + ", body offset " + t.bodyOffset() + ", with " + t.count()
          + " entries, which does not fit the file; its checksum is right: written by a faulty writer");
    }
    if (indexStart < tailStart) {
      return readIndex(source, opened.header(), start, t.block(), t.offset());
    }
    byte[] all = Arrays.copyOfRange(tail, (int) (indexStart - tailStart), tail.length - ContentFooter.LENGTH);
    IndexFormat.Parsed p = IndexFormat.parse(all, payloadPerBlock, t.block(), t.offset(), where.atBlock(t.block()));
    return new ChunkArchiveIndex(opened.header(), start, t.block(), t.offset(), p.table());
  }

  // ---- helpers

  /** A chunk archive's content header, read at its first block. */
  private record Opened(TapeFileReader file, ChunkArchiveHeader header, long headerBytes, int payloadPerBlock) {
    static Opened at(BlockSource source, BlockAddress start) throws IOException {
      source.locate(start.logicalObject());
      TapeFileReader file = TapeFileReader.open(source, start.file()).expect(ContentType.CHUNK_ARCHIVE);
      ContentHeader h = file.header();
      ChunkArchiveHeader header = ChunkArchiveHeader.of(h, new TapeLocation(source.volume(), start.file(), 0));
      return new Opened(file, header, ContentHeader.LENGTH + h.data().length, file.payloadPerBlock());
    }
  }


  /** Reads and drops {@code bytes} of the stream (the payload before an entry, when that is cheaper than a LOCATE). */
  static void skip(BlockStreamReader blocks, int bytes) throws IOException {
    blocks.readFully(ByteBuffer.allocate(bytes), "the block's payload before the offset given");
  }

  /** An offset from a catalog must lie in the first block's payload. */
  static void checkOffset(int offset, BlockStreamReader blocks) {
    if (offset >= blocks.blockSize() - BlockHeader.LENGTH) {
      throw new IllegalArgumentException("offset " + offset + " is beyond the payload of a " + blocks.blockSize()
          + "-byte block");
    }
  }

  /** Reads the rest of a block stream. */

  /** Something that reads exactly as many bytes as asked or fails TRUNCATED. */
  private interface Bytes {
    void readFully(ByteBuffer dst, String what) throws IOException;
  }

  /**
   * The whole index (header, {@code count} entries, trailer) after its 16-byte {@code header}, the
   * array growing as the bytes arrive so that a wrong count cannot make it allocate gigabytes.
   */
  private static byte[] readIndexBytes(Bytes in, byte[] header, long count) throws IOException {
    int total = (int) (IndexFormat.HEADER + count * IndexFormat.ENTRY + IndexFormat.TRAILER);
    byte[] all = Arrays.copyOf(header, Math.min(total, 1 << 20));
    int have = IndexFormat.HEADER;
    while (have < total) {
      if (have == all.length) {
        all = Arrays.copyOf(all, (int) Math.min(total, 2L * all.length));
      }
      int n = all.length - have;
      in.readFully(ByteBuffer.wrap(all, have, n), "the chunk index");
      have += n;
    }
    return all;
  }
}
