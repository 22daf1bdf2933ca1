package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.sgio.SgIoTransport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * INQUIRY, VPD and MODE SENSE over SgIoTransport on every device of the real-kernel harness,
 * compared byte for byte with what sg_inq, sg_vpd and sg_modes read from the same device, and our
 * field decoding compared with their text output.
 *
 * <p>scsi_debug sits directly on the guest kernel, so its residue is the kernel's: the transferred
 * count must equal the response length. The tgt devices come through QEMU's iSCSI initiator, which
 * reports a residue of 0 (research note kernel-harness.md §6), so their length comes from the
 * response header only.
 */
@Tag("kernel")
class SgIoIdentityKernelTest {
  private static final int ALLOCATION = 252;
  private final KernelDevices devices = KernelDevices.get();

  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void standardInquiryMatchesSgInq(String role) throws Exception {
    byte[] reference = devices.refBytes(role + ".inq.bin");
    String text = devices.refText(role + ".inq.txt");
    KernelScsi.Response response = dataIn(role, Cdbs.inquiry(ALLOCATION));
    byte[] data = response.data();
    int length = Bytes.u8(data, 4, "INQUIRY additional length") + 5;
    assertArrayEquals(reference, Arrays.copyOf(data, length), "INQUIRY bytes of " + role + " vs sg_inq --raw");
    assertTrueResidue(role, length, response.result());
    assertEquals(Integer.parseInt(devices.get(role + ".type")), data[0] & 0x1F, "peripheral device type");
    assertEquals(field(text, "Vendor identification"), Bytes.ascii(data, 8, 8, "vendor").strip());
    assertEquals(field(text, "Product identification"), Bytes.ascii(data, 16, 16, "product").strip());
    assertEquals(field(text, "Product revision level"), Bytes.ascii(data, 32, 4, "revision").strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void unitSerialNumberPageMatchesSgVpd(String role) throws Exception {
    byte[] reference = devices.refBytes(role + ".vpd80.bin");
    String text = devices.refText(role + ".vpd80.txt");
    KernelScsi.Response response = dataIn(role, Cdbs.inquiryVpd(0x80, ALLOCATION));
    byte[] data = response.data();
    assertEquals(0x80, Bytes.u8(data, 1, "VPD page code"));
    int length = Bytes.u16(data, 2, "VPD page length") + 4;
    assertArrayEquals(reference, Arrays.copyOf(data, length), "VPD 0x80 bytes of " + role + " vs sg_vpd --raw");
    assertTrueResidue(role, length, response.result());
    assertEquals(field(text, "Unit serial number"), Bytes.ascii(data, 4, length - 4, "serial").strip());
  }

  /** MODE SENSE(10), all pages, current values: sg_modes runs right after us, at the same device state. */
  @ParameterizedTest
  @ValueSource(strings = {"sd", "drive0", "drive1", "changer"})
  void modeSenseAllPagesMatchesSgModes(String role) throws Exception {
    KernelScsi.Response response = dataIn(role, Cdbs.modeSense10(0, 0x3F, 8192));
    byte[] data = response.data();
    int length = Bytes.u16(data, 0, "mode data length") + 2;
    byte[] reference = KernelScsi.toolOutput("sg_modes", "--all", "--raw", devices.sg(role));
    assertArrayEquals(reference, Arrays.copyOf(data, length), "MODE SENSE(10) bytes of " + role + " vs sg_modes");
    assertTrueResidue(role, length, response.result());
    // The pages must tile the mode data exactly: header, block descriptors, then page after page.
    int off = 8 + Bytes.u16(data, 6, "block descriptor length");
    while (off < length) {
      off += Bytes.u8(data, off + 1, "page length") + 2;
    }
    assertEquals(length, off, "end of the last mode page");
  }

  @ParameterizedTest
  @CsvSource({"sd, nst", "drive0, nst", "drive1, nst", "changer, sch"})
  void openingTheStOrChNodeTalksToItsSgNode(String role, String node) throws Exception {
    try (SgIoTransport t = SgIoTransport.open(devices.get(role + "." + node))) {
      assertEquals(Path.of(devices.sg(role)), t.sgNode());
      byte[] data = new KernelScsi(t).readGood(Cdbs.inquiry(36), 36);
      assertEquals(Integer.parseInt(devices.get(role + ".type")), data[0] & 0x1F);
    }
  }

  /** Sends one data-in command (allocation length from its CDB) to the role's sg node; it must end GOOD. */
  private KernelScsi.Response dataIn(String role, byte[] cdb) throws Exception {
    int allocation = cdb.length == 6 ? Bytes.u16(cdb, 3, "allocation") : Bytes.u16(cdb, 7, "allocation");
    try (SgIoTransport t = SgIoTransport.open(devices.sg(role))) {
      return new KernelScsi(t).inGood(cdb, allocation);
    }
  }

  /** scsi_debug is the only device whose residue reaches us unchanged (see the class comment). */
  private static void assertTrueResidue(String role, int length, ScsiResult r) {
    if (role.equals("sd")) {
      assertEquals(length, r.transferred(), () -> "transferred bytes (residue " + r.residue() + ")");
    }
  }

  /** The value of a "Name: value" line in sg3_utils output, surrounding blanks removed. */
  static String field(String text, String name) {
    Matcher m = Pattern.compile("^\\s*" + Pattern.quote(name) + ":(.*)$", Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      fail("no '" + name + ":' line in sg3_utils output:\n" + text);
    }
    return m.group(1).strip();
  }
}
