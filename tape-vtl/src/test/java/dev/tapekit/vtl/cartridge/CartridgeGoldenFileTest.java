package dev.tapekit.vtl.cartridge;

import static dev.tapekit.vtl.cartridge.CartridgeFileTest.block;
import static dev.tapekit.vtl.cartridge.CartridgeFileTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cartridge files written by released format versions, kept byte for byte in test resources and read
 * here forever. {@code golden-v2/} was written by the version 2 writer: two partitions, a host
 * attribute, DATA, ZERO, FILEMARK and ENCRYPTED records.
 */
class CartridgeGoldenFileTest {
  @TempDir Path dir;

  private Path copyGolden(String version) throws IOException {
    for (String name : new String[] {"G00001L8.tkc", "G00001L8.p1.tkc"}) {
      try (InputStream in = getClass().getResourceAsStream("golden-" + version + "/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir.resolve("G00001L8.tkc");
  }

  private static void assertGoldenV2Content(CartridgeFile f) throws IOException {
    assertEquals(2, f.partitionCount());
    assertEquals(8, f.objectCount());
    assertEquals(RecordType.DATA, f.typeAt(0));
    assertEquals(RecordType.ZERO, f.typeAt(1));
    assertEquals(RecordType.FILEMARK, f.typeAt(2));
    assertEquals(RecordType.ENCRYPTED, f.typeAt(4));
    assertEquals(3, f.filemarkCount());
    assertEquals(1000 + 4096 + 1 + 100 + 5000, f.bytesUsed());
    assertArrayEquals(block(1000, 1).array(), read(f, 0));
    assertArrayEquals(new byte[4096], read(f, 1));
    assertArrayEquals(block(1, 2).array(), read(f, 3));
    assertArrayEquals(block(136, 3).array(), f.readStored(4));
    assertArrayEquals(block(5000, 4).array(), read(f, 7));
    CartridgeInfo i = f.info();
    assertEquals("G00001L8", i.barcode().label());
    assertEquals(6L << 20, i.capacity());
    assertEquals(1, i.loadCount());
    assertEquals(6101, i.bytesWrittenLifetime());
    assertArrayEquals(new byte[] {1, 'G', 'O', 'L', 'D'}, i.hostAttributes().get(0x0806));
    CartridgeFile p1 = f.partition(1);
    assertEquals(2, p1.objectCount());
    assertEquals(2L << 20, p1.info().capacity());
    assertArrayEquals(block(300, 5).array(), read(p1, 0));
    assertEquals(RecordType.FILEMARK, p1.typeAt(1));
  }

  @Test
  void version2FileOpensReadOnlyAndReadWrite() throws IOException {
    Path p = copyGolden("v2");
    try (CartridgeFile f = CartridgeFile.open(p, true)) {
      assertGoldenV2Content(f);
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertGoldenV2Content(f);
      f.appendBlock(ByteBuffer.wrap(new byte[] {7}));
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(9, f.objectCount());
      assertArrayEquals(new byte[] {7}, read(f, 8));
      f.truncate(8);
      assertGoldenV2Content(f);
    }
    // the writable session rewrote the headers as version 3 with checkpoints: opening reads no data
    FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
    try (CartridgeFile f = CartridgeFile.open(p, true, disk)) {
      assertTrue(disk.bytesRead < 6 * CartridgeFile.SLOT_SIZE, disk.bytesRead + " bytes read to open both partitions");
      assertGoldenV2Content(f);
    }
    try (var ch = java.nio.channels.FileChannel.open(p)) {
      ByteBuffer version = ByteBuffer.allocate(2);
      ch.read(version, 8);
      assertEquals(CartridgeFile.FORMAT_VERSION, version.getShort(0));
    }
  }

  @Test
  void version2FileIsScannedOnceOnOpen() throws IOException {
    Path p = copyGolden("v2");
    FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
    try (CartridgeFile f = CartridgeFile.open(p, true, disk)) {
      assertEquals(8, f.objectCount());
    }
    // no checkpoint in a version 2 file: every record is scanned once, payloads included
    assertEquals(Files.size(p) + Files.size(dir.resolve("G00001L8.p1.tkc")), disk.bytesRead);
  }
}
