package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.Progress;
import java.util.Optional;

/** Progress of a job as lines on stderr: one per phase and per tape (nothing with --quiet). */
final class ProgressLines implements Progress.Listener, AutoCloseable {
  private final Session session;
  private String phase = "";
  private Optional<String> tape = Optional.empty();

  ProgressLines(Session session) {
    this.session = session;
  }

  @Override
  public void progress(Progress p) {
    if (!p.phase().equals(phase)) {
      phase = p.phase();
      session.progress(phase + (p.totalBytes().isPresent() ? ": " + Units.bytes(p.totalBytes().getAsLong()) : "")
          + p.tape().map(t -> ", tape " + t).orElse(""));
      tape = p.tape();
    } else if (!p.tape().equals(tape)) {
      tape = p.tape();
      p.tape().ifPresent(t -> session.progress(phase + ": tape " + t + " (" + Units.bytes(p.bytes()) + " so far)"));
    }
  }

  @Override
  public void close() {}
}
