package dev.tapekit.backup.media;

import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.tape.ReadyListener;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns what a drive does while a loaded tape is not ready into lines for the job's user: a
 * calibrating drive (an LTO-9 cartridge's first load takes up to two hours) is reported when the
 * calibration is first seen and then every {@link #INTERVAL}; nothing else is reported.
 *
 * <p>One instance per wait; not thread-safe.
 */
final class LoadProgress implements ReadyListener {
  /** How often a calibration that goes on is reported again. */
  static final Duration INTERVAL = Duration.ofMinutes(10);

  private final String where;
  private final Consumer<String> out;
  private Duration nextReport = Duration.ZERO;

  /**
   * @param where the tape and drive, e.g. {@code E01001L8 in L700:0}
   */
  LoadProgress(String where, Consumer<String> out) {
    this.where = where;
    this.out = out;
  }

  @Override
  public void notReady(Duration waited, Optional<DeviceActivity> activity) {
    if (activity.orElse(DeviceActivity.NONE) != DeviceActivity.CALIBRATING || waited.compareTo(nextReport) < 0) {
      return;
    }
    out.accept(where + ": the drive is calibrating the cartridge (the first load of an LTO-9 cartridge takes up"
        + " to 2 hours); waited " + waited.toMinutes() + " min so far");
    nextReport = waited.plus(INTERVAL);
  }
}
