package dev.tapekit.vtl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.testing.Sg3Utils;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our target's responses decoded by sg3_utils' offline decoders (--inhex/--in): an independent
 * implementation of the same T10 structures. Skipped when sg3_utils is absent, unless the build sets
 * {@code tapekit.require.sg3utils=true}.
 */
class Sg3UtilsCrossCheckTest {
  @TempDir Path dir;
  Cdbs drive;
  CartridgeFile cartridge;

  @BeforeEach
  void loadDrive() throws Exception {
    cartridge = CartridgeFile.create(dir.resolve("E01001L8.tkc"),
        CartridgeInfo.fresh(Barcode.parse("E01001L8"), 64 << 20, "20260101"));
    VirtualTapeDrive d = new VirtualTapeDrive("vtl:x:0", DrivePersonality.ibmLto(8), "XYZZY_A1",
        new byte[] {0x50, 0x22, 0x33, 0x44, (byte) 0xab, 0, 1, 0}, new FaultPlan());
    d.insert(cartridge);
    drive = new Cdbs(d);
    drive.clearUnitAttentions();
    drive.write(new byte[3 << 20]).expectGood();
    drive.writeFilemarks(1).expectGood();
  }

  private static void contains(String out, String... expected) {
    for (String e : expected) {
      assertTrue(out.contains(e), () -> "missing '" + e + "' in:\n" + out);
    }
  }

  @Test
  void inquiryAndVpd() throws Exception {
    contains(Sg3Utils.runOnHexFile(drive.in(96, 0x12, 0, 0, 0, 96, 0).data(), "sg_inq", "-d", "--inhex={}"),
        "PDT=1", "RMB=1", "version=0x06", "Vendor identification: IBM", "Product identification: ULT3580-TD8",
        "Product revision level: 2160", "SPC-4", "SSC-3");
    contains(Sg3Utils.runOnHexFile(drive.in(255, 0x12, 1, 0x00, 0, 255, 0).data(), "sg_vpd", "--inhex={}"),
        "Unit serial number", "Device identification", "Sequential access device capabilities", "Manufacturer assigned serial number");
    contains(Sg3Utils.runOnHexFile(drive.in(255, 0x12, 1, 0x80, 0, 255, 0).data(), "sg_vpd", "--inhex={}"), "Unit serial number: XYZZY_A1");
    contains(Sg3Utils.runOnHexFile(drive.in(255, 0x12, 1, 0x83, 0, 255, 0).data(), "sg_vpd", "--inhex={}"),
        "vendor id: IBM", "vendor specific: ULT3580-TD8     XYZZY_A1", "designator type: NAA", "0x50223344ab000100");
    contains(Sg3Utils.runOnHexFile(drive.in(255, 0x12, 1, 0xB0, 0, 255, 0).data(), "sg_vpd", "--inhex={}"), "WORM=1");
  }

  @Test
  void logPages() throws Exception {
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x0C, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Sequential access device page", "Native capacity from BOP to EOD: 3 MB",
        "Minimum native capacity from EW to EOP of current partition: 2 MB");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x17, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Volume statistics", "Thread count: 1", "Lifetime megabytes written: 3", "Volume barcode: E01001L8");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x2E, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Tape alert page");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x17, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Native capacity partition(s) [MB]:\n    partition number: 0, partition record data counter: 67",
        "Used native capacity partition(s) [MB]:\n    partition number: 0, partition record data counter: 3",
        "Remaining native capacity partition(s) [MB]:\n    partition number: 0, partition record data counter: 63");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x02, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Write error counter page", "Total bytes processed = 3145728", "Total uncorrected errors = 0");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x03, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "Read error counter page", "Total bytes processed = 0");
    contains(Sg3Utils.runOnHexFile(drive.in(512, 0x4D, 0, 0x11, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=1", "--in={}"),
        "DT device status", "MOUNTED=1");
  }

  @Test
  void attributesAndSense() throws Exception {
    contains(Sg3Utils.runOnHexFile(drive.in(4096, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).data(), "sg_read_attr", "--in={}"),
        "Load count: 1", "Medium serial number: E01001L8", "Total MiB written in medium life: 3");
    byte[] sense = drive.read(100, false).result().sense();
    contains(Sg3Utils.runOnHexFile(sense, "sg_decode_sense", "--file={}"), "Sense key: Blank Check", "End-of-data detected", "Info fld=0x64 [100]  EOM");
  }

  @Test
  void changerLogPages() throws Exception {
    VirtualLibrary.create(dir, TestLibraries.layout("SG", 2, 1, 1, Map.of(), 1,
        ThreadedRemoval.UNLOAD_ALWAYS), Clock.systemUTC()).close();
    try (ScsiTransport t = VirtualLibraries.open("vtl:SG", dir)) {
      Cdbs changer = new Cdbs(t);
      changer.clearUnitAttentions();
      VirtualLibraries.library(t).changer().setTemperature(31);
      contains(Sg3Utils.runOnHexFile(changer.in(512, 0x4D, 0, 0x40, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=8", "--in={}"),
          "Supported log pages", "0x0d        Temperature", "0x2e");
      contains(Sg3Utils.runOnHexFile(changer.in(512, 0x4D, 0, 0x4D, 0, 0, 0, 0, 0x02, 0, 0).data(), "sg_logs", "--pdt=8", "--in={}"),
          "Current temperature = 31 C", "Reference temperature = 40 C");
    }
  }
}
