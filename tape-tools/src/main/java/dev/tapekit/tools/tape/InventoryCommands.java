package dev.tapekit.tools.tape;

import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Locations;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.archive.CatalogRebuild;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.Recognition;
import dev.tapekit.format.label.TapeRecognizer;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tape inventory} and {@code tape catalog}: what is in the library, and the catalog rebuilt from tape. */
final class InventoryCommands {
  private InventoryCommands() {}

  /**
   * Rebuilds the catalog from the tape in {@code drive}: its last complete catalog archive, or with
   * {@code scan} (or when it has none) every file of it.
   */
  static CatalogRebuild.Result rebuild(Session s, TapeDrive drive, String volume, boolean scan) throws Exception {
    drive.setBlockSize(0);
    drive.rewind();
    CatalogStore c = s.catalog();
    if (!scan) {
      try {
        return CatalogRebuild.fromCatalogArchive(c, new DriveBlockSource(drive, volume));
      } catch (dev.tapekit.catalog.CatalogException.NotFound noArchive) {
        s.progress(volume + ": no complete catalog archive on tape, scanning every file");
        drive.rewind();
      }
    }
    return CatalogRebuild.scan(c, new DriveBlockSource(drive, volume));
  }

  @Command(name = "inventory", description = {"Lists the tapes of the drive's library with what the catalog knows of "
      + "them.", "--update records which tapes are in the library; --read-all-labels loads every tape the catalog "
      + "does not know and reads its labels (--catalog: also its catalog archive)."})
  static final class Inventory extends TapeCommand {
    @Option(names = "--drive", paramLabel = "DRIVE")
    String drive;

    @Option(names = "--update", description = "record in the catalog which tapes are in the library")
    boolean update;

    @Option(names = {"--read-all-labels", "--read-labels"}, description = "load unknown tapes and read their labels")
    boolean readLabels;

    @Option(names = "--catalog", description = "with --read-all-labels: rebuild the catalog of tapes of unknown sets")
    boolean catalog;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = s.drive(Optional.ofNullable(drive));
      if (d.changer().isEmpty()) {
        throw new ToolFailure(ExitCode.USAGE, "drive " + d.name() + " has no changer: tape read-label --inventorize "
            + "reads the tape in it");
      }
      TapeLoader loader = s.loader(d, "inventory");
      CatalogStore c = s.catalog();
      TreeSet<String> present = new TreeSet<>(loader.reachable());
      if (update || readLabels) {
        Locations.updateOnline(c, d.changer().get(), present);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      Table t = new Table("label-text", "uuid", "pool", "media-set-uuid", "seq-nr", "note");
      for (String label : present) {
        Optional<Media> known = c.mediaByLabel(label);
        String note = "";
        if (known.isEmpty() && readLabels) {
          s.progress("reading the labels of " + label);
          TapeDrive tape = null;
          Recognition r = null;
          try {
            tape = loader.load(label);
          } catch (dev.tapekit.backup.media.MediaException.CannotLoad cannot) {
            note = "not loaded: " + cannot.getMessage();
          }
          if (tape != null) {
            tape.setBlockSize(0);
            tape.rewind();
            r = TapeRecognizer.recognize(new DriveBlockSource(tape, label));
          }
          if (r == null) {
            // not loaded: noted
          } else if (r instanceof Recognition.Tapekit k) {
            if (!k.media().label().equals(label)) {
              note = "label text " + k.media().label() + " differs from the barcode: not added";
            } else {
              Media m = Media.newTape(k.media().media(), label, k.media().ctime(), k.media().pool(), false)
                  .withLocation(new dev.tapekit.catalog.MediaLocation.Online(d.changer().get()));
              c.addMedia(m);
              note = "added";
              Optional<MediaSetLabel> set = k.mediaSet();
              if (set.isPresent() && catalog && c.mediaSet(set.get().mediaSet()).isEmpty()) {
                CatalogRebuild.Result rebuilt = rebuild(s, tape, label, false);
                note = "added, catalog of media set " + rebuilt.mediaSet() + " read";
              }
              known = c.mediaByLabel(label);
            }
          } else {
            note = r.describe();
          }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("label-text", label);
        known.ifPresent(m -> {
          j.put("uuid", m.uuid().toString());
          m.pool().ifPresent(p -> j.put("pool", p));
          m.membership().ifPresent(ms -> {
            j.put("media-set-uuid", ms.mediaSet().toString());
            j.put("seq-nr", ms.sequence());
          });
        });
        if (known.isEmpty() && note.isEmpty()) {
          note = "not in the catalog (--read-all-labels reads it; tape barcode-label labels blank tapes)";
        }
        if (!note.isEmpty()) {
          j.put("note", note);
        }
        rows.add(j);
        t.row(label, j.getOrDefault("uuid", ""), j.getOrDefault("pool", ""), j.getOrDefault("media-set-uuid", ""),
            j.getOrDefault("seq-nr", ""), note);
      }
      if (readLabels && loader.loaded().isPresent()) {
        loader.unload();
      }
      s.print(() -> rows, t::render);
      return 0;
    }
  }

  @Command(name = "catalog", description = {"Rebuilds the catalog from the tape in the drive: from its catalog archive "
      + "(fast), or --scan: from every file on it (slow, also for a tape whose last archive is missing).",
      "A tape of a set the catalog has is read only with --force."})
  static final class Catalog extends TapeCommand {
    @Option(names = "--drive", paramLabel = "DRIVE")
    String drive;

    @Option(names = "--scan", description = "read every file, not only the catalog archive")
    boolean scan;

    @Option(names = "--force", description = "also when the catalog has the tape's media set")
    boolean force;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = s.drive(Optional.ofNullable(drive));
      TapeLoader loader = s.loader(d, "catalog");
      TapeDrive tape = loader.drive();
      tape.setBlockSize(0);
      tape.rewind();
      String volume = loader.loaded().orElse(d.name());
      Recognition r = TapeRecognizer.recognize(new DriveBlockSource(tape, volume));
      if (!(r instanceof Recognition.Tapekit k) || k.mediaSet().isEmpty()) {
        throw new ToolFailure(ExitCode.NOT_FOUND, volume + ": " + r.describe() + ": no tapekit media set on it");
      }
      Optional<MediaSet> known = s.catalog().mediaSet(k.mediaSet().get().mediaSet());
      if (known.isPresent() && !force) {
        throw new ToolFailure(ExitCode.REFUSED, "the catalog has media set " + known.get().name() + " ("
            + known.get().uuid() + ") already: --force reads it again from this tape");
      }
      CatalogRebuild.Result result = rebuild(s, tape, volume, scan);
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("media-set-uuid", result.mediaSet().toString());
      j.put("seq-nr", result.tape());
      j.put("described", List.copyOf(result.described()));
      j.put("needed", List.copyOf(result.needed()));
      j.put("unreadable", result.unreadable().stream().map(Object::toString).toList());
      s.print(() -> j, () -> "catalog of media set " + result.mediaSet() + " rebuilt from " + volume + " (tape "
          + result.tape() + "): tapes " + result.described() + " described\n" + result.advice() + "\n");
      return 0;
    }
  }
}
