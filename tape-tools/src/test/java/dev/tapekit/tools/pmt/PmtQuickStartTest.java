package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pmt's quick parser ({@code Tool.QuickStart}, no picocli at start) takes {@code [-f DEVICE] COMMAND}
 * for the commands without arguments that scripts poll with, leaves everything else to picocli, and
 * what it runs prints and exits exactly as through picocli.
 */
@ExtendWith(VtlHomeExtension.class)
class PmtQuickStartTest {
  private static final String D = "vtl:L700:0";
  private final ToolHarness picocli = new ToolHarness();

  private static Pmt pmt() {
    return new Pmt(Map.of(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
  }

  private static boolean takenQuickly(String... args) {
    return pmt().parseQuickly(args, new PrintWriter(new StringWriter()));
  }

  @Test
  void takesCommandsWithoutArgumentsAndLeavesTheRest() {
    for (List<String> line : List.<List<String>>of(List.of("status"), List.of("-f", D, "status"),
        List.of("-f", D, "rewind"), List.of("-f", D, "eject"), List.of("-f", D, "tell"), List.of("-f", D, "seod"))) {
      assertTrue(takenQuickly(line.toArray(String[]::new)), line.toString());
    }
    for (List<String> line : List.<List<String>>of(List.of(), List.of("stat"), List.of("-f", D, "status", "--extended"),
        List.of("-f", D, "fsf", "1"), List.of("-t", D, "status"), List.of("-f", D), List.of("--help"),
        List.of("-f", D, "--output-format", "json", "status"), List.of("status", "-f", D), List.of("-f", "-x", "status"))) {
      assertFalse(takenQuickly(line.toArray(String[]::new)), line.toString());
    }
  }

  @Test
  void quickAndPicocliPrintAndExitAlike() {
    String[][] lines = {{"-f", D, "status"}, {"-f", D, "tell"}, {"-f", "vtl:L700", "status"}, {"-f", "vtl:L700:9", "rewind"}};
    for (String[] args : lines) {
      ToolHarness.assertSameResult(picocli.pmt(args), picocli.execute(pmt(), args), "empty drive: " + String.join(" ", args));
    }
    assertEquals(0, picocli.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
    assertEquals(0, picocli.pmt(new byte[1000], "-f", D, "write").exit());
    for (String[] args : lines) {
      ToolHarness.assertSameResult(picocli.pmt(args), picocli.execute(pmt(), args), "loaded: " + String.join(" ", args));
    }
    for (String command : List.of("rewind", "eod", "lock", "unlock", "offline", "load")) {
      ToolHarness.Result quick = picocli.execute(pmt(), "-f", D, command);
      assertEquals(0, quick.exit(), command + ": " + quick.err());
      ToolHarness.assertSameResult(picocli.pmt("-f", D, "status"), picocli.execute(pmt(), "-f", D, "status"),
          "status after " + command);
    }
  }
}
