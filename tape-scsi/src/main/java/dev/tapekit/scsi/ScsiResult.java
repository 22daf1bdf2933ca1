package dev.tapekit.scsi;

import dev.tapekit.scsi.sense.SenseData;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The outcome of one command that reached the device.
 *
 * <p>{@code hostStatus} and {@code driverStatus} are the Linux {@code DID_*} and {@code DRIVER_*} values
 * (0 for in-process transports); a transport that sees a non-zero host status normally throws {@link
 * ScsiTransportException} instead of returning. {@code residue} is the number of requested bytes that
 * did not move ({@code requested - transferred}). Some host adapters report residue wrongly for tape
 * reads: the tape layer prefers the sense INFORMATION field when it is valid.
 *
 * @param status the raw SAM status byte
 * @param hostStatus the host (adapter) status, 0 when fine
 * @param driverStatus the driver status, 0 or {@code DRIVER_SENSE} (0x08)
 * @param requested the transfer length of the data phase
 * @param residue bytes requested but not transferred, clamped to {@code 0..requested}
 * @param sense the sense bytes the device returned (empty when none)
 * @param duration how long the command took, as measured by the transport
 */
public record ScsiResult(
    int status,
    int hostStatus,
    int driverStatus,
    int requested,
    int residue,
    byte[] sense,
    Duration duration) {

  public ScsiResult {
    if (requested < 0) {
      throw new IllegalArgumentException("requested < 0: " + requested);
    }
    residue = Math.max(0, Math.min(residue, requested));
    sense = sense == null ? new byte[0] : sense.clone();
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** A GOOD result that moved all {@code transferred} bytes. */
  public static ScsiResult good(int transferred) {
    return new ScsiResult(0, 0, 0, transferred, 0, null, Duration.ZERO);
  }

  /** A CHECK CONDITION result with the given sense bytes and residue. */
  public static ScsiResult checkCondition(int requested, int residue, byte[] sense) {
    return new ScsiResult(ScsiStatus.CHECK_CONDITION.code(), 0, 0, requested, residue, sense, Duration.ZERO);
  }

  /** The status byte decoded. */
  public ScsiStatus scsiStatus() {
    return ScsiStatus.of(status);
  }

  /** True for GOOD status without host or driver trouble. */
  public boolean isGood() {
    return scsiStatus() == ScsiStatus.GOOD && hostStatus == 0 && (driverStatus & 0x0F & ~0x08) == 0;
  }

  /** Number of bytes actually transferred in the data phase. */
  public int transferred() {
    return requested - residue;
  }

  /** The sense bytes (a copy). */
  @Override
  public byte[] sense() {
    return sense.clone();
  }

  /** True when the device returned sense bytes. */
  public boolean hasSense() {
    return sense.length > 0;
  }

  /**
   * The decoded sense data, if the device returned sense bytes in a format this decoder knows.
   * Malformed sense yields an empty optional; use {@link SenseData#parse(byte[])} to see why.
   */
  public Optional<SenseData> senseData() {
    return SenseData.tryParse(sense);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScsiResult r
        && r.status == status
        && r.hostStatus == hostStatus
        && r.driverStatus == driverStatus
        && r.requested == requested
        && r.residue == residue
        && Arrays.equals(r.sense, sense)
        && r.duration.equals(duration);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sense) * 31 + status * 7 + residue;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ScsiResult[").append(scsiStatus().text());
    if (hostStatus != 0) {
      sb.append(", host=0x").append(Integer.toHexString(hostStatus));
    }
    if (driverStatus != 0) {
      sb.append(", driver=0x").append(Integer.toHexString(driverStatus));
    }
    sb.append(", transferred=").append(transferred()).append('/').append(requested);
    senseData().ifPresent(s -> sb.append(", ").append(s.summary()));
    return sb.append(']').toString();
  }
}
