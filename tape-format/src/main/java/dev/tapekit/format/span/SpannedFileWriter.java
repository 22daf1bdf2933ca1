package dev.tapekit.format.span;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one tape file that may continue over several tapes (FORMAT.md, section 8). When the tape
 * reports early warning, the current part is finished with CONTINUED and the next part starts on the
 * tape {@link NextTape} supplies, with the same file UUID, content type and version, the next part
 * number, and header data naming where the previous part is. Nothing already written is rewritten.
 *
 * <p>Contract: {@link #write} switches tapes between slices of at most one block's payload, so a
 * part ends at most one block after early warning; the bytes of all parts, in part order, are the
 * file's body. Every part's footer counts 0 items. Not
 * thread-safe.
 */
public final class SpannedFileWriter implements AutoCloseable {
  /** Supplies the tape for the next part: loads it and positions it where the part is to be written. */
  @FunctionalInterface
  public interface NextTape {
    Tape next(int part, Part previous) throws IOException;
  }

  /** A tape for a part: where to write and its number in the media set. */
  public record Tape(BlockSink sink, int tapeSequence) {}

  /** A part as written: its number, the tape (volume) and where its file starts. */
  public record Part(int part, String volume, BlockAddress start) {}

  private static final JsonFactory JSON = new JsonFactory();
  private final int blockSize;
  private final ContentHeader first;
  private final NextTape nextTape;
  private final List<Part> parts = new ArrayList<>();
  private TapeFileWriter current;
  private String currentVolume;

  private SpannedFileWriter(BlockSink sink, int blockSize, ContentHeader first, NextTape nextTape) throws IOException {
    if (first.part() != 0) {
      throw new IllegalArgumentException("a spanned file starts with part 0");
    }
    if (first.type() != ContentType.DATA_STREAM) {
      throw new IllegalArgumentException("only data streams span tapes (FORMAT.md section 8), not a " + first.type());
    }
    this.blockSize = blockSize;
    this.first = first;
    this.nextTape = nextTape;
    start(sink, first);
  }

  /** Starts the file (part 0) at {@code sink}'s position and writes its header. */
  public static SpannedFileWriter begin(BlockSink sink, int blockSize, ContentHeader header, NextTape nextTape)
      throws IOException {
    return new SpannedFileWriter(sink, blockSize, header, nextTape);
  }

  private void start(BlockSink sink, ContentHeader header) throws IOException {
    current = TapeFileWriter.begin(sink, blockSize, header);
    currentVolume = sink.volume();
    parts.add(new Part(header.part(), currentVolume, current.start()));
  }

  /** Appends body bytes, continuing on the next tape after early warning. */
  public void write(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      if (current.earlyWarning()) {
        nextPart();
      }
      int n = Math.min(src.remaining(), current.payloadPerBlock());
      ByteBuffer slice = src.slice().limit(n);
      current.write(slice);
      src.position(src.position() + n);
    }
  }

  public void write(byte[] b) throws IOException {
    write(ByteBuffer.wrap(b));
  }

  private void nextPart() throws IOException {
    Part previous = parts.get(parts.size() - 1);
    current.finish(0, true);
    int part = previous.part() + 1;
    Tape tape = nextTape.next(part, previous);
    ContentHeader header = new ContentHeader(first.type(), first.version(), first.file(), first.ctime(),
        first.mediaSet(), tape.tapeSequence(), part, continuation(previous));
    start(tape.sink(), header);
  }

  /** The header data of a part after the first: where the previous part is. */
  static byte[] continuation(Part previous) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("previous_volume", previous.volume());
      g.writeNumberField("previous_file", previous.start().file());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Whether the current part's tape has reported early warning (the next write moves on). */
  public boolean earlyWarning() {
    return current.earlyWarning();
  }

  /** Finishes the last part (a data stream counts no items); returns every part. */
  public List<Part> finish() throws IOException {
    current.finish(0, false);
    return List.copyOf(parts);
  }

  /** The parts started so far. */
  public List<Part> parts() {
    return List.copyOf(parts);
  }

  @Override
  public void close() throws IOException {
    current.close();
  }
}
