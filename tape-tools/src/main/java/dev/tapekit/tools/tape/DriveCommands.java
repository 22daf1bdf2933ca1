package dev.tapekit.tools.tape;

import dev.tapekit.backup.media.DriveCleaning;
import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.MediaException;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxSemantics;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.Recognition;
import dev.tapekit.format.label.TapeRecognizer;
import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.spc.PeripheralDeviceType;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.sgio.discovery.DeviceDiscovery;
import dev.tapekit.sgio.discovery.DiscoveredDevice;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.tools.tape.ChangerCommands.Identity;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tape drive}: the tape drives, kept in {@code tape.toml} (PBS: {@code proxmox-tape drive}); and
 * the drive operations PBS has at the top level ({@code tape status}, {@code load-media}, {@code
 * unload}, {@code eject}, {@code export-media}, {@code format}, {@code clean}), which the root
 * command registers from here.
 */
@Command(name = "drive", description = "Tape drives: find, configure, and show their state.",
    subcommands = {DriveCommands.Scan.class, DriveCommands.Create.class, DriveCommands.Config.class,
        DriveCommands.ListDrives.class, DriveCommands.Update.class, DriveCommands.Remove.class,
        DriveCommands.Status.class})
final class DriveCommands {
  private DriveCommands() {}

  /** How long a cleaning may take: LTO drives clean in a few minutes. */
  static final Duration CLEANING_TIMEOUT = Duration.ofMinutes(15);

  /** {@code --drive}, for the commands that work on one drive. */
  static final class DriveOption {
    @Option(names = "--drive", paramLabel = "DRIVE",
        description = "the drive (default: $TAPEKIT_DRIVE, else the only drive configured)")
    String drive;

    TapeConfig.Drive resolve(Session s) throws ToolFailure {
      return s.drive(Optional.ofNullable(drive));
    }
  }

  static TapeConfig.Drive existing(Session s, String name) throws ToolFailure {
    return s.drive(Optional.of(name));
  }

  static Map<String, Object> json(TapeConfig.Drive d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("path", d.path());
    d.changer().ifPresent(c -> m.put("changer", c));
    if (d.changer().isPresent()) {
      m.put("changer-drivenum", d.changerDrivenum());
    }
    d.buffer().ifPresent(b -> m.put("buffer", TapeConfig.sizeText(b)));
    return m;
  }

  /**
   * Checks a drive's settings: its path a tape drive no other configured drive uses, its changer
   * configured, and its number one of that changer's drives.
   */
  static void check(Session s, TapeConfig.Drive d) throws Exception {
    for (TapeConfig.Drive other : s.config().drives().values()) {
      if (!other.name().equals(d.name()) && other.path().equals(d.path())) {
        throw new ToolFailure(ExitCode.REFUSED, "drive '" + other.name() + "' has path " + d.path() + " already");
      }
    }
    Identity id = ChangerCommands.identify(s, d.path(), "drive");
    if (id.type() != PeripheralDeviceType.SEQUENTIAL_ACCESS) {
      throw new ToolFailure(ExitCode.WRONG_DEVICE, d.path() + " is a " + id.type().text() + " device (" + id.vendor() + " "
          + id.model() + "), not a tape drive: tape drive scan lists the drives");
    }
    if (d.changer().isPresent()) {
      TapeConfig.Changer c = ChangerCommands.existing(s, d.changer().get());
      MtxLibrary lib = ChangerCommands.library(s, c);
      if (d.changerDrivenum() >= lib.drives().size()) {
        throw new ToolFailure(ExitCode.USAGE, "changer " + c.name() + " has drives 0.." + (lib.drives().size() - 1)
            + ", not " + d.changerDrivenum() + " (tape changer status " + c.name() + ")");
      }
    }
  }

  /** The drive's loader, with the library's failures said as the tool says them. */
  static TapeLoader loader(Session s, TapeConfig.Drive d, String job) throws IOException, ToolFailure {
    return s.loader(d, job);
  }

  /** The library drive {@code d} for {@code what}, which a standalone drive cannot do ({@code hint} says what it can). */
  static LibraryDrive libraryDrive(Session s, TapeConfig.Drive d, String what, String hint)
      throws IOException, ToolFailure {
    if (d.changer().isEmpty()) {
      throw new ToolFailure(ExitCode.USAGE, "drive " + d.name() + " has no changer: " + what + " needs a library "
          + "drive (tape drive update " + d.name() + " --changer C)" + hint);
    }
    return (LibraryDrive) s.loader(d, what);
  }

  static ToolFailure tapeNeeded(MediaException e) {
    return new ToolFailure(ExitCode.TAPE_NEEDED, List.of(e.getMessage()), e);
  }

  @Command(name = "scan", description = "Lists the tape drives of this machine and of the embedded virtual libraries.")
  static final class Scan extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DiscoveredDevice d : new DeviceDiscovery().tapeDrives()) {
        rows.add(ChangerCommands.scanned(d));
      }
      for (String lib : VtlCommands.libraries(s)) {
        int drives = VtlCommands.layout(s, lib).drives().size();
        for (int i = 0; i < drives; i++) {
          rows.add(ChangerCommands.scanned(s, Devices.VTL_PREFIX + lib + ":" + i));
        }
      }
      s.print(() -> rows, () -> ChangerCommands.scanTable(rows));
      return 0;
    }
  }

  @Command(name = "create", description = "Configures a drive.")
  static final class Create extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--path", required = true, paramLabel = "PATH",
        description = "the drive's device: /dev/nstN, /dev/tape/by-id/..., or vtl:LIBRARY:N (tape drive scan)")
    String path;

    @Option(names = "--changer", paramLabel = "CHANGER", description = "the changer of the drive's library")
    String changer;

    @Option(names = "--changer-drivenum", paramLabel = "N", description = "its drive number in the changer (from 0; default 0)")
    Integer drivenum;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.checkName("drive", name);
      if (s.config().drives().containsKey(name)) {
        throw new ToolFailure(ExitCode.REFUSED, "drive '" + name + "' exists already (tape drive update " + name + ")");
      }
      if (drivenum != null && changer == null) {
        throw new ToolFailure(ExitCode.USAGE, "--changer-drivenum needs --changer");
      }
      if (drivenum != null && drivenum < 0) {
        throw new ToolFailure(ExitCode.USAGE, "--changer-drivenum counts from 0, not " + drivenum);
      }
      TapeConfig.Drive d = new TapeConfig.Drive(name, path, Optional.ofNullable(changer), drivenum == null ? 0 : drivenum);
      check(s, d);
      s.config().drives().put(name, d);
      s.config().saveTape();
      return 0;
    }
  }

  @Command(name = "update", description = "Changes a drive's settings ('' for --changer: no changer).")
  static final class Update extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--path", paramLabel = "PATH")
    String path;

    @Option(names = "--changer", paramLabel = "CHANGER")
    String changer;

    @Option(names = "--changer-drivenum", paramLabel = "N")
    Integer drivenum;

    @Option(names = "--buffer", paramLabel = "SIZE", description = "the host-side buffer of backups to this drive: "
        + "0 (none) or 1MiB to 4GiB, e.g. 512MiB; '' for the default (64MiB)")
    String buffer;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = existing(s, name);
      OptionalLong size = d.buffer();
      if (buffer != null) {
        long bytes = buffer.isEmpty() ? 0 : TapeConfig.bufferBytes(buffer);
        if (bytes < 0) {
          throw new ToolFailure(ExitCode.USAGE, "--buffer is " + buffer + "; allowed: " + TapeConfig.BUFFER_SIZES);
        }
        size = buffer.isEmpty() ? OptionalLong.empty() : OptionalLong.of(bytes);
      }
      Optional<String> c = changer == null ? d.changer() : Optional.of(changer).filter(x -> !x.isEmpty());
      if (drivenum != null && (drivenum < 0 || c.isEmpty())) {
        throw new ToolFailure(ExitCode.USAGE, drivenum < 0 ? "--changer-drivenum counts from 0, not " + drivenum
            : "--changer-drivenum needs a changer (--changer)");
      }
      TapeConfig.Drive n = new TapeConfig.Drive(name, path == null ? d.path() : path, c,
          c.isEmpty() ? 0 : drivenum == null ? d.changerDrivenum() : drivenum, size);
      check(s, n);
      s.config().drives().put(name, n);
      s.config().saveTape();
      return 0;
    }
  }

  @Command(name = "list", description = "Lists the configured drives, with what their devices say they are.")
  static final class ListDrives extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Object> all = new ArrayList<>();
      Table t = new Table("name", "path", "changer", "changer-drivenum", "vendor", "model", "serial");
      for (TapeConfig.Drive d : s.config().drives().values()) {
        Map<String, Object> m = json(d);
        Optional<Identity> id = ChangerCommands.identity(s, d.path());
        m.put("vendor", id.map(Identity::vendor).orElse(null));
        m.put("model", id.map(Identity::model).orElse(null));
        m.put("serial", id.flatMap(Identity::serial).orElse(null));
        all.add(m);
        t.row(d.name(), d.path(), d.changer().orElse(""), d.changer().isPresent() ? d.changerDrivenum() : "",
            id.map(Identity::vendor).orElse("(not reachable)"), id.map(Identity::model).orElse(""),
            id.flatMap(Identity::serial).orElse(""));
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "config", description = "Shows a drive's settings.")
  static final class Config extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      Map<String, Object> m = json(existing(s, name));
      Table t = new Table("Name", "Value");
      m.forEach(t::row);
      s.print(() -> m, t::render);
      return 0;
    }
  }

  @Command(name = "remove", description = "Removes a drive from the configuration.")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      existing(s, name);
      for (TapeConfig.PoolConfig p : s.config().pools().values()) {
        if (p.drive().equals(Optional.of(name))) {
          throw new ToolFailure(ExitCode.REFUSED, "drive '" + name + "' is pool " + p.name() + "'s drive: "
              + "tape pool update " + p.name() + " --drive '' (or another drive) first");
        }
      }
      for (TapeConfig.Job j : s.config().jobs().values()) {
        if (j.drive().equals(Optional.of(name))) {
          throw new ToolFailure(ExitCode.REFUSED, "drive '" + name + "' is used by backup job '" + j.id()
              + "': update or remove the job first");
        }
      }
      s.config().drives().remove(name);
      s.config().saveTape();
      return 0;
    }
  }

  // ---- the drive operations (top level, as PBS has them; status also under drive)

  @Command(name = "status", description = "Shows the drive's state and its tape's (PBS: proxmox-tape status).")
  static final class Status extends TapeCommand {
    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      ScsiTransport t = s.open(d.path());
      DriveStatus st = ScsiTapeDrive.open(t).status();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("vendor", st.identity().vendor());
      m.put("product", st.identity().product());
      m.put("revision", st.identity().revision());
      m.put("serial", st.identity().serialNumber());
      m.put("medium-present", st.mediumPresent());
      m.put("ready", st.ready());
      m.put("blocksize", st.settings().blockSize());
      m.put("density", dev.tapekit.scsi.ssc.LtoDensity.of(st.settings().densityCode())
          .map(dev.tapekit.scsi.ssc.LtoDensity::displayName)
          .orElse(String.format("0x%02x", st.settings().densityCode())));
      m.put("compression", st.settings().compression());
      m.put("buffer-mode", st.settings().bufferMode());
      m.put("write-protect", st.settings().writeProtected());
      m.put("activity", st.activity().map(a -> a.description()));
      m.put("alert-flags", st.alertFlags().map(f -> String.join(", ", f.stream()
          .sorted(Comparator.comparingInt(TapeAlertFlag::number)).map(TapeAlertFlag::t10Name).toList())));
      m.put("file-number", st.position().flatMap(p -> p.fileNumber().isPresent()
          ? Optional.of(p.fileNumber().getAsLong()) : Optional.empty()));
      m.put("block-number", st.position().map(p -> p.logicalObject()));
      m.put("manufactured", st.manufactured().map(Object::toString));
      m.put("bytes-written", optional(st.bytesWritten()));
      m.put("bytes-read", optional(st.bytesRead()));
      m.put("medium-passes", optional(st.mediumPasses()));
      m.put("medium-wearout", st.mediumWearout().isPresent()
          ? Optional.of(String.format("%.2f%%", st.mediumWearout().getAsDouble() * 100)) : Optional.empty());
      m.put("volume-mounts", optional(st.volumeMounts()));
      Table table = new Table("Name", "Value");
      m.forEach((k, v) -> table.row(k, v instanceof Optional<?> o ? o.map(String::valueOf).orElse("") : v));
      s.print(() -> m, table::render);
      return 0;
    }
  }

  @Command(name = "load-media", description = "Loads the tape labelled LABEL from its library's slots into the drive "
      + "(PBS: load-media).")
  static final class LoadMedia extends TapeCommand {
    @Parameters(paramLabel = "LABEL", description = "the tape's label text (its barcode)")
    String label;

    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      TapeLoader loader = libraryDrive(s, d, "load-media", "; insert the tape by hand (tape format --label-text and "
          + "the jobs ask for it and wait)");
      try {
        loader.load(label);
      } catch (MediaException e) {
        throw tapeNeeded(e);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("label-text", label);
      s.print(() -> m, () -> "loaded " + label + " into drive " + d.name() + "\n");
      return 0;
    }
  }

  @Command(name = "unload", description = "Returns the drive's tape to a slot of its library (PBS: unload).")
  static final class Unload extends TapeCommand {
    @Option(names = "--target-slot", paramLabel = "N", description = "the storage slot (default: the one it came from, "
        + "else the first empty one)")
    Integer targetSlot;

    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      LibraryDrive library = libraryDrive(s, d, "unload", "; tape eject ejects a standalone drive's tape");
      Optional<String> was = library.loaded();
      TapeConfig.Changer c = s.config().changers().get(d.changer().get());
      ScsiTransport changer = s.open(c.path());
      MtxLibrary before = MtxSemantics.open(SmcChanger.open(changer), Writer.nullWriter()).library();
      if (!before.drive(d.changerDrivenum()).full()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("drive", d.name());
        m.put("unloaded", false);
        s.print(() -> m, () -> "drive " + d.name() + " is empty: nothing to unload\n");
        return 0;
      }
      if (targetSlot == null) {
        library.unload();
      } else {
        Optional<MtxLibrary.Slot> slot = before.slots().stream().filter(x -> x.number() == targetSlot).findFirst();
        if (slot.isEmpty() || slot.get().importExport()) {
          throw new ToolFailure(ExitCode.USAGE, "changer " + c.name() + " has storage slots 1.."
              + before.slots().stream().filter(x -> !x.importExport()).count() + ", not " + targetSlot
              + " (tape export-media moves a tape to an import/export slot)");
        }
        if (slot.get().full()) {
          throw new ToolFailure(ExitCode.DESTINATION_FULL, "slot " + targetSlot + " of changer " + c.name() + " holds "
              + slot.get().barcode().orElse("a tape") + ": choose an empty slot (tape changer status " + c.name() + ")");
        }
        try {
          library.drive().unload(); // rewind and eject: the changer takes a tape only once it is ejected
        } catch (NoMediumException e) {
          // ejected already
        }
        try (Closeable lock = changerLock(changer, c.path())) {
          MtxSemantics.open(SmcChanger.open(changer), Writer.nullWriter())
              .unload(OptionalInt.of(targetSlot), OptionalInt.of(d.changerDrivenum()));
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("unloaded", true);
      m.put("label-text", was);
      s.print(() -> m, () -> "unloaded " + was.orElse("the tape") + " from drive " + d.name()
          + (targetSlot == null ? "" : " to slot " + targetSlot) + "\n");
      return 0;
    }

    /** The changer's lock for one move, as pmtx and jobs take it. */
    private static Closeable changerLock(ScsiTransport changer, String path) throws IOException {
      Optional<DeviceLockKey> key = DeviceLockKey.read(changer, DeviceLockKey.Kind.CHANGER);
      if (key.isEmpty()) {
        return () -> {};
      }
      return DeviceLockFile.acquire(DeviceLockFile.directory(Optional.empty(), System.getenv()), key.get(), path,
          DeviceLockFile.Mode.COMMAND, "unload", Duration.ofMinutes(10));
    }
  }

  @Command(name = "eject", description = "Ejects the drive's tape: a library drive's goes back to its slot, a "
      + "standalone drive's comes out for the operator (PBS: eject-media).")
  static final class Eject extends TapeCommand {
    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      TapeLoader loader = loader(s, d, "eject");
      Optional<String> was = loader.loaded();
      loader.unload();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("label-text", was);
      s.print(() -> m, () -> "ejected " + was.orElse("the tape (if any)") + " from drive " + d.name()
          + (d.changer().isPresent() ? " back to its slot" : "") + "\n");
      return 0;
    }
  }

  @Command(name = "export-media", description = "Moves the tape labelled LABEL to a free import/export slot of the "
      + "drive's library, for taking it out (PBS: export-media).")
  static final class ExportMedia extends TapeCommand {
    @Parameters(paramLabel = "LABEL")
    String label;

    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      LibraryDrive library = libraryDrive(s, d, "export-media", "; tape eject ejects a standalone drive's tape");
      if (!library.reachable().contains(label)) {
        throw new ToolFailure(ExitCode.NOT_FOUND, "tape " + label + " is not in a storage slot or drive of changer "
            + d.changer().get() + " (tape changer status " + d.changer().get() + ")");
      }
      TapeLoader.Exported done = library.export(List.of(label));
      if (!done.notExported().isEmpty()) {
        String why = done.notExported().get(label);
        throw new ToolFailure(why.startsWith("no free import/export slot") ? ExitCode.DESTINATION_FULL : ExitCode.FAILED,
            "tape " + label + " was not exported: " + why);
      }
      CatalogStore catalog = s.catalog();
      Optional<Media> media = catalog.mediaByLabel(label);
      if (media.isPresent()) {
        catalog.updateMedia(media.get().uuid(), x -> x.withLocation(MediaLocation.OFFLINE));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label-text", label);
      m.put("exported-to", done.exported().get(label));
      s.print(() -> m, () -> "exported " + label + " to " + done.exported().get(label) + " of changer "
          + d.changer().get() + (media.isPresent() ? "; the catalog has it offline now" : "") + "\n");
      return 0;
    }
  }

  @Command(name = "format", description = "Erases the drive's tape and removes it from the catalog; refuses a tape "
      + "whose media set has not expired, unless --force (PBS: format).")
  static final class Format extends TapeCommand {
    @Option(names = "--label-text", paramLabel = "LABEL", description = "load this tape first")
    String label;

    @Option(names = "--fast", arity = "1", defaultValue = "true", paramLabel = "BOOL",
        description = "a quick erase (default true); false overwrites the whole tape (hours)")
    boolean fast;

    @Option(names = "--force", description = "also a tape whose data the catalog keeps, or that holds data tape "
        + "cannot judge")
    boolean force;

    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      TapeLoader loader = loader(s, d, "format");
      TapeDrive drive = loader.drive();
      if (label != null) {
        try {
          loader.load(label);
        } catch (MediaException e) {
          throw tapeNeeded(e);
        }
      }
      Optional<String> barcode = label != null ? Optional.of(label) : loader.loaded();
      String name = barcode.orElse("the tape in drive " + d.name());
      try {
        drive.waitUntilReady(Session.READY_TIMEOUT);
      } catch (NoMediumException e) {
        throw new ToolFailure(ExitCode.NO_MEDIUM, List.of("drive " + d.name() + " holds no tape: tape load-media "
            + "LABEL --drive " + d.name() + ", or format --label-text LABEL"), e);
      }
      drive.setBlockSize(0);
      Recognition found = TapeRecognizer.recognize(new DriveBlockSource(drive, name));
      CatalogStore catalog = s.catalog();
      Optional<Media> media = catalogued(catalog, found);
      Optional<String> keep = keeps(s, catalog, found, media);
      if (keep.isPresent() && !force) {
        throw new ToolFailure(ExitCode.REFUSED, "not formatting " + name + ": " + keep.get()
            + "; give --force if it may go");
      }
      s.progress("formatting " + name + " in drive " + d.name() + " (" + found.describe() + ")");
      List<String> warnings = TapePreparation.format(drive, name, fast);
      warnings.forEach(w -> s.progress("warning: " + w));
      if (media.isPresent()) {
        catalog.removeMedia(media.get().uuid());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("label-text", barcode);
      m.put("was", found.describe());
      m.put("removed-from-catalog", media.isPresent());
      s.print(() -> m, () -> "formatted " + name + " (was: " + found.describe() + ")"
          + (media.isPresent() ? "; removed it from the catalog" : "") + "\n");
      return 0;
    }

    /** The catalog's entry of a tapekit tape, by the media UUID of its label. */
    private static Optional<Media> catalogued(CatalogStore catalog, Recognition found) throws CatalogException {
      if (found instanceof Recognition.Tapekit t) {
        return catalog.media(t.media().media());
      }
      return Optional.empty();
    }

    /** Why the tape's data must be kept, or empty when it may go. */
    private static Optional<String> keeps(Session s, CatalogStore catalog, Recognition found, Optional<Media> media)
        throws CatalogException {
      switch (found.kind()) {
        case BLANK -> {
          return Optional.empty();
        }
        case TAPEKIT -> { }
        default -> {
          return Optional.of("it holds " + found.describe() + ", whose worth tape cannot judge");
        }
      }
      Recognition.Tapekit t = (Recognition.Tapekit) found;
      if (media.isEmpty()) {
        return t.mediaSet().isPresent()
            ? Optional.of("it holds data of media set " + t.mediaSet().get().mediaSet() + ", and the catalog does not "
                + "know the tape (another host's, or a lost catalog: restore the catalog first)")
            : Optional.empty();
      }
      Media m = media.get();
      if (m.membership().isEmpty()) {
        return Optional.empty();
      }
      Optional<MediaSet> set = catalog.mediaSet(m.membership().get().mediaSet());
      String setName = set.map(x -> "'" + x.name() + "'").orElse(m.membership().get().mediaSet().toString());
      Optional<String> pool = set.map(MediaSet::pool).or(m::pool);
      if (pool.isEmpty() || catalog.pool(pool.get()).isEmpty()) {
        return Optional.of("it holds media set " + setName + " of pool " + pool.orElse("?") + ", which is no longer "
            + "configured, so nothing says it expired");
      }
      MediaPool policy = new MediaPool(catalog, pool.get(), Availability.standalone(), s.clock(), s.clock().getZone());
      if (policy.expired(m)) {
        return Optional.empty();
      }
      if (policy.status(m) == MediaStatus.WRITABLE) {
        return Optional.of("it is the last tape of media set " + setName + ", the current set of pool " + pool.get());
      }
      Optional<Instant> at = policy.expiry(m);
      return Optional.of("it holds media set " + setName + " of pool " + pool.get() + ", "
          + at.map(x -> "kept until " + x).orElse("which the pool's retention (" + policy.pool().retention().text()
          + ") keeps"));
    }
  }

  @Command(name = "clean", description = "Cleans the drive with a cleaning cartridge of its library (PBS: clean).")
  static final class Clean extends TapeCommand {
    @Mixin
    DriveOption option = new DriveOption();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Drive d = option.resolve(s);
      LibraryDrive library = libraryDrive(s, d, "clean", "");
      DriveCleaning.Result r;
      try {
        r = new DriveCleaning(library, CLEANING_TIMEOUT, s.clock(), s.environment().sleeper()).clean();
      } catch (MediaException.NotInLibrary e) {
        throw tapeNeeded(e);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("drive", d.name());
      m.put("cleaned", r.cleaned());
      m.put("cleaned-with", r.cleanedWith().map(DriveCommands::cleaner));
      m.put("expired", r.expired().stream().map(DriveCommands::cleaner).toList());
      s.print(() -> m, () -> "drive " + d.name() + ": " + r.describe() + "\n");
      return r.cleaned() ? 0 : ExitCode.TAPE_NEEDED.code();
    }
  }

  static Map<String, Object> cleaner(DriveCleaning.Cleaner c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label-text", c.barcode());
    m.put("slot", c.slot());
    m.put("uses", optional(c.uses()));
    m.put("uses-left", optional(c.usesLeft()));
    m.put("expired", c.expired());
    return m;
  }

  private static Optional<Long> optional(java.util.OptionalLong v) {
    return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
  }
}
