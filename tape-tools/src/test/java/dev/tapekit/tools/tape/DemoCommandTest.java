package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tape demo} as README's first command runs it: the whole job, verified, spanning tapes. */
@ExtendWith(VtlHomeExtension.class)
class DemoCommandTest {
  @Test
  void theDemoRunsTheWholeJobAndVerifies() throws Exception {
    TapeHome t = new TapeHome();
    ToolHarness.Result r = t.tape("demo");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("OK: the restored tree is the source, and the media set verifies"), r.out());
    Matcher tapes = Pattern.compile("encrypted, onto (\\d+) tapes").matcher(r.out());
    assertTrue(tapes.find(), r.out());
    assertTrue(Integer.parseInt(tapes.group(1)) >= 2, "spans tapes: " + r.out());
    assertTrue(r.out().contains("identical: "), r.out());
  }
}
