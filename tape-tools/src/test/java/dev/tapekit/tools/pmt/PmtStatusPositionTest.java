package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.tools.Devices;
import dev.tapekit.tools.InterceptingTransport;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pmt status} never moves the tape and prints -1 where the drive cannot say the position: run on
 * drive 0 of the virtual L700 (two tape files of one block each), with the READ POSITION replies of
 * drives that know less (short form only, position unknown, Linux tgt) scripted over it.
 */
@ExtendWith(VtlHomeExtension.class)
class PmtStatusPositionTest {
  private static final String D = "vtl:L700:0";
  /** Operation codes that only read state: TUR, REQUEST SENSE, READ BLOCK LIMITS, INQUIRY, MODE SENSE(6/10),
   * LOG SENSE, READ POSITION, READ ATTRIBUTE, REPORT DENSITY SUPPORT, SECURITY PROTOCOL IN, MAINTENANCE IN. */
  private static final Set<Integer> READ_ONLY = Set.of(0x00, 0x03, 0x05, 0x12, 0x1A, 0x5A, 0x4D, 0x34, 0x8C, 0x44,
      0xA2, 0xA3);
  private static final Predicate<byte[]> LONG_READ_POSITION =
      cdb -> (cdb[0] & 0xFF) == 0x34 && (cdb[1] & 0x1F) == 0x06;

  private final ToolHarness h = new ToolHarness();
  private final List<byte[]> sent = new ArrayList<>();

  @BeforeEach
  void twoFilesOfOneBlock() {
    assertEquals(0, h.pmtx("-f", "vtl:L700", "load", "1", "0").exit());
    for (int i = 0; i < 2; i++) {
      assertEquals(0, h.pmt(new byte[1000], "-f", D, "write").exit());
    }
  }

  private ToolHarness.Result pmt(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-f";
    all[1] = D;
    System.arraycopy(args, 0, all, 2, args.length);
    ToolHarness.Result r = h.pmt(all);
    assertEquals(0, r.exit(), r.err());
    return r;
  }

  /**
   * {@code pmt status} with the long READ POSITION form answered by {@code reply} (null: by the virtual
   * drive); its position and status-bit lines.
   */
  private List<String> statusWith(InterceptingTransport.Reply reply) {
    h.opener(device -> {
      InterceptingTransport t = InterceptingTransport.over(Devices.open(device), sent);
      return reply == null ? t : t.answer(LONG_READ_POSITION, reply);
    });
    List<String> lines = ToolHarness.lines(pmt("status").out());
    h.opener(Devices::open);
    return List.of(lines.get(1), lines.get(5));
  }

  /** A long-form READ POSITION reply: flags byte, partition 0, object and file numbers. */
  private static InterceptingTransport.Reply longForm(int flags, long object, long file) {
    byte[] b = new byte[32];
    b[0] = (byte) flags;
    for (int i = 0; i < 8; i++) {
      b[15 - i] = (byte) (object >>> (8 * i));
      b[23 - i] = (byte) (file >>> (8 * i));
    }
    return InterceptingTransport.good(b);
  }

  @Test
  void statusSendsOnlyCommandsThatLeaveTheTapeWhereItIs() {
    pmt("rewind");
    pmt("fsf", "1");
    pmt("fsr", "1");
    h.opener(device -> InterceptingTransport.over(Devices.open(device), sent));
    String out = pmt("status").out();
    h.opener(Devices::open);
    for (byte[] cdb : sent) {
      assertTrue(READ_ONLY.contains(cdb[0] & 0xFF), "pmt status sent " + HexFormat.ofDelimiter(" ").formatHex(cdb)
          + ", which is not a command that only reads");
    }
    assertTrue(out.contains("File number=1, block number=-1, partition=0.\n"), out);
    assertEquals("At block 3.\n", pmt("tell").out(), "the tape moved");
  }

  @Test
  void blockNumberWhereReadPositionTellsIt() {
    pmt("rewind");
    assertEquals(List.of("File number=0, block number=0, partition=0.", " BOT ONLINE IM_REP_EN"), statusWith(null));
    pmt("fsr", "1");
    assertEquals(List.of("File number=0, block number=1, partition=0.", " ONLINE IM_REP_EN"), statusWith(null));
    // just past the filemark that follows the first block: file 1, but its block number needs a move
    pmt("fsf", "1");
    assertEquals(List.of("File number=1, block number=-1, partition=0.", " ONLINE IM_REP_EN"), statusWith(null));
  }

  @Test
  void shortFormOnlyGivesNoFileNumber() {
    InterceptingTransport.Reply refused = InterceptingTransport.illegalRequest(0x24);
    pmt("rewind");
    assertEquals(List.of("File number=0, block number=0, partition=0.", " BOT ONLINE IM_REP_EN"), statusWith(refused),
        "BOP in the short form is file 0, block 0");
    pmt("fsr", "1");
    assertEquals(List.of("File number=-1, block number=-1, partition=0.", " ONLINE IM_REP_EN"), statusWith(refused));
  }

  @Test
  void unknownOrContradictoryPositionsPrintMinusOne() {
    pmt("rewind");
    pmt("fsr", "1");
    // LONU: partition and object number unknown
    assertEquals(List.of("File number=-1, block number=-1, partition=0.", " ONLINE IM_REP_EN"),
        statusWith(longForm(0x04, 0, 0)));
    // MPU: the file number is unknown
    assertEquals(List.of("File number=-1, block number=-1, partition=0.", " ONLINE IM_REP_EN"),
        statusWith(longForm(0x08, 5, 0)));
    // Linux tgt: flags 20h and zeros wherever the tape is; object 0 without BOP is no position
    assertEquals(List.of("File number=-1, block number=-1, partition=0.", " ONLINE IM_REP_EN"),
        statusWith(longForm(0x20, 0, 0)));
    // a drive that says BOP at object 0
    assertEquals(List.of("File number=0, block number=0, partition=0.", " BOT ONLINE IM_REP_EN"),
        statusWith(longForm(0x80, 0, 0)));
    // right after the second filemark with no block since: every object so far is a filemark
    assertEquals(List.of("File number=2, block number=0, partition=0.", " EOF ONLINE IM_REP_EN"),
        statusWith(longForm(0x00, 2, 2)));
  }
}
