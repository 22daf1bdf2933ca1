package dev.tapekit.tools.tape;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape backup}: directory trees, or standard input, to a pool's media set. */
@Command(name = "backup", description = {"Backs up directories (one snapshot each), or standard input, to a pool's "
    + "media set: new data only (deduplicated within the set), encrypted when the pool has a key.",
    "Exit status 0 also when files could not be read: they are listed (problems) and the rest is saved."})
final class BackupCommand extends TapeCommand {
  @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "directories to back up")
  List<String> sources = new ArrayList<>();

  @Option(names = "--stdin", paramLabel = "NAME", description = "back up standard input as one file named NAME")
  String stdin;

  @Option(names = "--pool", required = true, paramLabel = "POOL")
  String pool;

  @Option(names = "--drive", paramLabel = "DRIVE", description = "default: the pool's drive, $TAPEKIT_DRIVE, the only drive")
  String drive;

  @Option(names = "--name", paramLabel = "NAME", description = "the snapshot's source name (default HOST/DIRECTORY)")
  String name;

  @Option(names = "--exclude", paramLabel = "GLOB", description = "leave out paths matching GLOB (as tar --exclude)")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--one-file-system", description = "stay on each source's file system")
  boolean oneFileSystem;

  @Option(names = "--eject-media", description = "eject the tape when done")
  boolean ejectMedia;

  @Option(names = "--export-media-set", description = "move every tape of the media set to the import/export slots when done")
  boolean exportMediaSet;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "how long to wait for the drive and the media set while another job holds them, on this host or "
          + "another sharing the catalog (default ${DEFAULT-VALUE})")
  int lockTimeout;

  @Override
  int run(Session s) throws Exception {
    if (lockTimeout < 0) {
      throw new ToolFailure(ExitCode.USAGE, "--lock-timeout " + lockTimeout + ": give a number of seconds, 0 or more");
    }
    if (sources.isEmpty() && stdin == null) {
      throw new ToolFailure(ExitCode.USAGE, "what to back up? give directories, or --stdin NAME with the data on standard input");
    }
    Backups.Request r = new Backups.Request("backup " + pool, sources, Optional.ofNullable(stdin), pool,
        Optional.ofNullable(drive), Optional.ofNullable(name), exclude, oneFileSystem, ejectMedia, exportMediaSet,
        java.time.Duration.ofSeconds(lockTimeout));
    Backups.Result result;
    try (ProgressDisplay progress = s.progressDisplay()) {
      result = Backups.run(s, r, progress);
    }
    s.print(result::json, result::text);
    return 0;
  }
}
