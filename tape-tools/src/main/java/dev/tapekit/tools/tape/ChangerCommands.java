package dev.tapekit.tools.tape;

import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxSemantics;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.spc.FullReply;
import dev.tapekit.scsi.spc.PeripheralDeviceType;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.scsi.spc.StandardInquiry;
import dev.tapekit.scsi.spc.Vpd;
import dev.tapekit.sgio.discovery.DeviceDiscovery;
import dev.tapekit.sgio.discovery.DiscoveredDevice;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Failures;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape changer}: the tape libraries' changers, kept in {@code tape.toml} (PBS: {@code proxmox-tape changer}). */
@Command(name = "changer", description = "Tape library changers: find, configure, and show their slots and drives.",
    subcommands = {ChangerCommands.Scan.class, ChangerCommands.Create.class, ChangerCommands.Config.class,
        ChangerCommands.ListChangers.class, ChangerCommands.Status.class, ChangerCommands.Update.class,
        ChangerCommands.Remove.class})
final class ChangerCommands {
  private ChangerCommands() {}

  /** Who a device is, from its standard INQUIRY data and unit serial number page. */
  record Identity(PeripheralDeviceType type, String vendor, String model, String revision, Optional<String> serial) {
    /** Asks the device behind {@code t}. */
    static Identity of(ScsiTransport t) throws ScsiException {
      StandardInquiry q = FullReply.standardInquiry(t);
      Optional<String> serial;
      try {
        serial = Optional.of(SerialNumberVpd.parseUnitSerialNumber(FullReply.vpdPage(t, Vpd.UNIT_SERIAL_NUMBER))
            .serialNumber().trim()).filter(x -> !x.isEmpty());
      } catch (dev.tapekit.scsi.ScsiCommandException e) {
        serial = Optional.empty(); // no page 80h
      }
      return new Identity(q.deviceType(), q.vendor(), q.product(), q.revision(), serial);
    }
  }

  /**
   * Opens {@code path} and asks who it is; a device that cannot be opened is a {@link ToolFailure}
   * whose code says why, naming the path and {@code scan}.
   */
  static Identity identify(Session s, String path, String kind) throws ToolFailure, IOException {
    return Identity.of(openDevice(s, path, kind));
  }

  /** Opens {@code path} for the session; failing to is a {@link ToolFailure} as {@link #identify} says. */
  static ScsiTransport openDevice(Session s, String path, String kind) throws ToolFailure, IOException {
    try {
      return s.open(path);
    } catch (ScsiTransportException e) {
      throw new ToolFailure(Failures.exitCode(e), List.of("cannot open " + kind + " " + path + ": " + e.getMessage(),
          "tape " + kind + " scan lists the " + kind + "s" + (Devices.isVirtual(path)
              ? "; tape vtl list the virtual libraries, tape vtl create NAME makes one" : "")), e);
    }
  }

  /** As {@link #identify}, empty when the device cannot be asked now (absent, busy, in use): for lists. */
  static Optional<Identity> identity(Session s, String path) {
    try {
      return Optional.of(Identity.of(s.open(path)));
    } catch (IOException | ToolFailure e) {
      return Optional.empty();
    }
  }

  /** A row of a scan: a kernel device found in sysfs. */
  static Map<String, Object> scanned(DiscoveredDevice d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", d.preferredPath().toString());
    m.put("vendor", d.vendor());
    m.put("model", d.model());
    m.put("serial", d.serial().orElse(""));
    return m;
  }

  /** A row of a scan: a virtual device, asked by INQUIRY ("in use" when another process holds its library). */
  static Map<String, Object> scanned(Session s, String path) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    try {
      Identity id = Identity.of(s.open(path));
      m.put("vendor", id.vendor());
      m.put("model", id.model());
      m.put("serial", id.serial().orElse(""));
    } catch (IOException | ToolFailure e) {
      m.put("vendor", "");
      m.put("model", "");
      m.put("serial", "");
      m.put("error", e.getMessage());
    }
    return m;
  }

  static String scanTable(List<Map<String, Object>> rows) {
    Table t = new Table("path", "vendor", "model", "serial");
    for (Map<String, Object> m : rows) {
      t.row(m.get("path"), m.get("vendor"), m.get("model"), m.containsKey("error") ? "(" + m.get("error") + ")"
          : m.get("serial"));
    }
    return t.render();
  }

  static TapeConfig.Changer existing(Session s, String name) throws ToolFailure {
    return TapeConfig.named("changer", name, s.config().changers(), s.paths().tapeToml(),
        "tape changer create NAME --path P");
  }

  /** The changer named, else the only one configured. */
  static TapeConfig.Changer chosen(Session s, Optional<String> name) throws ToolFailure {
    if (name.isPresent()) {
      return existing(s, name.get());
    }
    var all = s.config().changers();
    if (all.size() == 1) {
      return all.values().iterator().next();
    }
    throw new ToolFailure(ExitCode.USAGE, all.isEmpty()
        ? "no changer is configured: tape changer create NAME --path DEVICE (tape changer scan lists them)"
        : "which changer? name one of " + String.join(", ", all.keySet()));
  }

  /** The changer's elements, numbered as mtx numbers them. */
  static MtxLibrary library(Session s, TapeConfig.Changer c) throws IOException, ToolFailure {
    return MtxSemantics.open(SmcChanger.open(openDevice(s, c.path(), "changer")), Writer.nullWriter()).library();
  }

  static List<Integer> slots(String text) throws ToolFailure {
    List<Integer> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      try {
        int n = Integer.parseInt(part.trim());
        if (n < 1) {
          throw new NumberFormatException();
        }
        if (!out.contains(n)) {
          out.add(n);
        }
      } catch (NumberFormatException e) {
        throw new ToolFailure(ExitCode.USAGE, "export slots '" + text + "': give slot numbers from 1 separated by "
            + "commas, as 15,16 ('' for none)");
      }
    }
    return out;
  }

  static Map<String, Object> json(TapeConfig.Changer c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("path", c.path());
    if (!c.exportSlots().isEmpty()) {
      m.put("export-slots", c.exportSlots());
    }
    return m;
  }

  /** Checks that {@code path} is a medium changer that no other configured changer uses. */
  static void checkDevice(Session s, String name, String path, List<Integer> exportSlots) throws Exception {
    for (TapeConfig.Changer other : s.config().changers().values()) {
      if (!other.name().equals(name) && other.path().equals(path)) {
        throw new ToolFailure(ExitCode.REFUSED, "changer '" + other.name() + "' has path " + path + " already");
      }
    }
    ScsiTransport t = openDevice(s, path, "changer");
    Identity id = Identity.of(t);
    if (id.type() != PeripheralDeviceType.MEDIUM_CHANGER) {
      throw new ToolFailure(ExitCode.WRONG_DEVICE, path + " is a " + id.type().text() + " device (" + id.vendor() + " "
          + id.model() + "), not a medium changer: tape changer scan lists the changers");
    }
    if (!exportSlots.isEmpty()) {
      MtxLibrary lib = MtxSemantics.open(SmcChanger.open(t), Writer.nullWriter()).library();
      long storage = lib.slots().stream().filter(x -> !x.importExport()).count();
      for (int slot : exportSlots) {
        if (slot > storage) {
          throw new ToolFailure(ExitCode.USAGE, "export slot " + slot + ": " + path + " has storage slots 1.." + storage);
        }
      }
    }
  }

  @Command(name = "scan", description = "Lists the changers of this machine and of the embedded virtual libraries.")
  static final class Scan extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DiscoveredDevice d : new DeviceDiscovery().changers()) {
        rows.add(scanned(d));
      }
      for (String lib : VtlCommands.libraries(s)) {
        rows.add(scanned(s, Devices.VTL_PREFIX + lib));
      }
      s.print(() -> rows, () -> scanTable(rows));
      return 0;
    }
  }

  @Command(name = "create", description = "Configures a changer.")
  static final class Create extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--path", required = true, paramLabel = "PATH",
        description = "the changer's device: /dev/sgN, /dev/tape/by-id/..., or vtl:LIBRARY (tape changer scan)")
    String path;

    @Option(names = "--export-slots", paramLabel = "SLOTS", description = "storage slots used as import/export "
        + "slots, as 15,16 (for libraries without mail slots)")
    String exportSlots;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.checkName("changer", name);
      if (s.config().changers().containsKey(name)) {
        throw new ToolFailure(ExitCode.REFUSED, "changer '" + name + "' exists already (tape changer update " + name + ")");
      }
      List<Integer> slots = exportSlots == null ? List.of() : slots(exportSlots);
      checkDevice(s, name, path, slots);
      s.config().changers().put(name, new TapeConfig.Changer(name, path, slots));
      s.config().saveTape();
      return 0;
    }
  }

  @Command(name = "update", description = "Changes a changer's path or export slots ('' clears --export-slots).")
  static final class Update extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--path", paramLabel = "PATH")
    String path;

    @Option(names = "--export-slots", paramLabel = "SLOTS")
    String exportSlots;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Changer c = existing(s, name);
      TapeConfig.Changer n = new TapeConfig.Changer(name, path == null ? c.path() : path,
          exportSlots == null ? c.exportSlots() : slots(exportSlots));
      checkDevice(s, name, n.path(), n.exportSlots());
      s.config().changers().put(name, n);
      s.config().saveTape();
      return 0;
    }
  }

  @Command(name = "list", description = "Lists the configured changers, with what their devices say they are.")
  static final class ListChangers extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Object> all = new ArrayList<>();
      Table t = new Table("name", "path", "vendor", "model", "serial", "export-slots");
      for (TapeConfig.Changer c : s.config().changers().values()) {
        Map<String, Object> m = json(c);
        Optional<Identity> id = identity(s, c.path());
        m.put("vendor", id.map(Identity::vendor).orElse(null));
        m.put("model", id.map(Identity::model).orElse(null));
        m.put("serial", id.flatMap(Identity::serial).orElse(null));
        all.add(m);
        t.row(c.name(), c.path(), id.map(Identity::vendor).orElse("(not reachable)"), id.map(Identity::model).orElse(""),
            id.flatMap(Identity::serial).orElse(""), String.join(",", c.exportSlots().stream().map(String::valueOf).toList()));
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "config", description = "Shows a changer's settings.")
  static final class Config extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      Map<String, Object> m = json(existing(s, name));
      Table t = new Table("Name", "Value");
      m.forEach((k, v) -> t.row(k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v));
      s.print(() -> m, t::render);
      return 0;
    }
  }

  @Command(name = "status", description = "Shows the changer's drives and slots: which tape is where.")
  static final class Status extends TapeCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "the changer (default: the only one)")
    String name;

    @Override
    int run(Session s) throws Exception {
      TapeConfig.Changer c = chosen(s, Optional.ofNullable(name));
      MtxLibrary lib = library(s, c);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (MtxLibrary.Drive d : lib.drives()) {
        rows.add(entry("drive", d.number(), d.barcode(), d.full() && d.loadedSlot().isPresent()
            ? Optional.of(d.loadedSlot().getAsInt()) : Optional.empty(), d.full() ? "loaded" : "empty"));
      }
      for (MtxLibrary.Slot x : lib.slots()) {
        boolean export = x.importExport() || c.exportSlots().contains(x.number());
        rows.add(entry(export ? "import-export" : "slot", x.number(), x.barcode(), Optional.empty(),
            x.full() ? "full" : "empty"));
      }
      Table t = new Table("entry-kind", "entry-id", "label-text", "loaded-slot", "state");
      for (Map<String, Object> r : rows) {
        t.row(r.get("entry-kind"), r.get("entry-id"), ((Optional<?>) r.get("label-text")).map(String::valueOf).orElse(""),
            ((Optional<?>) r.get("loaded-slot")).map(String::valueOf).orElse(""), r.get("state"));
      }
      s.print(() -> rows, t::render);
      return 0;
    }

    private static Map<String, Object> entry(String kind, int id, Optional<String> label, Optional<Integer> loadedSlot,
        String state) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("entry-kind", kind);
      m.put("entry-id", id);
      m.put("label-text", label);
      m.put("loaded-slot", loadedSlot);
      m.put("state", state);
      return m;
    }
  }

  @Command(name = "remove", description = "Removes a changer from the configuration.")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      existing(s, name);
      List<String> users = s.config().drives().values().stream()
          .filter(d -> d.changer().equals(Optional.of(name))).map(TapeConfig.Drive::name).toList();
      if (!users.isEmpty()) {
        throw new ToolFailure(ExitCode.REFUSED, "changer '" + name + "' feeds drive" + (users.size() == 1 ? " " : "s ")
            + String.join(", ", users) + ": remove them or update them (tape drive update NAME --changer '') first");
      }
      s.config().changers().remove(name);
      s.config().saveTape();
      return 0;
    }
  }
}
