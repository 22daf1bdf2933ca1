package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code pmt write} / {@code pmt read}: one stream = one tape file, round trips of awkward sizes and of a tar. */
@ExtendWith(VtlHomeExtension.class)
class PmtStreamTest {
  private static final String D = "vtl:L700:0";
  private static final int K256 = 256 * 1024;
  private final ToolHarness h = new ToolHarness();

  private void load() {
    assertEquals(0, h.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, K256 - 1, K256, K256 + 1, 4 * K256, 1_048_583})
  void roundTripOfOneFile(int size) {
    load();
    byte[] data = random(size, size);
    ToolHarness.Result w = h.pmt(data, "-f", D, "--output-format", "json", "write");
    assertEquals(0, w.exit(), w.err());
    long blocks = (size + K256 - 1) / K256;
    assertEquals("{\"bytes\":" + size + ",\"blocks\":" + blocks + ",\"earlyWarning\":false}\n", w.out());
    assertEquals(0, h.pmt("-f", D, "rewind").exit());
    ToolHarness.Result r = h.pmt("-f", D, "read");
    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(data, r.binary());
    // read stopped after the filemark: the next read finds end of data and copies nothing
    ToolHarness.Result again = h.pmt("-f", D, "--output-format", "json", "read");
    assertEquals(0, again.exit());
    assertEquals("{\"bytes\":0,\"blocks\":0,\"endOfData\":true}\n", again.err());
  }

  @Test
  void blockSizeOptionAppendAndFileSelection() {
    load();
    byte[] first = random(5000, 1);
    byte[] second = random(3 * K256, 2);
    ToolHarness.Result w = h.pmt(first, "-f", D, "--output-format", "json", "write", "-b", "1k");
    assertEquals("{\"bytes\":5000,\"blocks\":5,\"earlyWarning\":false}\n", w.out());
    assertEquals(0, h.pmt("-f", D, "rewind").exit());
    assertEquals(0, h.pmt(second, "-f", D, "write", "--append").exit());
    assertArrayEquals(second, h.pmt("-f", D, "read", "--file", "1").binary());
    assertArrayEquals(first, h.pmt("-f", D, "read", "--file", "0").binary());
    assertEquals(ExitCode.USAGE.code(), h.pmt(first, "-f", D, "write", "-b", "0").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmt(first, "-f", D, "write", "-b", "17M").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmt(first, "-f", "vtl:L700:1", "write").exit());
  }

  @Test
  void earlyWarningFinishesTheFileAndSaysSo() {
    load();
    byte[] data = random(6 * K256 + 17, 3);
    try (ScsiTransport keepOpen = VirtualLibraries.open(D)) {
      VirtualLibraries.library(keepOpen).drive(0).faults().earlyWarningAtObject(2);
      ToolHarness.Result w = h.pmt(data, "-f", D, "--output-format", "json", "write");
      assertEquals(0, w.exit(), w.err());
      assertEquals("{\"bytes\":" + data.length + ",\"blocks\":7,\"earlyWarning\":true}\n", w.out());
      assertTrue(w.err().contains("early warning: the cartridge is nearly full; the file was finished ("
          + data.length + " bytes)"), w.err());
      assertArrayEquals(data, h.pmt("-f", D, "read", "--file", "0").binary());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fullTapeCutsTheStreamAndFails() throws IOException {
    Path home = VtlHomeExtension.home();
    dev.tapekit.vtl.VirtualLibrary.create(home, dev.tapekit.vtl.LibraryLayout.parse(String.join("\n",
        "[library]", "name = \"TINY\"", "vendor = \"TAPEKIT\"", "product = \"TINY\"", "revision = \"0001\"",
        "serial = \"TINY01\"", "naa = \"50:00:00:00:00:00:00:01\"", "transport = 1", "import_export_start = 16",
        "import_export_count = 1", "drive_start = 256", "storage_start = 4096", "storage_count = 2",
        "capacity_mb = 3", "", "[[drive]]", "model = \"IBM ULT3580-TD8\"", "serial = \"TINYDRV1\"",
        "naa = \"50:00:00:00:00:00:00:02\"", "", "[[cartridge]]", "barcode = \"T00001L8\"", "slot = 1", "")),
        java.time.Clock.systemUTC()).close();
    assertEquals(0, h.pmtx("-f", "vtl:TINY", "load", "1", "0").exit());
    byte[] data = random(4 << 20, 4);
    ToolHarness.Result w = h.pmt(data, "-f", "vtl:TINY:0", "write");
    assertEquals(ExitCode.FAILED.code(), w.exit());
    assertTrue(w.err().contains("the tape is full: the stream was cut after "), w.err());
    byte[] back = h.pmt("-f", "vtl:TINY:0", "read", "--file", "0").binary();
    assertTrue(back.length > 0 && back.length < data.length, "partial file of " + back.length + " bytes");
    assertArrayEquals(java.util.Arrays.copyOf(data, back.length), back);
  }

  @Test
  void tarRoundTrip() throws Exception {
    load();
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    files.put("hello.txt", "hello, tape\n".getBytes(StandardCharsets.US_ASCII));
    files.put("dir/random.bin", random(700_001, 5));
    files.put("dir/empty", new byte[0]);
    byte[] tar = Ustar.write(files);
    assertEquals(0, h.pmt(tar, "-f", D, "write").exit());
    assertEquals(0, h.pmt("-f", D, "rewind").exit());
    byte[] back = h.pmt("-f", D, "read").binary();
    assertArrayEquals(tar, back);
    assertEquals(files.keySet(), Ustar.read(back).keySet());
    for (Map.Entry<String, byte[]> e : Ustar.read(back).entrySet()) {
      assertArrayEquals(files.get(e.getKey()), e.getValue(), e.getKey());
    }
    List<String> listed = tarList(back);
    if (listed != null) {
      assertEquals(new ArrayList<>(files.keySet()), listed);
    }
  }

  /** {@code tar -tf -} on the bytes when tar is installed, else null. */
  static List<String> tarList(byte[] archive) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("tar", "-tf", "-").redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      return null;
    }
    try (OutputStream in = p.getOutputStream()) {
      in.write(archive);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream o = p.getInputStream()) {
      o.transferTo(out);
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
