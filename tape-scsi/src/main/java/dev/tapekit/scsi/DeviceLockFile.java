package dev.tapekit.scsi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * One process (and in it one holder) per device: an exclusive lock on a file named after the device's
 * {@link DeviceLockKey identity}, in a directory all users of the device share, with the holder
 * written into it so whoever is refused learns who has the device. A backup job holds its drive's
 * lock for the whole job; {@code pmt} and {@code pmtx} take it for each command.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The lock is a POSIX record lock ({@link FileChannel#tryLock()}, fcntl): the kernel drops it
 *       when the holding process ends, however it ends, so there are no stale locks and nothing to
 *       clean up. The file stays after {@link #close()}: deleting it would let a waiter lock a file
 *       that a newcomer then replaces.
 *   <li>Within one JVM a second acquire of a held lock is refused like one from another process
 *       (the kernel does not tell threads apart; a registry here does).
 *   <li>Only this class may open lock files in a process that holds locks: closing any descriptor
 *       of a file drops this process's lock on it (POSIX), so even reading the file elsewhere in the
 *       process would release the lock. A refused acquire reads the holder through its own channel.
 *   <li>{@link #acquire} tries at once, then every {@link #POLL_INTERVAL} until {@code wait} is up,
 *       reading the time from a {@link Clock} and waiting with a {@link Sleeper}; on timeout it
 *       throws {@link DeviceLockedException}. Once acquired, the file holds {@link Holder#text()}
 *       (truncated, then written; not synced: a crash ends the lock as well).
 *   <li>Thread-safe. {@link #close()} is idempotent.
 * </ul>
 *
 * <p>Directory ({@link #directory}), first that applies: an explicit one (a {@code --lock-dir}
 * option); {@code $TAPEKIT_LOCK_DIR}; the system property {@code tapekit.lock.dir}; {@code
 * /run/lock/tapekit} when it exists or this process can create it (root; on Debian {@code
 * /run/lock} is open to all); {@code $XDG_RUNTIME_DIR/tapekit-lock}; {@code
 * ${java.io.tmpdir}/tapekit-lock-<uid>}. Only processes that resolve the same directory exclude each
 * other, so an existing {@code /run/lock/tapekit} is used even when this process cannot write to it
 * (acquiring then fails and says so) rather than silently locking elsewhere. For several users of
 * one drive create it at boot for their group, e.g. the tmpfiles.d line {@code d /run/lock/tapekit
 * 2775 root tape -}; lock files are created group-writable ({@code rw-rw-r--}).
 *
 * <p>Compared with Proxmox Backup Server ({@code lock_tape_device} in {@code src/tape/drive/mod.rs}):
 * PBS names its lock after the configured device path (systemd-escaped) under {@code
 * /run/proxmox-backup/drive-lock}, waits a fixed 10 s, leaves the file empty, locks drives only, and
 * only its API takes the lock (its {@code pmt} does not). Here the name comes from the device's
 * identity, so every node of a drive maps to one lock; the holder is recorded so a refusal can name
 * it; the caller chooses the wait; changers have locks too; and {@code pmt} and {@code pmtx} honour
 * them.
 *
 * <pre>{@code
 * try (DeviceLockFile lock = DeviceLockFile.acquire(DeviceLockFile.directory(Optional.empty(), System.getenv()),
 *     key, "/dev/nst0", DeviceLockFile.Mode.JOB, "backup daily", Duration.ofMinutes(5))) {
 *   ... open the drive and write ...
 * }
 * }</pre>
 */
public final class DeviceLockFile implements Closeable {
  /** Environment variable naming the lock directory. */
  public static final String DIRECTORY_ENV = "TAPEKIT_LOCK_DIR";
  /** System property naming the lock directory, after {@link #DIRECTORY_ENV}. */
  public static final String DIRECTORY_PROPERTY = "tapekit.lock.dir";
  /** The shared lock directory of the host. */
  public static final Path SYSTEM_DIRECTORY = Path.of("/run/lock/tapekit");
  /** How often a waiting {@link #acquire} tries again. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** At most this much of a lock file is read for its holder; ours are far shorter. */
  private static final int MAX_HOLDER_BYTES = 4096;

  /** Locks held in this JVM, by lock file (real path). Guards every open of a lock file, too. */
  private static final Map<Path, DeviceLockFile> HELD = new HashMap<>();

  /** How long a holder means to keep the lock, so a refused caller knows whether to wait. */
  public enum Mode {
    /** For one command of a tool: seconds, a minute for a changer move. */
    COMMAND,
    /** For a whole job (a backup, a restore): possibly hours. */
    JOB;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Who holds a lock: what the lock file says.
   *
   * @param host the holder's host name
   * @param pid the holder's process id
   * @param job what it does, e.g. {@code pmt rewind} or {@code backup daily}; one line
   * @param mode how long it means to hold the lock
   * @param since when it took the lock, to the second
   */
  public record Holder(String host, long pid, String job, Mode mode, Instant since) {
    public Holder {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(job, "job");
      job = job.replaceAll("\\p{Cntrl}", " ");
      Objects.requireNonNull(mode, "mode");
      since = since.truncatedTo(ChronoUnit.SECONDS);
    }

    /** This process on this host. */
    public static Holder thisProcess(String job, Mode mode, Instant since) {
      return new Holder(HostName.get(), ProcessHandle.current().pid(), job, mode, since);
    }

    /**
     * The lock file's content, one {@code key=value} line each: {@code host}, {@code pid}, {@code job},
     * {@code mode} ({@code command} or {@code job}), {@code since} (ISO-8601 instant).
     */
    public String text() {
      return "host=" + host + "\npid=" + pid + "\njob=" + job + "\nmode=" + mode.word() + "\nsince=" + since + "\n";
    }

    /** The holder {@code text} names; empty when a field is missing or malformed. Unknown keys are ignored. */
    public static Optional<Holder> parse(String text) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : text.split("\n", -1)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      String host = fields.get("host");
      String pid = fields.get("pid");
      String job = fields.get("job");
      String mode = fields.get("mode");
      String since = fields.get("since");
      if (host == null || host.isBlank() || pid == null || !pid.matches("[1-9][0-9]{0,18}") || job == null
          || mode == null || since == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Holder(host, Long.parseLong(pid), job, Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
            Instant.parse(since)));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        return Optional.empty();
      }
    }

    /**
     * For messages: {@code 'backup daily' (a job) on host1, pid 4711, since 2026-12-05T23:30:00Z}, or
     * {@code ... in this process (host1, pid 4711) ...} for a holder in the calling process.
     */
    public String describe() {
      String where = host.equals(HostName.get()) && pid == ProcessHandle.current().pid()
          ? "in this process (" + host + ", pid " + pid + ")"
          : "on " + host + ", pid " + pid;
      return "'" + job + "' (" + (mode == Mode.JOB ? "a job" : "one command") + ") " + where + ", since " + since;
    }
  }

  private final Path file;
  private final DeviceLockKey key;
  private final Holder holder;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed; // guarded by HELD

  private DeviceLockFile(Path file, DeviceLockKey key, Holder holder, FileChannel channel, FileLock lock) {
    this.file = file;
    this.key = key;
    this.holder = holder;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The lock directory by the rule in the class description.
   *
   * @param explicit a directory the user named, which wins
   * @param env the environment ({@code TAPEKIT_LOCK_DIR}, {@code XDG_RUNTIME_DIR})
   */
  public static Path directory(Optional<Path> explicit, Map<String, String> env) {
    return directory(explicit, env, System.getProperties(), SYSTEM_DIRECTORY,
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** {@link #directory(Optional, Map)} with the system directory and temporary directory given, for tests. */
  static Path directory(Optional<Path> explicit, Map<String, String> env, Properties properties, Path system,
      Path tmp) {
    if (explicit.isPresent()) {
      return explicit.get();
    }
    String named = env.get(DIRECTORY_ENV);
    if (named == null || named.isBlank()) {
      named = properties.getProperty(DIRECTORY_PROPERTY);
    }
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    Path parent = system.getParent();
    if (Files.isDirectory(system) || parent != null && Files.isDirectory(parent) && Files.isWritable(parent)) {
      return system;
    }
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "tapekit-lock");
    }
    return tmp.resolve("tapekit-lock-" + user());
  }

  /** The uid (the owner of /proc/self), else the sanitized user name. */
  private static String user() {
    try {
      return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException notLinux) {
      return System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  /** {@link #acquire(Path, DeviceLockKey, String, Mode, String, Duration, Clock, Sleeper)} on the system clock. */
  public static DeviceLockFile acquire(Path directory, DeviceLockKey key, String device, Mode mode, String job,
      Duration wait) throws IOException {
    return acquire(directory, key, device, mode, job, wait, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /**
   * Takes the lock of {@code key} in {@code directory} (created if missing), trying until {@code wait}
   * is up.
   *
   * @param device the name the device was opened by, for messages
   * @param mode how long the caller means to hold it
   * @param job what the caller does, recorded for whoever is refused
   * @param wait how long to keep trying; {@link Duration#ZERO} tries once
   * @throws DeviceLockedException when someone else still holds it after {@code wait}
   * @throws InterruptedIOException when the thread is interrupted while waiting
   * @throws IOException when the directory or file cannot be created or opened (the message says
   *     which and what to do)
   */
  public static DeviceLockFile acquire(Path directory, DeviceLockKey key, String device, Mode mode, String job,
      Duration wait, Clock clock, Sleeper sleeper) throws IOException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(job, "job");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative: " + wait);
    }
    Path file = createDirectory(directory).resolve(key.fileName());
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      Optional<Holder> other;
      synchronized (HELD) {
        DeviceLockFile mine = HELD.get(file);
        if (mine != null) {
          other = Optional.of(mine.holder);
        } else {
          FileChannel ch = open(file, key, device);
          DeviceLockFile taken = tryLock(ch, file, key, Holder.thisProcess(job, mode, clock.instant()));
          if (taken != null) {
            HELD.put(file, taken);
            return taken;
          }
          other = readHolder(ch);
        }
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new DeviceLockedException(device, key, file, other, wait);
      }
      Duration left = Duration.between(now, deadline);
      try {
        sleeper.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the lock of " + key.kind().word() + " "
            + device + " (" + key + ")");
      }
    }
  }

  /** The directory, created when missing, as a real path (one registry key per file however it is named). */
  private static Path createDirectory(Path directory) throws IOException {
    try {
      return Files.createDirectories(directory).toRealPath();
    } catch (AccessDeniedException e) {
      throw new IOException("cannot create the lock directory " + directory + " (permission denied); create it "
          + "writable for the device's users, or name another with " + DIRECTORY_ENV, e);
    }
  }

  /** Opens {@code file} for reading and writing, creating it group-writable. Called under {@link #HELD}. */
  private static FileChannel open(Path file, DeviceLockKey key, String device) throws IOException {
    try {
      try {
        Files.createFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
      } catch (FileAlreadyExistsException exists) {
        // someone created it before: fine, it is only ever created, never replaced
      }
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot open the lock file " + file + " of " + key.kind().word() + " " + device + " ("
          + key + ") for writing (permission denied); make the lock directory and its files writable for every "
          + "user of the device (e.g. group tape, mode 2775 and 664), or name another directory with "
          + DIRECTORY_ENV, e);
    }
  }

  /** The lock on {@code ch} with {@code holder} written, or null (and {@code ch} still open) when it is held. */
  private static DeviceLockFile tryLock(FileChannel ch, Path file, DeviceLockKey key, Holder holder)
      throws IOException {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException lockedHereOutsideThisClass) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      return null;
    }
    try {
      ch.truncate(0);
      ByteBuffer text = ByteBuffer.wrap(holder.text().getBytes(StandardCharsets.UTF_8));
      while (text.hasRemaining()) {
        ch.write(text, text.position());
      }
    } catch (IOException | RuntimeException e) {
      ch.close(); // releases the lock
      throw e;
    }
    return new DeviceLockFile(file, key, holder, ch, lock);
  }

  /** The holder {@code ch}'s file names (read through {@code ch}, which is then closed). */
  private static Optional<Holder> readHolder(FileChannel ch) throws IOException {
    try (ch) {
      ByteBuffer buf = ByteBuffer.allocate(MAX_HOLDER_BYTES);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
        // read until full or end of file
      }
      return Holder.parse(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** The device this locks. */
  public DeviceLockKey key() {
    return key;
  }

  /** What this lock wrote into its file. */
  public Holder holder() {
    return holder;
  }

  /** Releases the lock (the file stays). Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      HELD.remove(file, this);
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
