package dev.tapekit.format.catalog;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.catalog.CatalogRecord.End;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Streams a catalog archive (FORMAT.md 7.3) from its first block: {@link #open}, then {@link #next()}
 * until it returns null. The reader holds one record at a time (at most 1 MiB) and a few numbers per
 * described tape file, so a catalog of millions of chunks streams in little memory.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #next()} returns the TAPE_FILE, CHUNKS and SNAPSHOT records in tape order, then the
 *       {@link End} record, then null; before null it has checked that the END counts match the
 *       records read, that nothing follows END, and the content footer (items = records).
 *   <li>Records of a type this version does not know, with a right CRC, are skipped by their length
 *       and counted ({@link #skipped()}): newer writers add record types this way.
 *   <li>Errors are {@link TapeFormatException}s naming tape, file and the block where the record
 *       starts: CORRUPT when a checksum fails or a record's magic or length is damaged, INVALID when
 *       fields or the rules between records are broken under a right checksum (END counts included),
 *       TRUNCATED when the body ends without an END record, or the file without end-of-stream block.
 *   <li>Not thread-safe.
 * </ul>
 */
public final class CatalogArchiveReader {
  private final TapeFileReader file;
  private final CatalogArchiveHeader header;
  private final long headerBytes;
  private final int payloadPerBlock;
  private final TapeLocation location;
  private final RecordRules rules;
  private long bodyOffset;
  private long records;
  private long skipped;
  private boolean ended;
  private boolean done;

  private CatalogArchiveReader(TapeFileReader file, CatalogArchiveHeader header, int payloadPerBlock,
      TapeLocation location) {
    this.file = file;
    this.header = header;
    this.headerBytes = ContentHeader.LENGTH + file.header().data().length;
    this.payloadPerBlock = payloadPerBlock;
    this.location = location;
    this.rules = new RecordRules(header);
  }

  /** Opens the catalog archive at {@code start} (LOCATE there) and reads its header. */
  public static CatalogArchiveReader open(BlockSource source, BlockAddress start) throws IOException {
    source.locate(start.logicalObject());
    TapeFileReader file = TapeFileReader.open(source, start.file()).expect(ContentType.CATALOG_ARCHIVE);
    TapeLocation where = new TapeLocation(source.volume(), start.file(), 0);
    CatalogArchiveHeader header = CatalogArchiveHeader.of(file.header(), where);
    return new CatalogArchiveReader(file, header, file.payloadPerBlock(), where);
  }

  public CatalogArchiveHeader header() {
    return header;
  }

  /** The records read so far, skipped ones and END included (after the last: the footer's items). */
  public long records() {
    return records;
  }

  /** The records of unknown types skipped so far. */
  public long skipped() {
    return skipped;
  }

  /**
   * Reads and checks the next record.
   *
   * @return the next record; the {@link End} record last; then null (everything checked)
   */
  public CatalogRecord next() throws IOException {
    if (done) {
      return null;
    }
    if (ended) {
      finishBody();
      return null;
    }
    while (true) {
      long at = headerBytes + bodyOffset;
      TapeLocation where = location.atBlock(at / payloadPerBlock);
      int offset = (int) (at % payloadPerBlock);
      byte[] head = new byte[RecordFormat.HEAD];
      ByteBuffer h = ByteBuffer.wrap(head);
      if (file.read(h) < 0) {
        throw new TapeFormatException(Kind.TRUNCATED, where, "the catalog archive ends after " + records
            + " records without its END record: it was cut off, write the catalog again");
      }
      file.readFully(h, "a catalog record");
      byte[] record = Arrays.copyOf(head, RecordFormat.length(head, where, offset));
      file.readFully(ByteBuffer.wrap(record, head.length, record.length - head.length), "a catalog record");
      bodyOffset += record.length;
      records++;
      CatalogRecord r = RecordFormat.decode(record, where, offset);
      if (r == null) {
        skipped++;
        rules.skip();
        continue;
      }
      String problem = rules.accept(r);
      if (problem != null) {
        throw new TapeFormatException(Kind.INVALID, where, "catalog record at offset " + offset + ": " + problem
            + "; its checksum is right: written by a faulty writer");
      }
      ended = r instanceof End;
      return r;
    }
  }

  private void finishBody() throws IOException {
    TapeLocation where = location.atBlock((headerBytes + bodyOffset) / payloadPerBlock);
    if (file.read(ByteBuffer.allocate(1)) > 0) {
      throw new TapeFormatException(Kind.INVALID, where, "bytes after the END record of the catalog archive");
    }
    ContentFooter footer = file.footer();
    if (footer.items() != records) {
      throw new TapeFormatException(Kind.INVALID, file.location(), "the content footer counts " + footer.items()
          + " records, the catalog archive holds " + records);
    }
    done = true;
  }

}
