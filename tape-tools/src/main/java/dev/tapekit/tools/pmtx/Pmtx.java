package dev.tapekit.tools.pmtx;

import dev.tapekit.changer.ChangerException;
import dev.tapekit.changer.MoveOptions;
import dev.tapekit.changer.MtxException;
import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxSemantics;
import dev.tapekit.changer.MtxText;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.changer.smc.ChangerInquiry;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.sgio.discovery.DeviceDiscovery;
import dev.tapekit.sgio.discovery.DiscoveredDevice;
import dev.tapekit.tools.DeviceLocks;
import dev.tapekit.tools.DeviceOpener;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.DropIn;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Failures;
import dev.tapekit.tools.OutputFormat;
import dev.tapekit.tools.Tool;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pmtx}: mtx 1.3.12's command line over tapekit — the same commands, argument rules, chaining,
 * text and error lines — on kernel changers (SG_IO) and on the virtual library, plus {@code scan}, JSON
 * output and {@code --verbose} status with drive serials and device nodes.
 *
 * <p>Differences from mtx, all deliberate: the whole command line is checked before the first command
 * runs (mtx runs each command as it parses, so {@code load 1 0 frob} loads before complaining); a device
 * that is not a medium changer is refused before any move; {@code altres} and {@code noattach} are
 * accepted and change nothing (tapekit always reads element types one at a time and never uses the
 * attached-changer opcodes); a failed {@code eject} exits 1 (mtx exits 0).
 *
 * <p>A command line that opens the changer takes the changer's {@link DeviceLockFile} (keyed by its
 * identity) until it ends, waiting {@code --lock-wait} seconds (default {@link #DEFAULT_LOCK_WAIT})
 * for a job that holds it around a move, and exits {@link ExitCode#LOCKED} naming the holder when the
 * wait is up.
 */
@Command(
    name = "pmtx",
    versionProvider = Pmtx.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Controls a SCSI medium changer like mtx 1.3.12: the same commands, numbers (slots from 1, mail "
          + "slots after the storage slots, drives from 0), chaining (pmtx -f vtl:L700 load 1 0 unload 1 0) "
          + "and output.",
      "DEVICE is /dev/sgN, /dev/schN, /dev/tape/by-id/..., or vtl:LIBRARY for a virtual library; without "
          + "-f: $CHANGER, then $TAPE, then /dev/changer.",
      "The command line holds the changer's lock file while it runs; a job holds it around each move, so "
          + "pmtx waits for it (--lock-wait)."
    },
    footerHeading = "%nCommands:%n",
    footer = {
      "  status                    drives and slots as mtx prints them",
      "                            (--verbose: drive serials and devices)",
      "  load SLOT [DRIVE]         slot into drive (drive 0 by default)",
      "  unload [SLOT] [DRIVE]     drive back to SLOT (default: the slot it came",
      "                            from, else the first free slot)",
      "  transfer SLOT SLOT        slot to slot",
      "  exchange SLOT SLOT [SLOT] swap two slots, or rotate into a third",
      "  first [DRIVE], last [DRIVE], next [DRIVE], previous [DRIVE]",
      "                            load the first, last, next, previous cartridge",
      "  position SLOT             picker in front of a slot",
      "  inventory                 INITIALIZE ELEMENT STATUS",
      "  inquiry                   vendor, product, revision",
      "  eject                     LOAD UNLOAD eject (single-drive autoloaders)",
      "  eepos 0..3, invert, invert2, nobarcode, altres, noattach",
      "                            options for the commands after them",
      "  scan                      list changers (kernel devices, virtual libraries)"
    })
public final class Pmtx implements Callable<Integer>, Tool.QuickStart {
  /**
   * How long a command waits for the changer's lock by default: a job holds it around one move, which
   * takes seconds (PBS waits 10 s for its drive locks).
   */
  static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

  @Option(names = "-f", paramLabel = "DEVICE", description = "the changer (path or vtl:LIBRARY)")
  String device;

  @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "text",
      converter = OutputFormat.Converter.class, description = "text (mtx's), json or json-pretty")
  OutputFormat format;

  @Option(names = "--verbose", description = "status: add drive serial numbers and device nodes; errors: details")
  boolean verbose;

  @Option(names = "--trim-tags", description = "print volume tags without their blank padding")
  boolean trimTags;

  @Option(names = "--lock-wait", paramLabel = "SECONDS",
      description = "wait up to SECONDS for the changer's lock while a job moves a cartridge (default 10; 0 refuses "
          + "at once, exit status 10)")
  long lockWait = DEFAULT_LOCK_WAIT.toSeconds();

  @Option(names = "--lock-dir", paramLabel = "DIR",
      description = "directory of the lock files (default $TAPEKIT_LOCK_DIR, else /run/lock/tapekit, ...)")
  Path lockDir;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "version")
  boolean version;

  @Parameters(paramLabel = "COMMAND", description = "commands and their numbers, run in order")
  List<String> words = new ArrayList<>();

  @Spec
  CommandSpec spec;

  private final Map<String, String> env;
  private final DeviceOpener opener;
  private final boolean asMtx;

  // State of one command line, as mtx keeps it.
  private String openedDevice;
  private ScsiTransport transport;
  private SmcChanger changer;
  private DeviceLockFile lock;
  private MtxSemantics mtx;
  private boolean noBarcode;
  private boolean invert;
  private boolean invert2;
  private int eepos;
  private final List<Object> results = new ArrayList<>();
  /** Where output goes when {@link #parseQuickly} took the command line (no picocli spec then). */
  private PrintWriter quickOut;
  private final StringBuilder progress = new StringBuilder();

  public Pmtx() {
    this(System.getenv(), Devices::open);
  }

  /**
   * @param env where {@code CHANGER} and {@code TAPE} are looked up
   * @param opener opens the device
   */
  public Pmtx(Map<String, String> env, DeviceOpener opener) {
    this(env, opener, false);
  }

  /**
   * @param asMtx run as mtx does under its name: open the device given with {@code -f} before reading
   *     the commands, so a device that cannot be opened is reported before a bad command word
   */
  public Pmtx(Map<String, String> env, DeviceOpener opener, boolean asMtx) {
    this.env = env;
    this.opener = opener;
    this.asMtx = asMtx;
  }

  public static void main(String[] args) {
    Optional<DropIn> mtx = DropIn.MTX.ifInvoked();
    Tool.main(new Pmtx(System.getenv(), Devices::open, mtx.isPresent()), args, mtx);
  }

  /** {@code --version}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Pmtx.class.getPackage().getImplementationVersion();
      return new String[] {"pmtx (tapekit) " + (v == null ? "development build" : v) + ", mtx 1.3.12 compatible"};
    }
  }

  @Override
  public Integer call() throws Exception {
    try {
      if (asMtx && device != null) {
        openDevice();
      }
      List<MtxCommand> commands;
      try {
        commands = MtxCommand.parse(words);
      } catch (IllegalArgumentException e) {
        if (asMtx) {
          // mtx runs each command as it reads it: those before the word it does not know run first
          // (and their failure is the one reported: 'mtx load abc' says "No source specified").
          for (MtxCommand c : MtxCommand.parseUntilUnknown(words)) {
            run(c);
          }
        }
        throw new ToolFailure(ExitCode.USAGE, List.of("pmtx: " + e.getMessage(), "Try 'pmtx --help' for the commands."), e);
      }
      for (MtxCommand c : commands) {
        run(c);
      }
    } finally {
      flushResults();
      try {
        if (transport != null) {
          transport.close();
        }
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
    return ExitCode.OK.code();
  }

  private PrintWriter out() {
    return quickOut != null ? quickOut : spec.commandLine().getOut();
  }

  @Override
  public String name() {
    return "pmtx";
  }

  /**
   * {@inheritDoc} Takes {@code -f DEVICE}, {@code --verbose}, {@code --trim-tags} and command words (not
   * starting with {@code -}), each option at most once: what mtx-changer and most scripts pass.
   */
  @Override
  public boolean parseQuickly(String[] args, PrintWriter out) {
    String quickDevice = null;
    boolean quickVerbose = false;
    boolean quickTrim = false;
    List<String> quickWords = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-f") && quickDevice == null && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        quickDevice = args[++i];
      } else if (a.equals("--verbose") && !quickVerbose) {
        quickVerbose = true;
      } else if (a.equals("--trim-tags") && !quickTrim) {
        quickTrim = true;
      } else if (!a.startsWith("-") && !a.startsWith("@")) {
        quickWords.add(a);
      } else {
        return false;
      }
    }
    device = quickDevice;
    verbose = quickVerbose;
    trimTags = quickTrim;
    words = quickWords;
    format = OutputFormat.TEXT;
    quickOut = out;
    return true;
  }

  @Override
  public int runQuickly() throws Exception {
    return call();
  }

  private void flushResults() {
    if (format.isJson() && !results.isEmpty()) {
      out().println(format.json(results.size() == 1 ? results.get(0) : results));
    }
    out().flush();
  }

  private void run(MtxCommand c) throws Exception {
    MtxCommand.Word word = c.word();
    try {
      if (word.needsDevice && transport == null) {
        openDevice();
      }
      if (word.needsStatus && mtx == null) {
        readStatus();   // once, before the first command that needs it, as mtx
      }
      switch (word) {
        case INVERT -> invert = true;
        case INVERT2 -> invert2 = true;
        case NOBARCODE -> noBarcode = true;
        case ALTRES, NOATTACH -> { }
        case EEPOS -> {
          if (c.arg(0) < 0 || c.arg(0) > 3) {
            throw MtxException.of(deviceName(), MtxException.Kind.INVALID_ARGUMENT, "eepos equires argument between 0 and 3.");
          }
          eepos = c.arg(0);
        }
        case SCAN -> scan();
        case INQUIRY -> inquiry();
        case STATUS -> status();
        case INVENTORY -> {
          MtxSemantics.inventory(changer);
          done(c);
        }
        case EJECT -> eject(c);
        default -> move(c);
      }
    } catch (MtxException e) {
      List<String> lines = new ArrayList<>(List.of(e.mtxStderr().split("\n")));
      if (verbose && !e.detail().equals(e.mtxMessage())) {
        lines.add("pmtx: " + e.getMessage());
      }
      throw new ToolFailure(Failures.exitCode(e), lines, e);
    }
  }

  private String deviceName() {
    return openedDevice == null ? "" : openedDevice;
  }

  private void openDevice() throws ToolFailure, ScsiException {
    openedDevice = Devices.select(device, env, "/dev/changer", "CHANGER", "TAPE");
    try {
      transport = opener.open(openedDevice);
    } catch (ScsiTransportException e) {
      throw openFailure(openedDevice, e);
    }
    lock = DeviceLocks.lock("pmtx", transport, DeviceLockKey.Kind.CHANGER, openedDevice, "pmtx " + String.join(" ", words),
        Duration.ofSeconds(lockWait), Optional.ofNullable(lockDir), env).orElse(null);
    changer = SmcChanger.open(transport);
  }

  /** mtx's line for a device it cannot open, then ours when it says more. */
  public static ToolFailure openFailure(String device, ScsiTransportException e) {
    String mtxLine = e.kind() == ScsiTransportException.Kind.NOT_SCSI
        ? device + " is not an sg device, or old sg driver"
        : "cannot open SCSI device '" + device + "' - " + Failures.reason(e);
    List<String> lines = new ArrayList<>(List.of(mtxLine));
    if (e.kind() != ScsiTransportException.Kind.NO_DEVICE || Devices.isVirtual(device)) {
      lines.add("pmtx: " + e.getMessage());
    }
    return new ToolFailure(Failures.exitCode(e), lines, e);
  }

  private void readStatus() throws ScsiException, ToolFailure {
    ChangerInquiry inquiry;
    try {
      inquiry = changer.inquiry();
    } catch (ChangerException e) {
      // mtx's INQUIRY before reading the status: its sense printout, then its line (lower-case "command")
      List<String> lines = new ArrayList<>(e.sense().map(MtxText::requestSense).orElse(List.of()));
      lines.add("INQUIRY command Failed");
      if (verbose) {
        lines.add("pmtx: " + e.getMessage());
      }
      throw new ToolFailure(ExitCode.FAILED, lines, e);
    }
    if (!inquiry.isMediumChanger()) {
      String kind = MtxText.inquiry(inquiry).lines().findFirst().orElse("").replace("Product Type: ", "");
      throw new ToolFailure(ExitCode.WRONG_DEVICE, List.of("pmtx: " + openedDevice + " is a " + kind + " ("
          + inquiry.vendor().trim() + " " + inquiry.product().trim() + "), not a medium changer"
          + (Devices.isVirtual(openedDevice)
              ? "; the virtual library's changer is vtl:" + Devices.virtualLibrary(openedDevice).orElse("")
              : "; use the changer's /dev/sgN or /dev/schN node (pmtx scan lists them)")), null);
    }
    if (noBarcode) {
      changer = SmcChanger.builder(transport).volumeTags(false).build();
    }
    mtx = MtxSemantics.open(changer, progressSink());
  }

  private Appendable progressSink() {
    return format.isJson() ? progress : out();
  }

  private void inquiry() throws ScsiException {
    String text = MtxSemantics.inquiry(changer);
    if (!format.isJson()) {
      out().print(text);
      return;
    }
    ChangerInquiry inquiry = changer.inquiry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("productType", text.lines().findFirst().orElse("").replace("Product Type: ", ""));
    m.put("vendor", inquiry.vendor().trim());
    m.put("product", inquiry.product().trim());
    m.put("revision", inquiry.revision().trim());
    m.put("attachedChanger", inquiry.mediumChangerAttached());
    results.add(m);
  }

  private void status() throws IOException {
    MtxLibrary library = mtx.library();
    Map<Integer, String> nodes = verbose ? driveNodes(library) : Map.of();
    if (format.isJson()) {
      results.add(StatusJson.of(openedDevice, library, nodes));
      return;
    }
    String text = MtxText.status(openedDevice, library, trimTags ? MtxText.TagStyle.TRIMMED : MtxText.TagStyle.MTX);
    if (!verbose) {
      out().print(text);
      return;
    }
    // Drive lines are lines 1..n; the extra fields go at their end so mtx's field positions stay.
    List<String> lines = text.lines().toList();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      sb.append(lines.get(i));
      if (i >= 1 && i <= library.drives().size()) {
        MtxLibrary.Drive d = library.drives().get(i - 1);
        sb.append(":Serial=").append(d.serialNumber().orElse("unknown"));
        sb.append(":Device=").append(nodes.getOrDefault(d.number(), "unknown"));
      }
      sb.append('\n');
    }
    out().print(sb);
  }

  /** Device of each drive: its vtl: address, or the kernel node whose serial matches the drive's DVCID. */
  private Map<Integer, String> driveNodes(MtxLibrary library) throws IOException {
    if (Devices.isVirtual(openedDevice)) {
      Map<Integer, String> m = new LinkedHashMap<>();
      String lib = Devices.virtualLibrary(openedDevice).orElseThrow();
      library.drives().forEach(d -> m.put(d.number(), Devices.VTL_PREFIX + lib + ":" + d.number()));
      return m;
    }
    Map<String, String> bySerial = new LinkedHashMap<>();
    for (DiscoveredDevice d : new DeviceDiscovery().tapeDrives()) {
      d.serial().ifPresent(s -> bySerial.put(s, d.deviceNode().orElse(d.sgNode()).toString()));
    }
    return library.driveNodes(bySerial);
  }

  private void move(MtxCommand c) throws ScsiException {
    mtx.options(new MoveOptions(OptionalInt.empty(), invert, invert2, eepos));
    switch (c.word()) {
      case LOAD -> mtx.load(c.arg(0), c.optional(1));
      case UNLOAD -> mtx.unload(c.optional(0), c.optional(1));
      case TRANSFER -> mtx.transfer(c.arg(0), c.arg(1));
      case EXCHANGE -> mtx.exchange(c.arg(0), c.arg(1), c.optional(2));
      case FIRST -> mtx.first(c.optional(0));
      case LAST -> mtx.last(c.optional(0));
      case NEXT -> mtx.next(c.optional(0));
      case PREVIOUS -> mtx.previous(c.optional(0));
      case POSITION -> mtx.position(c.arg(0));
      default -> throw new IllegalStateException(c.name());
    }
    done(c);
  }

  /** Records the JSON result of a command that prints only progress text: the command and that text. */
  private void done(MtxCommand c) {
    if (!format.isJson()) {
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", c.name());
    m.put("arguments", c.args());
    m.put("progress", progress.toString().lines().toList());
    progress.setLength(0);
    results.add(m);
  }

  private void eject(MtxCommand c) throws ToolFailure {
    ScsiCommand eject = new ScsiCommand("LOAD UNLOAD", new byte[] {0x1B, 0, 0, 0, 0x02, 0}, DataDirection.NONE, 0,
        Duration.ofMinutes(5));
    try {
      // as mtx: a pending unit attention (power on, medium changed) is cleared by trying again
      for (int attempt = 1; ; attempt++) {
        ScsiResult r = eject.execute(transport, null);
        boolean attention = r.senseData().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
        if (r.isGood() || !attention || attempt == 10) {
          if (!r.isGood()) {
            throw new ScsiCommandException(transport.deviceName(), eject.name(), r);
          }
          break;
        }
      }
    } catch (ScsiException e) {
      throw new ToolFailure(ExitCode.FAILED, List.of("mtx:eject failed", "pmtx: " + e.getMessage()), e);
    }
    done(c);
  }

  /** Kernel changers from sysfs, then the virtual libraries in the library home. */
  private void scan() throws IOException {
    List<Map<String, Object>> found = new ArrayList<>();
    for (DiscoveredDevice d : new DeviceDiscovery().changers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", d.preferredPath().toString());
      m.put("sg", d.sgNode().toString());
      m.put("node", d.deviceNode().map(Path::toString));
      m.put("vendor", d.vendor());
      m.put("model", d.model());
      m.put("revision", d.revision());
      m.put("serial", d.serial());
      found.add(m);
    }
    for (String name : virtualLibraries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", Devices.VTL_PREFIX + name);
      m.put("sg", null);
      m.put("node", null);
      m.put("vendor", "tapekit");
      m.put("model", "virtual library " + name);
      m.put("revision", "");
      m.put("serial", null);
      found.add(m);
    }
    if (format.isJson()) {
      results.add(found);
      return;
    }
    for (Map<String, Object> m : found) {
      StringBuilder line = new StringBuilder(String.valueOf(m.get("path")));
      if (m.get("node") instanceof java.util.Optional<?> node && node.isPresent()) {
        line.append(" (").append(m.get("sg")).append(", ").append(node.get()).append(')');
      }
      line.append(": ").append(m.get("vendor")).append(' ').append(m.get("model"));
      if (!String.valueOf(m.get("revision")).isEmpty()) {
        line.append(' ').append(m.get("revision"));
      }
      if (m.get("serial") instanceof java.util.Optional<?> serial && serial.isPresent()) {
        line.append(", serial ").append(serial.get());
      }
      out().println(line);
    }
  }

  /** The built-in libraries (created on first use) and every library directory in the home. */
  static List<String> virtualLibraries() throws IOException {
    TreeSet<String> names = new TreeSet<>(List.of("L700", "L80"));
    Path home = VirtualLibraries.home();
    if (Files.isDirectory(home)) {
      try (Stream<Path> dirs = Files.list(home)) {
        dirs.filter(p -> Files.exists(p.resolve("library.toml"))).forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return new ArrayList<>(names);
  }
}
