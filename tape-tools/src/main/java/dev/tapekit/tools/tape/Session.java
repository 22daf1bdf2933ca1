package dev.tapekit.tools.tape;

import dev.tapekit.backup.media.DeviceLocking;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.Operator;
import dev.tapekit.backup.media.StandaloneDrive;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.sql.PostgresCatalogStore;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KeyStoreException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.crypto.TapeKeyStore;
import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.OutputFormat;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What one {@code tape} command works with: its output, the configuration, the catalog, the key
 * store and the drives it opened, each opened when first asked for and closed, last opened first,
 * when the command ends.
 */
final class Session implements AutoCloseable {
  /** How long a tape may take to become ready after a load (calibration of a new LTO cartridge takes minutes). */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  /** How long a standalone drive waits for the operator to insert a tape. */
  static final Duration OPERATOR_TIMEOUT = Duration.ofHours(2);

  private final TapeEnvironment environment;
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final boolean quiet;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private TapeConfig config;
  private CatalogStore catalog;
  private TapeKeyStore keys;

  Session(TapeEnvironment environment, PrintWriter out, PrintWriter err, OutputFormat format, boolean quiet) {
    this.environment = environment;
    this.out = out;
    this.err = err;
    this.format = format;
    this.quiet = quiet;
  }

  TapeEnvironment environment() {
    return environment;
  }

  TapePaths paths() {
    return environment.paths();
  }

  Clock clock() {
    return environment.clock();
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  OutputFormat format() {
    return format;
  }

  boolean quiet() {
    return quiet;
  }

  /** Prints {@code json} in JSON formats, else {@code text}. */
  void print(Supplier<Object> json, Supplier<String> text) {
    if (format.isJson()) {
      out.println(format.json(json.get()));
    } else {
      String t = text.get();
      out.print(t);
      if (!t.isEmpty() && !t.endsWith("\n")) {
        out.println();
      }
    }
    out.flush();
  }

  /** A line of progress on stderr, unless {@code --quiet}. */
  void progress(String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  /**
   * A display of a job's progress on stderr (pass it as the job's {@code Progress.Listener}): a bar
   * when this process talks to a terminal, else plain lines, nothing with {@code --quiet}. Close it when
   * the job ends.
   */
  ProgressDisplay progressDisplay() {
    return new ProgressDisplay(err, ProgressDisplay.isTerminal(), quiet, clock());
  }

  /** The configuration, read on first use. */
  TapeConfig config() throws ToolFailure {
    if (config == null) {
      config = TapeConfig.load(paths());
    }
    return config;
  }

  /**
   * The catalog: PostgreSQL when {@code tape.toml} names a URL, else SQLite in the state directory.
   * The pools of {@code media-pool.toml} are put into it, so its policies are the file's.
   */
  CatalogStore catalog() throws ToolFailure, IOException {
    if (catalog == null) {
      TapeConfig c = config();
      CatalogStore store;
      if (c.catalogUrl().isPresent()) {
        store = PostgresCatalogStore.open(c.catalogUrl().get(), new Properties(), clock());
      } else {
        Files.createDirectories(paths().home());
        store = SqliteCatalogStore.open(paths().catalogDatabase(), clock());
      }
      opened.push(store);
      catalog = store;
      for (TapeConfig.PoolConfig p : c.pools().values()) {
        Pool pool = p.pool();
        if (!store.pool(p.name()).equals(Optional.of(pool))) {
          store.putPool(pool);
        }
      }
    }
    return catalog;
  }

  /** The key store in the state directory. */
  TapeKeyStore keys() throws KeyStoreException {
    if (keys == null) {
      keys = TapeKeyStore.open(paths().keys(), clock());
    }
    return keys;
  }

  /** Opens a device path of the configuration ({@code vtl:} addresses in the state directory's libraries). */
  ScsiTransport open(String path) throws IOException, ToolFailure {
    ScsiTransport t = Devices.open(path, paths().vtlHome());
    opened.push(t);
    return t;
  }

  /**
   * The drive named {@code name}, else by {@code $TAPEKIT_DRIVE}, else the only drive configured.
   */
  TapeConfig.Drive drive(Optional<String> name) throws ToolFailure {
    TapeConfig c = config();
    Optional<String> chosen = name.or(() -> Optional.ofNullable(environment.env().get("TAPEKIT_DRIVE"))
        .filter(s -> !s.isBlank()));
    if (chosen.isPresent()) {
      return TapeConfig.named("drive", chosen.get(), c.drives(), paths().tapeToml(), "tape drive create NAME --path P");
    }
    if (c.drives().size() == 1) {
      return c.drives().values().iterator().next();
    }
    throw new ToolFailure(ExitCode.USAGE, List.of(c.drives().isEmpty()
        ? "no drive is configured: tape drive create NAME --path DEVICE (tape drive scan lists them)"
        : "which drive? give --drive (one of " + String.join(", ", c.drives().keySet())
            + ") or set TAPEKIT_DRIVE"), null);
  }

  /** {@code option} when given, else the drive of pool {@code pool}'s configuration, if it names one. */
  Optional<String> poolDrive(String option, String pool) throws ToolFailure {
    if (option != null) {
      return Optional.of(option);
    }
    TapeConfig.PoolConfig p = config().pools().get(pool);
    return p == null ? Optional.empty() : p.drive();
  }

  /**
   * Opens drive {@code d} for a job named {@code job}: through its changer when it has one (the drive's
   * lock file held while the session lasts), else as a standalone drive whose operator is told on
   * stderr which tape to insert.
   */
  TapeLoader loader(TapeConfig.Drive d, String job) throws IOException, ToolFailure {
    // the lock directory of this environment ($TAPEKIT_LOCK_DIR, shared with pmt and pmtx), not only the process's
    DeviceLocking defaults = DeviceLocking.forJob(job);
    DeviceLocking locking = new DeviceLocking(DeviceLockFile.directory(Optional.empty(), environment.env()), job,
        defaults.driveWait(), defaults.changerWait());
    if (d.changer().isPresent()) {
      TapeConfig.Changer c = config().changers().get(d.changer().get());
      ScsiTransport changer = open(c.path());
      ScsiTransport drive = open(d.path());
      LibraryDrive library = LibraryDrive.open(changer, c.name(), d.changerDrivenum(), drive, READY_TIMEOUT,
          this::progress, locking);
      opened.push(library);
      return library;
    }
    ScsiTransport drive = open(d.path());
    opened.push(locking.lockDrive(drive)); // held while the command runs, as a library drive's is
    StandaloneDrive standalone = new StandaloneDrive(ScsiTapeDrive.open(drive), d.name(),
        Operator.printingTo(environment.operatorStream()), READY_TIMEOUT, OPERATOR_TIMEOUT, clock(),
        environment.sleeper());
    return standalone;
  }

  /**
   * The tape key of an encrypted media set, from the key store's plain copy; empty for a set without
   * encryption.
   */
  Optional<TapeKey> setKey(MediaSet set) throws ToolFailure, KeyStoreException, dev.tapekit.crypto.TapeCryptoException {
    if (set.encryption().isEmpty()) {
      return Optional.empty();
    }
    Fingerprint fp = Fingerprint.parse(set.encryption().get());
    Optional<TapeKey> key = keys().plainKey(fp);
    if (key.isEmpty()) {
      throw new ToolFailure(ExitCode.KEY, List.of("media set " + set.name() + " (" + set.uuid()
          + ") is encrypted with key " + fp + ", which is not in the key store " + paths().keys(),
          "restore the key: tape key restore --drive D (from a tape of the set, with its passphrase), or "
              + "tape key restore --key-file F"), null);
    }
    opened.push(key.get());
    return key;
  }

  /** Closes what the command opened, last first. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e);
        }
      }
    }
    out.flush();
    err.flush();
    if (first != null) {
      throw first;
    }
  }

  static ToolFailure notFound(String what) {
    return new ToolFailure(ExitCode.NOT_FOUND, what);
  }
}
