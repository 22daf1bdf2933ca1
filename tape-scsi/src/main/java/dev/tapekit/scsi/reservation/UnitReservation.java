package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiTransport;
import java.util.Objects;

/**
 * The SPC-2 reservation of a whole device by one initiator, RESERVE(6) and RELEASE(6), for drives
 * and changers older than persistent reservations. It does not survive a reset or power cycle, and
 * SPC-4 made it obsolete: prefer {@link PersistentReservations} where the device has them.
 *
 * <p>Contract: RESERVATION CONFLICT (another initiator holds the device) throws {@link
 * ReservationConflictException}; other failures throw {@link dev.tapekit.scsi.ScsiCommandException}.
 */
public final class UnitReservation {
  private final ScsiTransport transport;

  private UnitReservation(ScsiTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The RESERVE(6)/RELEASE(6) reservation of the device behind {@code transport}. */
  public static UnitReservation on(ScsiTransport transport) {
    return new UnitReservation(transport);
  }

  /** Reserves the device for this initiator (RESERVE(6)); GOOD again when it already holds it. */
  public void reserve() throws ScsiException {
    var cmd = ReservationCommands.reserve6();
    PersistentReservations.check(transport, cmd, cmd.execute(transport, null));
  }

  /** Releases this initiator's reservation (RELEASE(6)); does nothing when it holds none. */
  public void release() throws ScsiException {
    var cmd = ReservationCommands.release6();
    PersistentReservations.check(transport, cmd, cmd.execute(transport, null));
  }
}
