package dev.tapekit.format.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.content.TapeFileReader;
import dev.tapekit.format.content.TapeFileWriter;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tape files through ScsiTapeDrive over the virtual library's LTO-9 drive: the real SCSI path. */
class DriveBlocksTest {
  @TempDir
  Path dir;

  @Test
  void filesWrittenThroughTheDriveReadBackAndLocateToABlock() throws Exception {
    try (CartridgeFile cartridge = CartridgeFile.create(dir.resolve("T00001L9.tkc"),
        CartridgeInfo.fresh(Barcode.parse("T00001L9"), 1L << 30, "20261205"))) {
      VirtualTapeDrive virtual = new VirtualTapeDrive("vtl:test:0", DrivePersonality.ibmLto(9), "TEST000001",
          new byte[8], new FaultPlan());
      virtual.insert(cartridge);
      try (ScsiTapeDrive drive = new ScsiTapeDrive(virtual)) {
        drive.waitUntilReady(Duration.ofSeconds(10));
        drive.setBlockSize(0);
        DriveBlockSink sink = new DriveBlockSink(drive, "T00001L9");
        byte[][] bodies = new byte[3][];
        BlockAddress[] starts = new BlockAddress[3];
        for (int i = 0; i < 3; i++) {
          bodies[i] = new byte[300_000 * (i + 1)];
          new Random(i).nextBytes(bodies[i]);
          ContentHeader h = new ContentHeader(ContentType.DATA_STREAM, 1, UUID.randomUUID(), Instant.now(),
              ContentHeader.NO_SET, 0, 0, new byte[0]);
          try (TapeFileWriter w = TapeFileWriter.begin(sink, BlockHeader.DEFAULT_BLOCK, h)) {
            starts[i] = w.start();
            w.write(bodies[i]);
            w.finish(0, false);
          }
        }
        assertEquals(new BlockAddress(0, 0, 0), starts[0]);
        assertEquals(1, starts[1].file());
        assertEquals(2, starts[2].file());
        DriveBlockSource source = new DriveBlockSource(drive, "T00001L9");
        source.locateFile(1);
        assertEquals(new BlockAddress(1, 0, starts[1].logicalObject()), source.position());
        assertArrayEquals(bodies[1], readBody(TapeFileReader.open(source, 1)));
        source.locate(starts[2].logicalObject());
        assertArrayEquals(bodies[2], readBody(TapeFileReader.open(source, 2)));
        source.locate(starts[0].logicalObject() + 1);
        BlockStreamReader mid = new BlockStreamReader(source, 0, null, 0, 1);
        ByteBuffer some = ByteBuffer.allocate(100);
        assertTrue(mid.read(some) > 0, "reading starts at block 1 of file 0");
      }
    }
  }

  static byte[] readBody(TapeFileReader r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(65536);
    while (r.read(buf.clear()) >= 0) {
      out.write(buf.array(), 0, buf.position());
    }
    return out.toByteArray();
  }
}
