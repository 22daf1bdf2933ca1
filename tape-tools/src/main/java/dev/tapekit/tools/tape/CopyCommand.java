package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.SetCopy;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape copy}: a media set copied, tape by tape, into a new media set of another pool (e.g. off-site). */
@Command(name = "copy", description = "Copies a media set into a new media set of another pool, reading in one drive "
    + "and writing in another.")
final class CopyCommand extends TapeCommand {
  @Parameters(paramLabel = "MEDIA_SET", description = "its name or UUID")
  String mediaSet;

  @Option(names = "--pool", required = true, paramLabel = "POOL", description = "the copy's pool")
  String pool;

  @Option(names = "--source-drive", paramLabel = "DRIVE", description = "where the original's tapes are read (default: its pool's drive)")
  String sourceDrive;

  @Option(names = "--drive", paramLabel = "DRIVE", description = "where the copy is written (default: the pool's drive)")
  String drive;

  @Override
  int run(Session s) throws Exception {
    MediaSet set = MediaCommands.mediaSet(s, mediaSet);
    TapeConfig.PoolConfig target = PoolCommands.existing(s, pool);
    TapeConfig.Drive from = s.drive(s.poolDrive(sourceDrive, set.pool()));
    TapeConfig.Drive to = s.drive(Optional.ofNullable(drive).or(target::drive));
    if (from.name().equals(to.name())) {
      throw new ToolFailure(ExitCode.USAGE, List.of("a copy reads in one drive and writes in another: both are "
          + from.name(), "give --source-drive and --drive (tape drive list)"), null);
    }
    Optional<TapeKey> sourceKey = s.setKey(set);
    Optional<SetEncryption> encryption = Optional.empty();
    if (target.encrypt().isPresent()) {
      Fingerprint fp = Fingerprint.parse(target.encrypt().get());
      TapeKey k = s.keys().plainKey(fp).orElseThrow(() -> new ToolFailure(ExitCode.KEY, "pool " + pool
          + " is encrypted with key " + fp + ", which is not in the key store (tape key restore)"));
      encryption = Optional.of(new SetEncryption(k, s.keys().export(fp)));
    }
    TapeLoader source = s.loader(from, "copy " + set.name());
    TapeLoader writer = s.loader(to, "copy " + set.name());
    MediaPool targetPool = new MediaPool(s.catalog(), pool,
        writer.changer().map(Availability::changer).orElse(Availability.standalone()), s.clock(), s.clock().getZone());
    SetCopy.Result r;
    try {
      r = new SetCopy(s.catalog(), source, sourceKey, s.clock()).copy(set.uuid(), targetPool, writer,
          WriterOptions.DEFAULT.withDriveBuffer(to.writeBuffer()), encryption);
    } finally {
      encryption.ifPresent(e -> e.key().close());
    }
    String copyName = s.catalog().mediaSet(r.target()).map(MediaSet::name).orElse("");
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("media-set-uuid", set.uuid().toString());
    j.put("copy-media-set-uuid", r.target().toString());
    j.put("copy-media-set-name", copyName);
    j.put("pool", pool);
    j.put("tapes-read", r.tapesRead());
    j.put("tapes-written", r.tapesWritten());
    j.put("chunks", r.chunksWritten());
    j.put("snapshots", r.snapshots());
    s.print(() -> j, () -> "copied media set " + set.name() + " (" + String.join(", ", r.tapesRead()) + ") to "
        + copyName + " (" + r.target() + ") in pool " + pool + " on " + String.join(", ", r.tapesWritten()) + ": "
        + r.snapshots() + " snapshots, " + r.chunksWritten() + " chunks\n");
    return 0;
  }
}
