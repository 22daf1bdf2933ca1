package dev.tapekit.tools.tape;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.job.Progress;
import dev.tapekit.backup.job.TreeBackup;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.tree.TreeProblem;
import dev.tapekit.backup.tree.TreeReaderOptions;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.scsi.HostName;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A backup as {@code tape backup} and backup jobs run it: the pool's media set on the pool's (or the
 * given) drive, one snapshot per source directory (or one of standard input), the set's key from the
 * key store when the pool is encrypted, then the tape ejected or the whole set exported when asked.
 * All the work is tape-backup's ({@link PoolWriter}, {@link TreeBackup}).
 */
final class Backups {
  private Backups() {}

  /** What to back up, and where. */
  record Request(String job, List<String> sources, Optional<String> stdinName, String pool, Optional<String> drive,
      Optional<String> name, List<String> exclude, boolean oneFileSystem, boolean ejectMedia, boolean exportMediaSet,
      java.time.Duration lockTimeout) {
    Request {
      sources = List.copyOf(sources);
      exclude = List.copyOf(exclude);
    }
  }

  /** One snapshot written. */
  record Snapshot(String name, String source, long entries, long bytes, long chunks, long chunksWritten,
      List<TreeProblem> problems) {}

  /** What a backup did. */
  record Result(UUID mediaSet, String mediaSetName, String pool, String drive, String encryption, List<Snapshot> snapshots,
      List<String> tapes, List<String> warnings, Optional<TapeLoader.Exported> exported, Duration took) {
    long bytes() {
      return snapshots.stream().mapToLong(Snapshot::bytes).sum();
    }

    long problems() {
      return snapshots.stream().mapToLong(s -> s.problems().size()).sum();
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("media-set-uuid", mediaSet.toString());
      m.put("media-set-name", mediaSetName);
      m.put("pool", pool);
      m.put("drive", drive);
      m.put("encryption", encryption);
      List<Object> snaps = new ArrayList<>();
      for (Snapshot s : snapshots) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("snapshot", s.name());
        j.put("source", s.source());
        j.put("entries", s.entries());
        j.put("bytes", s.bytes());
        j.put("chunks", s.chunks());
        j.put("chunks-written", s.chunksWritten());
        j.put("problems", Backups.problems(s.problems()));
        snaps.add(j);
      }
      m.put("snapshots", snaps);
      m.put("tapes", tapes);
      m.put("warnings", warnings);
      exported.ifPresent(e -> {
        m.put("exported", e.exported());
        m.put("not-exported", e.notExported());
      });
      m.put("seconds", took.toMillis() / 1000.0);
      return m;
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      Table t = new Table("snapshot", "entries", "bytes", "chunks", "new chunks", "problems");
      for (Snapshot s : snapshots) {
        t.row(s.name(), s.entries(), Units.bytes(s.bytes()), s.chunks(), s.chunksWritten(), s.problems().size());
      }
      sb.append(t.render());
      for (Snapshot s : snapshots) {
        for (TreeProblem p : s.problems()) {
          sb.append(s.name()).append(": ").append(p).append('\n');
        }
      }
      sb.append("media set ").append(mediaSetName).append(" (").append(mediaSet).append("), pool ").append(pool)
          .append(", encryption ").append(encryption).append('\n');
      sb.append("tapes written: ").append(tapes.isEmpty() ? "none (all data was on the set already)"
          : String.join(", ", tapes)).append('\n');
      for (String w : warnings) {
        sb.append("warning: ").append(w).append('\n');
      }
      exported.ifPresent(e -> {
        e.exported().forEach((label, where) -> sb.append("exported ").append(label).append(" to ").append(where)
            .append('\n'));
        e.notExported().forEach((label, why) -> sb.append("not exported ").append(label).append(": ").append(why)
            .append('\n'));
      });
      sb.append(Units.bytes(bytes())).append(" in ").append(Units.duration(took)).append(", ")
          .append(Units.rate(bytes(), took)).append('\n');
      return sb.toString();
    }
  }

  /** Problems of a backup or restore as JSON objects: path, kind (lower case), message. */
  static List<Object> problems(List<TreeProblem> problems) {
    List<Object> out = new ArrayList<>();
    for (TreeProblem p : problems) {
      out.add(Map.of("path", p.path(), "kind", p.kind().name().toLowerCase(java.util.Locale.ROOT), "message",
          p.message()));
    }
    return out;
  }

  /** Runs {@code r}; {@code stdin} is read when {@code r.stdinName()} is set. */
  static Result run(Session s, Request r, Progress.Listener progress) throws Exception {
    TapeConfig.PoolConfig pool = PoolCommands.existing(s, r.pool());
    if (r.name().isPresent() && r.sources().size() > 1) {
      throw new ToolFailure(ExitCode.USAGE, "--name names one snapshot: give one source with it, or none");
    }
    List<Path> roots = new ArrayList<>();
    for (String source : r.sources()) {
      Path p = Path.of(source).toAbsolutePath().normalize();
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new ToolFailure(ExitCode.NOT_FOUND, "source " + source + " is not a directory (to back up a stream, "
            + "pipe it into tape backup --stdin NAME)");
      }
      roots.add(p);
    }
    TreeReaderOptions readerOptions = TreeReaderOptions.builder().exclude(r.exclude().toArray(String[]::new))
        .oneFileSystem(r.oneFileSystem()).build();
    TapeConfig.Drive drive = s.drive(r.drive().or(pool::drive));
    CatalogStore catalog = s.catalog();
    Optional<SetEncryption> encryption = encryption(s, pool);
    Instant start = s.clock().instant();
    TapeLoader loader = s.loader(drive, r.job());
    MediaPool mediaPool = new MediaPool(catalog, pool.name(),
        loader.changer().map(Availability::changer).orElse(Availability.standalone()), s.clock(),
        s.clock().getZone() == null ? ZoneId.systemDefault() : s.clock().getZone());
    Files.createDirectories(s.paths().scratch());
    List<Snapshot> snapshots = new ArrayList<>();
    try (PoolWriter writer = new PoolWriter(catalog, mediaPool, loader,
        WriterOptions.DEFAULT.withDriveBuffer(drive.writeBuffer()).withLockTimeout(r.lockTimeout()), encryption, s.clock())) {
      writer.begin(r.job(), false);
      TreeBackup backup = new TreeBackup(writer, ChunkerParams.DEFAULT, s.paths().scratch(), s.clock())
          .progress(progress);
      for (Path root : roots) {
        String source = r.name().orElse(sourceName(root));
        TreeBackup.Result done = backup.tree(source, root, readerOptions);
        snapshots.add(snapshot(done));
      }
      if (r.stdinName().isPresent()) {
        String source = r.name().orElse(HostName.get() + "/stdin");
        InputStream in = s.environment().stdin();
        snapshots.add(snapshot(backup.stream(source, r.stdinName().get(), in)));
      }
      writer.finish();
      Optional<TapeLoader.Exported> exported = Optional.empty();
      if (r.exportMediaSet()) {
        exported = Optional.of(writer.exportSet());
      } else if (r.ejectMedia()) {
        writer.eject();
      }
      String setName = catalog.mediaSet(writer.mediaSet()).map(m -> m.name()).orElse("");
      return new Result(writer.mediaSet(), setName, pool.name(), drive.name(), writer.encryption(), snapshots,
          writer.tapesUsed(), writer.warnings(), exported, Duration.between(start, s.clock().instant()));
    } catch (dev.tapekit.catalog.CatalogException.NotFound noTape) {
      // the pool exists (checked above): what the catalog could not find is a tape to write on
      throw new ToolFailure(ExitCode.TAPE_NEEDED, List.of(noTape.getMessage(), "tape media list shows the pool's "
          + "tapes; tape barcode-label labels blank ones in the library; tape vtl import adds cartridges to a "
          + "virtual one"), noTape);
    } finally {
      encryption.ifPresent(e -> e.key().close());
    }
  }

  /** {@code host/etc} for {@code /etc}, {@code host/root} for {@code /}: the source name snapshots are grouped by. */
  static String sourceName(Path root) {
    Path name = root.getFileName();
    return HostName.get() + "/" + (name == null ? "root" : name.toString());
  }

  private static Snapshot snapshot(TreeBackup.Result done) {
    return new Snapshot(done.snapshot().name(), done.snapshot().source(), done.entries(), done.bytesRead(),
        done.chunks(), done.chunksWritten(), done.problems());
  }

  /** The pool's key from the key store, when the pool is encrypted. */
  private static Optional<SetEncryption> encryption(Session s, TapeConfig.PoolConfig pool) throws Exception {
    if (pool.encrypt().isEmpty()) {
      return Optional.empty();
    }
    Fingerprint fp = Fingerprint.parse(pool.encrypt().get());
    Optional<TapeKey> key = s.keys().plainKey(fp);
    if (key.isEmpty()) {
      throw new ToolFailure(ExitCode.KEY, List.of("pool " + pool.name() + " is encrypted with key " + fp
          + ", which is not in the key store " + s.paths().keys(),
          "restore it (tape key restore --key-file F, or from a tape of the set: tape key restore --drive D), or "
              + "change the pool (tape pool update " + pool.name() + " --encrypt FINGERPRINT)"), null);
    }
    KeyConfig wrapped = s.keys().export(fp);
    return Optional.of(new SetEncryption(key.get(), wrapped));
  }
}
