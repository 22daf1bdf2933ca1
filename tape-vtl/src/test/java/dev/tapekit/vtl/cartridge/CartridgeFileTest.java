package dev.tapekit.vtl.cartridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CartridgeFileTest {
  @TempDir Path dir;

  static CartridgeInfo info(String barcode) {
    return CartridgeInfo.fresh(Barcode.parse(barcode), 64L << 20, "20260101");
  }

  static ByteBuffer block(int length, int seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  static byte[] read(CartridgeFile f, long n) throws IOException {
    ByteBuffer dst = ByteBuffer.allocate(f.lengthAt(n));
    f.read(n, dst);
    return dst.array();
  }

  private Path sample() throws IOException {
    Path p = dir.resolve("E01001L8.tkc");
    try (CartridgeFile f = CartridgeFile.create(p, info("E01001L8"))) {
      f.appendBlock(block(1000, 1));
      f.appendBlock(ByteBuffer.allocate(70_000)); // zero block
      f.appendFilemarks(1);
      f.appendBlock(block(1, 2));
      f.appendFilemarks(2);
      f.appendBlock(block(65_537, 3));
    }
    return p;
  }

  @Test
  void roundTripRebuildsIndexOnOpen() throws IOException {
    Path p = sample();
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(7, f.objectCount());
      assertEquals(RecordType.DATA, f.typeAt(0));
      assertEquals(RecordType.ZERO, f.typeAt(1));
      assertEquals(RecordType.FILEMARK, f.typeAt(2));
      assertEquals(3, f.filemarkCount());
      assertEquals(2, f.filemarkPosition(0));
      assertEquals(5, f.filemarkPosition(2));
      assertEquals(-1, f.filemarkPosition(3));
      assertEquals(0, f.filemarksBefore(2));
      assertEquals(1, f.filemarksBefore(3));
      assertEquals(3, f.filemarksBefore(7));
      assertEquals(1000 + 70_000 + 1 + 65_537, f.bytesUsed());
      assertEquals(71_000, f.bytesBefore(2));
      assertArrayEquals(block(1000, 1).array(), read(f, 0));
      assertArrayEquals(new byte[70_000], read(f, 1));
      assertArrayEquals(block(65_537, 3).array(), read(f, 6));
      assertEquals("E01001L8", f.info().barcode().label());
      assertEquals(MediumGeneration.LTO8, f.info().generation());
    }
    // the zero block took no payload bytes on disk; the close wrote a checkpoint of 7 entries
    long expected = CartridgeFile.RECORDS_START + 7 * CartridgeFile.RECORD_HEADER_SIZE + 1000 + 1 + 65_537
        + CartridgeFile.RECORD_HEADER_SIZE + CartridgeFile.INDEX_PREFIX + 7 * CartridgeFile.INDEX_ENTRY;
    assertEquals(expected, Files.size(p));
  }

  @Test
  void shortDestinationGetsPrefixAndFullLength() throws IOException {
    try (CartridgeFile f = CartridgeFile.open(sample())) {
      ByteBuffer dst = ByteBuffer.allocate(10);
      assertEquals(1000, f.read(0, dst));
      assertEquals(10, dst.position());
      byte[] expect = new byte[10];
      System.arraycopy(block(1000, 1).array(), 0, expect, 0, 10);
      assertArrayEquals(expect, dst.array());
      assertThrows(IllegalArgumentException.class, () -> f.read(2, ByteBuffer.allocate(1)));
      assertThrows(IndexOutOfBoundsException.class, () -> f.read(7, ByteBuffer.allocate(1)));
    }
  }

  /**
   * The sample with one more block, object 7 of 65,537 bytes, appended but not synced, as a process
   * that dies leaves it in the page cache: a copy of the file taken before the close.
   */
  private Path sampleWithUnsyncedBlock() throws IOException {
    Path p = sample();
    Path crashed = dir.resolve("E01009L8.tkc");
    try (CartridgeFile f = CartridgeFile.open(p)) {
      f.appendBlock(block(65_537, 4));
      Files.copy(p, crashed);
    }
    return crashed;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 31, 32, 33, 100, 65_000, 65_568})
  void tornFinalRecordIsDroppedOnOpen(int cut) throws IOException {
    Path p = sampleWithUnsyncedBlock();
    long size = Files.size(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(size - cut);
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(7, f.objectCount(), "last block of 65,537+32 bytes was torn");
      f.appendBlock(block(10, 9));
      assertEquals(8, f.objectCount());
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(8, f.objectCount());
      assertArrayEquals(block(10, 9).array(), read(f, 7));
    }
  }

  @Test
  void fileCutShortBeforeItsSyncPointOpensUpToTheCut() throws IOException {
    Path p = sample();
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(p) - 200); // into block 6, which the checkpoint covers
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(6, f.objectCount());
      assertArrayEquals(block(1000, 1).array(), read(f, 0));
    }
  }

  @Test
  void zeroFilledTailAfterCrashIsDropped() throws IOException {
    Path p = sample();
    long size = Files.size(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(5000), ch.size());
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(7, f.objectCount());
    }
    assertEquals(size, Files.size(p));
  }

  @Test
  void damagedPayloadInTheMiddleFailsOnlyThatBlock() throws IOException {
    Path p = sample();
    flip(p, CartridgeFile.RECORDS_START + 32 + 10);
    try (CartridgeFile f = CartridgeFile.open(p)) {
      CartridgeCorruptException e = assertThrows(CartridgeCorruptException.class, () -> read(f, 0));
      assertTrue(e.getMessage().contains("block 0"), e.getMessage());
      assertArrayEquals(block(65_537, 3).array(), read(f, 6));
    }
  }

  @Test
  void damagedRecordHeaderFailsOnlyThatBlock() throws IOException {
    Path p = sample();
    flip(p, CartridgeFile.RECORDS_START + 32 + 1000 + 17); // length field of the zero block, object 1
    try (CartridgeFile f = CartridgeFile.open(p)) {
      CartridgeCorruptException e = assertThrows(CartridgeCorruptException.class, () -> read(f, 1));
      assertTrue(e.getMessage().contains("record header checksum failed for block 1"), e.getMessage());
      assertArrayEquals(block(1000, 1).array(), read(f, 0));
      assertArrayEquals(block(65_537, 3).array(), read(f, 6));
    }
  }

  @Test
  void openReadsTheCheckpointNotTheData() throws IOException {
    Path p = dir.resolve("E01002L8.tkc");
    int blocks = 64;
    int size = 64 << 10;
    try (CartridgeFile f = CartridgeFile.create(p, info("E01002L8"))) {
      for (int i = 0; i < blocks; i++) {
        f.appendBlock(block(size, i));
      }
      f.appendFilemarks(1);
    }
    FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
    try (CartridgeFile f = CartridgeFile.open(p, false, disk)) {
      assertEquals(blocks + 1, f.objectCount());
      assertEquals((long) blocks * size, f.bytesUsed());
      assertTrue(disk.bytesRead < 3 * CartridgeFile.SLOT_SIZE, disk.bytesRead + " bytes read to open");
    }
  }

  @Test
  void afterACrashOpenScansOnlyTheRecordsSinceTheLastSync() throws IOException {
    Path p = dir.resolve("E01002L8.tkc");
    int size = 64 << 10;
    try (CartridgeFile f = CartridgeFile.create(p, info("E01002L8"))) {
      for (int i = 0; i < 64; i++) {
        f.appendBlock(block(size, i));
      }
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      f.appendBlock(block(size, 64)); // not synced: the process dies with it in the page cache
      FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
      try (CartridgeFile again = CartridgeFile.open(p, true, disk)) {
        assertEquals(65, again.objectCount());
        assertTrue(disk.bytesRead < 3 * CartridgeFile.SLOT_SIZE + size + 64, disk.bytesRead + " bytes read to open");
        assertArrayEquals(block(size, 64).array(), read(again, 64));
      }
    }
  }

  @Test
  void corruptCheckpointFallsBackToAScan() throws IOException {
    Path p = sample();
    long checkpoint = Files.size(p) - 7 * CartridgeFile.INDEX_ENTRY - CartridgeFile.INDEX_PREFIX - 32;
    flip(p, checkpoint + 32 + CartridgeFile.INDEX_PREFIX + 3); // offset of object 0 in the index
    flip(p, CartridgeFile.RECORDS_START + 32 + 10); // and the payload of block 0
    try (CartridgeFile f = CartridgeFile.open(p)) {
      assertEquals(7, f.objectCount());
      assertEquals(3, f.filemarkCount());
      assertThrows(CartridgeCorruptException.class, () -> read(f, 0));
      assertArrayEquals(block(65_537, 3).array(), read(f, 6));
    }
    // the close wrote a new checkpoint: the next open uses it
    FaultInjectingFileChannel.Disk disk = new FaultInjectingFileChannel.Disk();
    try (CartridgeFile f = CartridgeFile.open(p, true, disk)) {
      assertEquals(7, f.objectCount());
      assertTrue(disk.bytesRead < 3 * CartridgeFile.SLOT_SIZE, disk.bytesRead + " bytes read to open");
    }
  }

  @Test
  void damagedRecordHeaderWithoutCheckpointIsCorruption() throws IOException {
    Path p = sample();
    long checkpoint = Files.size(p) - 7 * CartridgeFile.INDEX_ENTRY - CartridgeFile.INDEX_PREFIX - 32;
    flip(p, checkpoint + 40);
    flip(p, CartridgeFile.RECORDS_START + 32 + 1000 + 17);
    CartridgeCorruptException e = assertThrows(CartridgeCorruptException.class, () -> CartridgeFile.open(p));
    assertTrue(e.getMessage().contains("object 1 before the last sync point"), e.getMessage());
  }

  @Test
  void payloadCorruptedAfterOpenFailsOnRead() throws IOException {
    Path p = sample();
    try (CartridgeFile f = CartridgeFile.open(p)) {
      flip(p, CartridgeFile.RECORDS_START + 32 + 999);
      assertThrows(CartridgeCorruptException.class, () -> read(f, 0));
    }
  }

  @Test
  void headerUpdatesAlternateSlotsAndSurviveATornSlot() throws IOException {
    Path p = sample();
    try (CartridgeFile f = CartridgeFile.open(p)) {
      f.updateInfo(CartridgeInfo::loaded);
      f.updateInfo(i -> i.transferred(3 << 20, 1 << 20));
      f.updateInfo(i -> i.withHostAttributes(Map.of(0x0806, new byte[] {1, 'A', 'B'})));
    }
    try (CartridgeFile f = CartridgeFile.open(p)) {
      CartridgeInfo i = f.info();
      assertEquals(1, i.loadCount());
      assertEquals(3 << 20, i.bytesWrittenLifetime());
      assertArrayEquals(new byte[] {1, 'A', 'B'}, i.hostAttributes().get(0x0806));
      f.updateInfo(x -> x.withWriteProtected(true));
    }
    // damage each slot in turn: the other one still opens the cartridge
    for (int slot = 0; slot < 2; slot++) {
      Path copy = dir.resolve("copy" + slot);
      Files.copy(p, copy);
      flip(copy, slot * CartridgeFile.SLOT_SIZE + 100);
      try (CartridgeFile f = CartridgeFile.open(copy)) {
        // one of the two survives: either the newest (write protected) or the previous one
        assertEquals(1, f.info().loadCount());
        assertEquals(7, f.objectCount());
      }
    }
    flip(p, 100);
    flip(p, CartridgeFile.SLOT_SIZE + 100);
    assertThrows(CartridgeCorruptException.class, () -> CartridgeFile.open(p));
  }

  @Test
  void truncateMovesEndOfDataAndFilemarkIndex() throws IOException {
    try (CartridgeFile f = CartridgeFile.open(sample())) {
      f.truncate(4);
      assertEquals(4, f.objectCount());
      assertEquals(1, f.filemarkCount());
      f.appendFilemarks(1);
      assertEquals(2, f.filemarkCount());
      assertEquals(4, f.filemarkPosition(1));
      f.truncate(0);
      assertEquals(0, f.bytesUsed());
    }
  }

  @Test
  void rejectsForeignFilesAndBadBlocks() throws IOException {
    Path foreign = dir.resolve("foreign");
    Files.write(foreign, new byte[9000]);
    assertThrows(CartridgeCorruptException.class, () -> CartridgeFile.open(foreign));
    Files.write(foreign, new byte[10]);
    assertThrows(CartridgeCorruptException.class, () -> CartridgeFile.open(foreign));
    try (CartridgeFile f = CartridgeFile.create(dir.resolve("x"), info("X00001L5"))) {
      assertThrows(IllegalArgumentException.class, () -> f.appendBlock(ByteBuffer.allocate(0)));
      assertThrows(IllegalArgumentException.class, () -> f.appendBlock(ByteBuffer.allocate(CartridgeFile.MAX_BLOCK + 1)));
    }
  }

  @Test
  void barcodesNameGenerationAndKind() {
    assertEquals(MediumKind.CLEANING, Barcode.parse("CLN101L8").kind());
    assertEquals(MediumGeneration.LTO6, Barcode.parse("CLN102L6").generation());
    assertEquals(MediumKind.WORM, Barcode.parse("W00001L7").kind());
    assertEquals(MediumKind.WORM, Barcode.parse("A00001LY").kind());
    assertEquals(MediumGeneration.LTO8, Barcode.parse("A00001LY").generation());
    assertEquals(MediumGeneration.T10000A, Barcode.parse("G03001TA").generation());
    assertEquals(MediumGeneration.LTO9, Barcode.parse("E01001L9").generation());
    assertThrows(IllegalArgumentException.class, () -> Barcode.parse("E01001XX"));
    assertThrows(IllegalArgumentException.class, () -> Barcode.parse("E0 001L8"));
  }

  static void flip(Path p, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x10));
      b.clear();
      ch.write(b, offset);
    }
  }
}
