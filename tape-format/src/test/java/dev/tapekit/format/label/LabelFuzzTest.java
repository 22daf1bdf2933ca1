package dev.tapekit.format.label;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.MemoryTape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The recognizer says something about any tape and never throws (a {@link MemoryTape} has no I/O to
 * fail); the label parsers accept any header data or refuse it with a {@link TapeFormatException}.
 */
class LabelFuzzTest {
  static final TapeLocation WHERE = new TapeLocation("FUZZ01", 1, -1);

  @FuzzTest(maxDuration = "10s")
  void recognizeAnyFirstBlock(byte[] block) throws IOException {
    MemoryTape tape = new MemoryTape("FUZZ01");
    tape.write(ByteBuffer.wrap(block));
    tape.writeFilemark();
    TapeRecognizer.recognize(tape).describe();
  }

  @FuzzTest(maxDuration = "10s")
  void recognizeAnyTape(FuzzedDataProvider data) throws IOException {
    MemoryTape tape = new MemoryTape("FUZZ01");
    int objects = data.consumeInt(0, 5);
    for (int i = 0; i < objects; i++) {
      if (data.consumeBoolean()) {
        tape.writeFilemark();
      } else {
        tape.write(ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 300_000))));
      }
    }
    TapeRecognizer.recognize(tape).describe();
  }

  /** The block decoders alone, many times faster than through a tape (no 4 MiB buffers). */
  @FuzzTest(maxDuration = "10s")
  void decodeAnyTarOrPbsBlock(byte[] block) {
    TarHeader.recognize(ByteBuffer.wrap(block), block.length).ifPresent(Recognition::describe);
    byte[] pbs = Arrays.copyOf(block, PbsFormat.BLOCK_SIZE);
    try {
      PbsFormat.labelData(ByteBuffer.wrap(pbs), pbs.length, PbsFormat.MEDIA_LABEL_MAGIC, "PBS media label", WHERE);
    } catch (TapeFormatException expected) {
      // refused
    }
  }

  @FuzzTest(maxDuration = "10s")
  void parseAnyLabelJson(byte[] json) {
    try {
      MediaLabel.fromJson(json, WHERE).toJson();
    } catch (TapeFormatException expected) {
      // refused, naming what is wrong
    }
    try {
      MediaSetLabel.fromJson(json, WHERE).toJson();
    } catch (TapeFormatException expected) {
      // refused
    }
    try {
      PbsMediaLabel.fromJson(json, WHERE);
    } catch (TapeFormatException expected) {
      // refused
    }
    try {
      PbsMediaSetLabel.fromJson(json, WHERE);
    } catch (TapeFormatException expected) {
      // refused
    }
  }
}
