package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.ChangerStatus;
import dev.tapekit.changer.MoveOptions;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.iscsi.IscsiInitiatorOptions.Digest;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initiator against Linux tgt: a tape library (changer, drive, tapes made by tgtimg), disks with
 * CHAP, mutual CHAP and a 512-byte MaxRecvDataSegmentLength, discovery and logout. Skipped without tgt
 * (see {@link TgtDaemon}).
 */
class TgtInteropTest {
  private static final String PREFIX = "iqn.2026-12.dev.tapekit:it.";
  private static final Duration T = Duration.ofSeconds(60);
  private static final ChapCredentials USER = new ChapCredentials("tkuser", "tk-secret-0001");
  private static final ChapCredentials MUTUAL_USER = new ChapCredentials("tkmutual", "tk-secret-0002");
  private static final ChapCredentials TARGET = new ChapCredentials("tktarget", "tk-secret-0003");
  private static final IscsiInitiatorOptions OPTIONS =
      IscsiInitiatorOptions.defaults().withInitiatorName("iqn.2026-12.dev.tapekit:tgt-interop");

  @TempDir static Path dir;
  private static TgtDaemon tgt;

  @BeforeAll
  static void startTgt() throws Exception {
    tgt = TgtDaemon.start(dir.resolve("tgt"));
    Path media = Files.createDirectories(dir.resolve("media"));
    tgt.tape(media.resolve("TK0001L8"), "TK0001L8", 64);
    tgt.tape(media.resolve("TK0002L8"), "TK0002L8", 64);
    Files.write(dir.resolve("changer.placeholder"), new byte[1024]);
    tgt.tape(dir.resolve("drive.placeholder"), "NOTAPE00", 1);
    // tid 1: the library. LUN 1 the changer, LUN 2 the drive (offline until a tape is moved in).
    tgt.admin("--op", "new", "--mode", "target", "--tid", "1", "-T", PREFIX + "library");
    tgt.admin("--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "-b",
        dir.resolve("changer.placeholder").toString(), "--device-type=changer");
    tgt.admin("--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "--params",
        "vendor_id=STK,product_id=L700,product_rev=0104,scsi_sn=TKCHGR0001,removable=1,media_home=" + media);
    tgt.admin("--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "2", "-b",
        dir.resolve("drive.placeholder").toString(), "--device-type=tape");
    tgt.admin("--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "2", "--params",
        "vendor_id=IBM,product_id=ULT3580-TD8,product_rev=Q3F0,scsi_sn=TKDRV0000,removable=1,online=0");
    for (String params : List.of("element_type=4,start_address=256,quantity=1", "element_type=4,address=256,tid=1,lun=2",
        "element_type=1,start_address=1,quantity=1", "element_type=3,start_address=768,quantity=1",
        "element_type=2,start_address=1024,quantity=4", "element_type=2,address=1024,barcode=TK0001L8,sides=1",
        "element_type=2,address=1025,barcode=TK0002L8,sides=1")) {
      tgt.admin("--op", "update", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "--params", params);
    }
    // tids 2-5: disks. 2 one-way CHAP, 3 mutual CHAP, 4 small data segments and R2T only, 5 plain.
    String[] names = {"chap", "mutual", "small", "disk"};
    for (int i = 0; i < names.length; i++) {
      String tid = Integer.toString(2 + i);
      Path backing = dir.resolve(names[i] + ".img");
      try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
        f.setLength(8 << 20);
      }
      tgt.admin("--op", "new", "--mode", "target", "--tid", tid, "-T", PREFIX + names[i]);
      tgt.admin("--op", "new", "--mode", "logicalunit", "--tid", tid, "--lun", "1", "-b", backing.toString());
    }
    tgt.admin("--op", "new", "--mode", "account", "--user", USER.user(), "--password", USER.secret());
    tgt.admin("--op", "new", "--mode", "account", "--user", MUTUAL_USER.user(), "--password", MUTUAL_USER.secret());
    tgt.admin("--op", "new", "--mode", "account", "--user", TARGET.user(), "--password", TARGET.secret());
    tgt.admin("--op", "bind", "--mode", "account", "--tid", "2", "--user", USER.user());
    tgt.admin("--op", "bind", "--mode", "account", "--tid", "3", "--user", MUTUAL_USER.user());
    tgt.admin("--op", "bind", "--mode", "account", "--tid", "3", "--user", TARGET.user(), "--outgoing");
    // tgt answers its configured digest value whatever is offered: configure CRC32C where the test requires it.
    tgt.admin("--op", "update", "--mode", "target", "--tid", "5", "--name", "HeaderDigest", "--value", "CRC32C");
    tgt.admin("--op", "update", "--mode", "target", "--tid", "5", "--name", "DataDigest", "--value", "CRC32C");
    for (String[] kv : new String[][] {{"MaxRecvDataSegmentLength", "512"}, {"InitialR2T", "Yes"},
        {"ImmediateData", "No"}, {"MaxBurstLength", "4096"}, {"FirstBurstLength", "1024"}}) {
      tgt.admin("--op", "update", "--mode", "target", "--tid", "4", "--name", kv[0], "--value", kv[1]);
    }
    for (int tid = 1; tid <= 5; tid++) {
      tgt.admin("--op", "bind", "--mode", "target", "--tid", Integer.toString(tid), "-I", "ALL");
    }
  }

  @AfterAll
  static void stopTgt() throws Exception {
    if (tgt != null) {
      tgt.close();
    }
  }

  private static IscsiAddress address(String name, int lun) {
    return new IscsiAddress("127.0.0.1", tgt.port, PREFIX + name, lun);
  }

  private static byte[] inquiry(IscsiTransport t) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(96);
    ScsiResult r = t.execute(new byte[] {0x12, 0, 0, 0, 96, 0}, DataDirection.FROM_DEVICE, b, T);
    assertTrue(r.isGood(), r.toString());
    assertEquals(0, b.position());
    byte[] out = new byte[r.transferred()];
    b.get(0, out);
    return out;
  }

  @Test
  void tapeLibraryWritesAndReadsBackThroughTheChangerAndDrive() throws Exception {
    try (IscsiTransport changerLink = IscsiTransport.open(address("library", 1), OPTIONS);
        IscsiTransport driveLink = IscsiTransport.open(address("library", 2), OPTIONS)) {
      assertEquals(8, inquiry(changerLink)[0] & 0x1F, "peripheral type: medium changer");
      assertEquals(1, inquiry(driveLink)[0] & 0x1F, "peripheral type: sequential access");
      assertEquals(ScsiStatus.CHECK_CONDITION, changerLink.execute(new byte[6], DataDirection.NONE, null, T)
          .scsiStatus(), "the first command after login meets the power-on unit attention");
      // tgt transfers 8 bytes less READ ELEMENT STATUS data than its header announces (the end of the
      // last descriptor): the raw reply shows it, and SmcChanger reads it as the 8-bytes-short quirk.
      byte[] slot = elementStatus(changerLink, 2, 1024);
      assertEquals(1, slot[2] & 1, "slot 1024 is full");
      assertEquals("TK0001L8", new String(slot, 12, 32, java.nio.charset.StandardCharsets.US_ASCII).trim());
      SmcChanger changer = SmcChanger.open(changerLink);
      ChangerStatus before = changer.status();
      assertEquals(List.of(Optional.of("TK0001L8"), Optional.of("TK0002L8"), Optional.empty(), Optional.empty()),
          before.storage().stream().map(ElementDescriptor::barcode).toList(), "slots 1024-1027");
      assertEquals(List.of(256), before.drives().stream().map(ElementDescriptor::address).toList());
      assertFalse(before.drives().get(0).full(), "the drive is empty");
      changer.move(1024, 256, MoveOptions.DEFAULT);
      ChangerStatus after = changer.status();
      assertTrue(after.drives().get(0).full(), "the drive is loaded");
      assertEquals(Optional.of("TK0001L8"), after.drives().get(0).barcode());
      assertEquals(OptionalInt.of(1024), after.drives().get(0).validSource(), "it came from slot 1024");
      assertFalse(after.storage().get(0).full());

      clearUnitAttention(driveLink);
      ScsiTapeDrive drive = ScsiTapeDrive.open(driveLink,
          new ScsiTapeDrive.OpenOptions(Duration.ofSeconds(30), false));
      drive.setBlockSize(0); // variable blocks (tgt's drive has no compression, so no other defaults)
      ScsiResult tur = driveLink.execute(new byte[6], DataDirection.NONE, null, T);
      assertTrue(tur.isGood(), "TEST UNIT READY: " + tur);
      ByteBuffer mode = ByteBuffer.allocate(255);
      ScsiResult modeSense = driveLink.execute(new byte[] {0x1A, 0, 0x3F, 0, (byte) 255, 0},
          DataDirection.FROM_DEVICE, mode, T);
      assertTrue(modeSense.isGood(), "MODE SENSE: " + modeSense);
      assertEquals((mode.get(0) & 0xFF) + 1, modeSense.transferred(), "mode data length matches the transfer");

      Random random = new Random(16);
      byte[] big = new byte[1 << 20];
      byte[] small = new byte[64 << 10];
      random.nextBytes(big);
      random.nextBytes(small);
      drive.write(ByteBuffer.wrap(big));
      ByteBuffer direct = ByteBuffer.allocateDirect(small.length + 100).position(50);
      direct.put(small).position(50).limit(50 + small.length);
      drive.write(direct);
      drive.writeFilemarks(1, false);
      drive.rewind();

      ByteBuffer back = ByteBuffer.allocate(big.length);
      assertEquals(new ReadResult(ReadResult.Kind.DATA, big.length, big.length), drive.read(back));
      assertArrayEquals(big, back.array());
      ByteBuffer backDirect = ByteBuffer.allocateDirect(small.length);
      ReadResult second = drive.read(backDirect);
      assertEquals(small.length, second.length());
      byte[] smallBack = new byte[small.length];
      backDirect.get(0, smallBack);
      assertArrayEquals(small, smallBack);
      assertEquals(ReadResult.Kind.FILEMARK, drive.read(ByteBuffer.allocate(65536)).kind());

      // Past the end of data: CHECK CONDITION, BLANK CHECK, carried in the SCSI Response's sense.
      ScsiResult eod = driveLink.execute(new byte[] {0x08, 0, 1, 0, 0, 0}, DataDirection.FROM_DEVICE,
          ByteBuffer.allocate(65536), T);
      assertEquals(ScsiStatus.CHECK_CONDITION, eod.scsiStatus());
      assertEquals(SenseKey.BLANK_CHECK, eod.senseData().orElseThrow().key(), eod.toString());
    }
  }

  /**
   * READ ELEMENT STATUS (with VOLTAG) for the one element at {@code address}: its descriptor, after the
   * 8-byte report header and the 8-byte page header.
   */
  private static byte[] elementStatus(IscsiTransport changer, int type, int address) throws Exception {
    byte[] cdb = {(byte) 0xB8, (byte) (0x10 | type), (byte) (address >>> 8), (byte) address, 0, 1, 0, 0, 1, 0, 0, 0};
    ByteBuffer data = ByteBuffer.allocate(256);
    ScsiResult r = changer.execute(cdb, DataDirection.FROM_DEVICE, data, T);
    assertTrue(r.isGood(), r.toString());
    assertTrue(r.transferred() >= 16 + 12 + 32, "element status with a volume tag: " + r);
    assertEquals(address, data.getShort(16) & 0xFFFF);
    byte[] descriptor = new byte[r.transferred() - 16];
    data.get(16, descriptor);
    return descriptor;
  }

  @Test
  void digestsCarryLargeTransfersToADisk() throws Exception {
    IscsiInitiatorOptions digests = OPTIONS.withDigests(Digest.CRC32C_REQUIRED, Digest.CRC32C_REQUIRED);
    try (IscsiTransport disk = IscsiTransport.open(address("disk", 1), digests)) {
      clearUnitAttention(disk);
      roundTrip(disk, 2048, 1 << 20, 7);
    }
  }

  @Test
  void smallDataSegmentsAndSolicitedDataOnly() throws Exception {
    try (IscsiTransport disk = IscsiTransport.open(address("small", 1), OPTIONS)) {
      clearUnitAttention(disk);
      roundTrip(disk, 100, 64 << 10, 8);
      roundTrip(disk, 300, 512 * 3 + 512, 9);
    }
  }

  /** TEST UNIT READY until the power-on unit attention of a new nexus is consumed. */
  private static void clearUnitAttention(IscsiTransport t) throws Exception {
    for (int i = 0; i < 3; i++) {
      if (t.execute(new byte[6], DataDirection.NONE, null, T).isGood()) {
        return;
      }
    }
    throw new AssertionError("TEST UNIT READY never returned GOOD");
  }

  /** WRITE(10) then READ(10) of {@code length} bytes at {@code lba}, compared. */
  private static void roundTrip(IscsiTransport disk, int lba, int length, long seed) throws Exception {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    int blocks = length / 512;
    byte[] write = {0x2A, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
        (byte) (blocks >>> 8), (byte) blocks, 0};
    ScsiResult w = disk.execute(write, DataDirection.TO_DEVICE, ByteBuffer.wrap(data), T);
    assertTrue(w.isGood(), w.toString());
    byte[] read = write.clone();
    read[0] = 0x28;
    ByteBuffer back = ByteBuffer.allocate(length);
    ScsiResult r = disk.execute(read, DataDirection.FROM_DEVICE, back, T);
    assertTrue(r.isGood(), r.toString());
    assertEquals(length, r.transferred());
    assertArrayEquals(data, back.array());
  }

  @Test
  void oneWayChap() throws Exception {
    try (IscsiTransport t = IscsiTransport.open(address("chap", 1), OPTIONS.withChap(USER))) {
      assertEquals(0, inquiry(t)[0] & 0x1F);
    }
    ScsiTransportException wrong = assertThrows(ScsiTransportException.class, () -> IscsiTransport.open(
        address("chap", 1), OPTIONS.withChap(new ChapCredentials(USER.user(), "not-the-secret"))));
    assertEquals(Kind.PERMISSION_DENIED, wrong.kind());
    assertTrue(wrong.getMessage().contains("authentication failed (0201)"), wrong.getMessage());
    ScsiTransportException none = assertThrows(ScsiTransportException.class,
        () -> IscsiTransport.open(address("chap", 1), OPTIONS));
    assertEquals(Kind.PERMISSION_DENIED, none.kind(), none.getMessage());
  }

  @Test
  void mutualChap() throws Exception {
    IscsiInitiatorOptions mutual = OPTIONS.withChap(MUTUAL_USER).withMutualChap(TARGET);
    try (IscsiTransport t = IscsiTransport.open(address("mutual", 1), mutual)) {
      assertEquals(0, inquiry(t)[0] & 0x1F);
    }
    ScsiTransportException impostor = assertThrows(ScsiTransportException.class, () -> IscsiTransport.open(
        address("mutual", 1), OPTIONS.withChap(MUTUAL_USER).withMutualChap(
            new ChapCredentials(TARGET.user(), "another-secret"))));
    assertEquals(Kind.PERMISSION_DENIED, impostor.kind());
    assertTrue(impostor.getMessage().contains("mutual CHAP"), impostor.getMessage());
  }

  @Test
  void unknownTargetIsNoDevice() {
    ScsiTransportException e = assertThrows(ScsiTransportException.class,
        () -> IscsiTransport.open(address("nonexistent", 1), OPTIONS));
    assertEquals(Kind.NO_DEVICE, e.kind());
    assertTrue(e.getMessage().contains("(0203)"), e.getMessage());
  }

  @Test
  void discoveryListsEveryTargetWithItsPortal() throws Exception {
    List<IscsiDiscovery.Target> targets = IscsiDiscovery.sendTargets("127.0.0.1", tgt.port, OPTIONS);
    assertEquals(List.of(PREFIX + "library", PREFIX + "chap", PREFIX + "mutual", PREFIX + "small", PREFIX + "disk"),
        targets.stream().map(IscsiDiscovery.Target::name).toList());
    for (IscsiDiscovery.Target t : targets) {
      assertEquals(List.of(new IscsiDiscovery.Portal("127.0.0.1", tgt.port, 1)), t.portals(), t.name());
    }
  }

  @Test
  void closeLogsOutAndEndsTheNexus() throws Exception {
    IscsiTransport t = IscsiTransport.open(address("disk", 1), OPTIONS.withInitiatorName(
        "iqn.2026-12.dev.tapekit:logout-check"));
    inquiry(t);
    assertTrue(tgt.adminOutput("--op", "show", "--mode", "target").contains("logout-check"));
    t.close();
    String after = "";
    for (int i = 0; i < 50; i++) {
      after = tgt.adminOutput("--op", "show", "--mode", "target");
      if (!after.contains("logout-check")) {
        break;
      }
      Thread.sleep(100);
    }
    assertFalse(after.contains("logout-check"), after);
    ScsiTransportException closed = assertThrows(ScsiTransportException.class,
        () -> t.execute(new byte[6], DataDirection.NONE, null, T));
    assertEquals(Kind.UNAVAILABLE, closed.kind());
  }
}
