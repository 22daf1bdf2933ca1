package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.log.LogPage;
import dev.tapekit.scsi.log.SupportedLogPages;
import dev.tapekit.scsi.mode.ModePage;
import dev.tapekit.scsi.mode.ModeParameters;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.scsi.spc.DeviceIdentification;
import dev.tapekit.scsi.spc.DeviceIdentification.Designator;
import dev.tapekit.scsi.spc.DeviceIdentification.DesignatorType;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.scsi.spc.StandardInquiry;
import dev.tapekit.scsi.spc.VersionDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our decoders (StandardInquiry, SerialNumberVpd, DeviceIdentification, ModeParameters, the log
 * pages) on the bytes the real devices return, compared with the text sg_inq, sg_vpd, sg_modes and
 * sg_logs print when run on the same device in the guest, at the same state. tgt has no LOG SENSE,
 * so log pages come from scsi_debug only.
 */
@Tag("kernel")
class DecodersVsSg3UtilsKernelTest {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w\\[])([A-Za-z0-9_]+)=(0x[0-9a-f]+|\\d+)");
  private final KernelDevices devices = KernelDevices.get();

  private byte[] dataIn(String role, byte[] cdb, int allocation) throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.sg(role))) {
      return new KernelScsi(t).readGood(cdb, allocation);
    }
  }

  private String tool(String... command) throws Exception {
    return new String(KernelScsi.toolOutput(command), StandardCharsets.UTF_8);
  }

  /** Every NAME=VALUE flag of sg_inq's standard INQUIRY block, e.g. {@code PDT=1}, {@code CmdQue=1}. */
  private static Map<String, Integer> flags(String sgInq) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher m = FLAG.matcher(sgInq.substring(0, sgInq.indexOf("Vendor identification")));
    while (m.find()) {
      String v = m.group(2);
      out.put(m.group(1), v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v));
    }
    return out;
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void standardInquiryFieldsEqualSgInq(String role) throws Exception {
    StandardInquiry q = StandardInquiry.parse(dataIn(role, Cdbs.inquiry(252), 252));
    String text = tool("sg_inq", "-d", devices.sg(role));
    Map<String, Integer> theirs = flags(text);
    Map<String, Integer> ours = new LinkedHashMap<>();
    ours.put("PQual", q.peripheralQualifier());
    ours.put("PDT", q.deviceTypeCode());
    ours.put("RMB", bit(q.removable()));
    ours.put("LU_CONG", bit(q.luCongregate()));
    ours.put("version", q.version());
    ours.put("NormACA", bit(q.normAca()));
    ours.put("HiSUP", bit(q.hiSup()));
    ours.put("Resp_data_format", q.responseDataFormat());
    ours.put("SCCS", bit(q.sccs()));
    ours.put("ACC", bit(q.acc()));
    ours.put("TPGS", q.tpgs());
    ours.put("3PC", bit(q.thirdPartyCopy()));
    ours.put("Protect", bit(q.protect()));
    ours.put("EncServ", bit(q.encServ()));
    ours.put("MultiP", bit(q.multiP()));
    ours.put("CmdQue", bit(q.cmdQue()));
    for (Map.Entry<String, Integer> e : ours.entrySet()) {
      assertEquals(theirs.get(e.getKey()), e.getValue(), e.getKey() + " of " + role + "; sg_inq said:\n" + text);
    }
    assertEquals(SgIoIdentityKernelTest.field(text, "Vendor identification"), q.vendor().strip());
    assertEquals(SgIoIdentityKernelTest.field(text, "Product identification"), q.product().strip());
    assertEquals(SgIoIdentityKernelTest.field(text, "Product revision level"), q.revision().strip());
    assertTrue(text.contains("[" + q.versionName() + "]"), q.versionName() + " in\n" + text);
    // sg_inq names every revision ("SSC-4 T10/BSR INCITS 516 revision 3"), we name the standard and
    // the code: the standards must be the same, in the same order.
    List<String> theirStandards = text.lines().dropWhile(l -> !l.strip().equals("Version descriptors:")).skip(1)
        .takeWhile(l -> l.startsWith("    ")).map(l -> l.strip().split(" ")[0]).toList();
    assertEquals(theirStandards, q.versionDescriptors().stream().map(VersionDescriptor::standard).toList(), text);
    Matcher type = Pattern.compile("Peripheral device type: (.*)").matcher(text);
    assertTrue(type.find(), text);
    assertEquals(type.group(1).strip(), q.deviceType().text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void unitSerialNumberEqualsSgVpd(String role) throws Exception {
    SerialNumberVpd vpd = SerialNumberVpd.parseUnitSerialNumber(dataIn(role, Cdbs.inquiryVpd(0x80, 252), 252));
    assertEquals(SgIoIdentityKernelTest.field(devices.refText(role + ".vpd80.txt"), "Unit serial number"),
        vpd.serialNumber().strip());
  }

  /**
   * VPD 0x83 rendered by us and by sg_vpd: the same association groups and designator type lines in
   * the same order, and every designator's value (NAA/EUI hex, SCSI name and vendor text) in theirs.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void deviceIdentificationRendersLikeSgVpd(String role) throws Exception {
    DeviceIdentification di = DeviceIdentification.parse(dataIn(role, Cdbs.inquiryVpd(0x83, 1024), 1024));
    assertFalse(di.designators().isEmpty(), role + " names itself in VPD 0x83");
    String ours = di.render();
    String theirs = tool("sg_vpd", "--page=0x83", devices.sg(role));
    assertEquals(structure(theirs), structure(ours), "sg_vpd said:\n" + theirs + "\nwe said:\n" + ours);
    for (Designator d : di.designators()) {
      List<String> values = switch (d.type()) {
        case NAA, EUI_64 -> List.of(d.hex());
        case T10_VENDOR_ID -> List.of("vendor id: " + ascii(d.designator(), 0, 8).strip(),
            "vendor specific: " + ascii(d.designator(), 8, d.designator().length - 8).strip());
        case SCSI_NAME_STRING -> List.of(d.text().orElseThrow().strip());
        default -> List.of();
      };
      for (String value : values) {
        assertTrue(theirs.contains(value), value + " (" + d.type() + ") not in\n" + theirs);
      }
    }
  }

  /** ASCII up to the first NUL, as sg_vpd prints it (tgt pads its T10 designator with NULs). */
  private static String ascii(byte[] b, int offset, int length) {
    String s = new String(b, offset, length, StandardCharsets.US_ASCII);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  private static List<String> structure(String rendered) {
    return rendered.lines().filter(l -> l.matches("  \\S.*:") || l.startsWith("    designator type:")).toList();
  }

  /**
   * MODE SENSE(10) all pages decoded by ModeParameters against sg_modes --all at the same state: header
   * fields, the block descriptor's density, and each page's bytes in the order sg_modes dumps them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void modeParametersEqualSgModes(String role) throws Exception {
    byte[] data = dataIn(role, Cdbs.modeSense10(0, 0x3F, 8192), 8192);
    ModeParameters mp = ModeParameters.parse10(Arrays.copyOf(data, Bytes.u16(data, 0, "mode data length") + 2));
    String text = tool("sg_modes", "--all", devices.sg(role));
    // sg_modes prints the whole reply's length as "Mode data length": the field plus its own 2 bytes.
    assertEquals(number(text, "Mode data length=(\\d+)"), mp.modeDataLength() + 2, text);
    assertEquals(number(text, "medium type=0x([0-9a-f]+)", 16), mp.mediumType(), text);
    assertEquals(number(text, "specific param=0x([0-9a-f]+)", 16), mp.deviceSpecificParameter(), text);
    assertEquals(number(text, "longlba=(\\d)"), bit(mp.longLba()), text);
    assertEquals(number(text, "Block descriptor length=(\\d+)"), 8 * mp.blockDescriptors().size(), text);
    mp.blockDescriptor().ifPresent(bd ->
        assertEquals(number(text, "Density code=0x([0-9a-f]+)", 16), bd.densityCode(), text));
    List<byte[]> theirs = pageDumps(text);
    assertEquals(mp.pages().size(), theirs.size(), "pages in\n" + text);
    for (int i = 0; i < theirs.size(); i++) {
      ModePage p = mp.pages().get(i);
      assertArrayEquals(theirs.get(i), p.encode(), "page " + Integer.toHexString(p.pageCode()) + " of " + role);
    }
  }

  /** The bytes of each page sg_modes dumps: the hex rows after each {@code >> } title line. */
  private static List<byte[]> pageDumps(String text) {
    List<byte[]> pages = new ArrayList<>();
    ByteArrayOutputStream current = null;
    for (String line : text.lines().toList()) {
      if (line.startsWith(">> ")) {
        current = new ByteArrayOutputStream();
        pages.add(null);
      } else if (current != null && line.matches(" [0-9a-f]{2,4}     .*")) {
        current.writeBytes(HexFormat.of().parseHex(line.substring(line.indexOf("     ")).replace(" ", "")));
        pages.set(pages.size() - 1, current.toByteArray());
      } else {
        current = null;
      }
    }
    return pages;
  }

  /** LOG SENSE page 0 on scsi_debug, decoded by SupportedLogPages, lists what sg_logs lists. */
  @Test
  void supportedLogPagesEqualSgLogs() throws Exception {
    SupportedLogPages ours = SupportedLogPages.parse(dataIn("sd", Cdbs.logSense(1, 0, 1024), 1024));
    String text = tool("sg_logs", devices.sg("sd"));
    List<String> theirs = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+0x([0-9a-f]{2})\\s").matcher(text);
    while (m.find()) {
      theirs.add(m.group(1));
    }
    assertEquals(theirs, ours.pages().stream().map(e -> String.format("%02x", e.pageCode())).toList(), text);
  }

  /** Temperature (0Dh) and Informational Exceptions (2Fh) on scsi_debug: the values sg_logs prints. */
  @Test
  void temperatureAndInformationalExceptionsEqualSgLogs() throws Exception {
    LogPage temperature = LogPage.parse(dataIn("sd", Cdbs.logSense(1, 0x0D, 1024), 1024));
    String t = tool("sg_logs", "--page=0xd", devices.sg("sd"));
    assertEquals(number(t, "Current temperature = (\\d+) C"), temperature.parameter(0).orElseThrow().value()[1] & 0xFF);
    assertEquals(number(t, "Reference temperature = (\\d+) C"), temperature.parameter(1).orElseThrow().value()[1] & 0xFF);

    LogPage ie = LogPage.parse(dataIn("sd", Cdbs.logSense(1, 0x2F, 1024), 1024));
    String i = tool("sg_logs", "--page=0x2f", devices.sg("sd"));
    byte[] v = ie.parameter(0).orElseThrow().value();
    assertEquals(number(i, "IE asc = 0x([0-9a-f]+)", 16), v[0] & 0xFF);
    assertEquals(number(i, "ascq = 0x([0-9a-f]+)", 16), v[1] & 0xFF);
    assertEquals(number(i, "Current temperature = (\\d+) C"), v[2] & 0xFF);
  }

  private static int number(String text, String regex) {
    return number(text, regex, 10);
  }

  private static int number(String text, String regex, int radix) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      fail("/" + regex + "/ not in sg3_utils output:\n" + text);
    }
    return Integer.parseInt(m.group(1), radix);
  }
}
