package dev.tapekit.tools.pmtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.InterceptingTransport;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** pmtx on the default L700 virtual library: golden transcripts of every command and error path. */
@ExtendWith(VtlHomeExtension.class)
class PmtxGoldenTest {
  private final ToolHarness h = new ToolHarness();

  @Test
  void status() throws Exception {
    assertEquals(0, h.pmtx("-f", "vtl:L700", "status").exit());
    h.pmtx("-f", "vtl:L700", "--trim-tags", "status");
    h.pmtx("-f", "vtl:L700", "nobarcode", "status");
    h.pmtx("-f", "vtl:L700", "altres", "noattach", "status");
    h.assertGolden("pmtx-status");
  }

  @Test
  void loadUnloadChainedAndVerboseStatus() throws Exception {
    h.pmtx("-f", "vtl:L700", "load", "1", "0", "unload", "1", "0", "load", "3", "1");
    h.pmtx("-f", "vtl:L700", "load", "5", "unload");
    h.pmtx("-f", "vtl:L700", "load", "2", "0", "status", "--verbose");
    h.pmtx("-f", "vtl:L700", "unload", "21", "0", "unload", "4", "1", "status");
    h.assertGolden("pmtx-load-unload");
  }

  /** status after moves in one command line prints what a fresh status prints (text and JSON). */
  @Test
  void chainedStatusIsWhatAFreshStatusPrints() {
    String[] moves = {"load", "2", "0", "transfer", "4", "40", "load", "5", "1", "unload", "24", "1", "transfer", "7",
        "41", "exchange", "1", "3", "next", "1"};
    String[] back = {"unload", "1", "1", "exchange", "1", "3", "transfer", "41", "7", "transfer", "24", "5",
        "transfer", "40", "4", "unload", "2", "0"};
    ToolHarness.Result text = h.pmtx(concat(new String[] {"-f", "vtl:L700"}, moves, new String[] {"status"}));
    assertEquals(0, text.exit(), text.err());
    assertEquals(h.pmtx("-f", "vtl:L700", "status").out(), text.out().substring(text.out().indexOf("  Storage Changer")));
    ToolHarness.Result json = h.pmtx(concat(new String[] {"-f", "vtl:L700", "--output-format", "json"}, back,
        new String[] {"status"}));
    assertEquals(0, json.exit(), json.err());
    String fresh = h.pmtx("-f", "vtl:L700", "--output-format", "json", "status").out().strip();
    assertEquals(fresh, json.out().substring(json.out().lastIndexOf("{\"device\""), json.out().lastIndexOf(']')));
    assertEquals(h.pmtx("-f", "vtl:L700", "status").out(), new ToolHarness().pmtx("-f", "vtl:L700", "load", "1", "0",
        "unload", "1", "0", "status").out().replaceFirst("(?s)^.*?(  Storage Changer)", "$1"));
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  void loadAndUnloadErrors() throws Exception {
    h.pmtx("-f", "vtl:L700", "load", "3", "1");
    assertEquals(ExitCode.SOURCE_EMPTY.code(), h.pmtx("-f", "vtl:L700", "load", "3", "0").exit());
    assertEquals(ExitCode.DESTINATION_FULL.code(), h.pmtx("-f", "vtl:L700", "load", "4", "1").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "load").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "load", "99").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "load", "1", "7").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), h.pmtx("-f", "vtl:L700", "unload").exit());
    assertEquals(ExitCode.DESTINATION_FULL.code(), h.pmtx("-f", "vtl:L700", "unload", "2", "1").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "unload", "50", "1").exit());
    // TD8 drive 0 refuses LTO-6 media: the changer's sense printout and mtx's MOVE MEDIUM line
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "load", "30", "0").exit());
    h.pmtx("-f", "vtl:L700", "--verbose", "load", "30", "0");
    h.assertGolden("pmtx-load-errors");
  }

  @Test
  void transferExchangePosition() throws Exception {
    h.pmtx("-f", "vtl:L700", "transfer", "1", "21", "transfer", "21", "40", "status");
    assertEquals(ExitCode.SOURCE_EMPTY.code(), h.pmtx("-f", "vtl:L700", "transfer", "1", "24").exit());
    assertEquals(ExitCode.DESTINATION_FULL.code(), h.pmtx("-f", "vtl:L700", "transfer", "2", "3").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "transfer", "2").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "transfer").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "transfer", "50", "2").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "transfer", "2", "50").exit());
    h.pmtx("-f", "vtl:L700", "exchange", "2", "3", "status");
    h.pmtx("-f", "vtl:L700", "exchange", "2", "3", "24");
    h.pmtx("-f", "vtl:L700", "eepos", "1", "transfer", "3", "2");
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "eepos", "5", "transfer", "3", "2").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "eepos").exit());
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "invert", "load", "4", "0").exit());
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "invert2", "exchange", "2", "3").exit());
    h.pmtx("-f", "vtl:L700", "position", "5", "position", "99", "inventory");
    h.assertGolden("pmtx-transfer-exchange");
  }

  @Test
  void firstLastNextPrevious() throws Exception {
    h.pmtx("-f", "vtl:L700", "first", "first", "next", "next", "previous", "status");
    h.pmtx("-f", "vtl:L700", "unload", "transfer", "4", "21", "transfer", "5", "24", "next");
    h.pmtx("-f", "vtl:L700", "unload", "previous", "2");
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "next", "3").exit());
    h.pmtx("-f", "vtl:L700", "last", "2", "last", "2", "previous", "2", "unload", "38", "2");
    h.pmtx("-f", "vtl:L700", "first", "0", "previous", "0");
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "last", "0").exit());
    h.assertGolden("pmtx-first-last-next-previous");
  }

  @Test
  void inquiryEjectAndJson() throws Exception {
    h.pmtx("-f", "vtl:L700", "inquiry");
    h.pmtx("-f", "vtl:L80", "inquiry");
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "eject").exit());
    h.pmtx("-f", "vtl:L700", "--output-format", "json-pretty", "inquiry");
    h.pmtx("-f", "vtl:L700", "--output-format", "json", "load", "1", "0");
    h.pmtx("-f", "vtl:L80", "--output-format", "json", "status", "--verbose");
    h.pmtx("-f", "vtl:L700", "--output-format", "json", "unload", "status");
    h.pmtx("--output-format", "json", "scan");
    h.assertGolden("pmtx-inquiry-json");
  }

  @Test
  void deviceSelectionAndDeviceErrors() throws Exception {
    h.env(Map.of("CHANGER", "vtl:L80"));
    h.pmtx("inquiry");
    h.env(Map.of("TAPE", "vtl:L700"));
    h.pmtx("inquiry");
    h.env(Map.of());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmtx("status").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmtx("-f", "vtl:NOPE", "status").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), h.pmtx("-f", "vtl:L700:0", "status").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), h.pmtx("-f", "/dev/null", "status").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), h.pmtx("-f", "/dev/tapekit-no-such-changer", "status").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:", "status").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "frob").exit());
    assertEquals(ExitCode.USAGE.code(), h.pmtx("-f", "vtl:L700", "--output-format", "xml", "status").exit());
    assertEquals(0, h.pmtx().exit());
    h.assertGolden("pmtx-device-errors");
  }

  /**
   * A library without EXCHANGE MEDIUM (like mhvtl's), then one refusing READ ELEMENT STATUS or INQUIRY:
   * mtx's sense printout and its lines.
   */
  @Test
  void commandsTheLibraryRefuses() throws Exception {
    h.opener(device -> refusing(Devices.open(device), 0xA6));
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "exchange", "2", "3").exit());
    assertEquals(0, h.pmtx("-f", "vtl:L700", "transfer", "2", "21").exit());
    h.opener(device -> refusing(Devices.open(device), 0xB8));
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "status").exit());
    h.opener(device -> refusing(Devices.open(device), 0x12));
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "inquiry").exit());
    assertEquals(ExitCode.FAILED.code(), h.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
    h.assertGolden("pmtx-no-exchange");
  }

  /** Answers one opcode with CHECK CONDITION, ILLEGAL REQUEST 20/00 (invalid command operation code). */
  private static ScsiTransport refusing(ScsiTransport delegate, int opcode) {
    return InterceptingTransport.over(delegate, new ArrayList<>())
        .answer(InterceptingTransport.opcode(opcode), InterceptingTransport.illegalRequest(0x20));
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    ToolHarness.Result r = h.pmtx("--help");
    assertEquals(0, r.exit());
    for (ExitCode c : ExitCode.values()) {
      assertTrue(r.out().contains(c.meaning()), c.name());
    }
    for (MtxCommand.Word w : MtxCommand.Word.values()) {
      assertTrue(r.out().contains(w.word()), w.word());
    }
  }

  @Test
  void busyLibraryIsExitCodeFive() throws Exception {
    try (dev.tapekit.vtl.VirtualLibrary other = dev.tapekit.vtl.VirtualLibrary.open(VtlHomeExtension.home(), "L700")) {
      ToolHarness.Result r = h.pmtx("-f", "vtl:L700", "status");
      assertEquals(4, other.drives().size());
      assertEquals(ExitCode.BUSY.code(), r.exit());
      assertTrue(r.err().contains("in use by another process"), r.err());
    }
  }
}
