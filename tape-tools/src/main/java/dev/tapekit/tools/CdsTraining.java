package dev.tapekit.tools;

import dev.tapekit.tools.pmt.Pmt;
import dev.tapekit.tools.pmtx.Pmtx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run the launcher records its class-data-sharing archive from ({@code TAPEKIT_CDS=make}, see
 * {@code bin/pmt}): the commands scripts call most, of both tools, in one JVM, on a virtual library in
 * a temporary home, output discarded. Every class they load goes into the archive, so the next starts
 * map those classes instead of loading and verifying them. Exits 1 if a command fails (the archive
 * would then miss the classes of the commands after it).
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
          List.of("pmtx", "-f", "vtl:L700", "--verbose", "inquiry"))) {
        String[] rest = line.subList(1, line.size()).toArray(String[]::new);
        Object tool = line.get(0).equals("pmt")
            ? new Pmt(Map.of(), new ByteArrayInputStream(new byte[1000]), OutputStream.nullOutputStream())
            : new Pmtx(Map.of(), Devices::open);
        if (Tool.execute(tool, rest, discard, discard, Optional.empty()) != 0) {
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
}
