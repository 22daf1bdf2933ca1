package dev.tapekit.vtl.drive;

import dev.tapekit.scsi.Sleeper;
import dev.tapekit.vtl.cartridge.MediumGeneration;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A model of an LTO drive's streaming: the data buffer between the host and the tape, the
 * speed-matching steps the tape moves at, and the stop and reposition (backhitch) when the buffer runs
 * empty while the tape streams. A throttled {@link VirtualTapeDrive} calls it on every WRITE and READ
 * and at every sync point; it waits (really, with its {@link Sleeper}) as long as the real drive would
 * make the host wait, and counts what happened.
 *
 * <p>Writing: WRITE puts the data into the buffer and returns at once while there is room; when the
 * buffer is full it returns once the tape has drained enough of it (so a host faster than the drive
 * sees the drive's rate; the wait is counted as blocked time). The tape drains the buffer at the
 * highest speed-matching step not above the host's recent rate (the floor when the host is slower): a
 * faster step would empty the buffer of a steady host. A standing tape starts once the buffer holds a
 * quarter of its size (or at a sync point). When the buffer runs empty while the tape
 * streams, that is an <em>underrun</em>: the tape stops and repositions for the backhitch time, during
 * which it does not drain, then restarts with the next data. Sync points (WRITE FILEMARKS without
 * IMMED, REWIND, LOCATE, SPACE, LOAD/UNLOAD, READ after writing) drain the buffer and stop the tape:
 * the host waits for it, and no underrun is counted; nor is the idle time before the first write.
 *
 * <p>Reading: the drive reads ahead into the same buffer at the step chosen the same way; READ
 * returns at once while read-ahead data is there and else waits for the tape. When the read-ahead
 * fills the buffer (a host slower than the floor) the tape stops: a <em>read stop</em>, with the
 * same backhitch before it moves again.
 *
 * <p>The host's rate is measured from the time between the end of one command and the start of the
 * next (so the time a host spends blocked does not make it look slow), over about the last 64 MiB. The
 * first transfer after the tape stood tells nothing of it: the tape starts at the floor.
 *
 * <p>Thread safety: the drive calls it under its command lock; {@link #counters()} and {@link
 * #restore} may be called from any thread. Waiting happens outside this object's monitor.
 */
public final class DriveThrottle {
  /** The memory of the host-rate estimate in bytes: older transfers count e^-(bytes since)/this. */
  private static final double RATE_WINDOW_BYTES = 64 << 20;
  private static final double NANOS = 1e9;

  /**
   * What a throttled drive emulates. Rates are in MB/s (10^6 bytes per second, as data sheets give
   * them); the speed-matching steps lie evenly from {@code floorMBps} to {@code nativeMBps}.
   *
   * @param nativeMBps native (uncompressed) data rate, the top step
   * @param floorMBps lowest speed-matching step
   * @param steps number of steps, floor and native included (1 when floor equals native)
   * @param bufferBytes data buffer size
   * @param backhitch time a stop and reposition takes, during which the tape moves no data
   */
  public record Settings(double nativeMBps, double floorMBps, int steps, long bufferBytes, Duration backhitch) {
    /** The backhitch time used for every generation: the middle of the 1 to 3 s real drives take. */
    public static final Duration DEFAULT_BACKHITCH = Duration.ofSeconds(2);

    public Settings {
      if (!(nativeMBps > 0) || nativeMBps > 100_000) {
        throw new IllegalArgumentException("native rate " + nativeMBps + " MB/s is not in (0, 100000]");
      }
      if (!(floorMBps > 0) || floorMBps > nativeMBps) {
        throw new IllegalArgumentException("floor " + floorMBps + " MB/s is not in (0, native " + nativeMBps + " MB/s]");
      }
      if (steps < 1 || steps > 64) {
        throw new IllegalArgumentException(steps + " speed-matching steps is not 1..64");
      }
      if (steps == 1 && floorMBps != nativeMBps) {
        throw new IllegalArgumentException("one speed-matching step needs floor = native (" + nativeMBps + " MB/s)");
      }
      if (bufferBytes < 1 << 20) {
        throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes is below 1 MiB");
      }
      if (backhitch.isNegative() || backhitch.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("backhitch " + backhitch + " is not 0..60 s");
      }
    }

    /** Step {@code i} (0 = floor) in bytes per second. */
    double step(int i) {
      return steps == 1 ? nativeMBps * 1e6 : (floorMBps + (nativeMBps - floorMBps) * i / (steps - 1)) * 1e6;
    }

    /**
     * The defaults of an LTO generation's full-height drive (see tape-vtl/README.md for the sources),
     * or empty for other media families and LTO-1.
     */
    public static Optional<Settings> forGeneration(MediumGeneration g) {
      if (g.family() != MediumGeneration.Family.LTO) {
        return Optional.empty();
      }
      return switch (g.level()) {
        case 2 -> Optional.of(of(35, 17.5, 5, 64));
        case 3 -> Optional.of(of(80, 27, 12, 64));
        case 4 -> Optional.of(of(120, 40, 12, 128));
        case 5 -> Optional.of(of(140, 46.7, 12, 256));
        case 6 -> Optional.of(of(160, 53.3, 12, 512));
        case 7 -> Optional.of(of(300, 101.46, 12, 1024));
        case 8 -> Optional.of(of(360, 112, 12, 1024));
        case 9 -> Optional.of(of(400, 177, 12, 1024));
        default -> Optional.empty();
      };
    }

    private static Settings of(double nativeMBps, double floorMBps, int steps, long bufferMiB) {
      return new Settings(nativeMBps, floorMBps, steps, bufferMiB << 20, DEFAULT_BACKHITCH);
    }
  }

  /**
   * Cumulative counters (kept across library restarts; take differences).
   *
   * @param underruns times the buffer ran empty while the tape streamed during writing
   * @param readStops times the read-ahead filled the buffer and the tape stopped
   * @param bytesWritten bytes of WRITE data through the model
   * @param bytesRead bytes of READ data through the model
   * @param blockedNanos time WRITE waited for buffer room (the host was faster than the tape)
   * @param readWaitNanos time READ waited for the tape
   * @param syncWaitNanos time sync points waited for the buffer to drain
   * @param speedMBps the current (last chosen) speed-matching step, MB/s; 0 before the first transfer
   */
  public record Counters(long underruns, long readStops, long bytesWritten, long bytesRead, long blockedNanos,
      long readWaitNanos, long syncWaitNanos, double speedMBps) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);
  }

  private enum Mode {
    IDLE,
    WRITING,
    READING
  }

  private final Settings settings;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  // guarded by this
  private Mode mode = Mode.IDLE;
  /** Bytes in the buffer: waiting for the tape (writing) or for the host (reading). */
  private double level;
  /** Time of the model's state, nanoTime units. */
  private long now;
  /** The tape is moving (or repositioning to move) in the current mode. */
  private boolean moving;
  /** The tape moves no data before this time (a backhitch in progress). */
  private long holdUntil;
  /** When the tape last stopped by itself (underrun or read stop), for the backhitch; valid if stopped. */
  private long stoppedAt;
  private boolean stoppedByItself;
  private double speed;
  /** Set while a sync point drains the buffer: running empty then is no underrun. */
  private boolean stopping;
  /** Decayed bytes and host time (ns) of the host-rate estimate. */
  private double rateBytes;
  private double rateNanos;
  private long lastReturn;
  private boolean haveLastReturn;
  private long underruns;
  private long readStops;
  private long bytesWritten;
  private long bytesRead;
  private long blockedNanos;
  private long readWaitNanos;
  private long syncWaitNanos;

  /**
   * @param settings what to emulate
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   * @param sleeper how to wait ({@link Sleeper#SYSTEM} in production)
   */
  public DriveThrottle(Settings settings, LongSupplier nanoTime, Sleeper sleeper) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.now = nanoTime.getAsLong();
  }

  public Settings settings() {
    return settings;
  }

  /** A snapshot of the counters. */
  public synchronized Counters counters() {
    return new Counters(underruns, readStops, bytesWritten, bytesRead, blockedNanos, readWaitNanos, syncWaitNanos,
        speed / 1e6);
  }

  /** Sets the counters to values saved earlier (a library reopened); the tape stays stopped. */
  public synchronized void restore(Counters c) {
    underruns = c.underruns();
    readStops = c.readStops();
    bytesWritten = c.bytesWritten();
    bytesRead = c.bytesRead();
    blockedNanos = c.blockedNanos();
    readWaitNanos = c.readWaitNanos();
    syncWaitNanos = c.syncWaitNanos();
    speed = c.speedMBps() * 1e6;
  }

  /** The host has written {@code bytes}: waits while the buffer has no room for them. */
  public void written(long bytes) {
    if (bytes <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long t = nanoTime.getAsLong();
      if (mode != Mode.WRITING) {
        stop(t); // read-ahead is dropped
        mode = Mode.WRITING;
      }
      advance(t);
      observeHost(bytes, t);
      long incoming = Math.min(bytes, settings.bufferBytes());
      if (moving || level + incoming >= startThreshold()) {
        start(t);
      }
      double excess = level + incoming - settings.bufferBytes();
      wait = excess <= 0 ? 0 : Math.max(0, holdUntil - t) + (long) Math.ceil(excess / speed * NANOS);
    }
    long waited = sleep(wait);
    synchronized (this) {
      long t = nanoTime.getAsLong();
      advance(t);
      level = Math.min(settings.bufferBytes(), level + bytes);
      bytesWritten += bytes;
      blockedNanos += waited;
      returned(t);
    }
  }

  /** The host reads {@code bytes}: waits until the tape has read them ahead. */
  public void read(long bytes) {
    if (bytes <= 0) {
      return;
    }
    boolean afterWrites;
    synchronized (this) {
      afterWrites = mode == Mode.WRITING;
    }
    if (afterWrites) {
      sync(); // a READ after writes first puts the buffer on tape
    }
    long wait;
    synchronized (this) {
      long t = nanoTime.getAsLong();
      if (mode != Mode.READING) {
        stop(t);
        mode = Mode.READING;
      }
      advance(t);
      observeHost(bytes, t);
      start(t);
      double missing = bytes - level;
      wait = missing <= 0 ? 0 : Math.max(0, holdUntil - t) + (long) Math.ceil(missing / speed * NANOS);
    }
    long waited = sleep(wait);
    synchronized (this) {
      long t = nanoTime.getAsLong();
      advance(t);
      level = Math.max(0, level - bytes);
      bytesRead += bytes;
      readWaitNanos += waited;
      returned(t);
    }
  }

  /**
   * A sync point (WRITE FILEMARKS without IMMED, REWIND, LOCATE, SPACE, LOAD/UNLOAD): waits until the
   * tape has written what the buffer holds, then stops the tape (read-ahead is dropped). Never an
   * underrun.
   */
  public void sync() {
    long wait;
    synchronized (this) {
      long t = nanoTime.getAsLong();
      advance(t);
      if (mode == Mode.WRITING && level > 0) {
        start(t); // a tape still waiting for enough data starts now
        wait = Math.max(0, holdUntil - t) + (long) Math.ceil(level / speed * NANOS);
      } else {
        wait = 0;
      }
    }
    long waited = sleep(wait);
    synchronized (this) {
      syncWaitNanos += waited;
      stop(nanoTime.getAsLong());
    }
  }

  /** Stops the tape at {@code t}; a buffer that runs empty on the way there is no underrun. */
  private void stop(long t) {
    stopping = true;
    try {
      advance(t);
    } finally {
      stopping = false;
    }
    mode = Mode.IDLE;
    level = 0;
    moving = false;
    stoppedByItself = false;
    holdUntil = t;
    haveLastReturn = false;
    rateBytes = 0;
    rateNanos = 0;
  }

  /**
   * How much data the buffer must hold before a standing tape starts to write: a quarter of the buffer
   * (our choice; real drives wait for some amount too, so that the tape does not start for a trickle).
   */
  private long startThreshold() {
    return settings.bufferBytes() / 4;
  }

  /** Starts the tape when it stands (after a backhitch when it stopped by itself); picks the step. */
  private void start(long t) {
    speed = step(hostRate());
    if (!moving) {
      moving = true;
      holdUntil = stoppedByItself ? Math.max(t, stoppedAt + settings.backhitch().toNanos()) : t;
      stoppedByItself = false;
    }
  }

  /** The highest step not above {@code rate} (bytes/s), or the floor. */
  private double step(double rate) {
    double chosen = settings.step(0);
    for (int i = 1; i < settings.steps(); i++) {
      double s = settings.step(i);
      if (s <= rate * (1 + 1e-9)) {
        chosen = s;
      }
    }
    return chosen;
  }

  /** Updates the host-rate estimate with {@code bytes} that arrived at {@code t}. */
  private void observeHost(long bytes, long t) {
    if (!haveLastReturn) {
      return; // the first transfer after a stop: no time since the last one to measure
    }
    double decay = Math.exp(-bytes / RATE_WINDOW_BYTES);
    rateBytes = rateBytes * decay + bytes;
    rateNanos = rateNanos * decay + Math.max(0, t - lastReturn);
  }

  /** The host's recent rate in bytes per second: 0 when unknown, infinite for a host that never waits. */
  private double hostRate() {
    if (rateBytes == 0) {
      return 0;
    }
    return rateNanos == 0 ? Double.POSITIVE_INFINITY : rateBytes / rateNanos * NANOS;
  }

  private void returned(long t) {
    lastReturn = t;
    haveLastReturn = true;
  }

  /** Moves the tape from {@link #now} to {@code t}: drains (writing) or fills (reading) the buffer. */
  private void advance(long t) {
    if (t <= now) {
      return;
    }
    if (moving && mode != Mode.IDLE) {
      long from = Math.max(now, holdUntil);
      if (t > from) {
        double moved = speed * (t - from) / NANOS;
        if (mode == Mode.WRITING) {
          if (moved >= level) {
            long empty = from + (long) (level / speed * NANOS);
            level = 0;
            moving = false;
            stoppedByItself = true;
            stoppedAt = empty;
            if (!stopping) {
              underruns++;
            }
          } else {
            level -= moved;
          }
        } else {
          double room = settings.bufferBytes() - level;
          if (moved >= room) {
            long full = from + (long) (room / speed * NANOS);
            level = settings.bufferBytes();
            moving = false;
            stoppedByItself = true;
            stoppedAt = full;
            readStops++;
          } else {
            level += moved;
          }
        }
      }
    }
    now = t;
  }

  /** Sleeps {@code nanos}; returns the time that really passed by the clock. */
  private long sleep(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long before = nanoTime.getAsLong();
    try {
      sleeper.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Math.max(0, nanoTime.getAsLong() - before);
  }
}
