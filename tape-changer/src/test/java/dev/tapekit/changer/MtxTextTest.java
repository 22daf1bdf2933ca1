package dev.tapekit.changer;

import static dev.tapekit.changer.testing.ElementStatusEncoder.sense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.changer.testing.ScriptedLibrary;
import dev.tapekit.scsi.sense.SenseData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden text: what mtx 1.3.12 prints for the same library state. */
class MtxTextTest {

  static String golden(String name) throws IOException {
    try (InputStream in = MtxTextTest.class.getResourceAsStream("golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** 6 slots, 2 mail slots, 2 drives; mixed tag styles; drive 0 loaded from slot 2. */
  static ScriptedLibrary scenario() {
    ScriptedLibrary lib = ScriptedLibrary.standard(6, 2, 2);
    lib.slot(0).full("E01001L8");
    byte[] mhvtl = new byte[36];
    Arrays.fill(mhvtl, (byte) ' ');
    System.arraycopy("E01003L8".getBytes(StandardCharsets.US_ASCII), 0, mhvtl, 0, 8);
    lib.slot(2).full = true;
    lib.slot(2).rawTag = mhvtl;
    byte[] blank = new byte[36];
    Arrays.fill(blank, (byte) ' ');
    lib.slot(3).rawTag = blank;
    lib.slot(4).full("CLN001L1");
    lib.mailSlots.get(0).full("E01010L8");
    lib.drives.get(0).full("E01002L8").loadedFrom(1001);
    return lib;
  }

  @Test
  void statusIsMtxExact() throws Exception {
    MtxLibrary v = MtxLibrary.of(SmcChanger.open(scenario()).status());
    assertEquals(golden("status-mtx.txt"), MtxText.status("/dev/sg5", v));
  }

  @Test
  void statusTrimmed() throws Exception {
    MtxLibrary v = MtxLibrary.of(SmcChanger.open(scenario()).status());
    assertEquals(golden("status-trimmed.txt"), MtxText.status("/dev/sg5", v, MtxText.TagStyle.TRIMMED));
  }

  @Test
  void statusWithUnknownSourceAndAlternateTags() throws Exception {
    ScriptedLibrary lib = ScriptedLibrary.standard(2, 0, 1);
    lib.alternateTags = true;
    lib.slot(0).full("A1");
    lib.slot(1).full("A2");
    lib.slot(1).alternateTag = "ALT2";
    lib.drives.get(0).full("D1").loadedFrom(1000);
    lib.drives.get(0).alternateTag = "ALT1";
    MtxLibrary v = MtxLibrary.of(SmcChanger.open(lib).status());
    assertEquals(golden("status-unknown-alternate.txt"), MtxText.status("/dev/sg5", v));
  }

  @Test
  void headerShowsDevicePathAsGiven() throws Exception {
    MtxLibrary v = MtxLibrary.of(SmcChanger.open(scenario()).status());
    String first = MtxText.status("/dev/tape/by-id/scsi-1ADIC_1", v).lines().findFirst().orElseThrow();
    assertEquals("  Storage Changer /dev/tape/by-id/scsi-1ADIC_1:2 Drives, 8 Slots ( 2 Import/Export )", first);
  }

  @Test
  void inquiry() throws Exception {
    assertEquals(golden("inquiry.txt"), MtxText.inquiry(SmcChanger.open(scenario()).inquiry()));
  }

  @Test
  void progressLines() {
    assertEquals("Loading media from Storage Element 3 into drive 0...", MtxText.loading(3, 0));
    assertEquals("Unloading drive 1 into Storage Element 40...", MtxText.unloading(1, 40));
  }

  @Test
  void requestSenseWithResidualAndFieldPointer() throws Exception {
    byte[] s = sense(5, 0x24, 0x00, 0xCB, 0x00, 0x07);
    s[0] = (byte) 0xF0;
    s[3] = 0x12;
    s[6] = 0x34;
    s[2] |= (byte) 0xA0;
    assertEquals(List.of(
            "mtx: Request Sense: Long Report=yes",
            "mtx: Request Sense: Valid Residual=yes",
            "mtx: Request Sense: Error Code=70 (Current)",
            "mtx: Request Sense: Sense Key=Illegal Request",
            "mtx: Request Sense: FileMark=yes",
            "mtx: Request Sense: EOM=no",
            "mtx: Request Sense: ILI=yes",
            "mtx: Request Sense: Residual = 12 00 00 34",
            "mtx: Request Sense: Additional Sense Code = 24",
            "mtx: Request Sense: Additional Sense Qualifier = 00",
            "mtx: Request Sense: Field in Error = 03",
            "mtx: Request Sense: BPV=yes",
            "mtx: Request Sense: Error in CDB=yes",
            "mtx: Request Sense: SKSV=yes",
            "mtx: Request Sense: Field Pointer = 00 07"),
        MtxText.requestSense(SenseData.parse(s)));
  }

  @Test
  void requestSenseNamesKeysAsMtx() throws Exception {
    byte[] s = sense(0x0A, 0, 0);
    s[0] = 0x71;
    List<String> lines = MtxText.requestSense(SenseData.parse(s));
    assertEquals("mtx: Request Sense: Error Code=71 (Deferred)", lines.get(2));
    assertEquals("mtx: Request Sense: Sense Key=0x0a", lines.get(3));
  }
}
