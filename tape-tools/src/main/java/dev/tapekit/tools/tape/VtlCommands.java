package dev.tapekit.tools.tape;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.changer.ElementState;
import dev.tapekit.vtl.changer.ElementType;
import dev.tapekit.vtl.drive.DriveThrottle;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tape vtl}: the embedded virtual libraries in {@link TapePaths#vtlHome()} — what mhvtl's
 * config files, {@code mktape} and {@code vtlcmd} do, from the same tool. A library created here is
 * also configured in {@code tape.toml} (its changer and drives), so labelling can start at once.
 */
@Command(name = "vtl", description = "Embedded virtual tape libraries: create, inspect, import and export cartridges.",
    subcommands = {VtlCommands.Create.class, VtlCommands.ListLibraries.class, VtlCommands.Status.class,
        VtlCommands.Import.class, VtlCommands.Export.class, VtlCommands.Remove.class, VtlServe.class})
final class VtlCommands {
  private VtlCommands() {}

  /** The library directories under the virtual-library home: those with a {@code library.toml}, by name. */
  static List<String> libraries(Session s) throws IOException {
    Path home = s.paths().vtlHome();
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(home)) {
      try (Stream<Path> dirs = Files.list(home)) {
        dirs.filter(p -> Files.isRegularFile(p.resolve("library.toml"))).forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return new ArrayList<>(names);
  }

  /** The layout of library {@code name}, read from its {@code library.toml} without opening it. */
  static LibraryLayout layout(Session s, String name) throws IOException, ToolFailure {
    Path toml = s.paths().vtlHome().resolve(name).resolve("library.toml");
    if (!name.matches("[A-Za-z0-9_-]{1,32}") || !Files.isRegularFile(toml)) {
      List<String> all = libraries(s);
      throw new ToolFailure(ExitCode.NOT_FOUND, "no virtual library '" + name + "' in " + s.paths().vtlHome()
          + (all.isEmpty() ? ": there is none (tape vtl create NAME)" : ": there are " + String.join(", ", all)));
    }
    try {
      return LibraryLayout.parse(Files.readString(toml));
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.CONFIG, toml + ": " + e.getMessage());
    }
  }

  /** The open library {@code name} (for operator actions), through the session. */
  static VirtualLibrary open(Session s, String name) throws IOException, ToolFailure {
    layout(s, name);
    ScsiTransport t = s.open(Devices.VTL_PREFIX + name);
    return VirtualLibraries.library(t);
  }

  /**
   * A size with an optional binary suffix ({@code 24M}, {@code 2.5T}; K, M, G, T are 2^10.. 2^40,
   * a plain number is MiB), in MiB.
   */
  static long mebibytes(String text) throws ToolFailure {
    String t = text.trim();
    int shift = 0;
    if (!t.isEmpty()) {
      switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
        case 'K' -> shift = -10;
        case 'M' -> shift = 0;
        case 'G' -> shift = 10;
        case 'T' -> shift = 20;
        default -> shift = 1;
      }
      if (shift != 1) {
        t = t.substring(0, t.length() - 1);
      } else {
        shift = 0;
      }
    }
    try {
      if (!t.matches("[0-9]+(\\.[0-9]+)?")) {
        throw new NumberFormatException();
      }
      BigDecimal mib = shift >= 0 ? new BigDecimal(t).multiply(BigDecimal.valueOf(1L << shift))
          : new BigDecimal(t).divide(BigDecimal.valueOf(1L << -shift));
      long whole = mib.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
      if (whole < 1) {
        throw new ToolFailure(ExitCode.USAGE, "capacity '" + text + "' is below 1 MiB, the smallest cartridge");
      }
      return whole;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ToolFailure(ExitCode.USAGE, "capacity '" + text + "' is not a size: a number with K, M, G or T "
          + "(binary units), as 24M or 2.5T");
    }
  }

  /** The {@code tape.toml} entries whose path is library {@code name}'s changer or one of its drives. */
  record References(List<String> changers, List<String> drives) {
    boolean isEmpty() {
      return changers.isEmpty() && drives.isEmpty();
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      changers.forEach(c -> parts.add("changer " + c));
      drives.forEach(d -> parts.add("drive " + d));
      return String.join(", ", parts);
    }
  }

  static References references(TapeConfig c, String library) {
    List<String> changers = new ArrayList<>();
    List<String> drives = new ArrayList<>();
    for (TapeConfig.Changer ch : c.changers().values()) {
      if (Devices.virtualLibrary(ch.path()).equals(Optional.of(library))) {
        changers.add(ch.name());
      }
    }
    for (TapeConfig.Drive d : c.drives().values()) {
      if (Devices.virtualLibrary(d.path()).equals(Optional.of(library))
          || d.changer().map(changers::contains).orElse(false)) {
        drives.add(d.name());
      }
    }
    return new References(changers, drives);
  }

  /** Where a cartridge is: an element of the library, or outside it (a cartridge file on the shelf). */
  static Map<String, Object> cartridge(String place, Integer number, Integer address, String barcode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", place);
    m.put("number", number);
    m.put("address", address);
    m.put("barcode", barcode);
    m.put("medium", barcode == null ? null : Barcode.tryParse(barcode).map(VtlCommands::medium).orElse("unknown"));
    return m;
  }

  /** Where element {@code address} of library {@code lib} is, in an operator's words: drive 0, slot 3, mail slot 1. */
  static String where(VirtualLibrary lib, int address) {
    ChangerLayout cl = lib.layout().changer();
    if (address >= cl.driveStart() && address < cl.driveStart() + lib.drives().size()) {
      return "drive " + (address - cl.driveStart());
    }
    if (address >= cl.importExportStart() && address < cl.importExportStart() + cl.importExportCount()) {
      return "mail slot " + (address - cl.importExportStart() + 1);
    }
    return "storage slot " + (address - cl.storageStart() + 1);
  }

  private static String medium(Barcode b) {
    return b.generation().name().replace('_', '-') + " " + b.kind().name().toLowerCase(Locale.ROOT);
  }

  @Command(name = "create", description = "Creates a virtual library and configures its changer and drives in tape.toml.")
  static final class Create extends TapeCommand {
    @Parameters(paramLabel = "NAME", description = "the library's name: its changer is vtl:NAME, its drives vtl:NAME:0, ...")
    String name;

    static final class Shape {
      @Option(names = "--profile", paramLabel = "PROFILE", description = "a built-in layout: L700 (default; 4 LTO drives, "
          + "39 slots) or L80 (4 T10000B drives, 40 slots), as mhvtl's defaults")
      String profile;

      @Option(names = "--layout", paramLabel = "FILE", description = "a library.toml layout file (its name is replaced by NAME)")
      Path layout;
    }

    @ArgGroup(exclusive = true)
    Shape shape;

    @Option(names = "--capacity", paramLabel = "SIZE", description = "capacity of its new cartridges, as 24M or 2.5T "
        + "(default: the layout's; L700 and L80: 500M)")
    String capacity;

    @Option(names = "--no-config", description = "do not add the library's changer and drives to tape.toml")
    boolean noConfig;

    @Option(names = "--throttle", description = "every drive emulates its model's streaming: native rate, "
        + "speed-matching floor, buffer, and a backhitch when the host lets the buffer run empty (an underrun, "
        + "counted in tape vtl status); LTO-2..LTO-9 models only, unless the layout gives the rates")
    boolean throttle;

    @Override
    int run(Session s) throws Exception {
      LibraryLayout base = base(s);
      long mib = capacity == null ? base.capacityMiB() : mebibytes(capacity);
      LibraryLayout layout = new LibraryLayout(name, renamedChanger(base), mib, throttled(renamedDrives(base)),
          base.cartridges());
      long throttledDrives = layout.drives().stream().filter(d -> d.throttle() != null).count();
      if (Files.exists(s.paths().vtlHome().resolve(name).resolve("library.toml"))) {
        throw new ToolFailure(ExitCode.REFUSED, "virtual library '" + name + "' exists already in "
            + s.paths().vtlHome() + " (tape vtl status " + name + "; tape vtl remove " + name + " to start again)");
      }
      TapeConfig c = noConfig ? null : s.config();
      List<TapeConfig.Drive> drives = new ArrayList<>();
      if (!noConfig) {
        TapeConfig.checkName("changer", name);
        if (c.changers().containsKey(name)) {
          throw new ToolFailure(ExitCode.REFUSED, "tape.toml has a changer '" + name + "' already: choose another "
              + "library name, or give --no-config and configure it yourself");
        }
        for (int i = 0; i < layout.drives().size(); i++) {
          String d = name + "-" + i;
          TapeConfig.checkName("drive", d);
          if (c.drives().containsKey(d)) {
            throw new ToolFailure(ExitCode.REFUSED, "tape.toml has a drive '" + d + "' already: choose another "
                + "library name, or give --no-config and configure it yourself");
          }
          drives.add(new TapeConfig.Drive(d, Devices.VTL_PREFIX + name + ":" + i, Optional.of(name), i));
        }
      }
      Files.createDirectories(s.paths().vtlHome());
      try (VirtualLibrary created = VirtualLibrary.create(s.paths().vtlHome(), layout, s.clock())) {
        s.progress("created virtual library " + name + " in " + created.directory());
      } catch (FileAlreadyExistsException e) {
        throw new ToolFailure(ExitCode.REFUSED, "virtual library '" + name + "' exists already in " + s.paths().vtlHome());
      }
      if (!noConfig) {
        c.changers().put(name, new TapeConfig.Changer(name, Devices.VTL_PREFIX + name, List.of()));
        drives.forEach(d -> c.drives().put(d.name(), d));
        c.saveTape();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("path", Devices.VTL_PREFIX + name);
      m.put("drives", layout.drives().size());
      m.put("slots", layout.changer().storageCount());
      m.put("mail-slots", layout.changer().importExportCount());
      m.put("cartridges", layout.cartridges().size());
      m.put("capacity-mib", mib);
      m.put("configured-changer", noConfig ? null : name);
      m.put("configured-drives", drives.stream().map(TapeConfig.Drive::name).toList());
      if (throttledDrives > 0) {
        m.put("throttled-drives", throttledDrives);
      }
      s.print(() -> m, () -> {
        StringBuilder b = new StringBuilder("created virtual library " + name + " (" + layout.changer().vendor() + " "
            + layout.changer().product() + "): " + layout.drives().size() + " drives, " + layout.changer().storageCount()
            + " slots, " + layout.changer().importExportCount() + " mail slots, " + layout.cartridges().size()
            + " cartridges of " + mib + " MiB\n");
        if (throttledDrives > 0) {
          b.append(throttledDrives + " of its drives throttled to their models' streaming rates "
              + "(tape vtl status " + name + " shows them and their underruns)\n");
        }
        if (noConfig) {
          b.append("not configured: tape changer create " + name + " --path vtl:" + name + " and tape drive create ... "
              + "--path vtl:" + name + ":N to use it\n");
        } else {
          b.append("configured in " + s.paths().tapeToml() + ": changer " + name + " (vtl:" + name + "), drives ");
          List<String> ds = new ArrayList<>();
          drives.forEach(d -> ds.add(d.name() + " (" + d.path() + ")"));
          b.append(String.join(", ", ds)).append('\n');
          b.append("next: label its tapes (tape changer status " + name + " lists them)\n");
        }
        return b.toString();
      });
      return 0;
    }

    /** The drives, throttled with their models' defaults when {@code --throttle} is given (overrides kept). */
    private List<LibraryLayout.DriveSpec> throttled(List<LibraryLayout.DriveSpec> drives) throws ToolFailure {
      if (!throttle) {
        return drives;
      }
      List<LibraryLayout.DriveSpec> out = new ArrayList<>();
      for (LibraryLayout.DriveSpec d : drives) {
        LibraryLayout.DriveSpec t = d.throttle() != null ? d : d.withThrottle(LibraryLayout.ThrottleSpec.DEFAULTS);
        try {
          t.throttleSettings();
        } catch (IllegalArgumentException e) {
          throw new ToolFailure(ExitCode.USAGE, "cannot throttle the drives of " + name + ": " + e.getMessage());
        }
        out.add(t);
      }
      return out;
    }

    private LibraryLayout base(Session s) throws IOException, ToolFailure {
      if (shape != null && shape.layout != null) {
        String text;
        try {
          text = Files.readString(shape.layout);
        } catch (NoSuchFileException e) {
          throw new ToolFailure(ExitCode.NOT_FOUND, "no layout file " + shape.layout);
        }
        try {
          return LibraryLayout.parse(text);
        } catch (IllegalArgumentException e) {
          throw new ToolFailure(ExitCode.USAGE, shape.layout + ": " + e.getMessage());
        }
      }
      String p = shape == null || shape.profile == null ? "L700" : shape.profile;
      return LibraryLayout.builtIn(p.toUpperCase(Locale.ROOT)).orElseThrow(() -> new ToolFailure(ExitCode.USAGE,
          "no profile '" + p + "': the built-in profiles are L700 and L80 (or give --layout FILE)"));
    }

    /**
     * The base's changer; a built-in profile under another name gets serial numbers of its own, as
     * devices are told apart (and locked) by their serials.
     */
    private ChangerLayout renamedChanger(LibraryLayout base) {
      ChangerLayout c = base.changer();
      if (!isRenamedProfile(base)) {
        return c;
      }
      return new ChangerLayout(c.vendor(), c.product(), c.revision(), name, c.naa(), c.transportAddress(),
          c.importExportStart(), c.importExportCount(), c.driveStart(), c.storageStart(), c.storageCount(),
          c.threadedRemoval(), c.blankEmptyTags());
    }

    private List<LibraryLayout.DriveSpec> renamedDrives(LibraryLayout base) {
      if (!isRenamedProfile(base)) {
        return base.drives();
      }
      List<LibraryLayout.DriveSpec> out = new ArrayList<>();
      for (int i = 0; i < base.drives().size(); i++) {
        LibraryLayout.DriveSpec d = base.drives().get(i);
        out.add(new LibraryLayout.DriveSpec(d.model(), d.revision(), name + "_" + (i + 1), d.naa(), d.throttle()));
      }
      return out;
    }

    private boolean isRenamedProfile(LibraryLayout base) {
      return (shape == null || shape.layout == null) && !base.name().equals(name);
    }
  }

  @Command(name = "list", description = "Lists the virtual libraries.")
  static final class ListLibraries extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Object> all = new ArrayList<>();
      Table t = new Table("name", "path", "changer", "drives", "slots", "mail-slots", "capacity");
      for (String name : libraries(s)) {
        LibraryLayout l = layout(s, name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", Devices.VTL_PREFIX + name);
        m.put("vendor", l.changer().vendor());
        m.put("model", l.changer().product());
        m.put("serial", l.changer().serial());
        m.put("drives", l.drives().size());
        m.put("slots", l.changer().storageCount());
        m.put("mail-slots", l.changer().importExportCount());
        m.put("capacity-mib", l.capacityMiB());
        all.add(m);
        t.row(name, m.get("path"), l.changer().vendor() + " " + l.changer().product(), l.drives().size(),
            l.changer().storageCount(), l.changer().importExportCount(), l.capacityMiB() + " MiB");
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "status", description = "Shows where every cartridge of a virtual library is, outside it too.")
  static final class Status extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      VirtualLibrary lib = open(s, name);
      ChangerLayout cl = lib.layout().changer();
      List<Map<String, Object>> rows = new ArrayList<>();
      Set<String> inside = new TreeSet<>();
      List<ElementState> elements = lib.changer().elements();
      addElements(rows, elements, "drive", cl.driveStart(), lib.drives().size(), 0);
      Table throttles = new Table("drive", "native", "floor", "buffer", "speed", "underruns", "written", "read",
          "blocked", "sync-wait", "read-stops");
      for (int i = 0; i < lib.drives().size(); i++) {
        VirtualTapeDrive d = lib.drive(i);
        Map<String, Object> row = rows.get(i);
        int index = i;
        d.throttle().ifPresent(t -> {
          Map<String, Object> j = throttleJson(t);
          row.put("throttle", j);
          throttles.row(index, mbps(t.settings().nativeMBps()), mbps(t.settings().floorMBps()), j.get("buffer-mib") + " MiB",
              mbps(t.counters().speedMBps()), j.get("underruns"), Units.bytes((long) j.get("bytes-written")),
              Units.bytes((long) j.get("bytes-read")), j.get("blocked-ms") + " ms", j.get("sync-wait-ms") + " ms",
              j.get("read-stops"));
        });
      }
      addElements(rows, elements, "slot", cl.storageStart(), cl.storageCount(), 1);
      addElements(rows, elements, "mail-slot", cl.importExportStart(), cl.importExportCount(), 1);
      elements.stream().filter(ElementState::full).forEach(e -> inside.add(e.barcode()));
      for (String b : shelf(lib)) {
        if (!inside.contains(b)) {
          rows.add(cartridge("outside", null, null, b));
        }
      }
      Table t = new Table("location", "address", "barcode", "medium");
      for (Map<String, Object> r : rows) {
        Object n = r.get("number");
        t.row(r.get("location") + (n == null ? "" : " " + n), r.get("address"), r.get("barcode"), r.get("medium"));
      }
      boolean anyThrottled = lib.drives().stream().anyMatch(d -> d.throttle().isPresent());
      s.print(() -> rows, () -> "virtual library " + name + " (" + cl.vendor() + " " + cl.product() + ", serial "
          + cl.serial() + ") in " + lib.directory() + "\n" + t.render()
          + (anyThrottled ? "throttled drives (counters since the library was created):\n" + throttles.render() : ""));
      return 0;
    }

    private static String mbps(double v) {
      return String.format(Locale.ROOT, "%.1f MB/s", v);
    }

    /** A throttled drive's settings and cumulative counters, as {@code tape vtl status} reports them. */
    static Map<String, Object> throttleJson(DriveThrottle t) {
      DriveThrottle.Settings st = t.settings();
      DriveThrottle.Counters c = t.counters();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("native-mb-s", st.nativeMBps());
      m.put("floor-mb-s", st.floorMBps());
      m.put("steps", st.steps());
      m.put("buffer-mib", st.bufferBytes() >> 20);
      m.put("backhitch-ms", st.backhitch().toMillis());
      m.put("speed-mb-s", c.speedMBps());
      m.put("underruns", c.underruns());
      m.put("read-stops", c.readStops());
      m.put("bytes-written", c.bytesWritten());
      m.put("bytes-read", c.bytesRead());
      m.put("blocked-ms", c.blockedNanos() / 1_000_000);
      m.put("read-wait-ms", c.readWaitNanos() / 1_000_000);
      m.put("sync-wait-ms", c.syncWaitNanos() / 1_000_000);
      return m;
    }

    /** One row per element of a kind: {@code count} addresses from {@code start}, numbered from {@code first}. */
    private static void addElements(List<Map<String, Object>> rows, List<ElementState> elements, String kind, int start,
        int count, int first) {
      for (int i = 0; i < count; i++) {
        int address = start + i;
        String barcode = elements.stream().filter(e -> e.address() == address && e.full()).map(ElementState::barcode)
            .findFirst().orElse(null);
        rows.add(cartridge(kind, i + first, address, barcode));
      }
    }

    /** The barcodes of the library's cartridge files (partition files left out). */
    private static List<String> shelf(VirtualLibrary lib) throws IOException {
      Path dir = lib.directory().resolve("cartridges");
      List<String> out = new ArrayList<>();
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".tkc") && !f.matches(".*\\.p[0-9]+\\.tkc"))
              .map(f -> f.substring(0, f.length() - ".tkc".length())).sorted(Comparator.naturalOrder()).forEach(out::add);
        }
      }
      return out;
    }
  }

  @Command(name = "import", description = "Puts a cartridge into a mail slot, as an operator does (a new cartridge "
      + "is made when it does not exist yet, as mhvtl's mktape).")
  static final class Import extends TapeCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BARCODE", description = "e.g. E01040L8; the last two characters name the "
        + "medium (L1..L9 data, LT..LZ WORM, TA..TC T10000), a CLN prefix a cleaning cartridge")
    String barcode;

    @Option(names = "--mail-slot", paramLabel = "N", description = "the mail slot (from 1; default the first empty one)")
    Integer mailSlot;

    @Override
    int run(Session s) throws Exception {
      if (Barcode.tryParse(barcode).isEmpty()) {
        throw new ToolFailure(ExitCode.USAGE, "barcode '" + barcode + "' does not end in a known medium suffix "
            + "(L1..L9 data, LT..LZ WORM, TA..TC T10000)");
      }
      VirtualLibrary lib = open(s, name);
      ChangerLayout cl = lib.layout().changer();
      List<ElementState> elements = lib.changer().elements();
      for (ElementState e : elements) {
        if (e.full() && e.barcode().equals(barcode)) {
          throw new ToolFailure(ExitCode.REFUSED, barcode + " is in library " + name + " already (" + where(lib, e.address())
              + "; tape vtl status " + name + ")");
        }
      }
      int slot;
      if (mailSlot != null) {
        if (mailSlot < 1 || mailSlot > cl.importExportCount()) {
          throw new ToolFailure(ExitCode.USAGE, "library " + name + " has mail slots 1.." + cl.importExportCount()
              + ", not " + mailSlot);
        }
        slot = mailSlot;
        int address = cl.importExportStart() + slot - 1;
        if (elements.stream().anyMatch(e -> e.address() == address && e.full())) {
          throw new ToolFailure(ExitCode.DESTINATION_FULL, "mail slot " + slot + " of library " + name
              + " holds a cartridge: take it out (tape vtl export) or choose another --mail-slot");
        }
      } else {
        slot = 0;
        for (int i = 1; i <= cl.importExportCount() && slot == 0; i++) {
          int address = cl.importExportStart() + i - 1;
          if (elements.stream().noneMatch(e -> e.address() == address && e.full())) {
            slot = i;
          }
        }
        if (slot == 0) {
          throw new ToolFailure(ExitCode.DESTINATION_FULL, "every mail slot of library " + name + " is full: move "
              + "their cartridges into storage slots (pmtx -f vtl:" + name + " transfer) or take them out (tape vtl export)");
        }
      }
      boolean created = false;
      if (!Files.exists(lib.cartridgePath(barcode))) {
        lib.createCartridge(barcode, lib.layout().capacityMiB() << 20);
        created = true;
      }
      lib.changer().importCartridge(slot - 1, barcode);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("barcode", barcode);
      m.put("mail-slot", slot);
      m.put("new", created);
      boolean isNew = created;
      int where = slot;
      s.print(() -> m, () -> (isNew ? "made new cartridge " + barcode + " (" + lib.layout().capacityMiB() + " MiB) and put it"
          : "put " + barcode) + " into mail slot " + where + " of library " + name + "\n");
      return 0;
    }
  }

  @Command(name = "export", description = "Takes a cartridge out of a mail slot, as an operator does (it stays on "
      + "the library's shelf; tape vtl import brings it back).")
  static final class Export extends TapeCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BARCODE")
    String barcode;

    @Override
    int run(Session s) throws Exception {
      VirtualLibrary lib = open(s, name);
      ChangerLayout cl = lib.layout().changer();
      Optional<ElementState> at = lib.changer().elements().stream().filter(e -> e.full() && e.barcode().equals(barcode))
          .findFirst();
      if (at.isEmpty()) {
        throw new ToolFailure(ExitCode.NOT_FOUND, barcode + " is not in library " + name + " (tape vtl status " + name + ")");
      }
      int address = at.get().address();
      int ordinal = address - cl.importExportStart();
      if (ordinal < 0 || ordinal >= cl.importExportCount()) {
        throw new ToolFailure(ExitCode.REFUSED, barcode + " is in " + where(lib, address) + " of library " + name + ", not in a mail "
            + "slot: move it there first (tape export-media " + barcode + ", or pmtx -f vtl:" + name + " transfer)");
      }
      try {
        lib.changer().exportCartridge(ordinal);
      } catch (IllegalStateException e) {
        throw new ToolFailure(ExitCode.REFUSED, e.getMessage() + ": allow it (pmtx -f vtl:" + name
            + " unlock) and export again");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("barcode", barcode);
      m.put("mail-slot", ordinal + 1);
      s.print(() -> m, () -> "took " + barcode + " out of mail slot " + (ordinal + 1) + " of library " + name + "\n");
      return 0;
    }
  }

  @Command(name = "remove", description = "Deletes a virtual library and its cartridges.")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "also when tape.toml uses it: its changer and drives are removed from "
        + "tape.toml too, and pools and jobs no longer name those drives")
    boolean force;

    @Override
    int run(Session s) throws Exception {
      layout(s, name);
      TapeConfig c = s.config();
      References refs = references(c, name);
      if (!refs.isEmpty() && !force) {
        throw new ToolFailure(ExitCode.REFUSED, "virtual library " + name + " is used by " + refs.describe() + " in "
            + s.paths().tapeToml() + ": remove them first (tape drive remove, tape changer remove), or give --force");
      }
      Path dir = s.paths().vtlHome().resolve(name);
      // opening takes the library's lock: a library in use elsewhere is not deleted under its user
      VirtualLibrary.open(s.paths().vtlHome(), name).close();
      List<String> cleared = new ArrayList<>();
      if (!refs.isEmpty()) {
        refs.drives().forEach(c.drives()::remove);
        refs.changers().forEach(c.changers()::remove);
        for (TapeConfig.PoolConfig p : List.copyOf(c.pools().values())) {
          if (p.drive().map(refs.drives()::contains).orElse(false)) {
            c.pools().put(p.name(), new TapeConfig.PoolConfig(p.name(), Optional.empty(), p.allocation(), p.retention(),
                p.encrypt(), p.template(), p.comment()));
            cleared.add("pool " + p.name());
          }
        }
        for (TapeConfig.Job j : List.copyOf(c.jobs().values())) {
          if (j.drive().map(refs.drives()::contains).orElse(false)) {
            c.jobs().put(j.id(), new TapeConfig.Job(j.id(), j.sources(), j.pool(), Optional.empty(), j.schedule(),
                j.exclude(), j.oneFileSystem(), j.ejectMedia(), j.exportMediaSet(), j.notifyCommand(), j.comment()));
            cleared.add("job " + j.id());
          }
        }
        c.saveTape();
        if (cleared.stream().anyMatch(x -> x.startsWith("pool "))) {
          c.savePools();
        }
        if (cleared.stream().anyMatch(x -> x.startsWith("job "))) {
          c.saveJobs();
        }
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("removed-changers", refs.changers());
      m.put("removed-drives", refs.drives());
      m.put("cleared-drive-of", cleared);
      s.print(() -> m, () -> "removed virtual library " + name
          + (refs.isEmpty() ? "" : "; removed from tape.toml: " + refs.describe())
          + (cleared.isEmpty() ? "" : "; no longer naming its drives: " + String.join(", ", cleared)) + "\n");
      return 0;
    }
  }
}
