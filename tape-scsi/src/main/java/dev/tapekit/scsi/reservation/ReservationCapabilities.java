package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reply to PERSISTENT RESERVE IN, REPORT CAPABILITIES: what the device's persistent
 * reservations support.
 *
 * <pre>
 *  0-1 LENGTH (8)   2 RLR_C(7) CRH(4) SIP_C(3) ATP_C(2) PTPL_C(0)
 *  3 TMV(7) ALLOW COMMANDS(6-4) PTPL_A(0)
 *  4 WR_EX_AR(7) EX_AC_RO(6) WR_EX_RO(5) EX_AC(3) WR_EX(1)   5 EX_AC_AR(0)   6-7 reserved
 * </pre>
 *
 * @param replaceLostCapable RLR_C
 * @param compatibleReservationHandling CRH: RESERVE(6)/RELEASE(6) follow the SPC-3 rules next to
 *     persistent reservations
 * @param specifyInitiatorPortsCapable SIP_C
 * @param allTargetPortsCapable ATP_C
 * @param persistThroughPowerLossCapable PTPL_C: APTPL may be set
 * @param allowCommands ALLOW COMMANDS (0..7)
 * @param persistThroughPowerLossActive PTPL_A
 * @param types the supported types; empty when the device sets no TMV (type mask not valid)
 */
public record ReservationCapabilities(
    boolean replaceLostCapable,
    boolean compatibleReservationHandling,
    boolean specifyInitiatorPortsCapable,
    boolean allTargetPortsCapable,
    boolean persistThroughPowerLossCapable,
    int allowCommands,
    boolean persistThroughPowerLossActive,
    Set<ReservationType> types) {

  public ReservationCapabilities {
    types = Set.copyOf(types);
  }

  /**
   * Decodes a REPORT CAPABILITIES reply.
   *
   * @throws MalformedResponseException when fewer than 8 bytes arrived or LENGTH is not 8
   */
  public static ReservationCapabilities parse(byte[] reply) throws MalformedResponseException {
    int length = Bytes.u16(reply, 0, "REPORT CAPABILITIES LENGTH");
    if (length != 8) {
      throw new MalformedResponseException("REPORT CAPABILITIES: length " + length + " is not 8");
    }
    Bytes.require(reply, 0, 8, "REPORT CAPABILITIES");
    int flags = reply[2] & 0xFF;
    int mask = reply[3] & 0xFF;
    Set<ReservationType> types = EnumSet.noneOf(ReservationType.class);
    if ((mask & 0x80) != 0) {
      int typeMask = ((reply[4] & 0xFF) << 8) | (reply[5] & 0xFF);
      for (ReservationType t : ReservationType.values()) {
        if ((typeMask & maskBit(t)) != 0) {
          types.add(t);
        }
      }
    }
    return new ReservationCapabilities((flags & 0x80) != 0, (flags & 0x10) != 0, (flags & 0x08) != 0,
        (flags & 0x04) != 0, (flags & 0x01) != 0, (mask >>> 4) & 0x07, (mask & 0x01) != 0, types);
  }

  /**
   * The bit of {@code type} in the 16-bit type mask (bytes 4..5): bit 8 + code for codes 1..7, bit 0
   * for code 8.
   */
  static int maskBit(ReservationType type) {
    return type.code() == 8 ? 0x0001 : 1 << (8 + type.code());
  }
}
