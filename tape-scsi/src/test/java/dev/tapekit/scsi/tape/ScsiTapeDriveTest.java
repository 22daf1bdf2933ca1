package dev.tapekit.scsi.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.ssc.BlockLimits;
import dev.tapekit.scsi.testing.FakeClock;
import dev.tapekit.scsi.testing.FixedSense;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.ScriptedTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of ScsiTapeDrive against scripted drive answers, taken from what SSC drives (and mhvtl) return. */
class ScsiTapeDriveTest {
  static final String DEVICE = "/dev/sg-test";
  static final String TUR = "00 00 00 00 00 00";
  static final Duration MOTION = dev.tapekit.scsi.ssc.SscCommands.MOTION_TIMEOUT;
  static final String REWIND = "01 00 00 00 00 00";
  static final String READ_64K = "08 00 01 00 00 00";
  static final String WRITE_4 = "0a 00 00 00 04 00";
  static final String WFM_1 = "10 00 00 00 01 00";
  static final String SPACE_EOD = "11 03 00 00 00 00";
  static final String FSF_1 = "11 01 00 00 01 00";
  static final String BSF_2 = "11 01 ff ff fe 00";
  static final String BSR_1 = "11 00 ff ff ff 00";
  static final String FSR_1 = "11 00 00 00 01 00";
  static final String READ_POS_LONG = "34 06 00 00 00 00 00 00 00 00";
  static final String READ_POS_SHORT = "34 00 00 00 00 00 00 00 00 00";
  /** MODE SENSE(10), PC current, allocation 4096, of page 0Fh, 10h, 1Dh. */
  static final String MODE_SENSE_0F = "5a 00 0f 00 00 00 00 10 00 00";
  static final String MODE_SENSE_10 = "5a 00 10 00 00 00 00 10 00 00";
  static final String MODE_SENSE_1D = "5a 00 1d 00 00 00 00 10 00 00";
  /** MODE SELECT(10), PF, of a header and block descriptor (16 bytes). */
  static final String MODE_SELECT_16 = "55 10 00 00 00 00 00 00 10 00";
  /** Data compression page 0Fh (SSC-5 8.3.2): DCE=1 DCC=1, DDE=1, algorithm 1 (ALDC) both ways. */
  static final String COMPRESSION_ON = "0f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00";

  /**
   * A MODE SENSE(10) reply (SPC-5 7.5.6): 8-byte header with {@code dsp} as device-specific
   * parameter, one short block descriptor with {@code density} and {@code blockLength}, then pages.
   */
  static byte[] mode10(int dsp, int density, int blockLength, String pagesHex) {
    byte[] pages = Hex.bytes(pagesHex);
    byte[] d = new byte[16 + pages.length];
    d[0] = (byte) ((d.length - 2) >> 8);
    d[1] = (byte) (d.length - 2);
    d[3] = (byte) dsp;
    d[7] = 8;
    d[8] = (byte) density;
    d[13] = (byte) (blockLength >> 16);
    d[14] = (byte) (blockLength >> 8);
    d[15] = (byte) blockLength;
    System.arraycopy(pages, 0, d, 16, pages.length);
    return d;
  }

  final ScriptedTransport t = new ScriptedTransport(DEVICE);
  final FakeClock clock = new FakeClock();
  final ScsiTapeDrive drive = new ScsiTapeDrive(t, clock, clock::sleep);

  @AfterEach
  void everyScriptedCommandWasSent() {
    t.assertAllConsumed();
  }

  static byte[] sense(SenseKey key, AdditionalSense a) {
    return FixedSense.of(key, a).bytes();
  }

  /** READ POSITION long form: flags, partition 0, object number, file number. */
  static byte[] longPosition(int flags, long object, long file) {
    byte[] d = new byte[32];
    d[0] = (byte) flags;
    for (int i = 0; i < 8; i++) {
      d[8 + i] = (byte) (object >>> (56 - 8 * i));
      d[16 + i] = (byte) (file >>> (56 - 8 * i));
    }
    return d;
  }

  static String locateFileCdb(long file) {
    return String.format("92 08 00 00 %016x 00 00 00 00", file);
  }

  /** LOCATE(16) to logical file {@code identifier}, SPACE 1 filemark, READ POSITION answering {@code file}. */
  void expectLocateStep(long identifier, long object, long file) {
    t.expect(locateFileCdb(identifier)).good();
    t.expect(FSF_1).good();
    t.expect(READ_POS_LONG).good(longPosition(0, object, file));
  }

  /** moveToEndOfData(true) on a tape whose last file is closed: EOD, position, back one (a filemark), forward. */
  void expectEndOfDataClosedByFilemark(long object, long file) {
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0, object, file));
    t.expect(BSR_1).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED)
        .filemark().information(1).bytes());
    t.expect(FSF_1).good();
    t.expect(READ_POS_LONG).good(longPosition(0, object, file));
  }

  static void assertNames(Exception e, String... fragments) {
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' missing in: " + e.getMessage());
    }
  }

  // ---- write ----

  @Test
  void writeReportsEarlyWarningAsResult() throws Exception {
    t.expect(WRITE_4).good();
    t.expect(WRITE_4).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED)
        .eom().bytes());
    t.expect(WRITE_4).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.PROGRAMMABLE_EARLY_WARNING_DETECTED)
        .bytes());
    ByteBuffer block = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    assertEquals(WriteResult.OK, drive.write(block));
    assertEquals(4, block.position());
    assertEquals(WriteResult.EARLY_WARNING, drive.write(ByteBuffer.wrap(new byte[] {5, 6, 7, 8})));
    assertEquals(WriteResult.EARLY_WARNING, drive.write(ByteBuffer.wrap(new byte[4])));
    assertEquals("01 02 03 04", Hex.of(t.dataOut().get(0)));
    assertEquals("05 06 07 08", Hex.of(t.dataOut().get(1)));
  }

  @Test
  void volumeOverflowIsAnException() {
    t.expect(WRITE_4).check(FixedSense.of(SenseKey.VOLUME_OVERFLOW, AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED)
        .eom().information(4).bytes());
    ByteBuffer block = ByteBuffer.wrap(new byte[4]);
    VolumeOverflowException e = assertThrows(VolumeOverflowException.class, () -> drive.write(block));
    assertNames(e, DEVICE, "WRITE(6)", "Volume Overflow", "End-of-partition/medium detected", "not written");
    assertEquals(0, block.position(), "nothing was written, the buffer is untouched");
  }

  @Test
  void earlyWarningWithUnwrittenResidueIsAnError() {
    t.expect(WRITE_4).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED)
        .eom().information(4).bytes());
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.write(ByteBuffer.allocate(4)));
    assertNames(e, DEVICE, "WRITE(6)", "unbuffered");
  }

  @Test
  void filemarksReportEarlyWarningToo() throws Exception {
    t.expect("10 01 00 00 01 00").check(
        FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED).eom().bytes());
    t.expect("10 00 00 00 00 00").good();
    assertEquals(WriteResult.EARLY_WARNING, drive.writeFilemarks(1, true));
    assertEquals(WriteResult.OK, drive.writeFilemarks(0, false));
  }

  @Test
  void writeProtectedNamesDeviceCommandSenseAndRemedy() {
    t.expect(WRITE_4).check(sense(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.write(ByteBuffer.allocate(4)));
    assertNames(e, DEVICE, "WRITE(6) failed", "Data Protect", "Write protected", "write-protect tab");
  }

  // ---- read ----

  @Test
  void readsWholeBlock() throws Exception {
    byte[] block = new byte[65536];
    Arrays.fill(block, (byte) 7);
    t.expect(READ_64K).good(block);
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    ReadResult r = drive.read(buffer);
    assertEquals(new ReadResult(ReadResult.Kind.DATA, 65536, 65536), r);
    assertEquals(65536, buffer.position());
    assertEquals(7, buffer.get(65535));
  }

  @Test
  void filemarkOnReadIsAResult() throws Exception {
    t.expect(READ_64K).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED)
        .filemark().information(65536).bytes());
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    ReadResult r = drive.read(buffer);
    assertEquals(ReadResult.Kind.FILEMARK, r.kind());
    assertEquals(0, r.length());
    assertFalse(r.hasData());
    assertEquals(0, buffer.position());
  }

  @Test
  void blankCheckIsEndOfData() throws Exception {
    t.expect(READ_64K).check(FixedSense.of(SenseKey.BLANK_CHECK, AdditionalSense.END_OF_DATA_DETECTED)
        .information(65536).bytes());
    assertEquals(ReadResult.Kind.END_OF_DATA, drive.read(ByteBuffer.allocate(65536)).kind());
  }

  @Test
  void shortBlockLengthComesFromSenseInformationNotTransportResidue() throws Exception {
    // ILI with INFORMATION = 65536 - 1000; the adapter claims residue 0 (wrong, as some do for tape).
    t.expect(READ_64K).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION)
        .ili().information(64536).bytes(), new byte[1000], 0);
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    ReadResult r = drive.read(buffer);
    assertEquals(new ReadResult(ReadResult.Kind.SHORT_BLOCK, 1000, 1000), r);
    assertEquals(1000, buffer.position());
  }

  @Test
  void shortBlockWithSiliUsesTransportResidue() throws Exception {
    drive.setSuppressIncorrectLength(true);
    t.expect("08 02 01 00 00 00").good(new byte[300]);
    assertEquals(new ReadResult(ReadResult.Kind.SHORT_BLOCK, 300, 300), drive.read(ByteBuffer.allocate(65536)));
  }

  @Test
  void overlengthBlockReportsItsRealLength() throws Exception {
    // Block of 69632 bytes into a 64 KiB buffer: INFORMATION = 65536 - 69632 = -4096.
    t.expect(READ_64K).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION)
        .ili().information(-4096).bytes(), new byte[65536], 0);
    ReadResult r = drive.read(ByteBuffer.allocate(65536));
    assertEquals(new ReadResult(ReadResult.Kind.OVERLENGTH_BLOCK, 65536, 69632), r);
    assertTrue(r.hasData());
  }

  @Test
  void mediumErrorOnReadNamesEverything() {
    t.expect(READ_64K).check(sense(SenseKey.MEDIUM_ERROR, AdditionalSense.of(0x11, 0x00)));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.read(ByteBuffer.allocate(65536)));
    assertNames(e, DEVICE, "READ(6)", "Medium Error", "ASC/ASCQ 11/00", "clean the drive");
  }

  // ---- fixed-block mode ----

  private void setFixed512() throws Exception {
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x60, 0, COMPRESSION_ON));
    t.expect(MODE_SELECT_16).good();
    drive.setBlockSize(512);
  }

  @Test
  void setBlockSizeKeepsDensityAndBufferMode() throws Exception {
    setFixed512();
    assertEquals(512, drive.blockSize());
    // Header and block descriptor only: the compression page is not sent back unchanged.
    assertEquals("00 00 00 10 00 00 00 08  60 00 00 00 00 00 02 00".replace("  ", " "),
        Hex.of(t.dataOut().get(0)));
  }

  @Test
  void setVariableBlockMode() throws Exception {
    t.expect(MODE_SENSE_0F).good(mode10(0x90, 0x5E, 512, COMPRESSION_ON));
    t.expect(MODE_SELECT_16).good();
    drive.setBlockSize(0);
    // The write-protect bit is not sent back; buffered mode is.
    assertEquals("00 00 00 10 00 00 00 08 5e 00 00 00 00 00 00 00", Hex.of(t.dataOut().get(0)));
    assertThrows(IllegalArgumentException.class, () -> drive.setBlockSize(-1));
  }

  @Test
  void fixedModeReadStopsAtFilemarkWithBlocksBeforeIt() throws Exception {
    setFixed512();
    // 4 blocks requested, filemark after 2: INFORMATION = residual block count 2.
    t.expect("08 01 00 00 04 00").check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED)
        .filemark().information(2).bytes(), new byte[1024], 1024);
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    ReadResult r = drive.read(buffer);
    assertEquals(ReadResult.Kind.FILEMARK, r.kind());
    assertEquals(1024, r.length());
    assertEquals(1024, buffer.position());
    assertThrows(IllegalArgumentException.class, () -> drive.read(ByteBuffer.allocate(1000)));
  }

  @Test
  void fixedModeWrongLengthBlockIsAnError() throws Exception {
    setFixed512();
    t.expect("08 01 00 00 01 00").check(FixedSense.of(SenseKey.NO_SENSE,
        AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION).ili().information(1).bytes());
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.read(ByteBuffer.allocate(512)));
    assertNames(e, "not 512 bytes long", "setBlockSize(0)");
  }

  @Test
  void fixedModeWrite() throws Exception {
    setFixed512();
    t.expect("0a 01 00 00 02 00").good();
    assertEquals(WriteResult.OK, drive.write(ByteBuffer.allocate(1024)));
    assertEquals(1024, t.dataOut().get(1).length);
  }

  // ---- unit attentions, deferred errors, readiness ----

  @Test
  void unitAttentionAfterLoadIsConsumedAndReportedOnce() throws Exception {
    t.expect("1b 00 00 00 01 00").good();
    t.expect(TUR).check(sense(SenseKey.UNIT_ATTENTION, AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED));
    t.expect(TUR).good();
    drive.load();
    drive.waitUntilReady(Duration.ofMinutes(10));
    List<SenseData> attentions = drive.takeUnitAttentions();
    assertEquals(1, attentions.size());
    assertEquals(AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED, attentions.get(0).additionalSense());
    assertEquals(List.of(), drive.takeUnitAttentions());
    assertEquals(List.of(), clock.sleeps(), "a unit attention is retried at once, not waited on");
  }

  @Test
  void aReadThatMeetsAResetIsNotSentAgainAndThePositionIsLost() throws Exception {
    t.expect(READ_64K).check(sense(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
    PositionLostException e = assertThrows(PositionLostException.class, () -> drive.read(ByteBuffer.allocate(65536)));
    assertNames(e, DEVICE, "READ(6) was not executed", "reset", "rewind, or locate to a known block");
    assertEquals("READ(6)", e.command());
    assertEquals(AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED, e.attention().orElseThrow().additionalSense());
    assertEquals(1, drive.takeUnitAttentions().size());
    t.assertAllConsumed();
  }

  @Test
  void aWriteThatMeetsAMediumChangeIsNeverSentAgain() {
    t.expect(WRITE_4).check(sense(SenseKey.UNIT_ATTENTION,
        AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED));
    PositionLostException e = assertThrows(PositionLostException.class, () -> drive.write(ByteBuffer.allocate(4)));
    assertNames(e, DEVICE, "WRITE(6) was not executed", "cartridge may have been changed");
    t.assertAllConsumed(); // one WRITE on the wire: a second would have landed at the beginning of the tape
  }

  @Test
  void afterALostPositionDataAndMotionAreRefusedUntilARewind() throws Exception {
    t.expect(WRITE_4).check(sense(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
    assertThrows(PositionLostException.class, () -> drive.write(ByteBuffer.allocate(4)));
    PositionLostException refused = assertThrows(PositionLostException.class, () -> drive.write(ByteBuffer.allocate(4)));
    assertNames(refused, DEVICE, "WRITE(6) refused", "position is unknown", "rewind");
    assertThrows(PositionLostException.class, () -> drive.read(ByteBuffer.allocate(65536)));
    assertThrows(PositionLostException.class, () -> drive.spaceFilemarks(1));
    assertThrows(PositionLostException.class, () -> drive.writeFilemarks(1, false));
    t.assertAllConsumed(); // none of the refused commands reached the drive
    t.expect(READ_POS_LONG).good(longPosition(0, 0, 0)); // reading state is still allowed
    drive.position();
    t.expect(REWIND).good();
    drive.rewind();
    t.expect(WRITE_4).good();
    assertEquals(WriteResult.OK, drive.write(ByteBuffer.allocate(4)));
    t.assertAllConsumed();
  }

  @Test
  void aRewindThatMeetsAResetIsSentAgainSinceItsOutcomeDoesNotDependOnThePosition() throws Exception {
    t.expect(REWIND).check(sense(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
    t.expect(REWIND).good();
    drive.rewind();
    assertEquals(1, drive.takeUnitAttentions().size());
    t.assertAllConsumed();
  }

  @Test
  void endlessUnitAttentionsEventuallySurface() {
    for (int i = 0; i < 9; i++) {
      t.expect(REWIND).check(sense(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
    }
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::rewind);
    assertNames(e, DEVICE, "REWIND", "Unit Attention");
  }

  @Test
  void deferredErrorIsReportedWithWhatItMeans() {
    t.expect(WFM_1).check(FixedSense.of(SenseKey.MEDIUM_ERROR, 0x0C, 0x00).deferred().bytes());
    DeferredErrorException e = assertThrows(DeferredErrorException.class, () -> drive.writeFilemarks(1, false));
    assertNames(e, DEVICE, "WRITE FILEMARKS(6)", "deferred error", "Medium Error",
        "WRITE FILEMARKS(6) was not executed", "may be lost");
  }

  @Test
  void deferredErrorDuringReadinessPollIsReported() {
    t.expect(TUR).check(FixedSense.of(SenseKey.HARDWARE_ERROR, 0x44, 0x00).deferred().bytes());
    assertThrows(DeferredErrorException.class, () -> drive.waitUntilReady(Duration.ofSeconds(10)));
  }

  @Test
  void becomingReadyIsPolledWithTheInjectedClockAndSleeper() throws Exception {
    for (int i = 0; i < 3; i++) {
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    }
    t.expect(TUR).good();
    drive.waitUntilReady(Duration.ofMinutes(10));
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), clock.sleeps());
  }

  @Test
  void notReadyPastTheTimeoutFailsNamingTheSense() {
    for (int i = 0; i <= 5; i++) {
      t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    }
    t.expect(ScsiTapeDriveManagementTest.LOG_SENSE_11).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)); // no such page
    ScsiCommandException e = assertThrows(ScsiCommandException.class,
        () -> drive.waitUntilReady(Duration.ofSeconds(5)));
    assertNames(e, DEVICE, "TEST UNIT READY", "Not Ready", "becoming ready", "still not ready after 5 s");
    assertEquals(5, clock.sleeps().size());
  }

  @Test
  void busyIsWaitedOn() throws Exception {
    t.expect(TUR).status(ScsiStatus.BUSY);
    t.expect(TUR).good();
    drive.waitUntilReady(Duration.ofSeconds(30));
    assertEquals(1, clock.sleeps().size());
  }

  @Test
  void noMediumIsAClearErrorNotAWait() {
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
    NoMediumException e = assertThrows(NoMediumException.class, () -> drive.waitUntilReady(Duration.ofMinutes(1)));
    assertNames(e, DEVICE, "TEST UNIT READY", "Medium not present", "no cartridge in the drive");
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void unloadedCartridgeNeedsLoad() {
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED));
    ScsiCommandException e = assertThrows(ScsiCommandException.class,
        () -> drive.waitUntilReady(Duration.ofMinutes(1)));
    assertNames(e, "call load()");
  }

  @Test
  void cleaningCartridgeIsNotWaitedOn() {
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.CLEANING_CARTRIDGE_INSTALLED));
    ScsiCommandException e = assertThrows(ScsiCommandException.class,
        () -> drive.waitUntilReady(Duration.ofMinutes(1)));
    assertNames(e, DEVICE, "TEST UNIT READY", "Cleaning cartridge installed", "cleaning cartridge is in the drive");
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void notReadyOnAMotionCommandSuggestsWaiting() {
    t.expect(REWIND).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::rewind);
    assertNames(e, DEVICE, "REWIND", "becoming ready", "call waitUntilReady()");
  }

  @Test
  void interruptedWaitStopsPollingAndKeepsTheInterruptFlag() {
    ScsiTapeDrive impatient = new ScsiTapeDrive(t, clock, d -> {
      throw new InterruptedException();
    });
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY));
    TapeDriveException e = assertThrows(TapeDriveException.class,
        () -> impatient.waitUntilReady(Duration.ofMinutes(1)));
    assertNames(e, DEVICE, "interrupted", "TEST UNIT READY");
    assertTrue(Thread.interrupted(), "the interrupt is restored for the caller");
  }

  @Test
  void transportFailuresPassThroughUnchanged() {
    ScsiTransportException timeout =
        new ScsiTransportException(DEVICE, ScsiTransportException.Kind.TIMEOUT, "READ(6) timed out after 600 s");
    t.expect(READ_64K).fail(timeout);
    assertEquals(timeout, assertThrows(ScsiTransportException.class, () -> drive.read(ByteBuffer.allocate(65536))));
  }

  // ---- spacing ----

  @Test
  void spaceIntoEndOfDataWithNoSenseIsEndOfDataAsOnLinuxTgt() throws Exception {
    t.expect("11 01 00 00 03 00").check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.END_OF_DATA_DETECTED)
        .information(2).bytes());
    assertEquals(new SpaceResult(SpaceResult.Stop.END_OF_DATA, OptionalLong.of(2)), drive.spaceFilemarks(3));
  }

  @Test
  void spaceResultsReportWhereTheyStopped() throws Exception {
    t.expect("11 00 00 00 05 00").check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.FILEMARK_DETECTED)
        .filemark().information(3).bytes());
    t.expect("11 01 ff ff fd 00").check(FixedSense.of(SenseKey.NO_SENSE,
        AdditionalSense.BEGINNING_OF_PARTITION_MEDIUM_DETECTED).eom().information(-1).bytes());
    t.expect("11 01 00 00 0a 00").check(FixedSense.of(SenseKey.BLANK_CHECK, AdditionalSense.END_OF_DATA_DETECTED)
        .information(4).bytes());
    t.expect("91 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00").good();
    t.expect(SPACE_EOD).good();
    assertEquals(new SpaceResult(SpaceResult.Stop.FILEMARK, OptionalLong.of(3)), drive.spaceBlocks(5));
    assertEquals(new SpaceResult(SpaceResult.Stop.BEGINNING_OF_PARTITION, OptionalLong.of(1)),
        drive.spaceFilemarks(-3));
    assertEquals(new SpaceResult(SpaceResult.Stop.END_OF_DATA, OptionalLong.of(4)), drive.spaceFilemarks(10));
    assertTrue(drive.spaceBlocks(1L << 24).completed());
    assertTrue(drive.spaceToEndOfData().completed());
  }

  // ---- locate ----

  @Test
  void locateToObjectUsesLocate10OrLocate16() throws Exception {
    t.expect("2b 00 00 00 00 30 39 00 00 00").good();
    t.expect("92 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00").good();
    drive.locate(12345);
    drive.locate(1L << 32);
    assertThrows(IllegalArgumentException.class, () -> drive.locate(-1));
  }

  @Test
  void locateFileZeroAndOneUseRewind() throws Exception {
    t.expect(REWIND).good();
    t.expect(REWIND).good();
    t.expect(FSF_1).good();
    drive.locateFile(0);
    drive.locateFile(1);
  }

  @Test
  void locateCalibrationDriveThatLandsRight() throws Exception {
    expectLocateStep(4, 120, 5);
    expectLocateStep(2, 60, 3);
    drive.locateFile(5);
    drive.locateFile(3);
  }

  @Test
  void locateCalibrationDriveThatLandsOneFileLate() throws Exception {
    // First use: LOCATE(file 4) + FSF 1 ends in file 6, so the offset is -1 and the move is redone.
    expectLocateStep(4, 150, 6);
    expectLocateStep(3, 120, 5);
    // Later uses apply the offset at once.
    expectLocateStep(5, 170, 7);
    drive.locateFile(5);
    drive.locateFile(7);
  }

  @Test
  void locateCalibrationDriveThatLandsOneFileEarly() throws Exception {
    expectLocateStep(4, 100, 4);
    expectLocateStep(5, 120, 5);
    drive.locateFile(5);
  }

  @Test
  void locateThatStaysWrongAfterCalibrationFails() {
    expectLocateStep(4, 150, 6);
    expectLocateStep(3, 150, 6);
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.locateFile(5));
    assertNames(e, DEVICE, "landed in file 6", "offset -1");
  }

  @Test
  void locateWithLateDriveToFileTwoRewindsInstead() throws Exception {
    expectLocateStep(4, 150, 6);
    expectLocateStep(3, 120, 5);
    t.expect(REWIND).good();
    t.expect("11 01 00 00 02 00").good();
    drive.locateFile(5);
    drive.locateFile(2); // LOCATE(file 0) is not portable: rewind and space two filemarks
  }

  @Test
  void locateToMissingFileSaysSo() {
    t.expect(locateFileCdb(8)).good();
    t.expect(FSF_1).check(FixedSense.of(SenseKey.BLANK_CHECK, AdditionalSense.END_OF_DATA_DETECTED)
        .information(1).bytes());
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.locateFile(9));
    assertNames(e, DEVICE, "file 9 does not exist", "SPACE over filemarks", "end of data, 1 not spaced over");
  }

  @Test
  void locateBeyondEndOfDataSaysTheFileDoesNotExist() {
    t.expect(locateFileCdb(19)).check(FixedSense.of(SenseKey.BLANK_CHECK, AdditionalSense.END_OF_DATA_DETECTED).bytes());
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.locateFile(20));
    assertNames(e, DEVICE, "file 20 does not exist", "LOCATE(16)", "end of data");
  }

  @Test
  void variableReadRejectedByFixedModeDriveSuggestsSetBlockSize() {
    t.expect(READ_64K).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.read(ByteBuffer.allocate(65536)));
    assertNames(e, DEVICE, "READ(6)", "Invalid field in CDB", "fixed-block mode: call setBlockSize(0)");
  }

  @Test
  void locateFileFallsBackToSpacingWithoutFileNumbers() throws Exception {
    t.expect(locateFileCdb(2)).good();
    t.expect(FSF_1).good();
    t.expect(READ_POS_LONG).good(longPosition(0x08, 50, 0)); // MPU: file number unknown
    t.expect(REWIND).good();
    t.expect("11 01 00 00 03 00").good();
    drive.locateFile(3);
  }

  // ---- position ----

  @Test
  void positionFallsBackToShortFormOnce() throws Exception {
    t.expect(READ_POS_LONG).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    t.expect(READ_POS_SHORT).good(Hex.bytes("80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
    t.expect(READ_POS_SHORT).good(Hex.bytes("00 00 00 00 00 00 00 2a 00 00 00 2a 00 00 00 00 00 00 00 00"));
    TapePosition bop = drive.position();
    assertTrue(bop.beginningOfPartition());
    assertEquals(OptionalLong.empty(), bop.fileNumber());
    assertEquals(42, drive.position().logicalObject());
  }

  @Test
  void longPositionDecoded() throws Exception {
    t.expect(READ_POS_LONG).good(longPosition(0x41, 1000, 7));
    TapePosition p = drive.position();
    assertEquals(new TapePosition(0, 1000, OptionalLong.of(7), false, true, true), p);
  }

  @Test
  void unknownPositionIsAnError() {
    t.expect(READ_POS_LONG).good(longPosition(0x04, 0, 0));
    TapeDriveException e = assertThrows(TapeDriveException.class, drive::position);
    assertNames(e, DEVICE, "READ POSITION", "does not know its position");
  }

  @Test
  void truncatedPositionReplyIsMalformedAndNamesTheDevice() {
    t.expect(READ_POS_LONG).good(new byte[31]);
    Exception e = assertThrows(MalformedResponseException.class, drive::position);
    assertNames(e, DEVICE, "READ POSITION", "needs 32");
  }

  // ---- end of data and last file ----

  @Test
  void moveToEndOfDataWithFilemarkPresent() throws Exception {
    expectEndOfDataClosedByFilemark(10, 2);
    EndOfDataResult r = drive.moveToEndOfData(true);
    assertFalse(r.filemarkWritten());
    assertEquals(10, r.position().logicalObject());
  }

  @Test
  void moveToEndOfDataRepairsAMissingFilemark() throws Exception {
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0, 10, 1));
    t.expect(BSR_1).good(); // the last object is a block: the file was never closed
    t.expect(FSR_1).good();
    t.expect(WFM_1).good();
    t.expect(READ_POS_LONG).good(longPosition(0, 11, 2));
    EndOfDataResult r = drive.moveToEndOfData(true);
    assertTrue(r.filemarkWritten());
    assertEquals(OptionalLong.of(2), r.position().fileNumber());
  }

  @Test
  void moveToEndOfDataOnBlankTapeChecksNothing() throws Exception {
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0x80, 0, 0));
    assertFalse(drive.moveToEndOfData(true).filemarkWritten());
  }

  @Test
  void moveToEndOfDataWithoutRepairDoesNotLookBack() throws Exception {
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0, 10, 1));
    assertEquals(10, drive.moveToEndOfData(false).position().logicalObject());
  }

  @Test
  void moveToLastFileOfSeveral() throws Exception {
    expectEndOfDataClosedByFilemark(10, 3);
    t.expect(BSF_2).good();
    t.expect(FSF_1).good();
    drive.moveToLastFile();
  }

  @Test
  void moveToLastFileWhenThereIsOnlyOne() throws Exception {
    expectEndOfDataClosedByFilemark(4, 1);
    t.expect(BSF_2).check(FixedSense.of(SenseKey.NO_SENSE, AdditionalSense.BEGINNING_OF_PARTITION_MEDIUM_DETECTED)
        .eom().information(-1).bytes());
    drive.moveToLastFile();
  }

  @Test
  void moveToLastFileOnBlankTapeFails() {
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0x80, 0, 0));
    TapeDriveException e = assertThrows(TapeDriveException.class, drive::moveToLastFile);
    assertNames(e, DEVICE, "blank");
  }

  // ---- erase and format ----

  /** MODE SENSE(10) of page 1Dh (SSC-5 8.3.6): density in the block descriptor, WORMM in page byte 2. */
  static byte[] modeSense1d(int density, boolean worm) {
    return mode10(0x10, density, 0, "1d 1e " + (worm ? "01" : "00") + " 00".repeat(29));
  }

  @Test
  void formatLto8FastIsOneFormatMedium() throws Exception {
    t.expect(MODE_SENSE_1D).good(modeSense1d(0x5E, false));
    t.expect(REWIND).good();
    t.expect("04 00 00 00 00 00").good();
    t.expect(REWIND).good();
    drive.format(true);
  }

  @Test
  void formatLto9SlowFormatsImmediatelyWaitsAndErasesLong() throws Exception {
    t.expect(MODE_SENSE_1D).good(modeSense1d(0x60, false));
    t.expect(REWIND).good();
    t.expect("04 01 00 00 00 00").good();
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS));
    t.expect(TUR).good();
    t.expect("19 03 00 00 00 00").good();
    t.expect(TUR).check(sense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS));
    t.expect(TUR).good();
    t.expect(REWIND).good();
    drive.format(false);
    assertEquals(2, clock.sleeps().size());
  }

  @Test
  void formatLto9FastOnlyErases() throws Exception {
    t.expect(MODE_SENSE_1D).good(modeSense1d(0x60, false));
    t.expect(REWIND).good();
    t.expect("19 00 00 00 00 00").good();
    t.expect(REWIND).good();
    drive.format(true);
  }

  @Test
  void formatOldDriveWithoutPage1dErases() throws Exception {
    t.expect(MODE_SENSE_1D).check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
    t.expect(MODE_SENSE_0F).good(mode10(0x10, 0x44, 0, COMPRESSION_ON));
    t.expect(REWIND).good();
    t.expect("19 00 00 00 00 00").good();
    t.expect(REWIND).good();
    drive.format(true);
  }

  @Test
  void wormWithDataIsNeverFormatted() {
    t.expect(MODE_SENSE_1D).good(modeSense1d(0x5E, true));
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0, 5, 1));
    t.expect(REWIND).good();
    TapeDriveException e = assertThrows(TapeDriveException.class, () -> drive.format(true));
    assertNames(e, DEVICE, "MODE SENSE page 1Dh", "WORM cartridge, holding 5");
    assertEquals(Duration.ofSeconds(60), t.timeouts().get(0));
  }

  @Test
  void blankWormIsLeftAlone() throws Exception {
    t.expect(MODE_SENSE_1D).good(modeSense1d(0x5E, true));
    t.expect(SPACE_EOD).good();
    t.expect(READ_POS_LONG).good(longPosition(0x80, 0, 0));
    t.expect(REWIND).good();
    drive.format(false);
  }

  @Test
  void shortErase() throws Exception {
    t.expect("19 00 00 00 00 00").good();
    drive.erase(false);
  }

  // ---- small commands ----

  @Test
  void lockUnlockUnloadAndLimits() throws Exception {
    t.expect("1e 00 00 00 01 00").good();
    t.expect("1e 00 00 00 00 00").good();
    t.expect("1b 00 00 00 00 00").good();
    t.expect("05 00 00 00 00 00").good(Hex.bytes("00 80 00 00 00 01"));
    drive.setMediumRemovalPrevented(true);
    drive.setMediumRemovalPrevented(false);
    drive.unload();
    assertEquals(new BlockLimits(0, 0x800000, 1), drive.blockLimits());
  }

  @Test
  void rewindFailureNamesDeviceCommandAndSense() {
    t.expect(REWIND).check(sense(SenseKey.HARDWARE_ERROR, AdditionalSense.of(0x44, 0x00)));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::rewind);
    assertNames(e, DEVICE + ": REWIND failed: Hardware Error", "ASC/ASCQ 44/00", "TapeAlert");
    assertEquals(DEVICE, e.device());
    assertEquals("REWIND", e.command());
  }

  @Test
  void recoveredErrorCountsAsSuccess() throws Exception {
    t.expect(REWIND).check(sense(SenseKey.RECOVERED_ERROR, AdditionalSense.of(0x17, 0x01)));
    drive.rewind();
  }

  @Test
  void motionCommandsUseTheLongTimeout() throws Exception {
    t.expect(REWIND).good();
    t.expect(READ_POS_LONG).good(longPosition(0x80, 0, 0));
    drive.rewind();
    drive.position();
    assertEquals(List.of(Duration.ofMinutes(10), Duration.ofSeconds(30)), t.timeouts());
  }

  @Test
  void closeClosesTheTransport() throws Exception {
    drive.close();
    assertTrue(t.isClosed());
  }

  @Test
  void allowOverwriteNamesWhereTheTapeIs() throws Exception {
    byte[] position = longPosition(0, 0x1234, 3);
    position[7] = 1; // partition 1
    t.expect(READ_POS_LONG).good(position);
    t.expect("82 00 01 01 00 00 00 00 00 00 12 34 00 00 00 00").good();
    drive.allowOverwriteAtCurrentPosition();
  }

  @Test
  void allowOverwriteRejectedByAnOlderDrive() {
    t.expect(READ_POS_LONG).good(longPosition(0, 7, 0));
    t.expect("82 00 01 00 00 00 00 00 00 00 00 07 00 00 00 00")
        .check(sense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE));
    ScsiCommandException e = assertThrows(ScsiCommandException.class, drive::allowOverwriteAtCurrentPosition);
    assertNames(e, DEVICE, "ALLOW OVERWRITE");
  }
}
