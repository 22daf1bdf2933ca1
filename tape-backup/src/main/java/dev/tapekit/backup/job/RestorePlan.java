package dev.tapekit.backup.job;

import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.catalog.ChunkLocation;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.SnapshotLocation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a restore will read, made by {@link TreeRestore#plan} before the bulk of the reading: the
 * tapes in the order they will be loaded, each read once, forward, in position order, with the
 * chunks and bytes it gives. To know which chunks a snapshot needs, the plan has already read the
 * snapshot listings (small: the entries, by LOCATE) from the tapes in {@link #listingTapes()}; a
 * whole-set restore needs no listing first and reads every chunk and listing in one pass.
 *
 * <p>Holds the listings in temporary files until {@link #close()}.
 */
public final class RestorePlan implements AutoCloseable {
  /**
   * One tape of the plan.
   *
   * @param label the tape's label text
   * @param sequence its number in the media set
   * @param chunks chunks read from it
   * @param bytes bytes of those chunks as stored on tape
   * @param listings snapshot listings read from it in this pass (whole-set restores)
   */
  public record TapeVisit(String label, int sequence, long chunks, long bytes, int listings) {}

  /** A snapshot to restore, where to, and its entries (read in the plan, or in the pass for a whole set). */
  record Target(SnapshotLocation where, Optional<String> subdirectory, EntrySpool entries) {}

  /** A chunk to read, and where. */
  record Wanted(String digest, Media tape, ChunkLocation at) {}

  /** One tape's reading: its chunks in position order, and the listings on it (whole set only). */
  record Visit(Media tape, List<Wanted> chunks, List<Target> listings) {
    TapeVisit describe() {
      return new TapeVisit(tape.label(), tape.membership().map(Media.Membership::sequence).orElse(-1), chunks.size(),
          chunks.stream().mapToLong(w -> w.at().entry().storedLength()).sum(), listings.size());
    }
  }

  private final UUID set;
  private final List<String> listingTapes;
  private final List<Target> targets;
  private final List<Visit> visits;
  private final List<TreeProblem> problems;
  private final OptionalLong driveRate;
  private final List<TapeVisit> tapeVisits;
  private final long bytes;
  /** Bytes read from tape while planning (listings, for a restore of chosen snapshots or paths). */
  private final long listingBytes;
  private boolean used;

  RestorePlan(UUID set, List<String> listingTapes, List<Target> targets, List<Visit> visits,
      List<TreeProblem> problems, OptionalLong driveRate, long listingBytes) {
    this.set = set;
    this.listingBytes = listingBytes;
    this.driveRate = driveRate;
    this.listingTapes = List.copyOf(listingTapes);
    this.targets = List.copyOf(targets);
    this.visits = List.copyOf(visits);
    this.tapeVisits = this.visits.stream().map(Visit::describe).toList();
    this.bytes = tapeVisits.stream().mapToLong(TapeVisit::bytes).sum();
    this.problems = new ArrayList<>(problems);
  }

  long listingBytes() {
    return listingBytes;
  }

  /** The media set. */
  public UUID mediaSet() {
    return set;
  }

  /** The snapshots restored, by name, in order. */
  public List<String> snapshots() {
    return targets.stream().map(t -> t.where().snapshot().name()).toList();
  }

  /** The tapes read (in order) for the snapshot listings while planning. */
  public List<String> listingTapes() {
    return listingTapes;
  }

  /** The tapes the restore reads, in order, each once. */
  public List<TapeVisit> tapes() {
    return tapeVisits;
  }

  /** Bytes read from tape for the chunks. */
  public long bytes() {
    return bytes;
  }

  /** What is already known not to restore (a chunk no catalogued archive holds, a path the snapshot lacks). */
  public List<TreeProblem> problems() {
    return List.copyOf(problems);
  }

  /** The reading time at {@code bytesPerSecond}, without the loads. */
  public Duration estimate(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("a rate of " + bytesPerSecond + " bytes per second");
    }
    return Duration.ofSeconds((bytes + bytesPerSecond - 1) / bytesPerSecond);
  }

  /**
   * The drive's native rate for the cartridges it reads (from the density of a tape it had loaded
   * while planning), when known.
   */
  public OptionalLong driveRate() {
    return driveRate;
  }

  /** The plan as the tools print it, with the time at the drive's native rate when it is known. */
  public String describe() {
    return describe(driveRate);
  }

  /** The plan as the tools print it before the restore starts, with the time at {@code bytesPerSecond}. */
  public String describe(long bytesPerSecond) {
    estimate(bytesPerSecond); // checks the rate
    return describe(OptionalLong.of(bytesPerSecond));
  }

  private String describe(OptionalLong rate) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "restore of %d snapshot(s) of media set %s%n", targets.size(), set));
    if (!listingTapes.isEmpty()) {
      s.append("listings read from: ").append(String.join(", ", listingTapes)).append(System.lineSeparator());
    }
    for (TapeVisit v : tapes()) {
      s.append(String.format(Locale.ROOT, "  tape %-10s (#%d): %,d chunks, %s%s%n", v.label(), v.sequence(),
          v.chunks(), size(v.bytes()), v.listings() > 0 ? ", " + v.listings() + " listing(s)" : ""));
    }
    String time = "time unknown (the drive's rate is known once it has held a tape)";
    if (rate.isPresent()) {
      Duration t = estimate(rate.getAsLong());
      time = String.format(Locale.ROOT, "about %dh%02dm%02ds at %s/s", t.toHours(), t.toMinutesPart(),
          t.toSecondsPart(), size(rate.getAsLong()));
    }
    s.append(String.format(Locale.ROOT, "total: %d tape(s), %s, %s plus %d load(s)%n", visits.size(), size(bytes),
        time, visits.size()));
    for (TreeProblem p : problems) {
      s.append("cannot restore: ").append(p).append(System.lineSeparator());
    }
    return s.toString();
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }

  List<Target> targets() {
    return targets;
  }

  List<Visit> visits() {
    return visits;
  }

  List<TreeProblem> problemList() {
    return problems;
  }

  /** A plan runs once: its listings are consumed. */
  void use() {
    if (used) {
      throw new IllegalStateException("this restore plan has run: make a new one");
    }
    used = true;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Target t : targets) {
      try {
        t.entries().close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
