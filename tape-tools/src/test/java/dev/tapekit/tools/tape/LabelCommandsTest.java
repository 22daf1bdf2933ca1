package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** barcode-label, label, read-label, inventory and catalog on the embedded L700. */
@ExtendWith(VtlHomeExtension.class)
class LabelCommandsTest {
  @Test
  void barcodeLabelInventoryReadLabel() throws Exception {
    TapeHome t = RestoreCommandsTest.home();
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    ToolHarness.Result r = t.tape("barcode-label", "--pool", "daily", "-q");
    assertEquals(0, r.exit(), r.err());
    t.tape("barcode-label", "--pool", "daily", "-q");
    t.tape("inventory");
    t.tape("media", "list", "--output-format", "json");
    assertEquals(0, t.harness.pmtx("-f", "vtl:L700", "load", "2", "0").exit());
    r = t.tape("read-label");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("E01002L8"), r.out());
    t.tape("read-label", "--output-format", "json");
    r = t.tape("label", "--changer-id", "OTHER1", "--pool", "daily");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), "never overwrites a labelled tape: " + r.err());
    r = t.tape("catalog");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), "a labelled tape without a media set: " + r.err());
    t.harness.assertGolden("tape-label-inventory");
  }

  @Test
  void backupThenCatalogLostThenRebuiltFromTape() throws Exception {
    TapeHome t = RestoreCommandsTest.home();
    assertEquals(0, t.tape("pool", "create", "daily", "--template", "daily-set").exit());
    ToolHarness.Result b = t.tape("backup", BackupCommandTest.tree(t).toString(), "--pool", "daily", "--name",
        "host1/etc", "-q");
    assertEquals(0, b.exit(), b.err());
    java.nio.file.Files.delete(t.home.resolve("catalog.db"));
    java.nio.file.Files.deleteIfExists(t.home.resolve("catalog.db-wal"));
    java.nio.file.Files.deleteIfExists(t.home.resolve("catalog.db-shm"));
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("restore", "daily-set", "/tmp/nowhere").exit());
    ToolHarness.Result r = t.tape("inventory", "--read-all-labels", "--catalog", "-q");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("catalog of media set"), r.out());
    r = t.tape("media", "content");
    assertTrue(r.out().contains("host1/etc/"), r.out());
    r = t.tape("verify", "daily-set");
    assertEquals(0, r.exit(), r.out() + r.err());
  }

  /** A label text the catalog has already is refused, whatever tape is in the drive: labels are unique. */
  @Test
  void aDuplicateLabelIsRefused() throws Exception {
    TapeHome t = RestoreCommandsTest.home();
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    assertEquals(0, t.harness.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
    assertEquals(0, t.tape("label", "--changer-id", "E01001L8", "--pool", "daily").exit());
    assertEquals(0, t.harness.pmtx("-f", "vtl:L700", "unload", "1", "0", "load", "2", "0").exit());
    ToolHarness.Result r = t.tape("label", "--changer-id", "E01001L8", "--pool", "daily");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("the catalog has a tape labelled E01001L8 already"), r.err());
    r = t.tape("label", "--changer-id", "E01002L8", "--pool", "nopool");
    assertEquals(ExitCode.NOT_FOUND.code(), r.exit(), r.out() + r.err());
    assertEquals(0, t.tape("label", "--changer-id", "E01002L8", "--pool", "daily").exit(), "the tape stays usable");
  }
}
