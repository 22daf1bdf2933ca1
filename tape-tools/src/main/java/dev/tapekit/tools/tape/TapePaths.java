package dev.tapekit.tools.tape;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code tape} keeps its configuration and its state.
 *
 * <ul>
 *   <li>Configuration ({@code tape.toml}, {@code media-pool.toml}, {@code tape-job.toml}):
 *       {@code $TAPEKIT_CONFIG}, else {@code /etc/tapekit} for root, else {@code ~/.config/tapekit}.
 *   <li>State (catalog database, key store, lock files, job history, the embedded virtual libraries):
 *       {@code $TAPEKIT_HOME}, else {@code /var/lib/tapekit} for root, else {@code
 *       ~/.local/share/tapekit}. Virtual libraries are in its {@code vtl} directory unless {@code
 *       $TAPEKIT_VTL_HOME} names another (the variable {@code pmt} and {@code pmtx} read, whose default
 *       is the non-root one).
 * </ul>
 */
public record TapePaths(Path config, Path home, Path vtlHome) {
  public static final String TAPE_TOML = "tape.toml";
  public static final String POOL_TOML = "media-pool.toml";
  public static final String JOB_TOML = "tape-job.toml";

  /** The paths for this environment; {@code root} when the process runs as root. */
  public static TapePaths of(Map<String, String> env, boolean root, Path userHome) {
    Path config = variable(env, "TAPEKIT_CONFIG", root ? Path.of("/etc/tapekit") : userHome.resolve(".config/tapekit"));
    Path home = variable(env, "TAPEKIT_HOME", root ? Path.of("/var/lib/tapekit") : userHome.resolve(".local/share/tapekit"));
    Path vtl = variable(env, "TAPEKIT_VTL_HOME", home.resolve("vtl"));
    return new TapePaths(config, home, vtl);
  }

  /** The paths of this process. */
  public static TapePaths ofProcess() {
    return of(System.getenv(), "root".equals(System.getProperty("user.name")), Path.of(System.getProperty("user.home")));
  }

  private static Path variable(Map<String, String> env, String name, Path fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : Path.of(v);
  }

  public Path tapeToml() {
    return config.resolve(TAPE_TOML);
  }

  public Path poolToml() {
    return config.resolve(POOL_TOML);
  }

  public Path jobToml() {
    return config.resolve(JOB_TOML);
  }

  /** The SQLite catalog, unless {@code tape.toml} names a PostgreSQL URL. */
  public Path catalogDatabase() {
    return home.resolve("catalog.db");
  }

  /** The tape encryption key store. */
  public Path keys() {
    return home.resolve("keys");
  }

  /** Device lock files (shared with {@code pmt} and {@code pmtx} when they are told this directory). */
  public Path locks() {
    return home.resolve("locks");
  }

  /** Scratch space of backups (entry spools) and restores (staged chunks). */
  public Path scratch() {
    return home.resolve("tmp");
  }

  /** One JSON line per job run. */
  public Path jobHistory() {
    return home.resolve("job-history.jsonl");
  }
}
