package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the device map of the real-kernel harness against the guest's sysfs and /dev: the nodes
 * the other kernel tests open exist, are character devices of the expected drivers, and describe
 * the devices the harness set up (scsi_debug tape, tgt drives and changer).
 */
@Tag("kernel")
class KernelDevicesTest {
  private static final int SCSI_GENERIC_MAJOR = 21;
  private static final int SCSI_TAPE_MAJOR = 9;
  private final KernelDevices devices = KernelDevices.get();

  @ParameterizedTest
  @CsvSource({
    "sd, 1, Linux, scsi_debug",
    "drive0, 1, IBM, ULT3580-TD8",
    "drive1, 1, IBM, ULT3580-TD8",
    "changer, 8, STK, L700"
  })
  void sgNodeDescribesTheExpectedDevice(String role, int type, String vendor, String model) throws IOException {
    String sg = devices.sg(role);
    Path sysfs = KernelDevices.sysfsDevice(sg);
    assertEquals(type, Integer.parseInt(KernelDevices.sysfsValue(sysfs.resolve("type"))), role + " peripheral type");
    assertEquals(vendor, KernelDevices.sysfsValue(sysfs.resolve("vendor")), role + " vendor");
    assertEquals(model, KernelDevices.sysfsValue(sysfs.resolve("model")), role + " model");
    assertEquals(String.valueOf(type), devices.get(role + ".type"));
    assertCharDevice(sg, SCSI_GENERIC_MAJOR);
  }

  @ParameterizedTest
  @CsvSource({"sd", "drive0", "drive1"})
  void tapeHasANonRewindingStNodeOnTheSameScsiDevice(String role) throws IOException {
    String nst = devices.nst(role);
    assertCharDevice(nst, SCSI_TAPE_MAJOR);
    Path viaTape = Path.of("/sys/class/scsi_tape", Path.of(nst).getFileName().toString(), "device").toRealPath();
    Path viaSg = KernelDevices.sysfsDevice(devices.sg(role)).toRealPath();
    assertEquals(viaSg, viaTape, nst + " and " + devices.sg(role) + " must be the same SCSI device");
    assertEquals(devices.get(role + ".hctl"), viaSg.getFileName().toString());
  }

  @Test
  void changerHasAnSchNode() throws IOException {
    String sch = devices.get("changer.sch");
    Path viaCh = Path.of("/sys/class/scsi_changer", Path.of(sch).getFileName().toString(), "device").toRealPath();
    assertEquals(KernelDevices.sysfsDevice(devices.sg("changer")).toRealPath(), viaCh);
    assertTrue(Files.exists(Path.of(sch)), sch);
  }

  @Test
  void everyScsiGenericNodeIsMapped() throws IOException {
    try (Stream<Path> nodes = Files.list(Path.of("/sys/class/scsi_generic"))) {
      List<String> expected = new java.util.ArrayList<>(KernelDevices.ROLES.stream().map(devices::sg).toList());
      devices.optionalSg(KernelDevices.TAPEKIT_CHANGER).ifPresent(expected::add);
      devices.optionalSg(KernelDevices.TAPEKIT_DRIVE).ifPresent(expected::add);
      assertEquals(expected.stream().sorted().toList(), nodes.map(p -> "/dev/" + p.getFileName()).sorted().toList());
    }
  }

  @Test
  void libraryHoldsTheBarcodedTapes() {
    String[] barcodes = devices.get("library.barcodes").split(",");
    assertEquals(Integer.parseInt(devices.get("library.tapes")), barcodes.length);
    assertTrue(barcodes.length >= 8, "at least 8 tapes");
    for (String b : barcodes) {
      assertTrue(b.matches("TK\\d{4}L8"), "barcode " + b);
    }
  }

  /** The node exists and its sysfs "dev" (major:minor) names the expected driver's major. */
  private static void assertCharDevice(String node, int major) throws IOException {
    Path dev = Path.of(node);
    assertTrue(Files.exists(dev), node + " exists");
    assertTrue(!Files.isRegularFile(dev) && !Files.isDirectory(dev), node + " is a device node");
    String name = dev.getFileName().toString();
    Path sysDev = Path.of(major == SCSI_GENERIC_MAJOR ? "/sys/class/scsi_generic" : "/sys/class/scsi_tape", name, "dev");
    String majorMinor = KernelDevices.sysfsValue(sysDev);
    assertEquals(major, Integer.parseInt(majorMinor.substring(0, majorMinor.indexOf(':'))), node + " major");
  }
}
