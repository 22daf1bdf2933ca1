package dev.tapekit.tools;

import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.DeviceLockedException;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiTransport;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code pmt} and {@code pmtx} honour device lock files ({@link DeviceLockFile}): before the first
 * command that could disturb the device, the tool reads the device's identity (INQUIRY and VPD 80h,
 * which change nothing), takes its lock for the command as {@link DeviceLockFile.Mode#COMMAND}, and
 * keeps it until the device is closed. A lock held by a job or another tool is {@link ExitCode#LOCKED}
 * with the holder named.
 *
 * <p>A device that is not of the tool's kind gets no lock (the tool refuses it with its own message),
 * and neither does one that refuses INQUIRY: every SCSI device must answer it, and the tool's own
 * first command is that INQUIRY, so it fails in the tool's (mt's, mtx's) words before anything moves.
 */
public final class DeviceLocks {
  private DeviceLocks() {}

  /**
   * Takes the lock of the {@code kind} behind {@code transport}.
   *
   * @param tool {@code pmt} or {@code pmtx}, for messages
   * @param device the name the device was opened by
   * @param job what the lock file records, e.g. {@code pmt rewind}
   * @param wait how long to wait for another holder
   * @param directory the {@code --lock-dir} option, if given
   * @param env where {@code TAPEKIT_LOCK_DIR} is looked up
   * @return the lock, to close after the device; empty when the device gets none (see above)
   * @throws ToolFailure {@link ExitCode#LOCKED} when someone else holds it; {@link
   *     ExitCode#PERMISSION_DENIED} or {@link ExitCode#FAILED} when the lock file cannot be opened
   * @throws ScsiException when INQUIRY fails other than by a refusal
   */
  public static Optional<DeviceLockFile> lock(String tool, ScsiTransport transport, DeviceLockKey.Kind kind,
      String device, String job, Duration wait, Optional<Path> directory, Map<String, String> env)
      throws ToolFailure, ScsiException {
    if (wait.isNegative()) {
      throw new ToolFailure(ExitCode.USAGE, tool + ": --lock-wait takes seconds >= 0, not " + wait.toSeconds());
    }
    Optional<DeviceLockKey> key;
    try {
      key = DeviceLockKey.read(transport, kind);
    } catch (ScsiCommandException refused) {
      return Optional.empty();
    }
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DeviceLockFile.acquire(DeviceLockFile.directory(directory, env), key.get(), device,
          DeviceLockFile.Mode.COMMAND, job, wait));
    } catch (DeviceLockedException e) {
      List<String> lines = new ArrayList<>(List.of(tool + ": " + e.getMessage()));
      if (e.holder().map(h -> h.mode() == DeviceLockFile.Mode.COMMAND).orElse(false)) {
        lines.add(tool + ": --lock-wait SECONDS waits for it (now " + wait.toSeconds() + ")");
      }
      throw new ToolFailure(ExitCode.LOCKED, lines, e);
    } catch (IOException e) {
      ExitCode code = e.getCause() instanceof AccessDeniedException ? ExitCode.PERMISSION_DENIED : ExitCode.FAILED;
      throw new ToolFailure(code, List.of(tool + ": " + e.getMessage()), e);
    }
  }
}
