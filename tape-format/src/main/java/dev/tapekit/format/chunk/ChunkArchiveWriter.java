package dev.tapekit.format.chunk;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadEncryptor;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.TapeFileWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Writes one chunk archive (chunk-archive.md): a tape file of content-addressed chunks, each
 * compressed with zstd when that saves at least 1/32 of its size ({@link ChunkCompressor}) and
 * software-encrypted when the options carry a key, followed by an index sorted by digest so that one
 * chunk can be restored by LOCATE to its block.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #add} returns true when the chunk is in the archive (written now, or earlier under the
 *       same digest) and false, writing nothing, once the drive has reported early warning: then
 *       call {@link #finish()} and add that chunk and the rest to a new archive on the next tape.
 *       Early warning is therefore acted on at the next chunk boundary; the chunk being written when
 *       it came, the index and the footer go into the early-warning zone (many MiB on real drives;
 *       bounded by one chunk of at most 16 MiB plus 56 bytes per chunk of index).
 *   <li>{@link #add(byte[], ByteBuffer)} compresses on the caller's thread. To compress on other
 *       threads, give each a {@link ChunkCompressor} at the archive's level and pass its results to
 *       {@link #add(byte[], ByteBuffer, ChunkCompressor.Result)}: the archive is the same, byte for
 *       byte. Encryption, CRC and writing stay here (the archive key's nonces are per archive).
 *   <li>{@link #finish()} writes the index, the footer, the end-of-stream block and the filemark
 *       (synchronously); the chunks are on tape when it returns, and its {@link ChunkArchiveIndex}
 *       is what a catalog records.
 *   <li>An {@link IOException} from the sink leaves the archive unusable: {@link #close()} it (the file
 *       ends without end-of-stream block and readers report it truncated) and write the chunks again.
 *   <li>Not thread-safe.
 * </ul>
 *
 * <pre>{@code
 * ChunkArchiveWriter w = ChunkArchiveWriter.begin(sink, BlockHeader.DEFAULT_BLOCK, options);
 * for (Chunk c : chunks) {
 *   if (w.shouldClose(64L << 30) || !w.add(c.digest(), c.data())) {
 *     catalog.record(w.finish());
 *     if (w.earlyWarning()) { sink = nextTape(); options = options.withTapeSequence(...); }
 *     w = ChunkArchiveWriter.begin(sink, BlockHeader.DEFAULT_BLOCK, options);
 *     w.add(c.digest(), c.data());
 *   }
 * }
 * catalog.record(w.finish());
 * }</pre>
 */
public final class ChunkArchiveWriter implements AutoCloseable {
  private final TapeFileWriter file;
  private final ChunkArchiveHeader header;
  private final long headerBytes;
  private final PayloadEncryptor encryptor;
  private final ChunkCompressor compressor;
  private final MessageDigest sha256;
  private final IndexBuilder index = new IndexBuilder();
  private final Set<ByteBuffer> digests = new HashSet<>();
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer entry = ByteBuffer.allocate(EntryHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
  private byte[] staging = new byte[0];
  private ByteBuffer sealed = ByteBuffer.allocate(0);
  private long plainBytes;
  private boolean finished;
  private boolean broken;

  private ChunkArchiveWriter(TapeFileWriter file, ChunkArchiveHeader header, PayloadEncryptor encryptor,
      ChunkArchiveOptions options) {
    this.file = file;
    this.header = header;
    this.headerBytes = ContentHeader.LENGTH + file.header().data().length;
    this.encryptor = encryptor;
    this.compressor = new ChunkCompressor(options.compressionLevel());
    this.sha256 = options.verifyDigests() ? sha256() : null;
  }

  /** Starts a chunk archive at the sink's position (a new tape file) and writes its header. */
  public static ChunkArchiveWriter begin(BlockSink sink, int blockSize, ChunkArchiveOptions options)
      throws IOException {
    return begin(sink, blockSize, options, UUID.randomUUID());
  }

  /** As {@link #begin(BlockSink, int, ChunkArchiveOptions)} with a given file UUID (golden images). */
  static ChunkArchiveWriter begin(BlockSink sink, int blockSize, ChunkArchiveOptions options, UUID fileUuid)
      throws IOException {
    PayloadEncryptor encryptor = options.encryption().map(MediaSetKey::newArchive).orElse(null);
    if (encryptor != null) {
      ChunkDecoder.warmUpCryptoOnce();
    }
    try {
      ChunkArchiveHeader header = new ChunkArchiveHeader(fileUuid, options.mediaSet(), options.tapeSequence(),
          options.clock().instant(), options.store(), Optional.ofNullable(encryptor).map(PayloadEncryptor::archive));
      TapeFileWriter file = TapeFileWriter.begin(sink, blockSize, header.contentHeader());
      return new ChunkArchiveWriter(file, header, encryptor, options);
    } catch (IOException | RuntimeException e) {
      if (encryptor != null) {
        encryptor.close();
      }
      throw e;
    }
  }

  /**
   * Adds the chunk {@code digest} with the bytes {@code data} (position to limit), compressed here,
   * unless early warning has come: see the class contract.
   *
   * @param digest the SHA-256 of {@code data} (32 bytes); with {@code verifyDigests}, checked
   * @return true when the chunk is in the archive ({@code data}'s position is then at its limit);
   *     false when early warning came before it (nothing written, {@code data} untouched)
   * @throws IllegalArgumentException for a digest of the wrong length or (when verified) the wrong
   *     value, or more than 16 MiB of data
   */
  public boolean add(byte[] digest, ByteBuffer data) throws IOException {
    return put(digest, data, null);
  }

  /**
   * As {@link #add(byte[], ByteBuffer)} with the compression decided by a {@link ChunkCompressor}
   * (on another thread, say): the frame in {@code compression} is stored, or {@code data} as it is.
   * The archive is the same, byte for byte, as if {@link #add(byte[], ByteBuffer)} had compressed.
   *
   * @param compression what a compressor at this archive's level decided for {@code data}
   * @throws IllegalArgumentException as {@link #add(byte[], ByteBuffer)}, and when {@code compression}
   *     is of another level than {@link ChunkArchiveOptions#compressionLevel()} or another length
   */
  public boolean add(byte[] digest, ByteBuffer data, ChunkCompressor.Result compression) throws IOException {
    Objects.requireNonNull(compression, "compression");
    check();
    if (compression.level() != compressor.level()) {
      throw new IllegalArgumentException("chunk " + EntryHeader.hex(digest) + " was compressed at zstd level "
          + compression.level() + ", chunk archive " + header.file() + " compresses at level " + compressor.level()
          + ": give the compressors the archive's level (ChunkArchiveOptions.compressionLevel)");
    }
    if (compression.plainLength() != data.remaining()) {
      throw new IllegalArgumentException("chunk " + EntryHeader.hex(digest) + " has " + data.remaining()
          + " bytes, its compression was decided for " + compression.plainLength());
    }
    return put(digest, data, compression);
  }

  /** Adds a chunk; {@code decided} null: compress it here. */
  private boolean put(byte[] digest, ByteBuffer data, ChunkCompressor.Result decided) throws IOException {
    check();
    if (digest.length != EntryHeader.DIGEST) {
      throw new IllegalArgumentException("a chunk digest has 32 bytes (SHA-256), not " + digest.length);
    }
    int length = data.remaining();
    if (length > EntryHeader.MAX_PLAIN) {
      throw new IllegalArgumentException("chunk " + EntryHeader.hex(digest) + " has " + length
          + " bytes; a chunk archive holds chunks of at most " + EntryHeader.MAX_PLAIN);
    }
    if (file.earlyWarning()) {
      return false;
    }
    ByteBuffer key = ByteBuffer.wrap(digest.clone());
    if (digests.contains(key)) {
      data.position(data.limit());
      return true;
    }
    byte[] plain = null;
    int plainOffset = 0;
    if (decided == null || !decided.compressed() || sha256 != null) {
      if (data.hasArray()) {
        plain = data.array();
        plainOffset = data.arrayOffset() + data.position();
      } else {
        staging = ChunkCompressor.atLeast(staging, length);
        data.duplicate().get(staging, 0, length);
        plain = staging;
      }
    }
    if (sha256 != null) {
      sha256.update(plain, plainOffset, length);
      byte[] actual = sha256.digest();
      if (!MessageDigest.isEqual(actual, digest)) {
        throw new IllegalArgumentException("chunk " + EntryHeader.hex(digest) + ": its data hashes to "
            + HexFormat.of().formatHex(actual) + "; a chunk is stored only under its own SHA-256");
      }
    }
    int flags = 0;
    byte[] stored = plain;
    int storedOffset = plainOffset;
    int storedLength = length;
    if (decided == null) {
      int frame = compressor.compress(plain, plainOffset, length);
      if (frame >= 0) {
        flags |= EntryHeader.ZSTD;
        stored = compressor.scratch();
        storedOffset = 0;
        storedLength = frame;
      }
    } else if (decided.compressed()) {
      flags |= EntryHeader.ZSTD;
      stored = decided.frameArray();
      storedOffset = 0;
      storedLength = stored.length;
    }
    if (encryptor != null) {
      if (sealed.capacity() < storedLength + PayloadEncryptor.OVERHEAD) {
        sealed = ByteBuffer.allocate(Math.max(storedLength + PayloadEncryptor.OVERHEAD, sealed.capacity() * 2));
      }
      sealed.clear();
      encryptor.encrypt(digest, ByteBuffer.wrap(stored, storedOffset, storedLength), sealed);
      flags |= EntryHeader.ENCRYPTED;
      stored = sealed.array();
      storedOffset = 0;
      storedLength = sealed.position();
    }
    crc.reset();
    crc.update(stored, storedOffset, storedLength);
    long block = file.currentBlock();
    int offset = file.offsetInBlock();
    entry.clear();
    new EntryHeader(digest, flags, length, storedLength, (int) crc.getValue()).encode(entry);
    entry.flip();
    broken = true; // until both writes have returned
    file.write(entry);
    file.write(ByteBuffer.wrap(stored, storedOffset, storedLength));
    broken = false;
    index.add(digest, block, offset, flags, length, storedLength);
    digests.add(key);
    plainBytes += length;
    data.position(data.limit());
    return true;
  }

  /** Whether the drive has reported early warning for this archive (then {@link #add} refuses chunks). */
  public boolean earlyWarning() {
    return file.earlyWarning();
  }

  /** Bytes of the tape file's stream so far: content header, entry headers and stored chunk bytes. */
  public long bytesWritten() {
    return headerBytes + file.bodyBytes();
  }

  /** The sum of the plain lengths of the chunks written. */
  public long plainBytes() {
    return plainBytes;
  }

  /** The number of chunks written. */
  public int chunks() {
    return index.count();
  }

  /**
   * Whether to finish this archive before the next chunk: at early warning, or once {@link
   * #bytesWritten()} has reached {@code maxArchiveBytes}. Smaller archives lose less to a crash
   * while writing and keep the index (56 bytes per chunk) small; restoring one chunk costs the same
   * in any size of archive.
   */
  public boolean shouldClose(long maxArchiveBytes) {
    return earlyWarning() || bytesWritten() >= maxArchiveBytes;
  }

  public ChunkArchiveHeader header() {
    return header;
  }

  /** Where the archive starts on tape. */
  public BlockAddress start() {
    return file.start();
  }

  /**
   * Writes the index, the footer (items = number of chunks), the end-of-stream block and the
   * filemark. Early warning during this is expected and reported by {@link #earlyWarning()}.
   *
   * @return the index: where every chunk is, for the catalog
   */
  public ChunkArchiveIndex finish() throws IOException {
    check();
    long indexBlock = file.currentBlock();
    int indexOffset = file.offsetInBlock();
    byte[] table = index.sorted();
    broken = true;
    file.write(IndexFormat.encode(table, index.count(), file.bodyBytes(), indexBlock, indexOffset));
    file.finish(index.count(), false);
    broken = false;
    finished = true;
    release();
    return new ChunkArchiveIndex(header, file.start(), indexBlock, indexOffset, table);
  }

  /** The archive's TAPE_FILE record, for the catalog, once {@link #finish()} wrote it. */
  public CatalogRecord.TapeFile tapeFile() {
    return file.tapeFile();
  }

  /** Without {@link #finish()}: ends the file with a filemark only (readers report it truncated). */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      release();
      file.close();
    }
  }

  private void release() {
    compressor.close();
    if (encryptor != null) {
      encryptor.close();
    }
  }

  private void check() {
    if (finished) {
      throw new IllegalStateException("chunk archive " + header.file() + " is already finished or closed");
    }
    if (broken) {
      throw new IllegalStateException("chunk archive " + header.file() + " failed while writing; close it and write "
          + "its chunks to a new archive");
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
