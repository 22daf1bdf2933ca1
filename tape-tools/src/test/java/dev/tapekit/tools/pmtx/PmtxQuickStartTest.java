package dev.tapekit.tools.pmtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pmtx's quick parser ({@code Tool.QuickStart}, no picocli at start) takes the command lines scripts
 * pass, leaves everything else to picocli, and what it runs prints and exits exactly as through picocli.
 */
@ExtendWith(VtlHomeExtension.class)
class PmtxQuickStartTest {
  private final ToolHarness picocli = new ToolHarness();

  private ToolHarness.Result quick(String... args) {
    return picocli.execute(new Pmtx(Map.of(), Devices::open), args);
  }

  private static boolean takenQuickly(String... args) {
    return new Pmtx(Map.of(), Devices::open).parseQuickly(args, new PrintWriter(new StringWriter()));
  }

  @Test
  void takesWhatScriptsPassAndLeavesTheRest() {
    for (List<String> line : List.<List<String>>of(List.of(), List.of("-f", "vtl:L700", "status"),
        List.of("-f", "/dev/sg3", "load", "3", "0"), List.of("unload"), List.of("--verbose", "-f", "x", "status"),
        List.of("-f", "vtl:L700", "--trim-tags", "nobarcode", "status", "next", "1"))) {
      assertTrue(takenQuickly(line.toArray(String[]::new)), line.toString());
    }
    for (List<String> line : List.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
        List.of("-f"), List.of("-f", "--verbose"), List.of("-f=vtl:L700", "status"), List.of("-f", "a", "-f", "b"),
        List.of("--verbose", "--verbose"), List.of("--output-format", "json", "status"), List.of("-x", "status"),
        List.of("@args.txt"), List.of("--", "status"))) {
      assertFalse(takenQuickly(line.toArray(String[]::new)), line.toString());
    }
  }

  @Test
  void quickAndPicocliPrintAndExitAlike() {
    for (List<String> line : List.<List<String>>of(List.of(), List.of("-f", "vtl:L700", "status"),
        List.of("-f", "vtl:L700", "--verbose", "status"), List.of("-f", "vtl:L700", "--trim-tags", "status"),
        List.of("-f", "vtl:L700", "frob"), List.of("-f", "vtl:L700", "load", "99", "0"),
        List.of("-f", "vtl:L700", "unload", "3", "3"), List.of("-f", "vtl:NOPE", "status"),
        List.of("-f", "vtl:L700:0", "status"), List.of("-f", "vtl:L700", "inquiry"))) {
      String[] args = line.toArray(String[]::new);
      ToolHarness.assertSameResult(picocli.pmtx(args), quick(args), line.toString());
    }
    ToolHarness.Result quickLoad = quick("-f", "vtl:L700", "load", "1", "0");
    assertEquals(0, picocli.pmtx("-f", "vtl:L700", "unload", "1", "0").exit());
    ToolHarness.assertSameResult(picocli.pmtx("-f", "vtl:L700", "load", "1", "0"), quickLoad, "load 1 0");
    ToolHarness.assertSameResult(picocli.pmtx("-f", "vtl:L700", "load", "2", "0"), quick("-f", "vtl:L700", "load", "2", "0"),
        "load into a full drive");
  }
}
