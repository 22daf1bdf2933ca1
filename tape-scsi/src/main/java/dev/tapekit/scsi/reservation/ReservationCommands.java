package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Builders for the SPC reservation commands: PERSISTENT RESERVE IN (5Eh) and OUT (5Fh), and the
 * SPC-2 RESERVE(6) (16h) and RELEASE(6) (17h) that older drives and changers still use.
 *
 * <p>Contract: stateless and thread-safe; arguments that do not fit their field throw {@link
 * IllegalArgumentException}; every command gets {@link #TIMEOUT}.
 *
 * <pre>
 *  PERSISTENT RESERVE IN   5E | SA(1.4-0) | 2-6 reserved | 7-8 ALLOCATION LENGTH | 9 control
 *  PERSISTENT RESERVE OUT  5F | SA(1.4-0) | SCOPE(2.7-4) TYPE(2.3-0) | 3-4 reserved
 *                          | 5-8 PARAMETER LIST LENGTH = 24 | 9 control
 *  parameter list (24)     0-7 RESERVATION KEY | 8-15 SERVICE ACTION RESERVATION KEY | 16-19 obsolete
 *                          | 20 SPEC_I_PT(3) ALL_TG_PT(2) APTPL(0) | 21 reserved | 22-23 obsolete
 *  RESERVE(6)              16 | 0 0 0 0 | control
 *  RELEASE(6)              17 | 0 0 0 0 | control
 * </pre>
 *
 * <p>Example: REGISTER key 0x1234 from an unregistered initiator is the CDB {@code 5f 00 00 00 00
 * 00 00 00 18 00} with the parameter list {@code 00.. (8 zero bytes) 00 00 00 00 00 00 12 34 00..},
 * the new key in bytes 8..15: keys are big-endian 8-byte values.
 */
public final class ReservationCommands {
  /** Timeout of the reservation commands: they never touch the medium. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Length of the PERSISTENT RESERVE OUT parameter list without transport IDs. */
  public static final int PARAMETER_LIST_LENGTH = 24;

  private static final int READ_KEYS = 0x00;
  private static final int READ_RESERVATION = 0x01;
  private static final int REPORT_CAPABILITIES = 0x02;

  private ReservationCommands() {}

  /** PERSISTENT RESERVE IN, READ KEYS (00h); decode with {@link RegisteredKeys#parse}. */
  public static ScsiCommand readKeys(int allocationLength) {
    return reserveIn(READ_KEYS, "READ KEYS", allocationLength);
  }

  /** PERSISTENT RESERVE IN, READ RESERVATION (01h); decode with {@link PersistentReservation#parse}. */
  public static ScsiCommand readReservation(int allocationLength) {
    return reserveIn(READ_RESERVATION, "READ RESERVATION", allocationLength);
  }

  /** PERSISTENT RESERVE IN, REPORT CAPABILITIES (02h); decode with {@link ReservationCapabilities#parse}. */
  public static ScsiCommand reportCapabilities(int allocationLength) {
    return reserveIn(REPORT_CAPABILITIES, "REPORT CAPABILITIES", allocationLength);
  }

  private static ScsiCommand reserveIn(int serviceAction, String action, int allocationLength) {
    String name = "PERSISTENT RESERVE IN " + action;
    Checks.range(name + ": allocation length", allocationLength, 8, 0xFFFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x5E;
    cdb[1] = (byte) serviceAction;
    Bytes.put16(cdb, 7, allocationLength);
    return new ScsiCommand(name, cdb, DataDirection.FROM_DEVICE, allocationLength, TIMEOUT);
  }

  /**
   * PERSISTENT RESERVE OUT with logical-unit scope and a 24-byte parameter list (send {@link
   * #parameterList}).
   *
   * @param type the reservation type for RESERVE, RELEASE, PREEMPT and PREEMPT AND ABORT; null
   *     (TYPE 0) for the others, which ignore it
   */
  public static ScsiCommand reserveOut(ReserveOutAction action, ReservationType type) {
    Objects.requireNonNull(action, "action");
    byte[] cdb = new byte[10];
    cdb[0] = 0x5F;
    cdb[1] = (byte) action.code();
    cdb[2] = (byte) (type == null ? 0 : type.code());
    Bytes.put32(cdb, 5, PARAMETER_LIST_LENGTH);
    return new ScsiCommand("PERSISTENT RESERVE OUT " + action.text(), cdb, DataDirection.TO_DEVICE,
        PARAMETER_LIST_LENGTH, TIMEOUT);
  }

  /**
   * The PERSISTENT RESERVE OUT parameter list.
   *
   * @param key RESERVATION KEY: the key this initiator registered (0 when it has none)
   * @param serviceActionKey SERVICE ACTION RESERVATION KEY: the new key for REGISTER, the key to
   *     preempt for PREEMPT; 0 otherwise
   * @param aptpl activate persist through power loss (REGISTER only)
   */
  public static byte[] parameterList(long key, long serviceActionKey, boolean aptpl) {
    byte[] list = new byte[PARAMETER_LIST_LENGTH];
    Bytes.put64(list, 0, key);
    Bytes.put64(list, 8, serviceActionKey);
    list[20] = (byte) (aptpl ? 0x01 : 0);
    return list;
  }

  /** RESERVE(6) (16h): reserves the whole logical unit for this initiator (SPC-2). */
  public static ScsiCommand reserve6() {
    byte[] cdb = new byte[6];
    cdb[0] = 0x16;
    return new ScsiCommand("RESERVE(6)", cdb, DataDirection.NONE, 0, TIMEOUT);
  }

  /** RELEASE(6) (17h): releases this initiator's RESERVE(6); GOOD also when it held none. */
  public static ScsiCommand release6() {
    byte[] cdb = new byte[6];
    cdb[0] = 0x17;
    return new ScsiCommand("RELEASE(6)", cdb, DataDirection.NONE, 0, TIMEOUT);
  }
}
