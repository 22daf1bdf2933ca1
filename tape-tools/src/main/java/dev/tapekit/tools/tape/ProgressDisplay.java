package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.Progress;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's {@link Progress} on stderr: on a terminal as a progress bar redrawn in place (MiB done
 * and to do, rate, tape, time left; one bar per phase), else as plain lines such as
 *
 * <pre>
 * backup: 1.2 GiB of 3.0 GiB, 5120 files, 180 MB/s, tape E01001L8, 10 s left
 * </pre>
 *
 * <p>one at each change of phase or tape and otherwise at most one every {@link #EVERY}, never the same
 * line twice, and the last one when the display is closed; nothing when quiet. Sizes are binary (GiB),
 * rates decimal (MB/s, as drive makers quote them).
 *
 * <p>Called on the job's thread (a backup's listener is called from several, one at a time); {@link
 * #close()} ends the bar and prints the last line not yet printed.
 */
final class ProgressDisplay implements Progress.Listener, AutoCloseable {
  /** At most one plain line this often, phase and tape changes aside. */
  static final Duration EVERY = Duration.ofSeconds(5);
  private static final long MIB = 1L << 20;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private final Clock clock;
  // plain lines
  private Progress printed;
  private String printedLine;
  private Instant printedAt;
  private Progress pending;
  // the terminal's bar, of the current phase
  private ProgressBar bar;
  private volatile Optional<Duration> remaining = Optional.empty();

  /**
   * @param err where progress goes
   * @param terminal a bar redrawn in place (stdout is a terminal: {@link #isTerminal()}) rather than lines
   * @param quiet nothing at all ({@code --quiet})
   * @param clock when lines are due
   */
  ProgressDisplay(PrintWriter err, boolean terminal, boolean quiet, Clock clock) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
    this.clock = clock;
  }

  /**
   * Whether this process talks to a terminal: a console, which from Java 22 on must also say it is a
   * terminal (it then exists when the streams are redirected too).
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before Java 22 a console is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Override
  public synchronized void progress(Progress p) {
    if (quiet) {
      return;
    }
    if (terminal) {
      draw(p);
      return;
    }
    Instant now = clock.instant();
    boolean changed = printed == null || !p.phase().equals(printed.phase()) || !p.tape().equals(printed.tape());
    if (changed || !now.isBefore(printedAt.plus(EVERY))) {
      print(p, now);
    } else {
      pending = p;
    }
  }

  private void print(Progress p, Instant now) {
    pending = null;
    String line = line(p);
    if (line.equals(printedLine)) {
      return;
    }
    err.println(line);
    err.flush();
    printed = p;
    printedLine = line;
    printedAt = now;
  }

  /** The plain line of {@code p}. */
  static String line(Progress p) {
    List<String> parts = new ArrayList<>();
    if (p.totalBytes().isPresent()) {
      parts.add(bytes(p.bytes()) + " of " + bytes(p.totalBytes().getAsLong()));
    } else if (p.bytes() > 0 || p.files() == 0) {
      parts.add(bytes(p.bytes()));
    }
    if (p.files() > 0) {
      parts.add(p.files() + (p.files() == 1 ? " file" : " files"));
    }
    if (p.bytes() > 0) {
      parts.add(rate(p.bytesPerSecond()));
    }
    p.tape().ifPresent(t -> parts.add("tape " + t));
    p.remaining().ifPresent(d -> parts.add(duration(d) + " left"));
    return p.phase() + ": " + String.join(", ", parts);
  }

  /** {@code n} bytes in binary units with one decimal: 512 B, 1.5 KiB, 3.0 GiB. */
  static String bytes(long n) {
    return Units.bytes(n, 1);
  }

  /** A rate in decimal units, one decimal below 10: 950 B/s, 1.5 MB/s, 180 MB/s. */
  static String rate(long bytesPerSecond) {
    if (bytesPerSecond < 1000) {
      return bytesPerSecond + " B/s";
    }
    String[] units = {"kB/s", "MB/s", "GB/s", "TB/s", "PB/s", "EB/s"};
    double v = bytesPerSecond;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  /** A time left: 45 s, 4 min 10 s, 2 h 5 min, 3 d 4 h. */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " d " + s % 86400 / 3600 + " h";
  }

  private void draw(Progress p) {
    if (bar != null && !bar.getTaskName().equals(p.phase())) {
      endBar();
    }
    remaining = p.remaining();
    if (bar == null) {
      ProgressBarBuilder builder = new ProgressBarBuilder()
          .setTaskName(p.phase())
          .setInitialMax(p.totalBytes().orElse(-1))
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setUnit(" MiB", MIB)
          .showSpeed(new DecimalFormat("#0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
          .setEtaFunction(state -> remaining)
          .setConsumer(new DelegatingProgressBarConsumer(this::redraw));
      bar = builder.build();
    }
    if (p.totalBytes().isPresent() && p.totalBytes().getAsLong() != bar.getMax()) {
      bar.maxHint(p.totalBytes().getAsLong());
    }
    bar.stepTo(p.bytes());
    String extra = p.tape().map(t -> " tape " + t).orElse(""); // files would not fit in 80 columns
    if (!extra.equals(bar.getExtraMessage())) {
      bar.setExtraMessage(extra);
    }
  }

  /** The bar's line, drawn over the previous one (the bar's own thread calls this). */
  private void redraw(String line) {
    synchronized (err) {
      err.print('\r');
      err.print(line);
      err.flush();
    }
  }

  private void endBar() {
    bar.close(); // draws the bar a last time
    synchronized (err) {
      err.println();
      err.flush();
    }
    bar = null;
  }

  /** Ends the bar, or prints the last line not yet printed. */
  @Override
  public synchronized void close() {
    if (bar != null) {
      endBar();
    }
    if (pending != null) {
      print(pending, clock.instant());
    }
  }
}
