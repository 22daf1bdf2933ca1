package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.TapeAlertFlag;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A snapshot of a drive and its cartridge: what PBS's {@code pmt status} shows, from {@link
 * TapeDrive#status()}. Taking it moves nothing on the tape.
 *
 * <p>Empty fields mean "not known", for one of these reasons: there is no cartridge or it is not
 * ready (position, MAM and volume statistics); the drive lacks the log page or attribute (drives
 * older than LTO-5 have no volume statistics page 17h); or the drive was {@link #busy()}: TapeAlert
 * flags, position and volume statistics are then skipped because a drive may hold those commands
 * until a calibration or locate finishes, which can take hours.
 *
 * @param identity vendor, product, revision and serial number
 * @param mediumPresent a cartridge is in the drive (TEST UNIT READY does not report MEDIUM NOT PRESENT)
 * @param ready TEST UNIT READY succeeded: the cartridge is loaded and usable
 * @param settings block size, compression, buffered mode, density, write protect
 * @param activity what the drive is doing (log page 11h); empty when the drive lacks the page or
 *     did not answer it within its one-second timeout
 * @param busy the activity moves the tape, or the drive did not answer the activity page in time:
 *     the slow parts were skipped
 * @param position file and block number; skipped while the tape moves
 * @param alertFlags TapeAlert flags set now (log page 12h, which reading does not clear)
 * @param manufactured the cartridge's manufacture date (MAM 0406h)
 * @param bytesWritten bytes written to the cartridge in its life (MAM 0220h, MiB × 2^20)
 * @param bytesRead bytes read from the cartridge in its life (MAM 0221h, MiB × 2^20)
 * @param volumeMounts times the cartridge was threaded (volume statistics 0001h)
 * @param mediumPasses full passes of the tape over the head: the larger of beginning-of-medium and
 *     middle-of-medium passes (volume statistics 0101h, 0102h)
 * @param mediumWearout {@code mediumPasses} as a fraction of the 16000-pass LTO budget
 */
public record DriveStatus(
    DriveIdentity identity,
    boolean mediumPresent,
    boolean ready,
    DriveSettings settings,
    Optional<DeviceActivity> activity,
    boolean busy,
    Optional<TapePosition> position,
    Optional<Set<TapeAlertFlag>> alertFlags,
    Optional<LocalDate> manufactured,
    OptionalLong bytesWritten,
    OptionalLong bytesRead,
    OptionalLong volumeMounts,
    OptionalLong mediumPasses,
    OptionalDouble mediumWearout) {

  public DriveStatus {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(position, "position");
    alertFlags = alertFlags.map(Set::copyOf);
    Objects.requireNonNull(manufactured, "manufactured");
    Objects.requireNonNull(bytesWritten, "bytesWritten");
    Objects.requireNonNull(bytesRead, "bytesRead");
    Objects.requireNonNull(volumeMounts, "volumeMounts");
    Objects.requireNonNull(mediumPasses, "mediumPasses");
    Objects.requireNonNull(mediumWearout, "mediumWearout");
  }
}
