package dev.tapekit.backup.media;

import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.Recognition;
import dev.tapekit.format.label.TapeRecognizer;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A drive without a changer, fed by an {@link Operator}: {@link #load} checks the tape in the drive by
 * its media label; if it is not the one wanted, it ejects it, asks the operator for the wanted tape, and
 * watches the drive (TEST UNIT READY every {@link #POLL_INTERVAL}) until a tape is in and ready. A wrong
 * tape (another label, a blank or foreign one) is named to the operator, ejected, and asked for again.
 * Nobody inserting the tape within the operator timeout is a {@link MediaException.OperatorTimeout}.
 *
 * <p>Contract: tapes are known by the label text of their media label (file 0), so {@link #load} rewinds
 * and reads it every time; the label of the tape last loaded is {@link #loaded()}. It never touches a
 * changer. Tapes in the drive are offline in the catalog. Not thread-safe: a job holds the drive.
 */
public final class StandaloneDrive implements TapeLoader {
  /** How often the drive is asked whether a tape has come in. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private final TapeDrive drive;
  private final String name;
  private final Operator operator;
  private final Duration readyTimeout;
  private final Duration operatorTimeout;
  private final Polling polling;
  private Optional<String> current = Optional.empty();

  /**
   * @param name the drive's name, the same in every process (its device path or by-id name)
   * @param readyTimeout how long an inserted tape may take to become ready (calibrating drives are waited
   *     for longer, see {@link TapeDrive#waitUntilReady})
   * @param operatorTimeout how long to wait for the operator after asking, each time
   * @param clock and {@code sleeper}: how the drive is watched, every {@link #POLL_INTERVAL}
   */
  public StandaloneDrive(TapeDrive drive, String name, Operator operator, Duration readyTimeout,
      Duration operatorTimeout, Clock clock, Sleeper sleeper) {
    this.drive = Objects.requireNonNull(drive, "drive");
    this.name = Objects.requireNonNull(name, "name");
    this.operator = Objects.requireNonNull(operator, "operator");
    this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    this.operatorTimeout = Objects.requireNonNull(operatorTimeout, "operatorTimeout");
    this.polling = new Polling(clock, sleeper, POLL_INTERVAL);
  }

  @Override
  public TapeDrive drive() {
    return drive;
  }

  @Override
  public String driveName() {
    return name;
  }

  /** Empty: no changer. */
  @Override
  public Optional<String> changer() {
    return Optional.empty();
  }

  /** Empty: every tape needs the operator. */
  @Override
  public Set<String> reachable() {
    return Set.of();
  }

  /** The label text of the tape this loader last loaded, while it has not ejected it. */
  @Override
  public Optional<String> loaded() {
    return current;
  }

  /**
   * Makes the tape labelled {@code label} the drive's tape, with the operator's help, and waits until it
   * is ready; see the class comment.
   *
   * @throws MediaException.OperatorTimeout when the tape did not come within the operator timeout
   */
  @Override
  public TapeDrive load(String label) throws IOException {
    Optional<Recognition> there = inspect();
    if (there.isPresent() && holds(there.get(), label)) {
      return drive;
    }
    String why = there.map(r -> " It holds " + r.describe() + "; ejected it.").orElse("");
    if (there.isPresent()) {
      unload();
    }
    Instant asked = polling.now();
    operator.request(ask(label, why));
    while (true) {
      Duration waited = polling.since(asked);
      if (waited.compareTo(operatorTimeout) >= 0) {
        throw new MediaException.OperatorTimeout(name + ": tape " + label + " was not inserted within "
            + minutes(waited) + " of asking (at " + asked + "); insert it and run the job again");
      }
      polling.pause(name + " receiving tape " + label);
      there = inspect();
      if (there.isEmpty()) {
        continue;
      }
      if (holds(there.get(), label)) {
        return drive;
      }
      unload();
      asked = polling.now();
      operator.request(ask(label, " That is not it: it holds " + there.get().describe() + "; ejected it."));
    }
  }

  /** Ejects the drive's tape for the operator; nothing if the drive is empty. */
  @Override
  public void unload() throws IOException {
    current = Optional.empty();
    try {
      drive.unload();
    } catch (NoMediumException e) {
      // nothing in the drive
    }
  }

  /** Ejects the tape in the drive when it is one of {@code labels}; the others are not here. */
  @Override
  public Exported export(List<String> labels) throws IOException {
    Map<String, String> done = new LinkedHashMap<>();
    Map<String, String> not = new LinkedHashMap<>();
    Optional<String> in = loaded();
    for (String label : labels) {
      if (in.map(label::equals).orElse(false)) {
        unload();
        done.put(label, "ejected from " + drive.deviceName());
      } else {
        not.put(label, "not in standalone drive " + drive.deviceName() + ": it is already out");
      }
    }
    return new Exported(done, not);
  }

  @Override
  public void close() throws IOException {
    drive.close();
  }

  private String ask(String label, String why) {
    return "Drive " + name + " needs tape " + label + "." + why + " Insert " + label + " (waiting up to "
        + minutes(operatorTimeout) + ").";
  }

  private boolean holds(Recognition r, String label) {
    if (r instanceof Recognition.Tapekit t && t.media().label().equals(label)) {
      current = Optional.of(label);
      return true;
    }
    return false;
  }

  /** What the tape in the drive is, rewound first; empty when no tape is in (or one sits ejected). */
  private Optional<Recognition> inspect() throws IOException {
    try {
      drive.waitUntilReady(readyTimeout);
    } catch (NoMediumException e) {
      current = Optional.empty();
      return Optional.empty();
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> s.additionalSense().equals(
          AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)).orElse(false)) {
        current = Optional.empty();
        return Optional.empty(); // an ejected tape still in the drive's mouth
      }
      throw e;
    }
    drive.setBlockSize(0);
    drive.rewind();
    return Optional.of(TapeRecognizer.recognize(new DriveBlockSource(drive, name)));
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }
}
