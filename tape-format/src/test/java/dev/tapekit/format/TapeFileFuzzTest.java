package dev.tapekit.format;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.format.block.MemoryTape;
import dev.tapekit.format.content.TapeFileReader;

/** Any blocks and filemarks give a read file or a TapeFormatException: never another exception. */
class TapeFileFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyBlocks(FuzzedDataProvider data) throws Exception {
    MemoryTape tape = new MemoryTape("FUZZ01");
    int objects = data.consumeInt(0, 6);
    for (int i = 0; i < objects; i++) {
      if (data.consumeBoolean()) {
        tape.writeFilemark();
      } else {
        tape.write(java.nio.ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 70_000))));
      }
    }
    tape.rewind();
    try {
      TapeFileReader.open(tape, 0).footer();
    } catch (TapeFormatException expected) {
      // reported as what it is
    }
  }
}
