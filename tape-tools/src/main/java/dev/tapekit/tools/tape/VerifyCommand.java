package dev.tapekit.tools.tape;

import dev.tapekit.backup.job.SetVerify;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.tools.ExitCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape verify}: reads a whole media set back and checks it against the catalog, restoring nothing. */
@Command(name = "verify", description = {"Reads every tape of a media set and checks blocks, chunk digests and the "
    + "catalog; restores nothing.", "Exit status 14 when anything did not verify."})
final class VerifyCommand extends TapeCommand {
  @Parameters(paramLabel = "MEDIA_SET", description = "its name or UUID")
  String mediaSet;

  @Option(names = "--drive", paramLabel = "DRIVE")
  String drive;

  @Override
  int run(Session s) throws Exception {
    MediaSet set = MediaCommands.mediaSet(s, mediaSet);
    Optional<dev.tapekit.crypto.TapeKey> key = s.setKey(set);
    TapeConfig.Drive d = s.drive(s.poolDrive(drive, set.pool()));
    TapeLoader loader = s.loader(d, "verify " + set.name());
    SetVerify.Result r = new SetVerify(s.catalog(), loader, key, Duration.ofSeconds(10), s.clock()).verify(set.uuid());
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("media-set-uuid", set.uuid().toString());
    j.put("media-set-name", set.name());
    j.put("ok", r.clean());
    j.put("digests-checked", r.digestsChecked());
    List<Object> tapes = new ArrayList<>();
    Table t = new Table("label-text", "seq-nr", "files", "chunks", "bad chunks", "missing", "unreadable", "ok");
    for (SetVerify.TapeResult tr : r.tapes()) {
      Map<String, Object> tj = new LinkedHashMap<>();
      tj.put("label-text", tr.label());
      tj.put("seq-nr", tr.sequence());
      tj.put("files", tr.filesChecked());
      tj.put("chunks", tr.chunksChecked());
      tj.put("bad-chunks", tr.badChunks().count());
      tj.put("missing-on-tape", tr.missingOnTape().count());
      tj.put("not-in-catalog", tr.notInCatalog().count());
      tj.put("chunks-unreadable", tr.chunksUnreadable());
      tj.put("unreadable", tr.unreadable().stream().map(Object::toString).toList());
      tj.put("problems", tr.problems());
      tj.put("ok", tr.clean());
      tapes.add(tj);
      t.row(tr.label(), tr.sequence(), tr.filesChecked(), tr.chunksChecked(), tr.badChunks().count(),
          tr.missingOnTape().count(), tr.chunksUnreadable(), tr.clean() ? "yes" : "NO");
    }
    j.put("tapes", tapes);
    j.put("missing-tapes", r.missingTapes());
    s.print(() -> j, () -> {
      StringBuilder sb = new StringBuilder(t.render());
      for (SetVerify.TapeResult tr : r.tapes()) {
        tr.unreadable().forEach(u -> sb.append(tr.label()).append(": unreadable ").append(u).append('\n'));
        tr.badChunks().listed().forEach(c -> sb.append(tr.label()).append(": bad chunk ").append(c).append('\n'));
        tr.problems().forEach(p -> sb.append(tr.label()).append(": ").append(p).append('\n'));
      }
      r.missingTapes().forEach(n -> sb.append("tape ").append(n).append(" of the set is not in the catalog\n"));
      sb.append(r.clean() ? "media set " + set.name() + " verified" + (r.digestsChecked() ? "" : " (blocks and "
          + "checksums; digests not checked without the key)") : "media set " + set.name() + " did NOT verify")
          .append('\n');
      return sb.toString();
    });
    return r.clean() ? 0 : ExitCode.NOT_VERIFIED.code();
  }
}
