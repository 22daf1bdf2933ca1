package dev.tapekit.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The program a tool stands in for when it runs under that program's name: {@code pmt} installed as
 * {@code mt}, {@code pmtx} as {@code mtx} (a symbolic link to the launcher, as busybox does; the
 * launcher passes the name it was run as in {@link #NAME_PROPERTY}). Under those names the tools exit
 * as the originals do and print the originals' lines on stderr, so scripts that test for a particular
 * status or parse an error keep working; under their own names they keep the detailed {@link ExitCode}s.
 *
 * <ul>
 *   <li>mtx 1.3.12 exits 1 on every failure and prints its usage (stderr, status 1) for a word it
 *       does not know; {@code --version} prints the version and the usage, status 1.
 *   <li>mt-st exits 1 on usage errors (no command, unknown or ambiguous command, unknown option, too
 *       many arguments) and when the device cannot be opened (perror's {@code DEVICE: reason}; the st
 *       driver refuses to open an empty drive with "No medium found"), 2 when the command itself fails
 *       (the ioctl), 0 for {@code -h} (usage with the command list) and {@code -v}/{@code --version}.
 * </ul>
 */
public enum DropIn {
  MT("mt", "pmt"),
  MTX("mtx", "pmtx");

  /** System property with the name the launcher was run as (its {@code $0}, without directories). */
  public static final String NAME_PROPERTY = "tapekit.tool.name";

  private static final String MTX_USAGE = """
      Usage:
      \tmtx --version
      \tmtx [ -f <loader-dev> ] noattach <more commands>
      \tmtx [ -f <loader-dev> ] inquiry | inventory\s
      \tmtx [ -f <loader-dev> ] [altres] [nobarcode] status
      \tmtx [ -f <loader-dev> ] [altres] first [<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] last [<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] previous [<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] next [<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] [invert] load <storage-element-number> [<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] [invert] unload [<storage-element-number>][<drive#>]
      \tmtx [ -f <loader-dev> ] [altres] [eepos eepos-number] transfer <storage-element-number> <storage-element-number>
      \tmtx [ -f <loader-dev> ] [altres] [eepos eepos-number][invert][invert2] exchange <storage-element-number> <storage-element-number>
      \tmtx [ -f <loader-dev> ] [altres] position <storage-element-number>
      \tmtx [ -f <loader-dev> ] eject
      """;

  private final String name;
  private final String tool;

  DropIn(String name, String tool) {
    this.name = name;
    this.tool = tool;
  }

  /** The original's name: {@code mt} or {@code mtx}. */
  public String programName() {
    return name;
  }

  /** This drop-in when the launcher ran under the original's name ({@link #NAME_PROPERTY}), else empty. */
  public Optional<DropIn> ifInvoked() {
    return name.equals(System.getProperty(NAME_PROPERTY)) ? Optional.of(this) : Optional.empty();
  }

  /** The original's exit status for a failure the tool reports as {@code code}. */
  public int exitStatus(ExitCode code) {
    if (code == ExitCode.OK) {
      return 0;
    }
    if (this == MTX) {
      return 1;
    }
    return switch (code) {
      case USAGE, NO_DEVICE, PERMISSION_DENIED, BUSY, LOCKED, NO_MEDIUM -> 1;   // before or at open(2)
      default -> 2;                                                       // the ioctl failed
    };
  }

  /**
   * What the original prints for {@code failure}: its own lines when the failure carries them, else the
   * lines that are not the tool's additions ({@code pmtx: ...} after an mtx line), else the tool's lines
   * under the original's name; for mtx's usage errors its usage text.
   */
  public List<String> lines(ToolFailure failure) {
    if (!failure.originalLines().isEmpty()) {
      return failure.originalLines();
    }
    String own = tool + ": ";
    List<String> original = failure.lines().stream().filter(l -> !l.startsWith(own) && !l.startsWith("Try '")).toList();
    if (!original.isEmpty()) {
      return original;
    }
    if (this == MTX && failure.exitCode() == ExitCode.USAGE) {
      return MTX_USAGE.lines().toList();
    }
    return failure.lines().stream().filter(l -> l.startsWith(own)).map(l -> name + ": " + l.substring(own.length()))
        .toList();
  }

  /**
   * What mt-st prints when the command on {@code device} failed: perror's {@code DEVICE: reason}, and
   * the st driver answers a command that failed or stopped early (SPACE into a filemark, end of data
   * or the beginning of the tape, a medium or hardware error) with EIO.
   */
  public static String mtCommandFailed(String device) {
    return device + ": Input/output error";
  }

  /** Prints what the original prints for a command line it cannot parse; returns its exit status. */
  int usageError(String message, PrintWriter err) {
    if (this == MTX) {
      err.print(MTX_USAGE);
    } else {
      err.println(name + ": " + message);
    }
    err.flush();
    return 1;
  }

  /**
   * The original's own option handling, before the tool's parser sees the command line: either the exit
   * status (the command line was handled: usage, version, or an error) or the arguments for the tool's
   * parser.
   *
   * @param commands the tool's command names (mt's, for the prefix matching and the usage list)
   */
  Parsed parse(String[] args, Collection<String> commands, PrintWriter out, PrintWriter err) {
    return this == MTX ? parseMtx(args, err) : parseMt(args, commands, out, err);
  }

  /** Outcome of {@link #parse}. */
  record Parsed(OptionalInt exit, String[] args) {
    static Parsed exit(int status) {
      return new Parsed(OptionalInt.of(status), new String[0]);
    }
  }

  private static Parsed parseMtx(String[] args, PrintWriter err) {
    if (args.length > 0 && List.of("-h", "--help").contains(args[0])) {
      err.print(MTX_USAGE);   // not mtx words: its usage
      err.flush();
      return Parsed.exit(1);
    }
    if (args.length > 0 && args[0].equals("--version")) {
      err.println("mtx version 1.3.12");
      err.println();
      err.print(MTX_USAGE);
      err.flush();
      return Parsed.exit(1);
    }
    return new Parsed(OptionalInt.empty(), args);
  }

  /** mt-st's main(): options up to the first word, then the command by unambiguous prefix. */
  private static Parsed parseMt(String[] args, Collection<String> commands, PrintWriter out, PrintWriter err) {
    int argn = 0;
    String device = null;
    for (; argn < args.length && args[argn].startsWith("-"); argn++) {
      String a = args[argn];
      char option = a.length() > 1 ? a.charAt(1) : 0;
      if (option == 'f' || option == 't') {
        if (++argn >= args.length) {
          return Parsed.exit(mtUsage(false, commands, err, 1));
        }
        device = args[argn];
      } else if (option == 'h') {
        return Parsed.exit(mtUsage(true, commands, err, 0));
      } else if (option == 'v' || a.startsWith("--v")) {
        out.println("mt-st v. 1.8");
        out.println("default tape device: /dev/tape");
        out.flush();
        return Parsed.exit(0);
      } else {
        return Parsed.exit(mtUsage(false, commands, err, 1));
      }
    }
    if (argn >= args.length) {
      return Parsed.exit(mtUsage(false, commands, err, 1));
    }
    String word = args[argn];
    List<String> matches = commands.stream().filter(c -> c.startsWith(word)).toList();
    String command = matches.contains(word) ? word : matches.size() == 1 ? matches.get(0) : null;
    if (command == null) {
      err.printf(Locale.ROOT, "mt: %s command \"%s\"%n", matches.isEmpty() ? "unknown" : "ambiguous", word);
      return Parsed.exit(mtUsage(true, commands, err, 1));
    }
    List<String> rewritten = new ArrayList<>();
    if (device != null) {
      rewritten.add("-f");
      rewritten.add(device);
    }
    rewritten.add(command);
    rewritten.addAll(Arrays.asList(args).subList(argn + 1, args.length));
    return new Parsed(OptionalInt.empty(), rewritten.toArray(String[]::new));
  }

  /** mt-st's usage(): two lines, then with {@code explain} the commands, wrapped after 70 columns. */
  private static int mtUsage(boolean explain, Collection<String> commands, PrintWriter err, int status) {
    err.println("usage: mt [-v] [--version] [-h] [ -f device ] command [ count ]");
    err.println("default tape device: /dev/tape");
    if (explain) {
      StringBuilder line = new StringBuilder("commands: ");
      List<String> list = List.copyOf(commands);
      for (int i = 0; i < list.size(); i++) {
        line.append(list.get(i)).append(i + 1 < list.size() ? ", " : ".");
        if (line.length() >= 70 || i + 1 == list.size()) {
          err.println(line);
          line = new StringBuilder("          ");
        }
      }
    }
    err.flush();
    return status;
  }
}
