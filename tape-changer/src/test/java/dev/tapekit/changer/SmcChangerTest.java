package dev.tapekit.changer;

import static dev.tapekit.changer.testing.ElementStatusEncoder.sense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.SmcCommands;
import dev.tapekit.changer.testing.ScriptedLibrary;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.FakeClock;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.OperationCodes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmcChangerTest {
  private ScriptedLibrary lib;
  private FakeClock clock;

  @BeforeEach
  void setUp() {
    lib = ScriptedLibrary.standard(10, 2, 2);
    clock = new FakeClock();
    lib.clock = clock;
    lib.slot(0).full("E01001L8");
    lib.slot(2).full("CLN001L1");
    lib.drives.get(1).full("E01002L8").loadedFrom(1001);
  }

  private SmcChanger changer() {
    return SmcChanger.builder(lib).clock(clock).sleeper(clock::sleep).build();
  }

  @Test
  void statusReadsEachTypeSeparatelyThenDvcid() throws Exception {
    ChangerStatus s = changer().status();
    assertEquals(1, s.transports().size());
    assertEquals(10, s.storage().size());
    assertEquals(2, s.importExport().size());
    assertEquals(2, s.drives().size());
    assertTrue(s.volumeTags());
    assertEquals(Optional.of("E01001L8"), s.storage().get(0).barcode());
    assertTrue(s.storage().get(2).holdsCleaningCartridge());
    ElementDescriptor drive1 = s.drives().get(1);
    assertEquals(Optional.of("E01002L8"), drive1.barcode());
    assertEquals(OptionalInt.of(1001), drive1.validSource());
    assertEquals(Optional.of("XYZZY_A2"), drive1.serialNumber());
    assertEquals(Optional.of("XYZZY_A1"), s.drives().get(0).serialNumber());
    assertEquals(List.of(
            "1a081d00ff00",
            "b81203e8000a000005100000",
            "b813000a0002000001100000",
            "b81401f40002000001100000",
            "b80401f40002010001100000",
            "b81100000001000000900000"),
        lib.log);
    assertEquals(Optional.of(s.storage().get(0)), s.findBarcode("E01001L8"));
  }

  @Test
  void cdbsCarryTypeVoltagDvcidAndTwoByteAllocation() throws Exception {
    changer().status();
    List<String> res = lib.commands(0xB8);
    assertEquals("b81203e8000a00000510000", res.get(0).substring(0, 23));
    assertTrue(res.stream().allMatch(c -> c.substring(14, 16).equals("00")), "allocation byte 7 must stay 0: " + res);
    String dvcid = res.get(3);
    assertEquals("04", dvcid.substring(2, 4), "DVCID request without VOLTAG: " + dvcid);
    assertEquals("01", dvcid.substring(12, 14));
  }

  @Test
  void bigLibrariesArePagedFromLastAddressPlusOne() throws Exception {
    lib = ScriptedLibrary.standard(25, 0, 1);
    lib.slot(24).full("LAST0001");
    ChangerStatus s = SmcChanger.builder(lib).maxElementsPerRequest(10).build().status();
    assertEquals(25, s.storage().size());
    assertEquals(Optional.of("LAST0001"), s.storage().get(24).barcode());
    List<String> storageReads = lib.commands(0xB8).stream().filter(c -> c.startsWith("b812")).toList();
    assertEquals(List.of("b81203e8000a", "b81203f2000a", "b81203fc0005"),
        storageReads.stream().map(c -> c.substring(0, 12)).toList());
  }

  @Test
  void libraryThatReturnsFewerElementsThanAskedIsPaged() throws Exception {
    lib.maxElementsPerReply = 4;
    ChangerStatus s = changer().status();
    assertEquals(10, s.storage().size());
    assertEquals(1009, s.storage().get(9).address());
  }

  @Test
  void withoutBarcodeReaderRetriesWithoutVoltag() throws Exception {
    lib.barcodeReader = false;
    SmcChanger changer = changer();
    ChangerStatus s = changer.status();
    assertFalse(s.volumeTags());
    assertEquals(Optional.empty(), s.storage().get(0).primaryTag());
    assertTrue(s.storage().get(0).full());
    List<String> res = lib.commands(0xB8);
    assertTrue(res.get(0).startsWith("b812"));
    assertTrue(res.get(1).startsWith("b802"));
    assertTrue(res.stream().skip(1).noneMatch(c -> (Integer.parseInt(c.substring(2, 4), 16) & 0x10) != 0),
        "VOLTAG stays off after the first refusal: " + res);
    assertEquals(Optional.of("XYZZY_A1"), s.drives().get(0).serialNumber());
  }

  @Test
  void notReadyWhileInventoryingLeavesVolumeTagsOn() throws Exception {
    SmcChanger changer = changer();
    lib.voltagNotReady = 20; // outlasts the 5 s of NOT READY retries
    ChangerException e = assertThrows(ChangerException.class, changer::status);
    assertEquals(ChangerException.Reason.NOT_READY, e.reason());
    lib.voltagNotReady = 0;
    ChangerStatus s = changer.status();
    assertTrue(s.volumeTags(), "a NOT READY must not turn volume tags off");
    assertEquals(Optional.of("E01002L8"), s.drives().get(1).barcode());
  }

  @Test
  void dvcidRefusedGivesNoSerialsButStatus() throws Exception {
    lib.dvcidSupported = false;
    ChangerStatus s = changer().status();
    assertEquals(Optional.empty(), s.drives().get(0).serialNumber());
    assertEquals(Optional.of("E01002L8"), s.drives().get(1).barcode());
  }

  @Test
  void voltagAndDvcidTogetherRefusedIsNeverAsked() throws Exception {
    lib.voltagWithDvcidRefused = true;
    ChangerStatus s = changer().status();
    assertEquals(Optional.of("XYZZY_A2"), s.drives().get(1).serialNumber());
    assertEquals(Optional.of("E01002L8"), s.drives().get(1).barcode());
  }

  @Test
  void t10VendorFormSerialsAreMerged() throws Exception {
    lib.drives.get(0).t10VendorForm = true;
    lib.drives.get(0).serial = "1068000123";
    ChangerStatus s = changer().status();
    assertEquals(Optional.of("1068000123"), s.drives().get(0).serialNumber());
    assertEquals(Optional.of("IBM"), s.drives().get(0).identifier().orElseThrow().vendor());
  }

  @Test
  void withoutAssignmentPageEveryTypeIsReadFromAddressZero() throws Exception {
    lib.assignmentPage = false;
    ChangerStatus s = changer().status();
    assertEquals(Optional.empty(), s.assignment());
    assertEquals(10, s.storage().size());
    assertEquals(2, s.drives().size());
    assertTrue(lib.commands(0xB8).get(0).startsWith("b81200000"));
  }

  @Test
  void allocationLengthQuirkAsksForHeaderThenExactSize() throws Exception {
    lib.exactAllocationOnly = true;
    ChangerStatus s = changer().status();
    assertEquals(10, s.storage().size());
    List<String> res = lib.commands(0xB8);
    assertEquals("000008", res.get(1).substring(14, 20));
    int exact = 8 + 8 + 10 * 52;
    assertEquals(String.format("%06x", exact), res.get(2).substring(14, 20));
  }

  @Test
  void replyCutByAllocationIsReadAgainWithFewerElements() throws Exception {
    lib = ScriptedLibrary.standard(1500, 0, 1);
    lib.alternateTags = true;
    ChangerStatus s = SmcChanger.builder(lib).maxElementsPerRequest(1000).driveIdentifiers(false).build().status();
    assertEquals(1500, s.storage().size());
    List<String> storageReads = lib.commands(0xB8).stream().filter(c -> c.startsWith("b812")).toList();
    assertEquals("b81203e803e8", storageReads.get(0).substring(0, 12));
    assertEquals("b81203e801f4", storageReads.get(1).substring(0, 12), "halved after a cut reply: " + storageReads);
  }

  @Test
  void cutReplyWithoutAssignmentPageKeepsPaging() throws Exception {
    lib = ScriptedLibrary.standard(1500, 0, 1);
    lib.alternateTags = true;
    lib.assignmentPage = false;
    lib.slot(1499).full("LAST0001");
    ChangerStatus s = SmcChanger.builder(lib).driveIdentifiers(false).build().status();
    assertEquals(1500, s.storage().size());
    assertEquals(Optional.of("LAST0001"), s.storage().get(1499).barcode());
  }

  @Test
  void garbledAssignmentPageIsIgnored() throws Exception {
    lib.modeSenseReply = Hex.bytes("05 00 00 00 1E 00");
    ChangerStatus s = changer().status();
    assertEquals(Optional.empty(), s.assignment());
    assertEquals(10, s.storage().size());
  }

  @Test
  void countMismatchWithAssignmentPageIsReported() {
    lib.maxElementsPerReply = 4;
    lib.storage.remove(9);
    lib.assignmentPage = true;
    lib.storage.add(new dev.tapekit.changer.testing.SimElement(dev.tapekit.changer.smc.ElementType.IMPORT_EXPORT, 1009));
    MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> changer().status());
    assertTrue(e.getMessage().contains("announces 10 storage"), e.getMessage());
  }

  @Test
  void unitAttentionIsClearedByRepeating() throws Exception {
    lib.pendingSense.add(sense(6, 0x29, 0x00));
    lib.pendingSense.add(sense(6, 0x28, 0x00));
    ChangerStatus s = changer().status();
    assertEquals(10, s.storage().size());
    assertEquals(0, clock.sleeps().size());
    assertEquals(3, lib.commands(0x1A).size());
  }

  @Test
  void becomingReadyIsWaitedForWithTheInjectedClock() throws Exception {
    lib.readyAt = clock.instant().plusSeconds(42);
    ChangerStatus s = changer().status();
    assertEquals(10, s.storage().size());
    assertEquals(Duration.ofSeconds(42), clock.slept());
    assertEquals(42, clock.sleeps().size());
  }

  @Test
  void becomingReadyGivesUpAfterFiveMinutes() {
    lib.readyAt = clock.instant().plusSeconds(3600);
    ChangerException e = assertThrows(ChangerException.class, () -> changer().status());
    assertEquals(ChangerException.Reason.NOT_READY, e.reason());
    assertEquals(Duration.ofSeconds(300), clock.slept());
    assertTrue(e.getMessage().startsWith("/dev/sg5: MODE SENSE(6) failed: Not Ready: Logical unit is in process of becoming ready"),
        e.getMessage());
  }

  @Test
  void aMoveThatMeetsAUnitAttentionIsNotSentAgain() {
    lib.pendingSense.add(sense(6, 0x28, 0x01)); // import/export element accessed: the slots may have changed
    ChangerException e = assertThrows(ChangerException.class,
        () -> changer().move(1000, 500, MoveOptions.DEFAULT.withTransport(0)));
    assertTrue(e.getMessage().contains("Unit Attention"), e.getMessage());
    assertEquals(1, lib.commands(0xA5).size(), "one MOVE MEDIUM on the wire");
    assertEquals(0, clock.sleeps().size());
  }

  @Test
  void otherNotReadyIsRetriedForFiveSeconds() {
    for (int i = 0; i < 20; i++) {
      lib.pendingSense.add(sense(2, 0x04, 0x03));
    }
    ChangerException e = assertThrows(ChangerException.class,
        () -> changer().move(1000, 500, MoveOptions.DEFAULT.withTransport(0)));
    assertEquals(Duration.ofSeconds(5), clock.slept());
    assertEquals(ChangerException.Reason.NOT_READY, e.reason());
  }

  @Test
  void illegalRequestIsNotRetried() {
    ChangerException e = assertThrows(ChangerException.class, () -> changer().move(1001, 500));
    assertEquals(0, clock.sleeps().size());
    assertEquals(ChangerException.Reason.SOURCE_EMPTY, e.reason());
    assertEquals("/dev/sg5: MOVE MEDIUM failed: Illegal Request: Medium source element empty (ASC/ASCQ 3b/0e)"
        + " (from element 1001 to element 500 via transport 0: the source element is empty)", e.getMessage());
    assertEquals("MOVE MEDIUM", e.command());
  }

  @Test
  void moveErrorsNameReasonAndElements() {
    SmcChanger c = changer();
    ChangerException full = assertThrows(ChangerException.class, () -> c.move(1000, 501));
    assertEquals(ChangerException.Reason.DESTINATION_FULL, full.reason());
    assertTrue(full.getMessage().contains("from element 1000 to element 501"), full.getMessage());
    assertTrue(full.getMessage().contains("Medium destination element full (ASC/ASCQ 3b/0d)"), full.getMessage());
    ChangerException invalid = assertThrows(ChangerException.class, () -> c.move(1000, 4242));
    assertEquals(ChangerException.Reason.INVALID_ELEMENT_ADDRESS, invalid.reason());
    assertTrue(invalid.getMessage().contains("Invalid element address (ASC/ASCQ 21/01), error in CDB byte 6"),
        invalid.getMessage());
    lib.drives.get(1).removalPrevented = true;
    ChangerException prevented = assertThrows(ChangerException.class, () -> c.move(501, 1001));
    assertEquals(ChangerException.Reason.MEDIUM_REMOVAL_PREVENTED, prevented.reason());
    assertTrue(prevented.getMessage().contains("unload the tape in the drive first"), prevented.getMessage());
  }

  @Test
  void moveUsesFirstTransportAndOptions() throws Exception {
    lib.transports.clear();
    lib.transports.add(new dev.tapekit.changer.testing.SimElement(dev.tapekit.changer.smc.ElementType.MEDIUM_TRANSPORT, 7));
    SmcChanger c = changer();
    c.move(1000, 500);
    assertEquals("a5000007" + "03e801f4" + "00000000", lib.commands(0xA5).get(0));
    c.move(500, 1000, new MoveOptions(OptionalInt.empty(), true, false, 1));
    assertEquals("a500000701f403e800000140", lib.commands(0xA5).get(1));
    assertTrue(lib.storage.get(0).full);
  }

  @Test
  void exchangeInventoryPositionPreventAndMailSlot() throws Exception {
    SmcChanger c = changer();
    c.exchange(1000, 1002, 1000, MoveOptions.DEFAULT);
    assertEquals("CLN001L1", lib.slot(0).tag);
    assertEquals("E01001L8", lib.slot(2).tag);
    c.inventory();
    c.inventory(1000, 10);
    c.position(1005);
    c.preventRemoval(true);
    assertEquals(Boolean.TRUE, lib.prevented);
    c.openImportExport(10, true);
    assertEquals(List.of("070000000000"), lib.commands(0x07));
    assertEquals(List.of("e70103e80000000a00000000"), lib.commands(0xE7));
    assertEquals(List.of("2b00000003ed00000000"), lib.commands(0x2B));
    assertEquals(List.of("1b00000a0000"), lib.commands(0x1B));
    ChangerException e = assertThrows(ChangerException.class, () -> c.openImportExport(1000, false));
    assertTrue(e.getMessage().contains("import/export element 1000"), e.getMessage());
    lib.exchangeSupported = false;
    ChangerException unsupported = assertThrows(ChangerException.class, () -> c.exchange(1000, 1002, 1000, MoveOptions.DEFAULT));
    assertEquals(ChangerException.Reason.UNSUPPORTED, unsupported.reason());
  }

  @Test
  void modePagesAreReadable() throws Exception {
    SmcChanger c = changer();
    assertEquals(new dev.tapekit.changer.smc.ElementAddressAssignment(0, 1, 1000, 10, 10, 2, 500, 2),
        c.elementAddressAssignment());
    assertFalse(c.transportGeometry().transports().get(0).canRotate());
    assertTrue(c.deviceCapabilities().canMove(dev.tapekit.changer.smc.ElementType.STORAGE,
        dev.tapekit.changer.smc.ElementType.DATA_TRANSFER));
    assertEquals(List.of("1a081d00ff00", "1a081e00ff00", "1a081f00ff00"), lib.commands(0x1A));
    lib.assignmentPage = false;
    ChangerException e = assertThrows(ChangerException.class, c::elementAddressAssignment);
    assertTrue(e.getMessage().contains("MODE SENSE(6) failed: Illegal Request: Invalid field in CDB"), e.getMessage());
    assertTrue(e.getMessage().contains("page 0x1D"), e.getMessage());
  }

  @Test
  void inquiryDecodes() throws Exception {
    assertEquals("L700            ", changer().inquiry().product());
  }

  // ---- timeouts

  @Test
  void moveMediumUsesTheChangersRecommendedTimeoutReadOnceBeforeTheFirstMove() throws Exception {
    lib.supportedOperationCodes = new OperationCodes()
        .command(0xA5, -1, 12, 300, 2700)
        .command(0xB8, -1, 12, 60, 900)
        .bytes();
    SmcChanger changer = changer();
    changer.status();
    changer.move(1000, 500, MoveOptions.DEFAULT.withTransport(0));
    changer.move(500, 1000, MoveOptions.DEFAULT.withTransport(0));
    changer.status();
    assertEquals(1, lib.commands(0xA3).size(), "read once, before the first move");
    assertEquals(List.of(Duration.ofSeconds(2700), Duration.ofSeconds(2700)), timeoutsOf(0xA5));
    List<Duration> res = timeoutsOf(0xB8);
    assertEquals(SmcCommands.MOVE_TIMEOUT, res.get(0), "status before the first move: the fallback");
    assertEquals(Duration.ofSeconds(900), res.get(res.size() - 1), "once read, READ ELEMENT STATUS too");
  }

  @Test
  void aChangerWithoutTheReportMovesWithTheFallback() throws Exception {
    SmcChanger changer = changer();
    changer.move(1000, 500, MoveOptions.DEFAULT.withTransport(0));
    changer.inventory();
    changer.move(500, 1000, MoveOptions.DEFAULT.withTransport(0));
    assertEquals(1, lib.commands(0xA3).size(), "a refusal is remembered too");
    assertEquals(List.of(SmcCommands.MOVE_TIMEOUT, SmcCommands.MOVE_TIMEOUT), timeoutsOf(0xA5));
    assertEquals(List.of(SmcCommands.INVENTORY_TIMEOUT), timeoutsOf(0x07));
  }

  private List<Duration> timeoutsOf(int opcode) {
    String op = String.format("%02x", opcode);
    return java.util.stream.IntStream.range(0, lib.log.size())
        .filter(i -> lib.log.get(i).startsWith(op))
        .mapToObj(lib.timeouts::get)
        .toList();
  }
}
