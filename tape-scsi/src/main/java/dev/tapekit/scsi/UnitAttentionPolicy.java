package dev.tapekit.scsi;

import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How tapekit answers UNIT ATTENTION, for drives and changers alike. A device that reports a unit
 * attention (power on, reset, medium changed, mode parameters changed by another initiator) did not
 * execute the command. What the command would have done may no longer be right: after a reset or a
 * cartridge change the tape is usually back at its beginning, so a WRITE sent again would overwrite
 * the start of the tape and a READ would return the wrong block; after a library door was opened a
 * MOVE MEDIUM may no longer move what the caller meant. So only commands that neither move the
 * medium nor transfer user data nor change settings ({@link #isReplayable(int)}: TEST UNIT READY,
 * INQUIRY, REQUEST SENSE, MODE SENSE, LOG SENSE, READ POSITION, READ ATTRIBUTE, SECURITY PROTOCOL
 * IN, the REPORT commands, READ ELEMENT STATUS, ...), the commands that put the tape at an
 * absolute place whatever its position was (REWIND, LOCATE, LOAD/UNLOAD) and PREVENT ALLOW MEDIUM
 * REMOVAL and INITIALIZE ELEMENT STATUS are sent again; every other command's unit attention is
 * returned to the caller, who must re-establish its state (a changer's MOVE MEDIUM fails: re-read
 * the status, the door may have been opened and the slots changed).
 *
 * <p>Every unit attention consumed is handed to a {@link Listener}. At most {@link #MAX_IN_A_ROW}
 * unit attentions in a row are consumed for one command; after that the last result is returned as
 * it is and the caller reports it.
 *
 * <p>Deferred errors are not unit attentions here even when their key says so: they belong to an
 * earlier command and are the caller's to report.
 *
 * <p>Stateless and thread-safe; the transport returned by {@link #consuming} is as thread-safe as
 * the one it wraps.
 */
public final class UnitAttentionPolicy {
  /** How many unit attentions in a row one command may meet before its result is returned as is. */
  public static final int MAX_IN_A_ROW = 8;

  /** Told of each unit attention the policy consumes. */
  @FunctionalInterface
  public interface Listener {
    /**
     * {@code device} answered the command {@code cdb} with the unit attention {@code sense}; the
     * command will be sent again.
     */
    void unitAttention(String device, byte[] cdb, SenseData sense);
  }

  /**
   * Opcodes that read state only: TEST UNIT READY, REQUEST SENSE, READ BLOCK LIMITS, INQUIRY, MODE
   * SENSE(6), READ POSITION, REPORT DENSITY SUPPORT, LOG SENSE, MODE SENSE(10), PERSISTENT RESERVE
   * IN, READ ATTRIBUTE, REPORT LUNS, SECURITY PROTOCOL IN, MAINTENANCE IN (REPORT SUPPORTED
   * OPERATION CODES and the other REPORT service actions), READ ELEMENT STATUS.
   */
  private static final Set<Integer> READ_ONLY = Set.of(
      0x00, 0x03, 0x05, 0x12, 0x1A, 0x34, 0x44, 0x4D, 0x5A, 0x5E, 0x8C, 0xA0, 0xA2, 0xA3, 0xB8);
  /** Opcodes that leave the tape at an absolute place: REWIND, LOAD/UNLOAD, LOCATE(10), LOCATE(16). */
  private static final Set<Integer> ABSOLUTE_POSITIONING = Set.of(0x01, 0x1B, 0x2B, 0x92);
  /**
   * Opcodes whose effect is the same whatever the unit attention changed: PREVENT ALLOW MEDIUM
   * REMOVAL (a reset clears the prevention, so sending it again restores what the caller asked for)
   * and a changer's INITIALIZE ELEMENT STATUS [WITH RANGE] (a fresh inventory).
   */
  private static final Set<Integer> IDEMPOTENT = Set.of(0x1E, 0x07, 0x37);

  private UnitAttentionPolicy() {}

  /**
   * Whether a command with this operation code is sent again after a unit attention: it only reads
   * state, moves the tape to an absolute place (REWIND, LOCATE, LOAD/UNLOAD; on a changer the same
   * opcodes are POSITION TO ELEMENT and OPEN/CLOSE IMPORT/EXPORT ELEMENT), or has the same effect
   * whatever changed (PREVENT ALLOW MEDIUM REMOVAL, INITIALIZE ELEMENT STATUS), so its outcome does
   * not depend on what the unit attention changed. Not replayed: READ, WRITE, WRITE FILEMARKS,
   * SPACE, ERASE, FORMAT MEDIUM, MODE SELECT, LOG SELECT, SECURITY PROTOCOL OUT, WRITE ATTRIBUTE,
   * MOVE MEDIUM, EXCHANGE MEDIUM and everything else.
   */
  public static boolean isReplayable(int opcode) {
    return READ_ONLY.contains(opcode) || ABSOLUTE_POSITIONING.contains(opcode) || IDEMPOTENT.contains(opcode);
  }

  /** Whether this operation code puts the tape at an absolute place (REWIND, LOCATE, LOAD/UNLOAD). */
  public static boolean isAbsolutePositioning(int opcode) {
    return ABSOLUTE_POSITIONING.contains(opcode);
  }

  /** The unit attention {@code result} reports: CHECK CONDITION with current sense of key UNIT ATTENTION. */
  public static Optional<SenseData> unitAttention(ScsiResult result) {
    if (result.scsiStatus() != ScsiStatus.CHECK_CONDITION) {
      return Optional.empty();
    }
    return result.senseData().filter(s -> !s.isDeferred() && s.key() == SenseKey.UNIT_ATTENTION);
  }

  /**
   * {@code device} seen through this policy: a {@linkplain #isReplayable(int) replayable} command is
   * sent again after a unit attention, at most {@link #MAX_IN_A_ROW} times; any other command's unit
   * attention is returned (and not given to the listener: the caller handles it). Closing the
   * returned transport does not close {@code device}: its owner does.
   */
  public static ScsiTransport consuming(ScsiTransport device, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    return new TransportView(device) {
      @Override
      public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
          throws ScsiTransportException {
        for (int consumed = 0; ; consumed++) {
          ScsiResult r = device.execute(cdb, direction, data, timeout);
          Optional<SenseData> attention = unitAttention(r);
          if (attention.isEmpty() || consumed >= MAX_IN_A_ROW || cdb.length == 0 || !isReplayable(cdb[0] & 0xFF)) {
            return r;
          }
          listener.unitAttention(device.deviceName(), cdb, attention.get());
        }
      }
    };
  }
}
