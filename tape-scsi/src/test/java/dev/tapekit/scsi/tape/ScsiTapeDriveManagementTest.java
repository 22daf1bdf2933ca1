package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.Sleeper;

import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.COMPRESSION_ON;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.DEVICE;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.MODE_SELECT_16;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.MODE_SENSE_0F;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.MODE_SENSE_10;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.READ_POS_LONG;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.TUR;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.assertNames;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.longPosition;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.mode10;
import static dev.tapekit.scsi.tape.ScsiTapeDriveTest.sense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.ssc.DensitySupport;
import dev.tapekit.scsi.ssc.LtoDensity;
import dev.tapekit.scsi.testing.FakeClock;
import dev.tapekit.scsi.testing.FixedSense;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.ScriptedTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ScsiTapeDrive's management operations (options, identity, open, encryption, MAM, log pages,
 * status) against scripted drive answers built from the SPC-5/SSC-5 field definitions.
 */
class ScsiTapeDriveManagementTest {
  static final String INQUIRY = "12 00 00 00 24 00";
  static final String VPD_80 = "12 01 80 00 fc 00";
  static final String REQUEST_SENSE = "03 00 00 00 fc 00";
  static final String LOG_SENSE_11 = "4d 00 51 00 00 00 00 02 00 00";
  static final String LOG_SENSE_12 = "4d 00 52 00 00 00 00 02 00 00";
  static final String LOG_SENSE_17 = "4d 00 57 00 00 00 00 20 00 00";
  static final String READ_ATTRIBUTE_ALL = "8c 00 00 00 00 00 00 00 00 00 00 00 80 00 00 00";
  static final String SPIN_CAPABILITIES = "a2 20 00 10 00 00 00 00 20 00 00 00";
  static final String SPIN_STATUS = "a2 20 00 20 00 00 00 00 20 00 00 00";

  /** Page 0010h with algorithm 1 = hardware AES-256-GCM (32-byte key) and a vendor algorithm 2. */
  static final byte[] CAPABILITIES = Hex.bytes("0010 0040 09 000000000000000000000000000000"
      + " 01 00 0014 ba 4c 0020 000c 0020 49 00 0000 0000 0000 00010014"
      + " 02 00 0014 01 00 0000 0000 0010 00 03 0002 0040 0000 80010401");
  /** Page 0020h: all I_T nexus, ENCRYPT, MIXED, algorithm 1, key instance 1. */
  static final byte[] STATUS_MIXED = Hex.bytes("0020 0014 40 02 03 01 00000001 00 00 0000 0000000000000000");
  static final byte[] STATUS_OFF = Hex.bytes("0020 0014 40 00 00 00 00000001 00 00 0000 0000000000000000");

  final ScriptedTransport t = new ScriptedTransport(DEVICE);
  final FakeClock clock = new FakeClock();
  final Sleeper sleeper = clock::sleep;
  final ScsiTapeDrive drive = new ScsiTapeDrive(t, clock, sleeper);

  @AfterEach
  void everyScriptedCommandWasSent() {
    t.assertAllConsumed();
  }

  static String ascii(String text, int width) {
    return Hex.of(String.format("%-" + width + "s", text).getBytes(StandardCharsets.US_ASCII));
  }

  /** Standard INQUIRY data, 36 bytes (SPC-5 6.7.2): qualifier 0, {@code type}, RMB, SPC-4, format 2. */
  static byte[] inquiry(int type, String vendor, String product, String revision) {
    return Hex.bytes(String.format("%02x 80 06 02 1f 00 00 00", type)
        + ascii(vendor, 8) + ascii(product, 16) + ascii(revision, 4));
  }

  void expectIdentity() {
    t.expect(INQUIRY).good(inquiry(1, "IBM", "ULT3580-TD9", "Q3A1"));
    t.expect(VPD_80).good(Hex.bytes("01 80 00 0a" + ascii("10WT012345", 10)));
  }

  /** REPORT SUPPORTED OPERATION CODES, all commands, with timeouts (RCTD), 8 KiB: what open() asks. */
  static final String RSOC_ALL = "a3 0c 80 00 00 00 00 00 20 00 00 00";

  /** open()'s timeouts query, refused as drives without REPORT SUPPORTED OPERATION CODES refuse it. */
  void expectNoReportedTimeouts() {
    t.expect(RSOC_ALL).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE));
  }

  static final DriveIdentity IBM = new DriveIdentity("IBM", "ULT3580-TD9", "Q3A1", Optional.of("10WT012345"));

  // ---- options ----

  @Test
  void defaultOptionsAreOneReadModifyWriteOfPage0f() throws Exception {
    // Fixed 512-byte blocks, unbuffered, compression off (DCE=0, DCC=1).
    t.expect(MODE_SENSE_0F).good(mode10(0x00, 0x5E, 512, "0f 0e 40 80 00 00 00 01 00 00 00 01 00 00 00 00"));
    t.expect("55 10 00 00 00 00 00 00 20 00").good();
    drive.setOptions(DriveOptions.DEFAULTS);
    assertEquals("00 00 00 10 00 00 00 08 5e 00 00 00 00 00 00 00"
        + " 0f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00", Hex.of(t.dataOut().get(0)));
    assertEquals(0, drive.blockSize());
  }

  @Test
  void compressionAloneKeepsBlockDescriptorAndBufferMode() throws Exception {
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0x40000, COMPRESSION_ON));
    t.expect("55 10 00 00 00 00 00 00 20 00").good();
    drive.setCompression(false);
    assertEquals("00 00 00 10 00 00 00 08 60 00 00 00 00 04 00 00"
        + " 0f 0e 40 80 00 00 00 01 00 00 00 01 00 00 00 00", Hex.of(t.dataOut().get(0)));
    assertEquals(0, drive.blockSize(), "the block size this object uses is not touched");
  }

  @Test
  void bufferModeAloneChangesOnlyTheDeviceSpecificParameter() throws Exception {
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, COMPRESSION_ON));
    t.expect(MODE_SELECT_16).good();
    drive.setBuffered(false);
    assertEquals("00 00 00 00 00 00 00 08 60 00 00 00 00 00 00 00", Hex.of(t.dataOut().get(0)));
    drive.setOptions(DriveOptions.NONE); // nothing to change, nothing sent
  }

  @Test
  void compressionOnADriveWithoutPage0fFailsNamingTheCommand() {
    t.expect(MODE_SENSE_0F).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.setCompression(true));
    assertNames(e, DEVICE, "MODE SENSE(10)", "Invalid field in CDB");
  }

  @Test
  void compressionOnADriveThatCannotCompressSendsNothing() {
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, "0f 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.setCompression(true));
    assertNames(e, DEVICE, "DCC=0");
  }

  @Test
  void settingsAreDecodedAndTheBlockSizeFollowsTheDrive() throws Exception {
    t.expect(MODE_SENSE_0F).good(mode10(0x90, 0x5C, 0x40000, COMPRESSION_ON));
    DriveSettings s = drive.settings();
    assertEquals(new DriveSettings(0x40000, Optional.of(true), 1, 0x5C, true), s);
    assertEquals(Optional.of(LtoDensity.LTO_7), s.density());
    assertEquals("LTO-7 (0x5c)", s.densityName());
    assertTrue(s.buffered());
    assertEquals(0x40000, drive.blockSize());
  }

  @Test
  void settingsOfADriveWithoutPage0fHaveNoCompression() throws Exception {
    t.expect(MODE_SENSE_0F).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    t.expect(MODE_SENSE_10).good(mode10(0x10, 0x44, 0, "10 0e" + " 00".repeat(14)));
    assertEquals(new DriveSettings(0, Optional.empty(), 1, 0x44, false), drive.settings());
  }

  /**
   * Linux scsi_debug's reply (captured in the kernel harness): page 0Fh announces 14 parameter bytes,
   * the mode data holds 12 of them; settings then come from the all-pages reply.
   */
  @Test
  void settingsOfADriveWithAMalformedPage0fComeFromAllPages() throws Exception {
    t.expect(MODE_SENSE_0F).good(Hex.bytes("00 1c 00 00 00 00 00 08  00 00 40 00 00 00 00 00"
        + " 0f 0e 40 00 00 00 00 00 00 00 00 00 00 00"));
    t.expect("5a 00 3f 00 00 00 00 10 00 00").good(mode10(0x00, 0x00, 0, "01 0a c0 0b f0 00 00 00 05 00 ff ff"));
    assertEquals(new DriveSettings(0, Optional.empty(), 0, 0, false), drive.settings());
  }

  @Test
  void modeSense10RejectedSwitchesTheDriveToSixByteCommandsForGood() throws Exception {
    t.expect(MODE_SENSE_0F).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE));
    // MODE SENSE(6) reply: 4-byte header, descriptor, page 0Fh.
    t.expect("1a 00 0f 00 ff 00").good(Hex.bytes("1b 00 10 08  46 00 00 00 00 00 00 00 " + COMPRESSION_ON));
    t.expect("15 10 00 00 0c 00").good();
    drive.setBlockSize(65536);
    assertEquals("00 00 10 08 46 00 00 00 00 01 00 00", Hex.of(t.dataOut().get(0)));
    t.expect("1a 00 0f 00 ff 00").good(Hex.bytes("1b 00 10 08  46 00 00 00 00 01 00 00 " + COMPRESSION_ON));
    assertEquals(65536, drive.settings().blockSize());
  }

  @Test
  void blockDescriptorTooLongForATapeIsMalformed() {
    // LONGLBA header (SPC-5 7.5.6) with a 16-byte descriptor whose block length 01000000h is more
    // than the 24 bits a tape block length has.
    t.expect(MODE_SENSE_0F).good(Hex.bytes("00 26 00 10 01 00 00 10  00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 "
        + COMPRESSION_ON));
    MalformedResponseException e = assertThrows(MalformedResponseException.class, drive::settings);
    assertNames(e, DEVICE, "block length 16777216");
  }

  // ---- block limits, density ----

  @Test
  void densitySupportOfTheMountedCartridge() throws Exception {
    String descriptor = "60 60 a1 00 31 00 5a 86 00 7f 22 80 01 12 a8 80"
        + ascii("LTO-CVE", 8) + ascii("U-932", 8) + ascii("Ultrium 9/18T", 20);
    t.expect("44 01 00 00 00 00 00 20 00 00").good(Hex.bytes("00 36 00 00 " + descriptor));
    List<DensitySupport.DensityDescriptor> d = drive.densitySupport(true);
    assertEquals(1, d.size());
    assertEquals(0x60, d.get(0).primaryCode());
    assertTrue(d.get(0).writable() && d.get(0).isDefault());
    assertEquals(18_000_000L, d.get(0).capacityMegabytes());
    assertEquals("Ultrium 9/18T", d.get(0).description());
  }

  // ---- identity and open ----

  @Test
  void identityIsReadOnceFromInquiryAndVpd80() throws Exception {
    expectIdentity();
    assertEquals(IBM, drive.identity());
    assertSame(drive.identity(), drive.identity());
    assertEquals("IBM ULT3580-TD9", IBM.model());
  }

  @Test
  void identityWithoutVpd80HasNoSerial() throws Exception {
    t.expect(INQUIRY).good(inquiry(1, "HP", "Ultrium 3-SCSI", "G54W"));
    t.expect(VPD_80).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    assertEquals(new DriveIdentity("HP", "Ultrium 3-SCSI", "G54W", Optional.empty()), drive.identity());
  }

  @Test
  void openRefusesAChangerNamingItAndClosesTheTransport() {
    t.expect(INQUIRY).good(inquiry(8, "IBM", "3573-TL", "F.11"));
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> ScsiTapeDrive.open(t));
    assertNames(e, DEVICE, "IBM 3573-TL", "medium changer", "08h", "not a tape drive");
    assertTrue(t.isClosed());
  }

  @Test
  void openClearsPendingSenseWaitsAndAppliesDefaults() throws Exception {
    expectIdentity();
    t.expect(REQUEST_SENSE).good(sense(SenseKey.UNIT_ATTENTION,
        AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED));
    t.expect(REQUEST_SENSE).good(FixedSense.of(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR).deferred().bytes());
    t.expect(REQUEST_SENSE).good(sense(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION));
    expectNoReportedTimeouts();
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    t.expect(TUR).good();
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, COMPRESSION_ON));
    t.expect("55 10 00 00 00 00 00 00 20 00").good();
    ScsiTapeDrive opened = ScsiTapeDrive.open(t, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS, clock, sleeper);
    assertEquals(IBM, opened.identity());
    List<SenseData> ua = opened.takeUnitAttentions();
    assertEquals(1, ua.size());
    assertEquals(AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED, ua.get(0).additionalSense());
    assertEquals(List.of(ScsiTapeDrive.POLL_INTERVAL), clock.sleeps());
    assertFalse(t.isClosed());
  }

  /** RSOC reply: 4-byte length, then one 20-byte descriptor (CTDP) per command: opcode, SA, flags, CDB length, timeouts. */
  static byte[] rsocWithTimeouts(int[][] commands) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 20 * commands.length);
    b.putInt(20 * commands.length);
    for (int[] c : commands) { // {opcode, cdbLength, nominal s, recommended s}
      b.put((byte) c[0]).put((byte) 0).putShort((short) 0).put((byte) 0).put((byte) 0x02).putShort((short) c[1]);
      b.putShort((short) 0x0A).put((byte) 0).put((byte) 0).putInt(c[2]).putInt(c[3]);
    }
    return b.array();
  }

  @Test
  void openUsesTheTimeoutsTheDriveRecommends() throws Exception {
    expectIdentity();
    t.expect(REQUEST_SENSE).good(new byte[0]);
    // READ(6): recommended 2 h; SPACE(6): nothing recommended (0 s); TEST UNIT READY: 5 s, shorter than its own 30 s.
    t.expect(RSOC_ALL).good(rsocWithTimeouts(new int[][] {{0x08, 6, 60, 7200}, {0x11, 6, 60, 0}, {0x00, 6, 1, 5}}));
    ScsiTapeDrive opened = ScsiTapeDrive.open(t, ScsiTapeDrive.OpenOptions.CHECK_ONLY, clock, sleeper);
    t.expect(ScsiTapeDriveTest.READ_64K).good(new byte[65536]);
    opened.read(java.nio.ByteBuffer.allocate(65536));
    t.expect(ScsiTapeDriveTest.FSF_1).good();
    opened.spaceFilemarks(1);
    t.expect(TUR).good();
    opened.waitUntilReady(Duration.ofSeconds(1));
    List<Duration> sent = t.timeouts();
    assertEquals(List.of(Duration.ofHours(2), ScsiTapeDriveTest.MOTION, Duration.ofSeconds(30)),
        sent.subList(sent.size() - 3, sent.size()), "READ as recommended, SPACE and TUR their own (longer)");
    t.expect(LOG_SENSE_11).good(activity(0x07));
    opened.deviceActivity();
    assertEquals(Duration.ofSeconds(1), t.timeouts().get(t.timeouts().size() - 1), "the 1 s probe keeps its timeout");
  }

  @Test
  void openWithoutWaitingWorksOnAnEmptyDrive() throws Exception {
    expectIdentity();
    t.expect(REQUEST_SENSE).good(sense(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
    expectNoReportedTimeouts();
    ScsiTapeDrive opened = ScsiTapeDrive.open(t);
    assertEquals(List.of(), opened.takeUnitAttentions());
  }

  @Test
  void openThatCannotWaitClosesTheTransport() {
    expectIdentity();
    t.expect(REQUEST_SENSE).good(new byte[0]);
    expectNoReportedTimeouts();
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
    assertThrows(NoMediumException.class,
        () -> ScsiTapeDrive.open(t, new ScsiTapeDrive.OpenOptions(Duration.ofSeconds(5), false), clock, sleeper));
    assertTrue(t.isClosed());
  }

  // ---- encryption ----

  static byte[] key() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0xA0 + i);
    }
    return key;
  }

  @Test
  void aResetThatLosesThePositionAlsoSaysTheKeyIsGone() throws Exception {
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    t.expect("b5 20 00 10 00 00 00 00 00 34 00 00").good();
    t.expect(SPIN_STATUS).good(STATUS_MIXED);
    drive.setEncryptionKey(key());
    t.expect(ScsiTapeDriveTest.WRITE_4).check(FixedSense.of(SenseKey.UNIT_ATTENTION,
        AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED).bytes());
    PositionLostException e = assertThrows(PositionLostException.class,
        () -> drive.write(java.nio.ByteBuffer.allocate(4)));
    assertTrue(e.getMessage().contains("hardware encryption key was lost with the reset"), e.getMessage());
    t.assertAllConsumed();
  }

  @Test
  void setKeySendsTheSetDataEncryptionPageAndChecksMixedMode() throws Exception {
    byte[] key = key();
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    t.expect("b5 20 00 10 00 00 00 00 00 34 00 00").good();
    t.expect(SPIN_STATUS).good(STATUS_MIXED);
    drive.setEncryptionKey(key);
    // SSC-5 8.5.3.2: scope ALL I_T NEXUS, ENCRYPT (2), MIXED (3), algorithm index 1, key length 32.
    assertEquals("00 10 00 30 40 00 02 03 01 00 00 00 00 00 00 00 00 00 00 20 " + Hex.of(key),
        Hex.of(t.dataOut().get(0)));
    assertArrayEquals(key(), key, "the caller's key is not wiped or changed");
  }

  @Test
  void setKeyThatDoesNotTakeEffectFailsWithoutShowingTheKey() {
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    t.expect("b5 20 00 10 00 00 00 00 00 34 00 00").good();
    t.expect(SPIN_STATUS).good(STATUS_OFF);
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.setEncryptionKey(key()));
    assertNames(e, DEVICE, "DISABLE", "not ENCRYPT and MIXED");
    assertFalse(e.getMessage().toLowerCase().contains("a0a1"), e.getMessage());
    assertFalse(e.getMessage().toLowerCase().contains("a0 a1"), e.getMessage());
  }

  @Test
  void setKeyRejectedByTheDriveNamesTheCommandNotTheKey() {
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    t.expect("b5 20 00 10 00 00 00 00 00 34 00 00")
        .check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.setEncryptionKey(key()));
    assertNames(e, DEVICE, "SECURITY PROTOCOL OUT");
    assertFalse(e.getMessage().toLowerCase().contains("a0"), e.getMessage());
  }

  @Test
  void setKeyWithoutHardwareAesGcmSendsNothing() {
    t.expect(SPIN_CAPABILITIES).good(Hex.bytes("0010 0028 09 000000000000000000000000000000"
        + " 02 00 0014 01 00 0000 0000 0010 00 03 0002 0040 0000 80010401"));
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.setEncryptionKey(key()));
    assertNames(e, DEVICE, "no hardware AES-256-GCM");
    assertThrows(IllegalArgumentException.class, () -> drive.setEncryptionKey(new byte[16]));
  }

  @Test
  void clearKeyDisablesAndChecks() throws Exception {
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    t.expect("b5 20 00 10 00 00 00 00 00 14 00 00").good();
    t.expect(SPIN_STATUS).good(STATUS_OFF);
    drive.clearEncryptionKey();
    assertEquals("00 10 00 10 40 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00", Hex.of(t.dataOut().get(0)));
  }

  @Test
  void clearKeyOnADriveWithoutEncryptionIsDone() throws Exception {
    t.expect(SPIN_CAPABILITIES).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    drive.clearEncryptionKey();
  }

  @Test
  void encryptionStatusDecoded() throws Exception {
    t.expect(SPIN_STATUS).good(STATUS_MIXED);
    DataEncryptionStatus s = drive.encryptionStatus();
    assertTrue(s.isEncrypting());
    assertEquals(1, s.algorithmIndex());
    t.expect(SPIN_CAPABILITIES).good(CAPABILITIES);
    assertEquals(1, drive.encryptionCapabilities().aes256Gcm().orElseThrow().index());
  }

  // ---- MAM ----

  /** One attribute (SPC-5 7.4.2.1): id, READ ONLY + format, length, value. */
  static String attribute(int id, int flags, String valueHex) {
    byte[] v = Hex.bytes(valueHex);
    return String.format("%04x %02x %04x ", id, flags, v.length) + valueHex;
  }

  /** A READ ATTRIBUTE reply: AVAILABLE DATA, then the attributes. */
  static byte[] attributes(String... attrs) {
    byte[] body = Hex.bytes(String.join(" ", attrs));
    return Hex.bytes(String.format("%08x", body.length) + Hex.of(body).replace(" ", ""));
  }

  static final String WRITTEN_1024_MIB = attribute(0x0220, 0x80, "00 00 00 00 00 00 04 00");
  static final String READ_512_MIB = attribute(0x0221, 0x80, "00 00 00 00 00 00 02 00");
  static final String SERIAL = attribute(0x0401, 0x81, ascii("CV12345678", 32));
  static final String MANUFACTURED = attribute(0x0406, 0x81, ascii("20230115", 8));
  static final String BARCODE = attribute(0x0806, 0x01, ascii("ABC123L9", 32));

  @Test
  void readAllAttributes() throws Exception {
    t.expect(READ_ATTRIBUTE_ALL).good(attributes(WRITTEN_1024_MIB, SERIAL, BARCODE));
    assertEquals("ABC123L9", drive.readAttributes().get(MamAttribute.BARCODE).orElseThrow().ascii());
  }

  @Test
  void readChosenAttributesStartsAtTheSmallestAndFilters() throws Exception {
    t.expect("8c 00 00 00 00 00 00 00 04 01 00 00 80 00 00 00").good(attributes(SERIAL, MANUFACTURED, BARCODE));
    List<Attribute> a = drive.readAttributes(MamAttribute.BARCODE.id(), MamAttribute.MEDIUM_SERIAL_NUMBER.id());
    assertEquals(List.of(0x0401, 0x0806), a.stream().map(Attribute::id).toList());
    assertThrows(IllegalArgumentException.class, () -> drive.readAttributes(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> drive.readAttributes(0x10000));
  }

  @Test
  void writeApplicationAttributesWithWriteThroughCache() throws Exception {
    AttributeParameterList list = new AttributeParameterList()
        .ascii(MamAttribute.APPLICATION_VENDOR, "tapekit")
        .ascii(MamAttribute.APPLICATION_NAME, "tapekit backup")
        .ascii(MamAttribute.APPLICATION_VERSION, "1.0")
        .text(MamAttribute.USER_MEDIUM_TEXT_LABEL, "daily-0001")
        .ascii(MamAttribute.BARCODE, "ABC123L9")
        .text(MamAttribute.MEDIA_POOL, "daily");
    byte[] encoded = list.encode();
    t.expect(String.format("8d 01 00 00 00 00 00 00 00 00 %08x 00 00", encoded.length)).good();
    drive.writeAttributes(list);
    assertArrayEquals(encoded, t.dataOut().get(0));
    assertThrows(IllegalArgumentException.class, () -> drive.writeAttributes(new AttributeParameterList()));
  }

  @Test
  void clearAttributesWritesThemWithLengthZero() throws Exception {
    t.expect("8d 01 00 00 00 00 00 00 00 00 00 00 00 0e 00 00").good();
    drive.clearAttributes(MamAttribute.USER_MEDIUM_TEXT_LABEL, MamAttribute.MEDIA_POOL);
    assertEquals("00 00 00 0a 08 03 02 00 00 08 08 02 00 00", Hex.of(t.dataOut().get(0)));
  }

  // ---- log pages ----

  /** TapeAlert response page 12h: MEDIA (flag 4) and CLEANING REQUIRED (flag 14h). */
  static final byte[] ALERTS = Hex.bytes("12 00 00 0c  00 00 03 08  10 00 10 00 00 00 00 00");
  /** DT device status page 11h, VHF data: DINIT, MOUNTED, activity {@code code}. */
  static byte[] activity(int code) {
    return Hex.bytes(String.format("11 00 00 08  00 00 03 04  01 01 %02x 00", code));
  }
  /** Volume statistics page 17h: valid, 42 mounts, 500 BOM passes, 1000 MOT passes. */
  static final byte[] VOLUME_STATS = Hex.bytes("17 00 00 1d  00 00 03 01 01  00 01 03 04 00 00 00 2a"
      + " 01 01 03 04 00 00 01 f4  01 02 03 04 00 00 03 e8");

  @Test
  void tapeAlertFlagsFromThePageThatDoesNotClearThem() throws Exception {
    t.expect(LOG_SENSE_12).good(ALERTS);
    assertEquals(Set.of(TapeAlertFlag.MEDIA, TapeAlertFlag.CLEANING_REQUIRED), drive.tapeAlertFlags());
  }

  private static final int CALIBRATING = 0x0B;

  @Test
  void aDriveThatIsCalibratingIsWaitedForPastTheTimeout() throws Exception {
    for (int i = 0; i <= 5; i++) {
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    }
    for (int i = 0; i < 3; i++) { // 3 s past the 5 s timeout, still calibrating
      t.expect(LOG_SENSE_11).good(activity(CALIBRATING));
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    }
    t.expect(LOG_SENSE_11).good(activity(CALIBRATING));
    t.expect(TUR).good();
    drive.waitUntilReady(Duration.ofSeconds(5));
    assertEquals(9, clock.sleeps().size());
    t.assertAllConsumed();
  }

  @Test
  void aListenerHearsTheActivityOncePerMinuteWhileTheDriveIsNotReady() throws Exception {
    byte[] becomingReady = sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY);
    t.expect(TUR).check(becomingReady);
    t.expect(LOG_SENSE_11).good(activity(0x02)); // loading
    for (int i = 1; i < 60; i++) {
      t.expect(TUR).check(becomingReady);
    }
    t.expect(TUR).check(becomingReady);
    t.expect(LOG_SENSE_11).good(activity(CALIBRATING));
    t.expect(TUR).good();
    List<String> heard = new java.util.ArrayList<>();
    drive.waitUntilReady(Duration.ofMinutes(10),
        (waited, activity) -> heard.add(waited.toSeconds() + " " + activity.map(DeviceActivity::name).orElse("-")));
    assertEquals(List.of("0 LOADING", "60 CALIBRATING"), heard);
    t.assertAllConsumed();
  }

  @Test
  void calibrationIsWaitedForUpToTheLimit() {
    long beforeDeadline = ScsiTapeDrive.MAX_CALIBRATION.minusMinutes(1).toSeconds();
    for (long i = 0; i < beforeDeadline; i++) {
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    }
    for (int i = 0; i <= 60; i++) {
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
      t.expect(LOG_SENSE_11).good(activity(CALIBRATING));
    }
    ScsiCommandException e = assertThrows(ScsiCommandException.class,
        () -> drive.waitUntilReady(ScsiTapeDrive.MAX_CALIBRATION.minusMinutes(1)));
    assertTrue(e.getMessage().contains("still calibrating the cartridge after 150 minutes"), e.getMessage());
    t.assertAllConsumed();
  }

  @Test
  void deviceActivityUsesAOneSecondTimeout() throws Exception {
    t.expect(LOG_SENSE_11).good(activity(0x07));
    assertEquals(Optional.of(DeviceActivity.LOCATING), drive.deviceActivity());
    assertEquals(Duration.ofSeconds(1), t.timeouts().get(0));
    t.expect(LOG_SENSE_11).good(Hex.bytes("11 00 00 08  00 00 03 04  00 01 07 00"));
    assertEquals(Optional.empty(), drive.deviceActivity(), "DINIT=0: not valid yet");
  }

  @Test
  void volumeStatisticsDecoded() throws Exception {
    t.expect(LOG_SENSE_17).good(VOLUME_STATS);
    assertEquals(OptionalLong.of(42), drive.volumeStatistics().value(VolumeStatistic.THREAD_COUNT));
  }

  @Test
  void missingLogPageIsAnErrorWhenAskedForDirectly() {
    t.expect(LOG_SENSE_17).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::volumeStatistics);
    assertNames(e, DEVICE, "LOG SENSE", "Illegal Request");
  }

  // ---- sense handling of the codec paths ----

  @Test
  void unitAttentionDuringAModePageReadIsConsumedAndKept() throws Exception {
    t.expect(MODE_SENSE_0F).check(sense(SenseKey.UNIT_ATTENTION,
        AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, COMPRESSION_ON));
    assertEquals(0x60, drive.settings().densityCode());
    assertEquals(List.of(AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED),
        drive.takeUnitAttentions().stream().map(SenseData::additionalSense).toList());
  }

  @Test
  void deferredErrorDuringALogPageReadIsReportedAsSuch() {
    t.expect(LOG_SENSE_12).check(FixedSense.of(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR).deferred().bytes());
    DeferredErrorException e = assertThrows(DeferredErrorException.class, drive::tapeAlertFlags);
    assertNames(e, DEVICE, "LOG SENSE", "earlier buffered write failed");
  }

  @Test
  void noCartridgeForAttributesIsNoMediumException() {
    t.expect(READ_ATTRIBUTE_ALL).check(sense(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
    assertThrows(NoMediumException.class, drive::readAttributes);
  }

  @Test
  void malformedReplyNamesTheDevice() {
    t.expect(LOG_SENSE_12).good(Hex.bytes("12 00 00 0c 00 00"));
    MalformedResponseException e = assertThrows(MalformedResponseException.class, drive::tapeAlertFlags);
    assertEquals(DEVICE, e.device());
  }

  // ---- status ----

  void expectIdleStatusStart() {
    expectIdentity();
    t.expect(TUR).good();
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, COMPRESSION_ON));
  }

  @Test
  void statusOfAnIdleDriveHasEverything() throws Exception {
    expectIdleStatusStart();
    t.expect(LOG_SENSE_11).good(activity(0x00));
    t.expect(LOG_SENSE_12).good(ALERTS);
    t.expect(READ_POS_LONG).good(longPosition(0, 1234, 3));
    t.expect(READ_ATTRIBUTE_ALL).good(attributes(WRITTEN_1024_MIB, READ_512_MIB, SERIAL, MANUFACTURED));
    t.expect(LOG_SENSE_17).good(VOLUME_STATS);
    DriveStatus s = drive.status();
    assertEquals(IBM, s.identity());
    assertTrue(s.mediumPresent() && s.ready() && !s.busy());
    assertEquals(new DriveSettings(0, Optional.of(true), 1, 0x60, false), s.settings());
    assertEquals(Optional.of(DeviceActivity.NONE), s.activity());
    assertEquals(OptionalLong.of(3), s.position().orElseThrow().fileNumber());
    assertEquals(1234, s.position().orElseThrow().logicalObject());
    assertEquals(Optional.of(Set.of(TapeAlertFlag.MEDIA, TapeAlertFlag.CLEANING_REQUIRED)), s.alertFlags());
    assertEquals(Optional.of(LocalDate.of(2023, 1, 15)), s.manufactured());
    assertEquals(OptionalLong.of(1024L << 20), s.bytesWritten());
    assertEquals(OptionalLong.of(512L << 20), s.bytesRead());
    assertEquals(OptionalLong.of(42), s.volumeMounts());
    assertEquals(OptionalLong.of(1000), s.mediumPasses());
    assertEquals(1000.0 / 16000, s.mediumWearout().orElseThrow(), 1e-12);
  }

  @Test
  void statusOfADriveWithoutPages17And11LeavesThoseFieldsEmpty() throws Exception {
    expectIdleStatusStart();
    t.expect(LOG_SENSE_11).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    t.expect(LOG_SENSE_12).good(ALERTS);
    t.expect(READ_POS_LONG).good(longPosition(0, 7, 1));
    t.expect(READ_ATTRIBUTE_ALL).good(attributes(MANUFACTURED));
    t.expect(LOG_SENSE_17).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    DriveStatus s = drive.status();
    assertEquals(Optional.empty(), s.activity());
    assertFalse(s.busy());
    assertTrue(s.position().isPresent());
    assertEquals(Optional.of(LocalDate.of(2023, 1, 15)), s.manufactured());
    assertEquals(OptionalLong.empty(), s.bytesWritten());
    assertEquals(OptionalLong.empty(), s.volumeMounts());
    assertEquals(OptionalLong.empty(), s.mediumPasses());
    assertTrue(s.mediumWearout().isEmpty());
  }

  @Test
  void statusWhileLocatingSkipsTapeAlertPositionAndVolumeStatistics() throws Exception {
    expectIdleStatusStart();
    t.expect(LOG_SENSE_11).good(activity(0x07));
    t.expect(READ_ATTRIBUTE_ALL).good(attributes(WRITTEN_1024_MIB));
    DriveStatus s = drive.status();
    assertTrue(s.busy());
    assertEquals(Optional.of(DeviceActivity.LOCATING), s.activity());
    assertEquals(Optional.empty(), s.alertFlags());
    assertEquals(Optional.empty(), s.position());
    assertEquals(OptionalLong.empty(), s.volumeMounts());
    assertEquals(OptionalLong.of(1024L << 20), s.bytesWritten());
  }

  @Test
  void statusWhenTheActivityPageTimesOutTreatsTheDriveAsBusy() throws Exception {
    expectIdleStatusStart();
    t.expect(LOG_SENSE_11).fail(new ScsiTransportException(DEVICE, ScsiTransportException.Kind.TIMEOUT, "timed out"));
    t.expect(READ_ATTRIBUTE_ALL).good(attributes());
    DriveStatus s = drive.status();
    assertTrue(s.busy());
    assertEquals(Optional.empty(), s.activity());
    assertEquals(Optional.empty(), s.position());
  }

  @Test
  void statusOfAnEmptyDrive() throws Exception {
    expectIdentity();
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x00, 0, COMPRESSION_ON));
    t.expect(LOG_SENSE_11).good(activity(0x00));
    t.expect(LOG_SENSE_12).good(Hex.bytes("12 00 00 0c  00 00 03 08  00 00 00 00 00 00 00 00"));
    DriveStatus s = drive.status();
    assertFalse(s.mediumPresent());
    assertFalse(s.ready());
    assertEquals(Optional.of(Set.of()), s.alertFlags());
    assertEquals(Optional.empty(), s.manufactured());
    assertEquals("default (0x00)", s.settings().densityName());
  }

  @Test
  void statusWithAnUnreadableCartridgeMemoryAndUnknownPosition() throws Exception {
    expectIdleStatusStart();
    t.expect(LOG_SENSE_11).good(activity(0x00));
    t.expect(LOG_SENSE_12).good(ALERTS);
    t.expect(READ_POS_LONG).good(longPosition(0x04, 0, 0)); // LONU: logical object number unknown
    t.expect(READ_ATTRIBUTE_ALL).check(sense(SenseKey.MEDIUM_ERROR, AdditionalSense.AUXILIARY_MEMORY_READ_ERROR));
    t.expect(LOG_SENSE_17).good(VOLUME_STATS);
    DriveStatus s = drive.status();
    assertEquals(Optional.empty(), s.position());
    assertEquals(Optional.empty(), s.manufactured());
    assertEquals(OptionalLong.of(42), s.volumeMounts());
  }

  @Test
  void statusFailsOnRealErrors() {
    expectIdentity();
    t.expect(TUR).check(sense(SenseKey.HARDWARE_ERROR, AdditionalSense.of(0x44, 0x00)));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::status);
    assertNames(e, DEVICE, "TEST UNIT READY", "hardware fault");
  }
}
