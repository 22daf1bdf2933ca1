package dev.tapekit.tools.tape;

import dev.tapekit.backup.media.MediaException;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.format.block.BlockHeader;
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

/** {@code tape label}, {@code barcode-label} and {@code read-label}: tapes get their label (file 0) before use. */
final class LabelCommands {
  private LabelCommands() {}

  static void checkPool(Session s, String pool) throws ToolFailure {
    if (pool != null) {
      PoolCommands.existing(s, pool);
    }
  }

  /** Labels the blank tape in {@code drive}; the catalog gets it (online in the drive's changer, if any). */
  static Media label(Session s, TapeLoader loader, TapeDrive drive, String text, String pool) throws Exception {
    CatalogStore c = s.catalog();
    if (c.mediaByLabel(text).isPresent()) {
      throw new ToolFailure(ExitCode.REFUSED, "the catalog has a tape labelled " + text + " already: labels are "
          + "unique (tape media list; tape media destroy " + text + " to forget the old one)");
    }
    return TapePreparation.label(c, drive, text, Optional.ofNullable(pool), loader.changer(),
        BlockHeader.DEFAULT_BLOCK, s.clock());
  }

  @Command(name = "label", description = "Labels the blank tape in a drive (a standalone drive, say) with --changer-id "
      + "as its label text; refuses a tape holding data.")
  static final class Label extends TapeCommand {
    @Option(names = {"--changer-id", "--label-text"}, required = true, paramLabel = "TEXT",
        description = "the label text (the barcode, for a tape that has one)")
    String text;

    @Option(names = "--pool", paramLabel = "POOL", description = "reserve the tape for this pool")
    String pool;

    @Option(names = "--drive", paramLabel = "DRIVE")
    String drive;

    @Override
    int run(Session s) throws Exception {
      checkPool(s, pool);
      TapeLoader loader = s.loader(s.drive(Optional.ofNullable(drive)), "label " + text);
      Media m = label(s, loader, loader.drive(), text, pool);
      Map<String, Object> j = Map.of("label-text", m.label(), "uuid", m.uuid().toString(), "pool",
          m.pool().orElse(""));
      s.print(() -> j, () -> "labelled " + m.label() + " (" + m.uuid() + ")" + m.pool().map(p -> " for pool " + p)
          .orElse("") + "\n");
      return 0;
    }
  }

  @Command(name = "barcode-label", description = "Labels every tape of the drive's library that the catalog does not "
      + "know with its barcode; tapes holding data are left alone and listed.")
  static final class BarcodeLabel extends TapeCommand {
    @Option(names = "--pool", paramLabel = "POOL", description = "reserve the tapes for this pool")
    String pool;

    @Option(names = "--drive", paramLabel = "DRIVE")
    String drive;

    @Override
    int run(Session s) throws Exception {
      checkPool(s, pool);
      TapeConfig.Drive d = s.drive(Optional.ofNullable(drive));
      if (d.changer().isEmpty()) {
        throw new ToolFailure(ExitCode.USAGE, "drive " + d.name() + " has no changer: label its tape with tape label "
            + "--changer-id TEXT");
      }
      TapeLoader loader = s.loader(d, "barcode-label");
      CatalogStore c = s.catalog();
      List<Map<String, Object>> rows = new ArrayList<>();
      Table t = new Table("label-text", "result");
      for (String barcode : new TreeSet<>(loader.reachable())) {
        if (c.mediaByLabel(barcode).isPresent()) {
          continue;
        }
        s.progress("labelling " + barcode);
        String result;
        TapeDrive tape;
        try {
          tape = loader.load(barcode);
        } catch (MediaException.CannotLoad cannot) {
          // a cartridge this drive cannot take (another LTO generation): the rest can still be labelled
          rows.add(Map.of("label-text", barcode, "result", "skipped: not loaded: " + cannot.getMessage()));
          t.row(barcode, "skipped: not loaded: " + cannot.getMessage());
          continue;
        }
        try {
          Media m = label(s, loader, tape, barcode, pool);
          result = "labelled " + m.uuid();
        } catch (MediaException.WrongTape notBlank) {
          result = "skipped: " + notBlank.getMessage();
        }
        rows.add(Map.of("label-text", barcode, "result", result));
        t.row(barcode, result);
      }
      if (loader.loaded().isPresent()) {
        loader.unload();
      }
      s.print(() -> rows, () -> rows.isEmpty() ? "no unlabelled tapes in library " + d.changer().get() + "\n"
          : t.render());
      return 0;
    }
  }

  @Command(name = "read-label", description = "Reads the labels of the tape in a drive: tapekit's, PBS's, or says it is "
      + "blank, a tar archive, or unknown.")
  static final class ReadLabel extends TapeCommand {
    @Option(names = "--drive", paramLabel = "DRIVE")
    String drive;

    @Option(names = "--inventorize", description = "add a tapekit tape the catalog does not know to it")
    boolean inventorize;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = s.drive(Optional.ofNullable(drive));
      TapeLoader loader = s.loader(d, "read-label");
      TapeDrive tape = loader.drive();
      tape.setBlockSize(0);
      tape.rewind();
      String volume = loader.loaded().orElse(d.name());
      Recognition r = TapeRecognizer.recognize(new DriveBlockSource(tape, volume));
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      j.put("describe", r.describe());
      if (r instanceof Recognition.Tapekit k) {
        j.put("label-text", k.media().label());
        j.put("uuid", k.media().media().toString());
        j.put("ctime", k.media().ctime().getEpochSecond());
        k.media().pool().ifPresent(p -> j.put("pool", p));
        if (k.mediaSet().isPresent()) {
          MediaSetLabel set = k.mediaSet().get();
          j.put("media-set-uuid", set.mediaSet().toString());
          j.put("seq-nr", set.sequence());
          j.put("media-set-ctime", set.ctime().getEpochSecond());
          j.put("pool", set.pool());
          set.encryption().ifPresent(e -> {
            j.put("encryption", e.mode().name().toLowerCase(java.util.Locale.ROOT));
            e.keyConfig().fingerprint().ifPresent(f -> j.put("encryption-key-fingerprint", f.toString()));
          });
        }
        if (inventorize) {
          CatalogStore c = s.catalog();
          if (c.media(k.media().media()).isEmpty()) {
            Media m = Media.newTape(k.media().media(), k.media().label(), k.media().ctime(), k.media().pool(), false);
            c.addMedia(m);
            if (k.mediaSet().isPresent() && c.mediaSet(k.mediaSet().get().mediaSet()).isPresent()) {
              MediaSetLabel set = k.mediaSet().get();
              c.recordMembership(m.uuid(), set.pool(), new Media.Membership(set.mediaSet(), set.sequence(),
                  set.ctime()));
            }
            j.put("inventorized", true);
          }
        }
      }
      Table t = new Table("Name", "Value");
      j.forEach((k, v) -> t.row(k, k.endsWith("ctime") ? MediaCommands.time(s, (Long) v) : v));
      s.print(() -> j, t::render);
      return 0;
    }
  }
}
