package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Persistent reservations (SPC-4 PERSISTENT RESERVE IN/OUT) of one device, drive or changer: how
 * hosts sharing it on a SAN keep each other out. Each host registers a key of its own, then one
 * reserves; the others see RESERVATION CONFLICT for what the type excludes, and can preempt a host
 * that died holding the reservation.
 *
 * <pre>{@code
 * PersistentReservations pr = PersistentReservations.on(transport);
 * pr.register(0x7461_7065L);
 * pr.reserve(0x7461_7065L, ReservationType.EXCLUSIVE_ACCESS);
 * ...
 * pr.release(0x7461_7065L, ReservationType.EXCLUSIVE_ACCESS);
 * pr.unregister(0x7461_7065L);
 * }</pre>
 *
 * <p>Contract: every method sends one command (READ KEYS may send a second one with a larger
 * allocation) with logical-unit scope and APTPL clear. RESERVATION CONFLICT throws {@link
 * ReservationConflictException}; other failures, unit attentions included, throw {@link
 * ScsiCommandException} (wrap the transport with {@link dev.tapekit.scsi.UnitAttentionPolicy} to
 * resend the reading commands after one). Thread-safe as far as the transport is.
 */
public final class PersistentReservations {
  /** First allocation length of the PERSISTENT RESERVE IN commands. */
  static final int ALLOCATION = 8192;
  private static final int MAX_ALLOCATION = 0xFFFF;

  private final ScsiTransport transport;

  private PersistentReservations(ScsiTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The persistent reservations of the device behind {@code transport}. */
  public static PersistentReservations on(ScsiTransport transport) {
    return new PersistentReservations(transport);
  }

  /** Every registered key (READ KEYS), asking again with a larger allocation when the first reply is cut short. */
  public RegisteredKeys registeredKeys() throws ScsiException {
    RegisteredKeys keys = read(ReservationCommands.readKeys(ALLOCATION), RegisteredKeys::parse);
    if (keys.truncated()) {
      int needed = (int) Math.min(MAX_ALLOCATION, 8 + keys.additionalLength());
      keys = read(ReservationCommands.readKeys(needed), RegisteredKeys::parse);
    }
    return keys;
  }

  /** The reservation held now (READ RESERVATION). */
  public PersistentReservation reservation() throws ScsiException {
    return read(ReservationCommands.readReservation(ALLOCATION), PersistentReservation::parse);
  }

  /** What the device supports (REPORT CAPABILITIES). */
  public ReservationCapabilities capabilities() throws ScsiException {
    return read(ReservationCommands.reportCapabilities(ALLOCATION), ReservationCapabilities::parse);
  }

  /** Registers {@code key} for this initiator, which must have none yet (REGISTER). */
  public void register(long key) throws ScsiException {
    requireKey(key);
    send(ReserveOutAction.REGISTER, null, 0, key);
  }

  /** Replaces this initiator's registered {@code oldKey} by {@code newKey} (REGISTER). */
  public void changeKey(long oldKey, long newKey) throws ScsiException {
    requireKey(newKey);
    send(ReserveOutAction.REGISTER, null, oldKey, newKey);
  }

  /**
   * Removes this initiator's registration (REGISTER with new key 0); a reservation it held alone is
   * released with it.
   */
  public void unregister(long key) throws ScsiException {
    send(ReserveOutAction.REGISTER, null, key, 0);
  }

  /** Registers {@code key} whatever key this initiator had (REGISTER AND IGNORE EXISTING KEY). */
  public void registerIgnoringExisting(long key) throws ScsiException {
    requireKey(key);
    send(ReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY, null, 0, key);
  }

  /** Takes the reservation with this initiator's registered {@code key} (RESERVE). */
  public void reserve(long key, ReservationType type) throws ScsiException {
    send(ReserveOutAction.RESERVE, Objects.requireNonNull(type, "type"), key, 0);
  }

  /** Gives up the reservation this initiator holds; {@code type} must be the one reserved (RELEASE). */
  public void release(long key, ReservationType type) throws ScsiException {
    send(ReserveOutAction.RELEASE, Objects.requireNonNull(type, "type"), key, 0);
  }

  /** Removes every registration and the reservation, for every initiator (CLEAR). */
  public void clear(long key) throws ScsiException {
    send(ReserveOutAction.CLEAR, null, key, 0);
  }

  /**
   * Removes the registrations with {@code preemptedKey}; when they held the reservation, this
   * initiator takes it with {@code type} (PREEMPT, or PREEMPT AND ABORT with {@code abort}, which
   * also aborts the preempted initiators' commands).
   */
  public void preempt(long key, long preemptedKey, ReservationType type, boolean abort) throws ScsiException {
    send(abort ? ReserveOutAction.PREEMPT_AND_ABORT : ReserveOutAction.PREEMPT,
        Objects.requireNonNull(type, "type"), key, preemptedKey);
  }

  private static void requireKey(long key) {
    if (key == 0) {
      throw new IllegalArgumentException("reservation key 0 means no key; choose a non-zero key");
    }
  }

  private void send(ReserveOutAction action, ReservationType type, long key, long serviceActionKey)
      throws ScsiException {
    ScsiCommand cmd = ReservationCommands.reserveOut(action, type);
    byte[] list = ReservationCommands.parameterList(key, serviceActionKey, false);
    check(transport, cmd, cmd.execute(transport, ByteBuffer.wrap(list)));
  }

  private interface Decoder<T> {
    T parse(byte[] reply) throws MalformedResponseException;
  }

  private <T> T read(ScsiCommand cmd, Decoder<T> decoder) throws ScsiException {
    ByteBuffer buffer = ByteBuffer.allocate(cmd.transferLength());
    ScsiResult r = check(transport, cmd, cmd.execute(transport, buffer));
    try {
      return decoder.parse(Arrays.copyOf(buffer.array(), r.transferred()));
    } catch (MalformedResponseException e) {
      throw new MalformedResponseException(transport.deviceName(), cmd.name() + ": " + e.getMessage());
    }
  }

  /** {@code r} when GOOD; else the exception for it, {@link ReservationConflictException} for status 18h. */
  static ScsiResult check(ScsiTransport transport, ScsiCommand cmd, ScsiResult r) throws ScsiCommandException {
    if (r.isGood()) {
      return r;
    }
    if (r.scsiStatus() == ScsiStatus.RESERVATION_CONFLICT) {
      throw new ReservationConflictException(transport.deviceName(), cmd.name(), r, conflictHint(cmd));
    }
    throw new ScsiCommandException(transport.deviceName(), cmd.name(), r);
  }

  private static String conflictHint(ScsiCommand cmd) {
    return cmd.opcode() == 0x5F
        ? "the key given is not the one this initiator registered, or another initiator holds the reservation;"
            + " read the keys and the reservation to see which"
        : "another initiator holds a reservation that excludes this one";
  }
}
