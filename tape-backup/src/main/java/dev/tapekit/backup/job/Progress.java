package dev.tapekit.backup.job;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a job is, as a listener sees it: what the tools show as a progress bar.
 *
 * @param phase what the job is doing, e.g. "backup", "listing", "reading", "finishing files"
 * @param tape the label of the tape in use, if one is
 * @param bytes bytes done in this phase (read from tape, or read from disk for a backup)
 * @param totalBytes the bytes the phase will do, when known
 * @param files files (entries) done
 * @param bytesPerSecond the average rate of the phase so far
 * @param remaining the estimated time left, when the total is known and the rate is not zero
 */
public record Progress(String phase, Optional<String> tape, long bytes, OptionalLong totalBytes, long files,
    long bytesPerSecond, Optional<Duration> remaining) {

  /** Receives progress; called on the job's thread, so it should return quickly. */
  @FunctionalInterface
  public interface Listener {
    /** Ignores progress. */
    Listener NONE = p -> {};

    void progress(Progress p);
  }
}
