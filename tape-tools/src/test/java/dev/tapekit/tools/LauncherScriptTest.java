package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the real launchers {@code target/dist/bin/pmtx} and {@code pmt} as separate processes when a
 * {@code package} has built them (a plain {@code mvn test} skips this test): a load, a write through
 * stdin, a read to stdout and an unload, each in its own JVM, so the library state and the drive session
 * must survive between processes.
 */
@ExtendWith(VtlHomeExtension.class)
class LauncherScriptTest {
  private static Path bin() {
    String dist = System.getProperty("tapekit.tools.dist", "target/dist");
    return Path.of(dist, "bin");
  }

  private record Run(int exit, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static Run run(byte[] stdin, String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(bin().resolve(tool).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TAPEKIT_VTL_HOME", VtlHomeExtension.home().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = new Thread(() -> copy(p.getErrorStream(), err));
    drainErr.start();
    Thread feed = new Thread(() -> {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // the tool may exit without reading its input
      }
    });
    feed.start();
    copy(p.getInputStream(), out);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), tool + " did not finish");
    drainErr.join();
    feed.join();
    return new Run(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void launchersDriveTheVirtualLibraryAcrossProcesses() throws Exception {
    assumeTrue(Files.isExecutable(bin().resolve("pmtx")) && Files.isExecutable(bin().resolve("pmt")),
        "launchers not built (run the package phase): " + bin());
    Run status = run(new byte[0], "pmtx", "-f", "vtl:L700", "status");
    assertEquals(0, status.exit(), status.err());
    assertTrue(status.text().startsWith("  Storage Changer vtl:L700:4 Drives, 43 Slots ( 4 Import/Export )\n"));

    Run load = run(new byte[0], "pmtx", "-f", "vtl:L700", "load", "2", "0");
    assertEquals("Loading media from Storage Element 2 into drive 0...done\n", load.text());

    byte[] data = new byte[700_000];
    new Random(42).nextBytes(data);
    assertEquals(0, run(data, "pmt", "-f", "vtl:L700:0", "write").exit());
    Run mt = run(new byte[0], "pmt", "-f", "vtl:L700:0", "status");
    assertTrue(mt.text().contains("File number=1, block number=-1, partition=0."), mt.text());
    assertEquals(0, run(new byte[0], "pmt", "-f", "vtl:L700:0", "rewind").exit());
    Run read = run(new byte[0], "pmt", "-f", "vtl:L700:0", "read");
    assertEquals(0, read.exit(), read.err());
    assertArrayEquals(data, read.out());

    Run missing = run(new byte[0], "pmt", "-f", "vtl:L700:1", "rewind");
    assertEquals(ExitCode.NO_MEDIUM.code(), missing.exit());
    Run unload = run(new byte[0], "pmtx", "-f", "vtl:L700", "unload");
    assertEquals("Unloading drive 0 into Storage Element 2...done\n", unload.text());
  }
}
