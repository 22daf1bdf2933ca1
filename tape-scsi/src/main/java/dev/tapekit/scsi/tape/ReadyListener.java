package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.log.DeviceActivity;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears what a drive is doing while {@link TapeDrive#waitUntilReady(Duration, ReadyListener)} waits
 * for it, so that a caller can say why a load takes long (an LTO-9 cartridge's first load calibrates
 * for up to two hours).
 *
 * <p>Called on the waiting thread, with the drive's lock held: it must not use the drive.
 */
@FunctionalInterface
public interface ReadyListener {
  /** Hears nothing; the drive then reads no extra page while it waits. */
  ReadyListener NONE = (waited, activity) -> {};

  /**
   * The drive is still not ready after {@code waited}.
   *
   * @param activity what the DT device status page (11h) says the drive does; empty when the drive
   *     lacks the page or has not initialized the value
   */
  void notReady(Duration waited, Optional<DeviceActivity> activity);
}
