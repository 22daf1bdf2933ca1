package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.UnitAttentionPolicy;
import dev.tapekit.scsi.spc.ReportedTimeouts;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseCategory;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link ScsiTapeDrive} and its parts send commands and read their outcome: the one place of
 * the drive's unit-attention and deferred-error policy, and of the exceptions and hints its
 * failures become.
 *
 * <ul>
 *   <li>Unit attentions are consumed as {@link UnitAttentionPolicy} says and kept for {@link
 *       #takeUnitAttentions()}.
 *   <li>A deferred error (sense for an earlier command) is a {@link DeferredErrorException}.
 *   <li>A failure names the device and command and says what to do: {@link NoMediumException},
 *       {@link VolumeOverflowException}, or a {@link ScsiCommandException} with a hint.
 *   <li>A malformed reply is a {@link MalformedResponseException} naming the device and command.
 * </ul>
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class DriveCommands {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);

  private static final int READ_6 = 0x08;
  private static final int WRITE_6 = 0x0A;

  /**
   * NOT READY reasons that pass by themselves, so waiting for the drive keeps polling: the
   * cartridge is threading or calibrating (04/00 is what LTO drives report while loading), or a
   * format, self-test or security session will end. "Initializing command required" (04/02, call
   * load()) and "manual intervention required" (04/03) are not among them.
   */
  private static final Set<AdditionalSense> TRANSIENT_NOT_READY = Set.of(
      AdditionalSense.LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE,
      AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SELF_TEST_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SECURITY_SESSION_IN_PROGRESS,
      AdditionalSense.LOGICAL_UNIT_NOT_READY_SA_CREATION_IN_PROGRESS);

  /** NOT READY reasons that mean the drive is empty. */
  private static final Set<AdditionalSense> NO_MEDIUM = Set.of(
      AdditionalSense.MEDIUM_NOT_PRESENT,
      AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_CLOSED,
      AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_OPEN,
      AdditionalSense.MEDIUM_NOT_PRESENT_LOADABLE,
      AdditionalSense.MEDIUM_NOT_PRESENT_MEDIUM_AUXILIARY_MEMORY_ACCESSIBLE);

  /** DATA PROTECT reasons that are the cartridge's write protection (tab, hardware or software). */
  private static final Set<AdditionalSense> WRITE_PROTECT = Set.of(
      AdditionalSense.WRITE_PROTECTED,
      AdditionalSense.HARDWARE_WRITE_PROTECTED,
      AdditionalSense.LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED);

  /**
   * Opcodes whose outcome depends on where the tape is: READ(6), WRITE(6), WRITE FILEMARKS, SPACE(6),
   * ERASE, FORMAT MEDIUM, READ REVERSE, VERIFY, READ(16), WRITE(16), SPACE(16). The absolute
   * positioning ones (REWIND, LOAD/UNLOAD, LOCATE) are not among them: they re-establish the position.
   */
  private static final Set<Integer> POSITION_DEPENDENT = Set.of(
      0x08, 0x0A, 0x10, 0x11, 0x19, 0x04, 0x0F, 0x13, 0x88, 0x8A, 0x91);

  private final ScsiTransport transport;
  private final ScsiTransport attentive;
  private final IntSupplier blockSize;
  private final List<SenseData> unitAttentions = new ArrayList<>();
  /** The unit attention that lost the position, until REWIND, LOCATE or LOAD/UNLOAD succeeds. */
  private SenseData positionLostBy;
  /** Whether a hardware encryption key is set (a reset clears it in the drive). */
  private boolean encryptionKeySet;
  /** The drive's recommended command timeouts, once read (REPORT SUPPORTED OPERATION CODES). */
  private ReportedTimeouts timeouts = ReportedTimeouts.NONE;

  /**
   * @param transport the drive
   * @param blockSize the block size the drive object uses now (0: variable), for the hint of a
   *     READ or WRITE the drive rejects
   */
  DriveCommands(ScsiTransport transport, IntSupplier blockSize) {
    this.transport = transport;
    this.blockSize = blockSize;
    this.attentive = UnitAttentionPolicy.consuming(ReportedTimeouts.applying(transport, () -> timeouts), (device, cdb, sense) -> {
      LOG.info("{}: unit attention on opcode {}: {}", device, String.format("%02Xh", cdb[0] & 0xFF), sense.summary());
      unitAttentions.add(sense);
    });
  }

  String deviceName() {
    return transport.deviceName();
  }

  /** The transport as the codec helpers ({@code ModePageAccess}, {@code FullReply}, ...) must see it. */
  ScsiTransport attentive() {
    return attentive;
  }

  /** Keeps a unit attention met outside {@link #attentive()} (REQUEST SENSE at open). */
  void recordUnitAttention(SenseData sense) {
    unitAttentions.add(sense);
  }

  List<SenseData> takeUnitAttentions() {
    List<SenseData> taken = List.copyOf(unitAttentions);
    unitAttentions.clear();
    return taken;
  }

  /**
   * From now on every command waits as long as the drive recommends for it ({@code timeouts}); a
   * command the drive reported nothing for keeps its builder's timeout.
   */
  void useTimeouts(ReportedTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  /** Tells the policy whether a hardware encryption key is set now. */
  void encryptionKeySet(boolean set) {
    encryptionKeySet = set;
  }

  /**
   * Sends a command as {@link UnitAttentionPolicy} says and turns a deferred error into an
   * exception. A command that reads, writes or moves the tape and meets a unit attention was not
   * executed and is not sent again: the position is lost, and this and every later such command
   * (except REWIND, LOCATE and LOAD/UNLOAD, which end the loss when they succeed) throw {@link
   * PositionLostException}. Every other outcome is returned.
   */
  ScsiResult exchange(ScsiCommand cmd, ByteBuffer data) throws ScsiException {
    int opcode = cmd.opcode();
    boolean positionDependent = POSITION_DEPENDENT.contains(opcode);
    if (positionLostBy != null && positionDependent) {
      throw new PositionLostException(deviceName(), cmd.name(), positionLostBy, cmd.name() + " refused: the tape"
          + " position is unknown since the drive reported " + positionLostBy.summary()
          + "; rewind, or locate to a known block, first");
    }
    ScsiResult r = cmd.execute(attentive, data);
    if (r.scsiStatus() == ScsiStatus.CHECK_CONDITION && r.senseData().map(SenseData::isDeferred).orElse(false)) {
      throw new DeferredErrorException(deviceName(), cmd.name(), r);
    }
    Optional<SenseData> attention = UnitAttentionPolicy.unitAttention(r);
    if (attention.isPresent() && positionDependent) {
      throw positionLost(cmd, attention.get());
    }
    if (UnitAttentionPolicy.isAbsolutePositioning(opcode) && r.isGood()) {
      positionLostBy = null;
    }
    return r;
  }

  private PositionLostException positionLost(ScsiCommand cmd, SenseData attention) {
    unitAttentions.add(attention);
    positionLostBy = attention;
    boolean reset = attention.asc() == 0x29;
    String what = switch (attention.asc()) {
      case 0x29 -> "the drive was powered on or reset";
      case 0x28 -> "the cartridge may have been changed";
      case 0x2A -> "another initiator changed the drive's parameters";
      default -> "something changed the drive's state";
    };
    String key = "";
    if (reset && encryptionKeySet) {
      key = "; the hardware encryption key was lost with the reset: set it again before writing or reading"
          + " encrypted data";
      encryptionKeySet = false;
    }
    LOG.warn("{}: {} met a unit attention ({}); position lost", deviceName(), cmd.name(), attention.summary());
    return new PositionLostException(deviceName(), cmd.name(), attention, cmd.name() + " was not executed: "
        + what + " (" + attention.summary() + "), so the tape is probably back at its beginning and its position"
        + " is unknown; rewind, or locate to a known block, before reading or writing again" + key);
  }

  /** Something a codec helper does over {@link #attentive()}. */
  interface CodecCall<T> {
    T call() throws ScsiException;
  }

  /**
   * Runs a codec helper; its failures become this drive's: deferred errors, no medium and volume
   * overflow get their own exception types, other sense gets the usual hint, and a malformed reply
   * names the device.
   */
  <T> T codec(CodecCall<T> call) throws ScsiException {
    try {
      return call.call();
    } catch (DeferredErrorException | NoMediumException | VolumeOverflowException e) {
      throw e;
    } catch (ScsiCommandException e) {
      throw failure(e.command(), e.result(), false);
    } catch (MalformedResponseException e) {
      throw e.device() == null ? new MalformedResponseException(deviceName(), e.getMessage()) : e;
    }
  }

  /** Runs a data-in command and decodes its reply. */
  <T> T readDecoded(ScsiCommand cmd, Decoder<T> decoder) throws ScsiException {
    byte[] reply = codec(() -> cmd.readData(attentive));
    return decode(cmd, reply, decoder);
  }

  /** {@code call}'s result, or empty when the drive answers ILLEGAL REQUEST (no such page or command). */
  <T> Optional<T> unlessUnsupported(CodecCall<T> call) throws ScsiException {
    try {
      return Optional.of(call.call());
    } catch (ScsiCommandException e) {
      if (!isKey(e.result(), SenseKey.ILLEGAL_REQUEST)) {
        throw e;
      }
      LOG.debug("{}: not supported: {}", deviceName(), e.getMessage());
      return Optional.empty();
    }
  }

  ScsiResult run(ScsiCommand cmd) throws ScsiException {
    return run(cmd, null);
  }

  /** Sends a command that must succeed (GOOD, or CHECK CONDITION with RECOVERED ERROR). */
  ScsiResult run(ScsiCommand cmd, ByteBuffer data) throws ScsiException {
    return requireSuccess(cmd, exchange(cmd, data));
  }

  ScsiResult requireSuccess(ScsiCommand cmd, ScsiResult r) throws ScsiCommandException {
    if (r.isGood() || r.senseData().map(s -> s.key() == SenseKey.RECOVERED_ERROR).orElse(false)) {
      return r;
    }
    throw failure(cmd, r);
  }

  byte[] dataIn(ScsiCommand cmd) throws ScsiException {
    ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
    return received(buffer, run(cmd, buffer));
  }

  static byte[] received(ByteBuffer buffer, ScsiResult r) {
    return Arrays.copyOf(buffer.array(), r.transferred());
  }

  interface Decoder<T> {
    T decode(byte[] data) throws MalformedResponseException;
  }

  /** Decodes a reply; a malformed one is reported with the device and command named. */
  <T> T decode(ScsiCommand cmd, byte[] data, Decoder<T> decoder) throws MalformedResponseException {
    return decode(cmd.name(), () -> decoder.decode(data));
  }

  interface Decoding<T> {
    T get() throws MalformedResponseException;
  }

  /** Runs a decoding step of {@code command}'s reply; a malformed one is reported with the device named. */
  <T> T decode(String command, Decoding<T> decoding) throws MalformedResponseException {
    try {
      return decoding.get();
    } catch (MalformedResponseException e) {
      throw new MalformedResponseException(deviceName(), command + ": " + e.getMessage());
    }
  }

  /** The sense of a CHECK CONDITION, or the failure to report when there is none. */
  SenseData senseOf(ScsiCommand cmd, ScsiResult r) throws ScsiCommandException {
    Optional<SenseData> s = r.senseData();
    if (r.scsiStatus() != ScsiStatus.CHECK_CONDITION || s.isEmpty()) {
      throw failure(cmd, r);
    }
    return s.get();
  }

  // ---- What sense means for a tape drive

  /** BUSY, or NOT READY for a reason that passes by itself (becoming ready, operation in progress). */
  static boolean worthWaiting(ScsiResult r) {
    if (r.scsiStatus() == ScsiStatus.BUSY) {
      return true;
    }
    return r.senseData().map(DriveCommands::isTransientNotReady).orElse(false);
  }

  static boolean isTransientNotReady(SenseData s) {
    SenseCategory c = SenseCategory.of(s);
    return c == SenseCategory.BECOMING_READY
        || (c == SenseCategory.NOT_READY && TRANSIENT_NOT_READY.contains(s.additionalSense()));
  }

  /**
   * Quirk of Linux tgt's virtual tape: SPACE that runs into end of data answers NO SENSE with
   * END-OF-DATA DETECTED (00/05) where SSC asks for BLANK CHECK. The ASC/ASCQ says the same thing.
   */
  static boolean isTgtSpaceEndOfData(SenseData s) {
    return isSuccessKey(s) && s.additionalSense().equals(AdditionalSense.END_OF_DATA_DETECTED);
  }

  static boolean isSuccessKey(SenseData s) {
    return s.key() == SenseKey.NO_SENSE || s.key() == SenseKey.RECOVERED_ERROR;
  }

  static boolean isFilemark(SenseData s) {
    return s.filemark() || s.additionalSense().equals(AdditionalSense.FILEMARK_DETECTED);
  }

  static boolean isEarlyWarning(SenseData s) {
    AdditionalSense a = s.additionalSense();
    return s.eom()
        || a.equals(AdditionalSense.END_OF_PARTITION_MEDIUM_DETECTED)
        || a.equals(AdditionalSense.PROGRAMMABLE_EARLY_WARNING_DETECTED);
  }

  static boolean isIllegalRequest(ScsiResult r) {
    return isKey(r, SenseKey.ILLEGAL_REQUEST);
  }

  static boolean isKey(ScsiResult r, SenseKey key) {
    return r.senseData().map(s -> s.key() == key).orElse(false);
  }

  static boolean isNoMedium(ScsiResult r) {
    return r.senseData().map(s -> s.key() == SenseKey.NOT_READY && NO_MEDIUM.contains(s.additionalSense()))
        .orElse(false);
  }

  // ---- Failures

  ScsiCommandException failure(ScsiCommand cmd, ScsiResult r) {
    return failure(cmd.name(), r, cmd.opcode() == READ_6 || cmd.opcode() == WRITE_6);
  }

  ScsiCommandException failure(String command, ScsiResult r, boolean readOrWrite) {
    return failure(command, r, r.senseData().map(s -> hint(s, readOrWrite)).orElse(null));
  }

  ScsiCommandException failure(ScsiCommand cmd, ScsiResult r, String hint) {
    return failure(cmd.name(), r, hint);
  }

  /** The exception for a failed command, naming device, command and sense, with what to do. */
  ScsiCommandException failure(String command, ScsiResult r, String hint) {
    Optional<SenseData> s = r.senseData();
    if (s.isPresent() && s.get().isDeferred()) {
      return new DeferredErrorException(deviceName(), command, r);
    }
    if (isNoMedium(r)) {
      return new NoMediumException(deviceName(), command, r);
    }
    if (s.isPresent() && s.get().key() == SenseKey.VOLUME_OVERFLOW) {
      return new VolumeOverflowException(deviceName(), command, r);
    }
    return new ScsiCommandException(deviceName(), command, r, hint);
  }

  private String hint(SenseData s, boolean readOrWrite) {
    switch (s.key()) {
      case NOT_READY:
        if (s.additionalSense().equals(AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)) {
          return "the cartridge is not loaded: call load()";
        }
        if (s.additionalSense().equals(AdditionalSense.CLEANING_CARTRIDGE_INSTALLED)) {
          return "a cleaning cartridge is in the drive: wait for it to finish and unload it";
        }
        return isTransientNotReady(s) ? "the drive is not ready: call waitUntilReady()" : null;
      case DATA_PROTECT:
        if (WRITE_PROTECT.contains(s.additionalSense())) {
          return "the cartridge is write-protected: check its write-protect tab";
        }
        if (s.asc() == 0x74) { // security errors: the block is encrypted and no or the wrong key is set
          return "the data is encrypted: set the key it was written with (setEncryptionKey)";
        }
        return "the drive refuses to write here (WORM or append rules)";
      case MEDIUM_ERROR:
        return "the cartridge may be damaged: clean the drive or try another cartridge";
      case HARDWARE_ERROR:
        return "the drive reports a hardware fault: check its TapeAlert flags and service log";
      case BLANK_CHECK:
        return "the position is beyond end of data";
      case UNIT_ATTENTION:
        return "the command was not executed: the drive was reset, or its cartridge or settings changed;"
            + " check its state and send the command again";
      case ILLEGAL_REQUEST:
        if (s.additionalSense().equals(AdditionalSense.INVALID_COMMAND_OPERATION_CODE)) {
          return "the drive does not support this command";
        }
        if (readOrWrite) {
          int size = blockSize.getAsInt();
          return "the drive may be in " + (size == 0 ? "fixed" : "variable") + "-block mode: call setBlockSize("
              + size + ") to make it agree";
        }
        return "the drive rejected a field of the command";
      default:
        return null;
    }
  }
}
