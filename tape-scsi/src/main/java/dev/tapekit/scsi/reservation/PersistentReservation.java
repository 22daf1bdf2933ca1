package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.Optional;

/**
 * The reply to PERSISTENT RESERVE IN, READ RESERVATION: the reservation held now, if any.
 *
 * <pre>
 *  0-3 PRGENERATION   4-7 ADDITIONAL LENGTH (0: no reservation, 16: one)
 *  8-15 RESERVATION KEY   16-19 obsolete   20 reserved   21 SCOPE(7-4) TYPE(3-0)   22-23 obsolete
 * </pre>
 *
 * @param generation PRGENERATION (32-bit unsigned)
 * @param holder the reservation, empty when none is held
 */
public record PersistentReservation(long generation, Optional<Holder> holder) {

  /**
   * A held reservation.
   *
   * @param key the holder's key; 0 for the "all registrants" types, which every registrant holds
   * @param scope SCOPE, 0 for the logical unit (the only scope SPC-4 keeps)
   * @param typeCode the TYPE code as sent, see {@link #type()}
   */
  public record Holder(long key, int scope, int typeCode) {
    /** The reservation type; empty for an obsolete or reserved code. */
    public Optional<ReservationType> type() {
      return ReservationType.of(typeCode);
    }
  }

  /**
   * Decodes a READ RESERVATION reply.
   *
   * @throws MalformedResponseException when the header or an announced descriptor is missing, or
   *     the additional length is neither 0 nor at least 16
   */
  public static PersistentReservation parse(byte[] reply) throws MalformedResponseException {
    long generation = Bytes.u32(reply, 0, "READ RESERVATION PRGENERATION");
    long length = Bytes.u32(reply, 4, "READ RESERVATION ADDITIONAL LENGTH");
    if (length == 0) {
      return new PersistentReservation(generation, Optional.empty());
    }
    if (length < 16) {
      throw new MalformedResponseException("READ RESERVATION: additional length " + length + " is neither 0 nor 16");
    }
    long key = Bytes.u64(reply, 8, "READ RESERVATION key");
    int scopeType = Bytes.u8(reply, 21, "READ RESERVATION scope and type");
    return new PersistentReservation(generation, Optional.of(new Holder(key, scopeType >>> 4, scopeType & 0x0F)));
  }
}
