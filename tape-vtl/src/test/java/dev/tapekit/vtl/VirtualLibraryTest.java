package dev.tapekit.vtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.vtl.changer.ElementState;
import dev.tapekit.vtl.changer.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualLibraryTest {
  @TempDir Path home;

  static int[] move(int src, int dst) {
    return new int[] {0xA5, 0, 0, 0, src >>> 8, src, dst >>> 8, dst, 0, 0, 0, 0};
  }

  static String barcodeAt(VirtualLibrary lib, int address) {
    return lib.changer().elements().stream().filter(e -> e.address() == address).findFirst().orElseThrow().barcode();
  }

  /** A layout as tape-vtl/README.md shows it, written by hand. */
  static final String CUSTOM = """
      [library]
      name = "SMALL"
      vendor = "HP"
      product = "MSL G3 Series"
      revision = "3.00"
      serial = "SMALL01"
      naa = "50:00:00:00:00:00:00:01"
      transport = 1
      import_export_start = 16
      import_export_count = 1
      drive_start = 256
      storage_start = 4096
      storage_count = 8
      threaded_removal = "refuse"
      capacity_mb = 16

      [[drive]]
      model = "HP Ultrium 9-SCSI"
      serial = "HPDRIVE1"
      naa = "50:00:00:00:00:00:00:02"

      [[cartridge]]
      barcode = "S00001L9"
      slot = 1

      [[cartridge]]
      barcode = "S00002L8"
      mail_slot = 1
      """;


  @Test
  void aHandWrittenLayoutOpensWithItsCartridges() throws Exception {
    Files.createDirectories(home.resolve("SMALL"));
    Files.writeString(home.resolve("SMALL/library.toml"), CUSTOM);
    try (VirtualLibrary lib = VirtualLibrary.open(home, "SMALL")) {
      assertEquals("S00001L9", barcodeAt(lib, 4096));
      assertEquals(null, barcodeAt(lib, 4097));
      assertEquals("S00002L8", barcodeAt(lib, 16));
      for (String barcode : List.of("S00001L9", "S00002L8")) {
        assertTrue(Files.exists(lib.cartridgePath(barcode)), barcode);
      }
    }
    try (VirtualLibrary again = VirtualLibrary.open(home, "SMALL")) {
      assertEquals("S00002L8", barcodeAt(again, 16), "the state written at the first open is kept");
    }
  }

  /** The primary volume tag of the first element READ ELEMENT STATUS (storage, VOLTAG) reports from {@code address}. */
  static byte[] storageTag(ScsiTransport changer, int address) throws Exception {
    Cdbs s = new Cdbs(changer);
    s.clearUnitAttentions();
    byte[] r = s.in(1024, 0xB8, 0x12, address >>> 8, address, 0, 1, 0, 0, 4, 0, 0, 0).expectGood().data();
    return java.util.Arrays.copyOfRange(r, 8 + 8 + 12, 8 + 8 + 12 + 36); // data header, page header, descriptor
  }

  @Test
  void emptyElementsSendNoVolumeTagAsMhvtlUnlessTheLayoutAsksForBlanks() throws Exception {
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home)) {
      assertArrayEquals(new byte[36], storageTag(changer, 1020), "slot 21 is empty: 36 zero bytes, as mhvtl");
      assertEquals("E01001L8" + " ".repeat(24), new String(storageTag(changer, 1000), 0, 32, StandardCharsets.US_ASCII));
    }
    Files.createDirectories(home.resolve("SMALL"));
    Files.writeString(home.resolve("SMALL/library.toml"),
        CUSTOM.replace("capacity_mb = 16", "capacity_mb = 16\nempty_volume_tags = \"blank\""));
    try (ScsiTransport changer = VirtualLibraries.open("vtl:SMALL", home)) {
      byte[] tag = storageTag(changer, 4097);
      assertEquals(" ".repeat(32), new String(tag, 0, 32, StandardCharsets.US_ASCII), "slot 2 is empty: blanks");
    }
  }

  @Test
  void firstOpensRacingForANewLibraryCreateItOnce() throws Exception {
    int threads = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    List<Thread> racers = new ArrayList<>();
    List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          try (VirtualLibrary lib = VirtualLibrary.open(home, "L80")) {
            opened.incrementAndGet();
          }
        } catch (IOException e) {
          if (!e.getMessage().contains("is in use")) {
            unexpected.add(e);
          }
        } catch (Throwable e) {
          unexpected.add(e);
        }
      });
      racers.add(t);
      t.start();
    }
    for (Thread t : racers) {
      t.join();
    }
    assertEquals(List.of(), unexpected);
    assertTrue(opened.get() >= 1);
    try (VirtualLibrary lib = VirtualLibrary.open(home, "L80")) {
      for (int i = 0; i < 39; i++) {
        assertEquals(String.format("G030%02dTA", i + 1), barcodeAt(lib, 1000 + i));
      }
    }
  }

  @Test
  void defaultL700MatchesMhvtlLayout() throws Exception {
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home)) {
      Cdbs s = new Cdbs(changer);
      s.clearUnitAttentions();
      byte[] page = s.in(255, 0x1A, 0x08, 0x1D, 0, 255, 0).expectGood().data();
      ByteBuffer b = ByteBuffer.wrap(page, 6, 16);
      for (int v : new int[] {1, 1, 1000, 39, 10, 4, 500, 4}) {
        assertEquals(v, b.getShort());
      }
      byte[] inq = s.in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
      assertEquals("STK     L700            0107", new String(inq, 8, 28, StandardCharsets.US_ASCII));
      byte[] serial = s.in(64, 0x12, 1, 0x80, 0, 64, 0).expectGood().data();
      assertEquals("XYZZY_A", new String(serial, 4, serial[3], StandardCharsets.US_ASCII));
      VirtualLibrary lib = VirtualLibraries.library(changer);
      List<String> slots = new ArrayList<>();
      for (int i = 0; i < 39; i++) {
        slots.add(barcodeAt(lib, 1000 + i));
      }
      for (int i = 1; i <= 20; i++) {
        assertEquals(String.format("E010%02dL8", i), slots.get(i - 1));
      }
      assertEquals(null, slots.get(20));
      assertEquals("CLN101L8", slots.get(21));
      assertEquals("CLN102L6", slots.get(22));
      for (int i = 24; i <= 29; i++) {
        assertEquals(null, slots.get(i - 1));
      }
      for (int i = 30; i <= 39; i++) {
        assertEquals(String.format("F010%02dL6", i), slots.get(i - 1));
      }
      String[] models = {"ULT3580-TD8", "ULT3580-TD8", "ULT3580-TD6", "ULT3580-TD6"};
      for (int d = 0; d < 4; d++) {
        try (ScsiTransport drive = VirtualLibraries.open("vtl:L700:" + d, home)) {
          byte[] di = new Cdbs(drive).in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
          assertEquals("IBM     " + String.format("%-16s", models[d]) + "0107", new String(di, 8, 28, StandardCharsets.US_ASCII));
          byte[] p80 = new Cdbs(drive).in(64, 0x12, 1, 0x80, 0, 64, 0).expectGood().data();
          assertEquals("XYZZY_A" + (d + 1), new String(p80, 4, p80[3], StandardCharsets.US_ASCII));
        }
      }
      assertEquals(32, lib.layout().cartridges().size());
      assertTrue(Files.exists(home.resolve("L700/cartridges/E01001L8.tkc")));
    }
  }

  @Test
  void defaultL80MatchesMhvtlLayout() throws Exception {
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L80", home);
        ScsiTransport drive = VirtualLibraries.open("vtl:L80:3", home)) {
      VirtualLibrary lib = VirtualLibraries.library(changer);
      assertEquals("G03001TA", barcodeAt(lib, 1000));
      assertEquals("G03039TA", barcodeAt(lib, 1038));
      assertEquals("CLN303TA", barcodeAt(lib, 1039));
      // mtx: "4 Drives, 44 Slots ( 4 Import/Export )"
      assertEquals(44, lib.changer().elements().stream()
          .filter(e -> e.type() == ElementType.STORAGE || e.type() == ElementType.IMPORT_EXPORT).count());
      byte[] di = new Cdbs(drive).in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
      assertEquals("STK     T10000B         0107", new String(di, 8, 28, StandardCharsets.US_ASCII));
      Cdbs s = new Cdbs(changer);
      s.clearUnitAttentions();
      s.none(move(1000, 503)).expectGood();
      Cdbs d = new Cdbs(drive);
      d.clearUnitAttentions();
      d.write(new byte[] {1, 2, 3}).expectGood(); // T10000B writes T10000A media
    }
  }

  @Test
  void stateAndDataPersistAcrossReopen() throws Exception {
    byte[] data = "hello tape".getBytes(StandardCharsets.US_ASCII);
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home);
        ScsiTransport drive = VirtualLibraries.open("vtl:L700:1", home)) {
      Cdbs s = new Cdbs(changer);
      s.clearUnitAttentions();
      s.none(move(1004, 501)).expectGood();
      s.none(move(1005, 1020)).expectGood();
      Cdbs d = new Cdbs(drive);
      d.clearUnitAttentions();
      d.write(data).expectGood();
      d.writeFilemarks(1).expectGood();
    }
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home);
        ScsiTransport drive = VirtualLibraries.open("vtl:L700:1", home)) {
      VirtualLibrary lib = VirtualLibraries.library(changer);
      assertEquals("E01005L8", barcodeAt(lib, 501));
      assertEquals("E01006L8", barcodeAt(lib, 1020));
      assertEquals(null, barcodeAt(lib, 1005));
      ElementState inDrive = lib.changer().elements().stream().filter(e -> e.address() == 501).findFirst().orElseThrow();
      assertEquals(1004, inDrive.sourceAddress());
      Cdbs d = new Cdbs(drive);
      d.tur().expect(6, 0x29, 0);
      // the drive kept its session: still threaded (no 28/00) and positioned after the filemark
      d.tur().expectGood();
      d.read(100, true).expect(8, 0, 5);
      d.rewind().expectGood();
      assertArrayEquals(data, d.read(100, true).expectGood().data());
      d.read(100, true).expect(0, 0, 1);
      d.read(100, true).expect(8, 0, 5);
    }
  }

  @Test
  void unloadedCartridgeAndPreventSurviveReopenAndForeignSessionsAreIgnored() throws Exception {
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home);
        ScsiTransport d0 = VirtualLibraries.open("vtl:L700:0", home);
        ScsiTransport d1 = VirtualLibraries.open("vtl:L700:1", home)) {
      Cdbs s = new Cdbs(changer);
      s.clearUnitAttentions();
      s.none(move(1000, 500)).expectGood();
      s.none(move(1001, 501)).expectGood();
      Cdbs a = new Cdbs(d0);
      a.clearUnitAttentions();
      a.none(0x1B, 0, 0, 0, 0, 0).expectGood();   // LOAD UNLOAD: unload, the cartridge stays in the mouth
      Cdbs b = new Cdbs(d1);
      b.clearUnitAttentions();
      b.none(0x1E, 0, 0, 0, 1, 0).expectGood();   // PREVENT MEDIUM REMOVAL
    }
    Path state = home.resolve("L700/state.toml");
    String text = Files.readString(state);
    assertTrue(text.contains("index = 0\nbarcode = \"E01001L8\"\nthreaded = false"), text);
    assertTrue(text.contains("prevent = true"), text);
    try (ScsiTransport changer = VirtualLibraries.open("vtl:L700", home);
        ScsiTransport d0 = VirtualLibraries.open("vtl:L700:0", home)) {
      Cdbs a = new Cdbs(d0);
      a.tur().expect(6, 0x29, 0);
      a.tur().expect(2, 0x04, 0x02);               // still unthreaded: LOAD required
      Cdbs s = new Cdbs(changer);
      s.clearUnitAttentions();
      s.none(move(501, 1001)).expect(5, 0x53, 0x02); // drive 1 still holds PREVENT
    }
    // a session naming another cartridge than the one in the drive is ignored: fresh thread at BOP
    Files.writeString(state, Files.readString(state).replace("\"E01002L8\"\nthreaded", "\"OTHER1L8\"\nthreaded"));
    try (ScsiTransport d1 = VirtualLibraries.open("vtl:L700:1", home)) {
      Cdbs b = new Cdbs(d1);
      b.tur().expect(6, 0x29, 0);
      b.tur().expect(6, 0x28, 0);
      b.tur().expectGood();
    }
  }

  @Test
  void secondOpenOfALockedLibraryFails() throws Exception {
    try (VirtualLibrary lib = VirtualLibrary.open(home, "L700")) {
      IOException e = assertThrows(IOException.class, () -> VirtualLibrary.open(home, "L700"));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertEquals(4, lib.drives().size());
    }
    try (VirtualLibrary again = VirtualLibrary.open(home, "L700")) {
      assertEquals("L700", again.layout().name());
    }
  }

  @Test
  void addressesAreValidated() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> VirtualLibraries.open("vtl:", home));
    assertThrows(IllegalArgumentException.class, () -> VirtualLibraries.open("scsi:L700", home));
    assertThrows(IllegalArgumentException.class, () -> VirtualLibraries.open("vtl:L700:x", home));
    assertThrows(IllegalArgumentException.class, () -> VirtualLibraries.open("vtl:L700:4", home));
    IOException e = assertThrows(IOException.class, () -> VirtualLibraries.open("vtl:NOPE", home));
    assertTrue(e.getMessage().contains("NOPE"));
    try (ScsiTransport t = VirtualLibraries.open("vtl:L700:0", home)) {
      assertEquals("vtl:L700:0", t.deviceName());
    }
  }

  @Test
  void tomlLayoutsRoundTripAndReportBadKeys() throws Exception {
    assertEquals(LibraryLayout.l700(), LibraryLayout.parse(LibraryLayout.l700().toToml()));
    assertEquals(LibraryLayout.l80(), LibraryLayout.parse(LibraryLayout.l80().toToml()));
    LibraryLayout l = LibraryLayout.parse(CUSTOM);
    assertEquals(8, l.changer().storageCount());
    try (VirtualLibrary lib = VirtualLibrary.create(home, l, java.time.Clock.systemUTC())) {
      assertEquals("S00002L8", barcodeAt(lib, 16));
      assertEquals(ElementType.IMPORT_EXPORT, lib.changer().elements().stream().filter(e -> e.address() == 16).findFirst().orElseThrow().type());
      Cdbs s = new Cdbs(lib.changer());
      s.clearUnitAttentions();
      s.none(move(4096, 256)).expectGood();
      Cdbs d = new Cdbs(lib.drive(0));
      d.clearUnitAttentions();
      byte[] inq = d.in(96, 0x12, 0, 0, 0, 96, 0).expectGood().data();
      assertEquals("HP      Ultrium 9-SCSI  ", new String(inq, 8, 24, StandardCharsets.US_ASCII));
      s.none(move(256, 4097)).expect(5, 0x53, 0x02); // strict: threaded cartridge refused
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> LibraryLayout.parse(CUSTOM.replace("storage_start = 4096\n", "")));
    assertTrue(missing.getMessage().contains("library.storage_start"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LibraryLayout.parse(CUSTOM.replace("Ultrium 9", "Ultrium 12")));
    assertThrows(IllegalArgumentException.class, () -> LibraryLayout.parse(CUSTOM.replace("slot = 1\n", "slot = 9\n")));
    assertThrows(IllegalArgumentException.class, () -> LibraryLayout.parse(CUSTOM.replace("\"refuse\"", "\"maybe\"")));
    assertThrows(IllegalArgumentException.class, () -> LibraryLayout.parse("[library"));
  }

  @Test
  void drivesRunConcurrentlyWhileTheChangerMoves() throws Exception {
    try (VirtualLibrary lib = VirtualLibrary.open(home, "L700")) {
      Cdbs s = new Cdbs(lib.changer());
      s.clearUnitAttentions();
      s.none(move(1000, 500)).expectGood();
      s.none(move(1001, 501)).expectGood();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> writers = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
          int index = d;
          writers.add(pool.submit(() -> {
            Cdbs c = new Cdbs(lib.drive(index));
            c.clearUnitAttentions();
            byte[] block = new byte[4096];
            block[0] = (byte) index;
            for (int i = 0; i < 200; i++) {
              c.write(block).expectGood();
            }
            return (int) c.position()[0];
          }));
        }
        Future<Integer> mover = pool.submit(() -> {
          Cdbs c = new Cdbs(lib.changer());
          for (int i = 0; i < 50; i++) {
            c.none(move(1002, 1020)).expectGood();
            c.none(move(1020, 1002)).expectGood();
          }
          return 0;
        });
        for (Future<Integer> w : writers) {
          assertEquals(200, w.get());
        }
        mover.get();
      } finally {
        pool.shutdown();
      }
    }
  }
}
