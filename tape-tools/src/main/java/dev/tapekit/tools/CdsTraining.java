package dev.tapekit.tools;

import dev.tapekit.scsi.Sleeper;
import dev.tapekit.tools.pmt.Pmt;
import dev.tapekit.tools.pmtx.Pmtx;
import dev.tapekit.tools.tape.Tape;
import dev.tapekit.tools.tape.TapeEnvironment;
import dev.tapekit.tools.tape.TapePaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run the launcher records its class-data-sharing archive from ({@code TAPEKIT_CDS=make}, see
 * {@code bin/pmt}): the commands scripts call most, of pmt and pmtx, and a few of tape, in one JVM, on
 * a virtual library and a tape configuration in a temporary home, output discarded. Every class they
 * load goes into the archive, so the next starts map those classes instead of loading and verifying
 * them. Exits 1 if a command fails (the archive would then miss the classes of the commands after it).
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Path home = Files.createTempDirectory("tapekit-cds-");
    System.setProperty("tapekit.vtl.home", home.toString());
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
    int failed = 0;
    try {
      for (List<String> line : List.of(
          List.of("pmtx", "-f", "vtl:L700", "status"),
          List.of("pmtx", "-f", "vtl:L700", "load", "1", "0"),
          List.of("pmt", "-f", "vtl:L700:0", "status"),
          List.of("pmt", "-f", "vtl:L700:0", "write"),
          List.of("pmt", "-f", "vtl:L700:0", "rewind"),
          List.of("pmt", "-f", "vtl:L700:0", "fsf", "1"),
          List.of("pmt", "-f", "vtl:L700:0", "--output-format", "json", "status"),
          List.of("pmtx", "-f", "vtl:L700", "unload"),
          List.of("pmtx", "-f", "vtl:L700", "--output-format", "json", "status"),
          List.of("pmtx", "-f", "vtl:L700", "--verbose", "inquiry"),
          List.of("tape", "pool", "create", "training"),
          List.of("tape", "pool", "list"),
          List.of("tape", "pool", "list", "--output-format", "json"))) {
        String[] rest = line.subList(1, line.size()).toArray(String[]::new);
        int status = switch (line.get(0)) {
          case "pmt" -> Tool.execute(new Pmt(Map.of(), new ByteArrayInputStream(new byte[1000]),
              OutputStream.nullOutputStream()), rest, discard, discard, Optional.empty());
          case "pmtx" -> Tool.execute(new Pmtx(Map.of(), Devices::open), rest, discard, discard, Optional.empty());
          default -> Tape.execute(tapeEnvironment(home), rest, discard, discard);
        };
        if (status != 0) {
          System.err.println("tapekit: class-data-sharing training: " + String.join(" ", line) + " failed");
          failed++;
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /** tape's configuration and state in {@code home}. */
  private static TapeEnvironment tapeEnvironment(Path home) {
    Map<String, String> env = Map.of("TAPEKIT_CONFIG", home.resolve("config").toString(),
        "TAPEKIT_HOME", home.resolve("state").toString(), "TAPEKIT_VTL_HOME", home.toString());
    return new TapeEnvironment(env, TapePaths.of(env, false, home), Clock.systemUTC(), Sleeper.SYSTEM,
        InputStream.nullInputStream(), new PrintStream(OutputStream.nullOutputStream()));
  }
}
