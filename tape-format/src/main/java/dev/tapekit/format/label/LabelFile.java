package dev.tapekit.format.label;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeFormatException.Kind;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.content.ContentFooter;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.content.TapeFileWriter;
import java.io.IOException;

/** A label's tape file: content header with the JSON as header data, an empty body, a footer with 0 items. */
final class LabelFile {
  private LabelFile() {}

  /** Writes the file at the sink's position; returns where it starts. */
  static BlockAddress write(BlockSink sink, int blockSize, ContentHeader header) throws IOException {
    try (TapeFileWriter w = TapeFileWriter.begin(sink, blockSize, header)) {
      w.finish(0, false);
      return w.start();
    }
  }

  /**
   * Reads the file at the source's position (file {@code fileNumber}) to its end and returns its
   * header: it must be of {@code type} (MISPLACED otherwise), not spanned, with an empty body (INVALID
   * otherwise). The source is left at the start of the next file.
   */
  static ContentHeader read(BlockSource source, long fileNumber, ContentType type) throws IOException {
    TapeLocation where = new TapeLocation(source.volume(), fileNumber, -1);
    TapeFileReader r = TapeFileReader.open(source, fileNumber).expect(type);
    ContentHeader header = r.header();
    ContentFooter footer = r.footer();
    if (header.part() != 0 || footer.continued()) {
      throw new TapeFormatException(Kind.INVALID, where, type + ": labels are never spanned, but this is part "
          + header.part() + (footer.continued() ? " and continues" : ""));
    }
    if (footer.bodyLength() != 0 || footer.items() != 0) {
      throw new TapeFormatException(Kind.INVALID, where, type + ": a label has an empty body, but this one has "
          + footer.bodyLength() + " bytes and " + footer.items() + " items");
    }
    return header;
  }
}
