package dev.tapekit.tools.pmt;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.DeviceLockFile;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.sgio.discovery.DeviceDiscovery;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.sgio.discovery.DiscoveredDevice;
import dev.tapekit.scsi.tape.DriveOptions;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.SpaceResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapeDriveException;
import dev.tapekit.scsi.tape.TapePosition;
import dev.tapekit.tools.DeviceLocks;
import dev.tapekit.tools.DeviceOpener;
import dev.tapekit.tools.DropIn;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.Failures;
import dev.tapekit.tools.OutputFormat;
import dev.tapekit.tools.Tool;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pmt}: mt-st 1.8's commands for a SCSI tape drive, sent over SG_IO (or to a virtual drive) with
 * tapekit's {@link ScsiTapeDrive} instead of through the st driver; {@code mt status}-compatible text;
 * PBS pmt's extras (cartridge memory, TapeAlert, volume statistics, format, options, scan, extended
 * status); and {@code write}/{@code read} to stream stdin to one tape file and one tape file to stdout.
 *
 * <p>Commands may be abbreviated to an unambiguous prefix, as in mt. Counts take the suffixes k, M and
 * G (times 1024, 1024², 1024³) and must not be negative. Every invocation opens the drive afresh; the
 * position is the drive's, not a driver's memory, so it survives between commands on a kernel drive.
 *
 * <p>Every command that opens the drive first takes the drive's {@link DeviceLockFile} (keyed by the
 * drive's identity, so every node of the drive shares it) for the command's duration, waiting {@code
 * --lock-wait} seconds (default 0) for another holder, and exits {@link ExitCode#LOCKED} naming the
 * holder when it cannot. Read-only commands ({@code status}, {@code tape-alert-flags}, {@code
 * volume-statistics}, {@code cartridge-memory}) lock too: opening the drive sends REQUEST SENSE, which
 * would take the holder's unit attentions and clear a deferred error of the holder's writes, so a job
 * would never learn that buffered data did not reach the tape; and PBS's API takes the drive lock for
 * its status, cartridge memory and volume statistics calls too (its {@code pmt} takes none).
 */
@Command(
    name = "pmt",
    versionProvider = Pmt.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    subcommandsRepeatable = false,
    description = {
      "Controls a SCSI tape drive like mt-st's mt, over SG_IO (no st driver involved), or a drive of the "
          + "virtual library. Commands may be abbreviated (pmt stat).",
      "DEVICE is /dev/sgN, /dev/nstN, /dev/tape/by-id/..., or vtl:LIBRARY:DRIVE (e.g. vtl:L700:0; load a "
          + "cartridge first with pmtx -f vtl:L700 load SLOT DRIVE); without -f: $TAPE, then /dev/tape.",
      "COUNT takes the suffixes k, M, G (x1024, x1024^2, x1024^3).",
      "Every command that opens the drive holds the drive's lock file while it runs (status too: opening a "
          + "drive reads its pending sense, which belongs to the holder); a drive a backup job holds is refused, "
          + "the job named."
    },
    commandListHeading = "%nCommands:%n")
public final class Pmt implements Tool.QuickStart {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  @Option(names = {"-f", "-t"}, paramLabel = "DEVICE", scope = ScopeType.INHERIT, description = "the tape drive")
  String device;

  @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "text", scope = ScopeType.INHERIT,
      converter = OutputFormat.Converter.class, description = "text (mt's), json or json-pretty")
  OutputFormat format;

  @Option(names = "--lock-wait", paramLabel = "SECONDS", scope = ScopeType.INHERIT, converter = Count.class,
      description = "wait up to SECONDS for the drive's lock when a job or another pmt holds it (default 0: "
          + "refuse at once, exit status 10)")
  long lockWait = 0;

  @Option(names = "--lock-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "directory of the lock files (default $TAPEKIT_LOCK_DIR, else /run/lock/tapekit, ...)")
  Path lockDir;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "this help")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "version")
  boolean version;

  @Spec
  CommandSpec spec;

  private final Map<String, String> env;
  private final InputStream stdin;
  private final OutputStream stdout;
  private final DeviceOpener opener;
  /** The transport under the drive of the running command, for the few raw CDBs TapeDrive has no call for. */
  private ScsiTransport openTransport;

  public Pmt() {
    this(System.getenv(), System.in, System.out);
  }

  /**
   * @param env where {@code TAPE} is looked up
   * @param stdin what {@code write} writes to tape
   * @param stdout where {@code read} copies a tape file to (binary; text goes to the command line's out)
   */
  public Pmt(Map<String, String> env, InputStream stdin, OutputStream stdout) {
    this(env, stdin, stdout, Devices::open);
  }

  /** As {@link #Pmt(Map, InputStream, OutputStream)}, with devices opened by {@code opener}. */
  public Pmt(Map<String, String> env, InputStream stdin, OutputStream stdout, DeviceOpener opener) {
    this.env = env;
    this.stdin = stdin;
    this.stdout = stdout;
    this.opener = opener;
  }

  public static void main(String[] args) {
    Tool.main(new Pmt(), args, DropIn.MT.ifInvoked());
  }

  /** {@code --version}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Pmt.class.getPackage().getImplementationVersion();
      return new String[] {"pmt (tapekit) " + (v == null ? "development build" : v) + ", mt-st 1.8 compatible"};
    }
  }

  /** The optional COUNT of most mt commands, 1 when not given. */
  static final class CountArg {
    @Parameters(arity = "0..1", defaultValue = "1", converter = Count.class, paramLabel = "COUNT",
        description = "how many (default 1; suffixes k, M, G)")
    long value;
  }

  /** mt's counts: a non-negative number with an optional k, M or G suffix. */
  static final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long factor = 1;
      String digits = value;
      if (!value.isEmpty()) {
        switch (value.charAt(value.length() - 1)) {
          case 'k', 'K' -> factor = 1L << 10;
          case 'M' -> factor = 1L << 20;
          case 'G' -> factor = 1L << 30;
          default -> factor = 1;
        }
        if (factor != 1) {
          digits = value.substring(0, value.length() - 1);
        }
      }
      if (!digits.matches("[0-9]{1,12}")) {
        throw new TypeConversionException("'" + value + "' is not a count (a number >= 0, optionally with k, M or G)");
      }
      return Long.parseLong(digits) * factor;
    }
  }

  private PrintWriter out() {
    return quickOut != null ? quickOut : spec.commandLine().getOut();
  }

  /** Commands {@link #parseQuickly} takes: no count, no option; what scripts call between moves. */
  private static final java.util.Set<String> QUICK = java.util.Set.of("status", "rewind", "offline", "rewoffl",
      "eject", "load", "lock", "unlock", "tell", "eod", "seod");

  /** Where output goes when {@link #parseQuickly} took the command line (no picocli spec then). */
  private PrintWriter quickOut;
  private String quickCommand;

  @Override
  public String name() {
    return "pmt";
  }

  /** {@inheritDoc} Takes {@code [-f DEVICE] COMMAND} for the commands without arguments scripts poll with. */
  @Override
  public boolean parseQuickly(String[] args, PrintWriter out) {
    int i = 0;
    String quickDevice = null;
    if (args.length == 3 && args[0].equals("-f") && !args[1].startsWith("-")) {
      quickDevice = args[1];
      i = 2;
    }
    if (args.length != i + 1 || !QUICK.contains(args[i])) {
      return false;
    }
    device = quickDevice;
    format = OutputFormat.TEXT;
    quickCommand = args[i];
    quickOut = out;
    return true;
  }

  @Override
  public int runQuickly() throws Exception {
    return switch (quickCommand) {
      case "status" -> status(false);
      case "rewind" -> rewind();
      case "offline", "rewoffl", "eject" -> offline();
      case "load" -> load();
      case "lock" -> lock();
      case "unlock" -> unlock();
      case "tell" -> tell();
      case "eod", "seod" -> eod();
      default -> throw new IllegalStateException(quickCommand);
    };
  }

  // ---- opening the drive ----

  private interface DriveAction {
    Object run(ScsiTapeDrive drive) throws IOException, ToolFailure;
  }

  /**
   * Opens the drive, takes its lock (see the class description), runs {@code action}, prints its result
   * (text as is, anything else as JSON in JSON mode), closes the drive and releases the lock. With
   * {@code needsMedium} it first waits for the cartridge to be ready.
   */
  private int withDrive(boolean needsMedium, DriveAction action) throws IOException, ToolFailure {
    String name = Devices.select(device, env, "/dev/tape", "TAPE");
    ScsiTransport transport;
    try {
      transport = opener.open(name);
    } catch (ScsiTransportException e) {
      throw new ToolFailure(Failures.exitCode(e), List.of("pmt: " + e.getMessage()),
          List.of(name + ": " + Failures.reason(e)), e);
    }
    Optional<DeviceLockFile> lock;
    try {
      lock = DeviceLocks.lock("pmt", transport, DeviceLockKey.Kind.DRIVE, name, "pmt " + commandName(),
          Duration.ofSeconds(lockWait), Optional.ofNullable(lockDir), env);
    } catch (ToolFailure | IOException | RuntimeException e) {
      try {
        transport.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    DeviceLockFile held = lock.orElse(null);
    try (held) {
      return withLockedDrive(name, transport, needsMedium, action);
    }
  }

  /** The command pmt runs, as its canonical name ({@code status} for {@code stat}). */
  private String commandName() {
    if (quickCommand != null) {
      return quickCommand;
    }
    picocli.CommandLine.ParseResult sub = spec.commandLine().getParseResult().subcommand();
    return sub == null ? "" : sub.commandSpec().name();
  }

  private int withLockedDrive(String name, ScsiTransport transport, boolean needsMedium, DriveAction action)
      throws IOException, ToolFailure {
    ScsiTapeDrive drive;
    openTransport = transport;
    try {
      drive = ScsiTapeDrive.open(transport);
    } catch (TapeDriveException e) {
      throw new ToolFailure(ExitCode.WRONG_DEVICE, List.of("pmt: " + e.getMessage()
          + (Devices.isVirtual(name) ? "; the virtual library's drives are vtl:" + Devices.virtualLibrary(name).orElse("")
              + ":0, :1, ..." : "")), e);
    }
    try (drive) {
      if (needsMedium) {
        drive.waitUntilReady(READY_TIMEOUT);
      }
      Object result = action.run(drive);
      print(result);
      return ExitCode.OK.code();
    } catch (NoMediumException e) {
      throw noMedium(name, e);
    } catch (ScsiCommandException e) {
      if (e.sense().map(x -> x.additionalSense())
          .filter(AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED::equals).isPresent()) {
        throw new ToolFailure(ExitCode.NO_MEDIUM, List.of("pmt: " + name + ": the cartridge is in the drive but not "
            + "loaded (after offline/eject); thread it with pmt -f " + name + " load, or take it out with pmtx unload"), e);
      }
      if (e.sense().map(x -> x.asc() == AdditionalSense.UNABLE_TO_DECRYPT_DATA.asc()
          && x.ascq() >= AdditionalSense.UNABLE_TO_DECRYPT_DATA.ascq()
          && x.ascq() <= AdditionalSense.INCORRECT_DATA_ENCRYPTION_KEY.ascq()).orElse(false)) {
        throw new ToolFailure(ExitCode.FAILED, List.of("pmt: " + e.getMessage(), "pmt: " + name + ": the block is"
            + " encrypted and the drive has no key or another one; load the cartridge's key with pmt -f " + name
            + " encryption set --key-file FILE"), e);
      }
      throw e;
    }
  }

  private void print(Object result) {
    if (result == null) {
      return;
    }
    if (result instanceof String text) {
      out().print(text);
    } else if (format.isJson()) {
      out().println(format.json(result));
    } else {
      out().print(result);
    }
    out().flush();
  }

  private ToolFailure noMedium(String name, NoMediumException e) {
    String hint = Devices.isVirtual(name)
        ? "load a cartridge first: pmtx -f vtl:" + Devices.virtualLibrary(name).orElse("") + " load SLOT "
            + name.substring(name.lastIndexOf(':') + 1)
        : "load a cartridge (pmtx load SLOT DRIVE, or by hand)";
    // mt-st: the st driver refuses to open an empty drive, and mt prints perror's line for it.
    return new ToolFailure(ExitCode.NO_MEDIUM, List.of("pmt: " + name + ": no cartridge in the drive; " + hint),
        List.of(name + ": No medium found"), e);
  }

  private Object textOrJson(String text, Map<String, Object> json) {
    return format.isJson() ? json : text;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private interface Space {
    SpaceResult run(TapeDrive drive) throws IOException;
  }

  /** Runs SPACE steps in order; each must complete (else the command fails naming where it stopped). */
  private int space(String what, long count, Space... steps) throws IOException, ToolFailure {
    return withDrive(true, drive -> {
      Object result = null;
      for (Space step : steps) {
        result = moved(drive, step.run(drive), what, count);
      }
      return result;
    });
  }

  /** Result of a command that moves the tape: nothing in text mode (as mt), the position in JSON. */
  private Object moved(TapeDrive drive, SpaceResult r, String what, long count) throws IOException, ToolFailure {
    if (!r.completed()) {
      throw new ToolFailure(ExitCode.FAILED, List.of(String.format(Locale.ROOT,
          "pmt: %s: %s %d stopped early at %s%s", drive.deviceName(), what, count,
          r.stop().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          r.residual().isPresent() ? " (" + r.residual().getAsLong() + " not done)" : "")),
          List.of(DropIn.mtCommandFailed(drive.deviceName())), null);
    }
    return positionJson(drive);
  }

  private Object positionJson(TapeDrive drive) throws IOException {
    if (!format.isJson()) {
      return null;
    }
    TapePosition p = drive.position();
    return map("partition", p.partition(), "logicalObject", p.logicalObject(), "file", p.fileNumber(),
        "beginningOfPartition", p.beginningOfPartition(), "endOfPartition", p.endOfPartition());
  }

  // ---- mt-st commands ----

  @Command(name = "status", description = "mt status: file and block number, block size, density, status bits")
  int status(@Option(names = "--extended", description = "PBS-style status: identity, settings, cartridge usage")
      boolean extended) throws Exception {
    return withDrive(false, drive -> {
      DriveStatus s = drive.status();
      if (extended) {
        return DriveReportPrinter.extendedStatus(s, format);
      }
      MtStatus mt = MtStatus.of(s);
      return textOrJson(mt.text(), mt.json());
    });
  }

  @Command(name = "rewind", description = "rewind to the beginning of the tape")
  int rewind() throws Exception {
    return withDrive(true, drive -> {
      drive.rewind();
      return positionJson(drive);
    });
  }

  @Command(name = "fsf", description = "forward COUNT filemarks: to the first block of the COUNTth next file")
  int fsf(@Mixin CountArg count) throws Exception {
    return space("fsf", count.value, d -> d.spaceFilemarks(count.value));
  }

  @Command(name = "bsf", description = "back COUNT filemarks: to the tape-start side of the COUNTth filemark back")
  int bsf(@Mixin CountArg count) throws Exception {
    return space("bsf", count.value, d -> d.spaceFilemarks(-count.value));
  }

  @Command(name = "fsfm", description = "forward COUNT filemarks, then back before the last one")
  int fsfm(@Mixin CountArg count) throws Exception {
    return space("fsfm", count.value, d -> d.spaceFilemarks(count.value), d -> d.spaceFilemarks(-1));
  }

  @Command(name = "bsfm", description = "back COUNT filemarks, then forward past the last one")
  int bsfm(@Mixin CountArg count) throws Exception {
    return space("bsfm", count.value, d -> d.spaceFilemarks(-count.value), d -> d.spaceFilemarks(1));
  }

  @Command(name = "fsr", description = "forward COUNT blocks")
  int fsr(@Mixin CountArg count) throws Exception {
    return space("fsr", count.value, d -> d.spaceBlocks(count.value));
  }

  @Command(name = "bsr", description = "back COUNT blocks")
  int bsr(@Mixin CountArg count) throws Exception {
    return space("bsr", count.value, d -> d.spaceBlocks(-count.value));
  }

  @Command(name = "eod", aliases = "seod", description = "to end of data (to append)")
  int eod() throws Exception {
    return space("eod", 0, TapeDrive::spaceToEndOfData);
  }

  @Command(name = "weof", aliases = "eof", description = "write COUNT filemarks (default 1)")
  int weof(@Mixin CountArg count) throws Exception {
    if (count.value > 255) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: weof writes at most 255 filemarks at once, not " + count.value);
    }
    return withDrive(true, drive -> {
      drive.writeFilemarks((int) count.value, false);
      return positionJson(drive);
    });
  }

  @Command(name = "erase", description = "erase from the current position to the end: long erase (hours), "
      + "or short (writes end of data here) with COUNT 0 or --fast")
  int erase(@Mixin CountArg count,
      @Option(names = "--fast", description = "short erase") boolean fast) throws Exception {
    return withDrive(true, drive -> {
      drive.erase(!fast && count.value != 0);
      return positionJson(drive);
    });
  }

  @Command(name = "offline", aliases = {"rewoffl", "eject"}, description = "rewind and unload the cartridge")
  int offline() throws Exception {
    return withDrive(true, drive -> {
      drive.unload();
      return null;
    });
  }

  @Command(name = "load", description = "load (thread) a cartridge sitting in the drive")
  int load() throws Exception {
    return withDrive(false, drive -> {
      drive.load();
      return null;
    });
  }

  @Command(name = "lock", description = "prevent medium removal (the eject button does nothing)")
  int lock() throws Exception {
    return withDrive(false, drive -> {
      drive.setMediumRemovalPrevented(true);
      return null;
    });
  }

  @Command(name = "unlock", description = "allow medium removal")
  int unlock() throws Exception {
    return withDrive(false, drive -> {
      drive.setMediumRemovalPrevented(false);
      return null;
    });
  }

  @Command(name = "setblk", description = "set the block size; 0 is variable-block mode")
  int setblk(@Parameters(converter = Count.class, paramLabel = "SIZE") long size) throws Exception {
    if (size > 0xFFFFFF) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: block size " + size + " is above 16777215");
    }
    return withDrive(false, drive -> {
      drive.setBlockSize((int) size);
      return null;
    });
  }

  @Command(name = "compression", description = "data compression on (1, default) or off (0)")
  int compression(@Parameters(arity = "0..1", defaultValue = "1", converter = Count.class, paramLabel = "0|1")
      long on) throws Exception {
    return withDrive(false, drive -> {
      drive.setCompression(on != 0);
      return null;
    });
  }

  @Command(name = "tell", description = "print the logical block number: At block N.")
  int tell() throws Exception {
    return withDrive(true, drive -> {
      TapePosition p = drive.position();
      return textOrJson("At block " + p.logicalObject() + ".\n", map("block", p.logicalObject()));
    });
  }

  @Command(name = "seek", description = "locate to logical block number BLOCK (as tell prints it)")
  int seek(@Parameters(converter = Count.class, paramLabel = "BLOCK") long block) throws Exception {
    return withDrive(true, drive -> {
      drive.locate(block);
      return positionJson(drive);
    });
  }

  @Command(name = "asf", description = "to the start of file COUNT (0 is the first file)")
  int asf(@Parameters(converter = Count.class, paramLabel = "COUNT") long file) throws Exception {
    return withDrive(true, drive -> {
      drive.locateFile(file);
      return positionJson(drive);
    });
  }

  @Command(name = "retension", description = "wind to the end and back (LOAD UNLOAD with RETEN; most LTO drives refuse)")
  int retension() throws Exception {
    ScsiCommand reten = new ScsiCommand("LOAD UNLOAD", new byte[] {0x1B, 0, 0, 0, 0x03, 0}, DataDirection.NONE, 0,
        Duration.ofHours(2));
    return withDrive(true, drive -> {
      reten.executeChecked(openTransport, null);
      return positionJson(drive);
    });
  }

  @Command(name = "densities", description = "list density codes")
  int densities() {
    print(textOrJson(Densities.table(), new LinkedHashMap<>(Map.of("densities", densityList()))));
    return ExitCode.OK.code();
  }

  private static List<Object> densityList() {
    List<Object> list = new ArrayList<>();
    Densities.all().forEach((code, name) -> list.add(map("code", code, "name", name)));
    return list;
  }

  // ---- PBS pmt extras ----

  @Command(name = "encryption", description = {
      "hardware encryption (AES-256-GCM): status, set, clear",
      "status: the drive's algorithms and current modes; set: AES-256-GCM with the key in FILE (writes are "
          + "encrypted, encrypted and clear blocks are read); clear: encryption and decryption off.",
      "FILE holds 32 raw bytes or 64 hex digits; - reads it from stdin. The key is never printed."})
  int encryption(
      @Parameters(paramLabel = "status|set|clear", description = "what to do") String action,
      @Option(names = "--key-file", paramLabel = "FILE", description = "set: the key (32 raw bytes or 64 hex digits; "
          + "- for stdin)") String keyFile) throws Exception {
    switch (action) {
      case "status" -> {
        requireNoKeyFile(action, keyFile);
        return withDrive(false, this::encryptionReport);
      }
      case "set" -> {
        if (keyFile == null) {
          throw new ToolFailure(ExitCode.USAGE, "pmt: encryption set needs --key-file FILE (32 raw bytes or 64 hex digits)");
        }
        byte[] key = KeyFile.read(keyFile, stdin);
        try {
          return withDrive(false, drive -> {
            drive.setEncryptionKey(key);
            return format.isJson() ? encryptionReport(drive) : null;
          });
        } finally {
          java.util.Arrays.fill(key, (byte) 0);
        }
      }
      case "clear" -> {
        requireNoKeyFile(action, keyFile);
        return withDrive(false, drive -> {
          drive.clearEncryptionKey();
          return format.isJson() ? encryptionReport(drive) : null;
        });
      }
      default -> throw new ToolFailure(ExitCode.USAGE, "pmt: encryption " + action + ": not status, set or clear");
    }
  }

  private static void requireNoKeyFile(String action, String keyFile) throws ToolFailure {
    if (keyFile != null) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: encryption " + action + " takes no --key-file");
    }
  }

  private Object encryptionReport(TapeDrive drive) throws IOException {
    return DriveReportPrinter.encryption(supportedOrEmpty(drive), drive, format);
  }

  /** The capabilities page, or empty when the drive rejects it (no encryption support). */
  private static Optional<DataEncryptionCapabilities> supportedOrEmpty(TapeDrive drive) throws IOException {
    try {
      return Optional.of(drive.encryptionCapabilities());
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Command(name = "cartridge-memory", description = "the cartridge's MAM attributes (READ ATTRIBUTE)")
  int cartridgeMemory() throws Exception {
    return withDrive(true, drive -> DriveReportPrinter.cartridgeMemory(drive.readAttributes(), format));
  }

  @Command(name = "tape-alert-flags", description = "TapeAlert flags set now (log page 12h)")
  int tapeAlertFlags() throws Exception {
    return withDrive(false, drive -> DriveReportPrinter.tapeAlerts(drive.tapeAlertFlags(), format));
  }

  @Command(name = "volume-statistics", description = "the cartridge's volume statistics (log page 17h)")
  int volumeStatistics() throws Exception {
    return withDrive(true, drive -> DriveReportPrinter.volumeStatistics(drive.volumeStatistics(), format));
  }

  @Command(name = "format", description = "format the cartridge (erases everything; WORM with data is refused)")
  int formatMedium(@Option(names = "--fast", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "fast format (default); --no-fast adds a long erase (hours)") boolean fast) throws Exception {
    return withDrive(true, drive -> {
      drive.rewind();
      drive.format(fast);
      return positionJson(drive);
    });
  }

  @Command(name = "options", description = "set drive options in one MODE SELECT; shows the settings")
  int options(
      @Option(names = "--compression", paramLabel = "BOOL", arity = "1", description = "data compression") Boolean compression,
      @Option(names = "--blocksize", paramLabel = "SIZE", converter = Count.class, description = "block size, 0 variable")
          Long blockSize,
      @Option(names = {"--buffer-mode", "--buffer_mode"}, paramLabel = "BOOL", arity = "1", description = "buffered mode")
          Boolean buffered,
      @Option(names = "--defaults", description = "compression on, variable blocks, buffered (PBS's defaults)")
          boolean defaults) throws Exception {
    if (blockSize != null && blockSize > 0xFFFFFF) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: block size " + blockSize + " is above 16777215");
    }
    DriveOptions o = defaults ? DriveOptions.DEFAULTS : DriveOptions.NONE;
    if (compression != null) {
      o = o.withCompression(compression);
    }
    if (blockSize != null) {
      o = o.withBlockSize(blockSize.intValue());
    }
    if (buffered != null) {
      o = o.withBuffered(buffered);
    }
    DriveOptions change = o;
    return withDrive(false, drive -> {
      if (!change.isEmpty()) {
        drive.setOptions(change);
      }
      return DriveReportPrinter.settings(drive.settings(), format);
    });
  }

  @Command(name = "scan", description = "list tape drives (kernel devices, and the drives of the virtual libraries)")
  int scan() throws Exception {
    List<Map<String, Object>> found = new ArrayList<>();
    for (DiscoveredDevice d : new DeviceDiscovery().tapeDrives()) {
      found.add(map("path", d.preferredPath().toString(), "sg", d.sgNode().toString(),
          "node", d.deviceNode().map(Path::toString), "vendor", d.vendor(), "model", d.model(),
          "revision", d.revision(), "serial", d.serial()));
    }
    if (format.isJson()) {
      print(found);
      return ExitCode.OK.code();
    }
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> m : found) {
      sb.append(m.get("path")).append(" (").append(m.get("sg"));
      ((Optional<?>) m.get("node")).ifPresent(n -> sb.append(", ").append(n));
      sb.append("): ").append(m.get("vendor")).append(' ').append(m.get("model")).append(' ').append(m.get("revision"));
      ((Optional<?>) m.get("serial")).ifPresent(s -> sb.append(", serial ").append(s));
      sb.append('\n');
    }
    sb.append("virtual drives: vtl:LIBRARY:N (pmtx scan lists the libraries; pmtx -f vtl:LIBRARY status --verbose"
        + " their drives)\n");
    print(sb.toString());
    return ExitCode.OK.code();
  }

  // ---- streams ----

  @Command(name = "write", description = "write stdin as one tape file at the current position, closed by a filemark")
  int write(
      @Option(names = {"-b", "--block-size"}, paramLabel = "SIZE", converter = Count.class, defaultValue = "256k",
          description = "block size (variable-block mode; default 256k)") long blockSize,
      @Option(names = "--append", description = "go to end of data first") boolean append) throws Exception {
    int size = checkBlockSize(blockSize);
    return withDrive(true, drive -> {
      drive.setBlockSize(0);
      if (append) {
        drive.moveToEndOfData(true);
      }
      TapeStreams.Written w = TapeStreams.write(drive, stdin, size);
      PrintWriter err = spec.commandLine().getErr();
      if (w.earlyWarning()) {
        err.println("pmt: " + drive.deviceName() + ": early warning: the cartridge is nearly full; the file was"
            + " finished (" + w.bytes() + " bytes), write the next one to a new cartridge");
        err.flush();
      }
      return format.isJson() ? map("bytes", w.bytes(), "blocks", w.blocks(), "earlyWarning", w.earlyWarning()) : null;
    });
  }

  @Command(name = "read", description = "copy one tape file from the current position to stdout (up to its filemark)")
  int read(
      @Option(names = {"-b", "--block-size"}, paramLabel = "SIZE", converter = Count.class, defaultValue = "256k",
          description = "largest block expected (default 256k; the drive's maximum is used when larger)")
          long blockSize,
      @Option(names = "--file", paramLabel = "N", converter = Count.class, description = "locate to file N first")
          Long file) throws Exception {
    int size = checkBlockSize(blockSize);
    return withDrive(true, drive -> {
      drive.setBlockSize(0);
      if (file != null) {
        drive.locateFile(file);
      }
      TapeStreams.Read r = TapeStreams.read(drive, stdout, Math.max(size, Math.min(drive.blockLimits().maximumBlockLength(), 8 << 20)));
      if (format.isJson()) {
        // stdout carries the file's bytes: the summary goes to stderr
        PrintWriter err = spec.commandLine().getErr();
        err.println(format.json(map("bytes", r.bytes(), "blocks", r.blocks(), "endOfData", r.endOfData())));
        err.flush();
      }
      return null;
    });
  }

  private static int checkBlockSize(long size) throws ToolFailure {
    if (size < 1 || size > 16L << 20) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: block size " + size + " is outside 1..16M");
    }
    return (int) size;
  }
}
