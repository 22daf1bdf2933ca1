package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.RestorePlan;
import dev.tapekit.backup.job.RestoreSelection;
import dev.tapekit.backup.job.TreeRestore;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeWriterOptions;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape restore}: a media set, chosen snapshots, or chosen paths of one snapshot, into a directory. */
@Command(name = "restore", description = {"Restores a media set (by name or UUID), chosen snapshots (--snapshot), or "
    + "chosen files and directories of one snapshot (--snapshot S --path P...) into TARGET.",
    "The plan (tapes, bytes, time at the drive's rate) is printed first; every chunk's digest is checked. "
        + "Exit status 14 when something could not be read back, 16 when existing files were left alone."})
final class RestoreCommand extends TapeCommand {
  @Parameters(index = "0", paramLabel = "MEDIA_SET")
  String mediaSet;

  @Parameters(index = "1", paramLabel = "TARGET")
  Path target;

  @Option(names = "--snapshot", paramLabel = "SNAPSHOT", description = "restore this snapshot (repeatable)")
  List<String> snapshots = new ArrayList<>();

  @Option(names = "--path", paramLabel = "PATH", description = "with one --snapshot: only this file or directory (repeatable)")
  List<String> paths = new ArrayList<>();

  @Option(names = "--drive", paramLabel = "DRIVE")
  String drive;

  @Option(names = "--existing", paramLabel = "POLICY", defaultValue = "refuse",
      description = "what to do with files already at TARGET: refuse (default: leave them and report), overwrite, skip")
  String existing;

  @Override
  int run(Session s) throws Exception {
    MediaSet set = MediaCommands.mediaSet(s, mediaSet);
    RestoreSelection selection;
    if (!paths.isEmpty()) {
      if (snapshots.size() != 1) {
        throw new ToolFailure(ExitCode.USAGE, "--path chooses files of one snapshot: give exactly one --snapshot");
      }
      selection = RestoreSelection.paths(snapshots.get(0), paths.toArray(String[]::new));
    } else if (!snapshots.isEmpty()) {
      selection = RestoreSelection.snapshots(snapshots.toArray(String[]::new));
    } else {
      selection = RestoreSelection.wholeSet();
    }
    TreeWriterOptions options = new TreeWriterOptions(switch (existing.toLowerCase(Locale.ROOT)) {
      case "refuse" -> TreeWriterOptions.Existing.REFUSE;
      case "overwrite" -> TreeWriterOptions.Existing.OVERWRITE;
      case "skip" -> TreeWriterOptions.Existing.SKIP;
      default -> throw new ToolFailure(ExitCode.USAGE, "--existing is refuse, overwrite or skip, not '" + existing + "'");
    });
    Optional<dev.tapekit.crypto.TapeKey> key = s.setKey(set);
    TapeConfig.Drive d = s.drive(s.poolDrive(drive, set.pool()));
    Files.createDirectories(s.paths().scratch());
    TapeLoader loader = s.loader(d, "restore " + set.name());
    Instant start = s.clock().instant();
    TreeRestore restore = new TreeRestore(s.catalog(), loader, s.paths().scratch(), key);
    TreeRestore.Result result;
    try (ProgressDisplay progress = s.progressDisplay(); RestorePlan plan = restore.plan(set.uuid(), selection)) {
      restore.progress(progress, s.clock());
      s.progress(plan.describe().stripTrailing());
      result = restore.run(plan, target, options);
    }
    Duration took = Duration.between(start, s.clock().instant());
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("media-set-uuid", set.uuid().toString());
    j.put("media-set-name", set.name());
    j.put("target", target.toAbsolutePath().toString());
    j.put("entries", result.entries());
    j.put("chunks-read", result.chunksRead());
    j.put("bytes-read", result.bytesRead());
    j.put("tapes", result.tapes());
    j.put("problems", Backups.problems(result.problems()));
    j.put("seconds", took.toMillis() / 1000.0);
    s.print(() -> j, () -> {
      StringBuilder sb = new StringBuilder();
      sb.append("restored ").append(result.entries()).append(" entries of media set ").append(set.name())
          .append(" into ").append(target).append(" from ").append(String.join(", ", result.tapes())).append(" in ")
          .append(Units.duration(took)).append('\n');
      result.problems().forEach(p -> sb.append(p).append('\n'));
      return sb.toString();
    });
    if (result.problems().stream().anyMatch(p -> p.kind() == TreeProblem.Kind.FAILED)) {
      return ExitCode.NOT_VERIFIED.code();
    }
    if (result.problems().stream().anyMatch(p -> p.kind() == TreeProblem.Kind.EXISTS
        || p.kind() == TreeProblem.Kind.ESCAPES_TARGET)) {
      return ExitCode.REFUSED.code();
    }
    return 0;
  }
}
