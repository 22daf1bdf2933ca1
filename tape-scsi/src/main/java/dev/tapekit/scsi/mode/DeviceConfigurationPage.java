package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;

/**
 * The Device Configuration mode page (0x10, SSC-5 8.3.3): buffering, early warning, end-of-data,
 * write protection and the compression algorithm selection.
 *
 * <pre>
 *  0      PS(7) | SPF(6)=0 | page code 0x10
 *  1      page length 0x0E
 *  2      CAP(6) | CAF(5) | active format(4-0)
 *  3      active partition
 *  4      write object buffer full ratio
 *  5      read object buffer empty ratio
 *  6-7    write delay time, 100 ms units
 *  8      OBR(7) | LOIS(6) | RSMK(5) | AVC(4) | SOCF(3-2) | ROBO(1) | REW(0)
 *  9      gap size
 *  10     EOD defined(7-5) | EEG(4) | SEW(3) | SWP(2) | BAML(1) | BAM(0)
 *  11-13  object buffer size at early warning
 *  14     select data compression algorithm (0 none, 1 default)
 *  15     WTRE(7-6) | OIR(5) | ROR(4-3) | ASOCWP(2) | PERSWP(1) | PRMWP(0)
 * </pre>
 *
 * <p>Contract: {@link #from} rejects other pages and pages shorter than 14 parameter bytes with
 * {@link MalformedResponseException}; {@code with...} methods return changed copies and reject
 * values wider than their field with {@link IllegalArgumentException}. Immutable.
 */
public final class DeviceConfigurationPage extends TypedModePage {
  public static final int PAGE_CODE = 0x10;
  public static final int PAGE_LENGTH = 0x0E;
  private static final String NAME = "Device Configuration page";

  private DeviceConfigurationPage(byte[] p) {
    super(p);
  }

  public static DeviceConfigurationPage from(ModePage page) throws MalformedResponseException {
    return new DeviceConfigurationPage(validate(page, PAGE_CODE, PAGE_LENGTH, NAME));
  }

  public static DeviceConfigurationPage from(ModeParameters parameters) throws MalformedResponseException {
    return from(required(parameters, PAGE_CODE, NAME));
  }

  /** A zero page. */
  public static DeviceConfigurationPage blank() {
    return new DeviceConfigurationPage(blank(PAGE_CODE, PAGE_LENGTH));
  }

  /** CAP: change active partition (to {@link #activePartition()}) on MODE SELECT. */
  public boolean changeActivePartition() {
    return bit(2, 6);
  }

  /** CAF: change active format on MODE SELECT. */
  public boolean changeActiveFormat() {
    return bit(2, 5);
  }

  public int activeFormat() {
    return field(2, 4, 5);
  }

  public int activePartition() {
    return field(3, 7, 8);
  }

  public int writeObjectBufferFullRatio() {
    return field(4, 7, 8);
  }

  public int readObjectBufferEmptyRatio() {
    return field(5, 7, 8);
  }

  /** Write delay time in 100 ms units: how long buffered data may wait before it is written. */
  public int writeDelayTime() {
    return (int) value(6, 2);
  }

  /** OBR: object buffer recovery. */
  public boolean objectBufferRecovery() {
    return bit(8, 7);
  }

  /** LOIS: logical object identifiers supported. */
  public boolean logicalObjectIdentifiersSupported() {
    return bit(8, 6);
  }

  /** RSMK: report setmarks (obsolete). */
  public boolean reportSetmarks() {
    return bit(8, 5);
  }

  /** AVC: automatic velocity control. */
  public boolean automaticVelocityControl() {
    return bit(8, 4);
  }

  /** SOCF: stop on consecutive filemarks, 0..3. */
  public int stopOnConsecutiveFilemarks() {
    return field(8, 3, 2);
  }

  /** ROBO: recover object buffer order. */
  public boolean recoverObjectBufferOrder() {
    return bit(8, 1);
  }

  /** REW: report early warning on reads. */
  public boolean reportEarlyWarning() {
    return bit(8, 0);
  }

  public int gapSize() {
    return field(9, 7, 8);
  }

  /** EOD defined, 0..7. */
  public int eodDefined() {
    return field(10, 7, 3);
  }

  /** EEG: enable EOD generation. */
  public boolean enableEodGeneration() {
    return bit(10, 4);
  }

  /** SEW: synchronize (flush buffered data) at early warning. */
  public boolean synchronizeAtEarlyWarning() {
    return bit(10, 3);
  }

  /** SWP: software write protect. */
  public boolean softwareWriteProtect() {
    return bit(10, 2);
  }

  /** BAML: block address mode lock. */
  public boolean blockAddressModeLock() {
    return bit(10, 1);
  }

  /** BAM: block address mode. */
  public boolean blockAddressMode() {
    return bit(10, 0);
  }

  public int objectBufferSizeAtEarlyWarning() {
    return (int) value(11, 3);
  }

  /** Select data compression algorithm: 0 none, 1 the drive's default. */
  public int selectDataCompressionAlgorithm() {
    return field(14, 7, 8);
  }

  /** WTRE: WORM tamper read enable, 0..3. */
  public int wormTamperReadEnable() {
    return field(15, 7, 2);
  }

  /** OIR: only if reserved. */
  public boolean onlyIfReserved() {
    return bit(15, 5);
  }

  /** ROR: rewind on reset, 0..3. */
  public int rewindOnReset() {
    return field(15, 4, 2);
  }

  /** ASOCWP: associated write protection. */
  public boolean associatedWriteProtection() {
    return bit(15, 2);
  }

  /** PERSWP: persistent write protection. */
  public boolean persistentWriteProtection() {
    return bit(15, 1);
  }

  /** PRMWP: permanent write protection. */
  public boolean permanentWriteProtection() {
    return bit(15, 0);
  }

  public DeviceConfigurationPage withChangeActivePartition(boolean on) {
    return new DeviceConfigurationPage(withBit(2, 6, on));
  }

  public DeviceConfigurationPage withChangeActiveFormat(boolean on) {
    return new DeviceConfigurationPage(withBit(2, 5, on));
  }

  public DeviceConfigurationPage withActiveFormat(int format) {
    return new DeviceConfigurationPage(withField(2, 4, 5, format, "active format"));
  }

  public DeviceConfigurationPage withActivePartition(int partition) {
    return new DeviceConfigurationPage(withField(3, 7, 8, partition, "active partition"));
  }

  public DeviceConfigurationPage withWriteObjectBufferFullRatio(int ratio) {
    return new DeviceConfigurationPage(withField(4, 7, 8, ratio, "write object buffer full ratio"));
  }

  public DeviceConfigurationPage withReadObjectBufferEmptyRatio(int ratio) {
    return new DeviceConfigurationPage(withField(5, 7, 8, ratio, "read object buffer empty ratio"));
  }

  public DeviceConfigurationPage withWriteDelayTime(int hundredMillis) {
    return new DeviceConfigurationPage(withValue(6, 2, hundredMillis, "write delay time"));
  }

  public DeviceConfigurationPage withObjectBufferRecovery(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 7, on));
  }

  public DeviceConfigurationPage withLogicalObjectIdentifiersSupported(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 6, on));
  }

  public DeviceConfigurationPage withReportSetmarks(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 5, on));
  }

  public DeviceConfigurationPage withAutomaticVelocityControl(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 4, on));
  }

  public DeviceConfigurationPage withStopOnConsecutiveFilemarks(int socf) {
    return new DeviceConfigurationPage(withField(8, 3, 2, socf, "SOCF"));
  }

  public DeviceConfigurationPage withRecoverObjectBufferOrder(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 1, on));
  }

  public DeviceConfigurationPage withReportEarlyWarning(boolean on) {
    return new DeviceConfigurationPage(withBit(8, 0, on));
  }

  public DeviceConfigurationPage withGapSize(int size) {
    return new DeviceConfigurationPage(withField(9, 7, 8, size, "gap size"));
  }

  public DeviceConfigurationPage withEodDefined(int eod) {
    return new DeviceConfigurationPage(withField(10, 7, 3, eod, "EOD defined"));
  }

  public DeviceConfigurationPage withEnableEodGeneration(boolean on) {
    return new DeviceConfigurationPage(withBit(10, 4, on));
  }

  public DeviceConfigurationPage withSynchronizeAtEarlyWarning(boolean on) {
    return new DeviceConfigurationPage(withBit(10, 3, on));
  }

  public DeviceConfigurationPage withSoftwareWriteProtect(boolean on) {
    return new DeviceConfigurationPage(withBit(10, 2, on));
  }

  public DeviceConfigurationPage withBlockAddressModeLock(boolean on) {
    return new DeviceConfigurationPage(withBit(10, 1, on));
  }

  public DeviceConfigurationPage withBlockAddressMode(boolean on) {
    return new DeviceConfigurationPage(withBit(10, 0, on));
  }

  public DeviceConfigurationPage withObjectBufferSizeAtEarlyWarning(int size) {
    return new DeviceConfigurationPage(withValue(11, 3, size, "object buffer size at early warning"));
  }

  public DeviceConfigurationPage withSelectDataCompressionAlgorithm(int algorithm) {
    return new DeviceConfigurationPage(withField(14, 7, 8, algorithm, "select data compression algorithm"));
  }

  public DeviceConfigurationPage withWormTamperReadEnable(int wtre) {
    return new DeviceConfigurationPage(withField(15, 7, 2, wtre, "WTRE"));
  }

  public DeviceConfigurationPage withOnlyIfReserved(boolean on) {
    return new DeviceConfigurationPage(withBit(15, 5, on));
  }

  public DeviceConfigurationPage withRewindOnReset(int ror) {
    return new DeviceConfigurationPage(withField(15, 4, 2, ror, "ROR"));
  }

  public DeviceConfigurationPage withAssociatedWriteProtection(boolean on) {
    return new DeviceConfigurationPage(withBit(15, 2, on));
  }

  public DeviceConfigurationPage withPersistentWriteProtection(boolean on) {
    return new DeviceConfigurationPage(withBit(15, 1, on));
  }

  public DeviceConfigurationPage withPermanentWriteProtection(boolean on) {
    return new DeviceConfigurationPage(withBit(15, 0, on));
  }
}
