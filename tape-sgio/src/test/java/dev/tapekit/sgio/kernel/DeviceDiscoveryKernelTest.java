package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.sgio.discovery.DeviceDiscovery;
import dev.tapekit.sgio.discovery.DeviceType;
import dev.tapekit.sgio.discovery.DiscoveredDevice;
import dev.tapekit.sgio.SgIoTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DeviceDiscovery} on the guest's real sysfs: it must find what the harness's shell
 * discovery found, agree with {@code lsscsi -g} and {@code sg_vpd} field by field, and hand out
 * paths that {@link SgIoTransport} opens to the same device. The guest has no udev, so there are
 * no {@code /dev/tape/by-id} links and the preferred path is the sg node.
 */
@Tag("kernel")
class DeviceDiscoveryKernelTest {
  private final KernelDevices devices = KernelDevices.get();

  @ParameterizedTest
  @CsvSource({"sd, TAPE, nst", "drive0, TAPE, nst", "drive1, TAPE, nst", "changer, CHANGER, sch"})
  void findsEveryHarnessDeviceWithItsAttributes(String role, DeviceType type, String node) throws Exception {
    DiscoveredDevice d = bySgNode().get(Path.of(devices.sg(role)));
    assertTrue(d != null, () -> role + " (" + devices.sg(role) + ") not discovered");
    assertEquals(type, d.type());
    assertEquals(devices.get(role + ".hctl"), d.address().toString());
    assertEquals(devices.get(role + ".vendor"), d.vendor());
    assertEquals(devices.get(role + ".model"), d.model());
    assertEquals(devices.get(role + ".rev"), d.revision());
    assertEquals(Optional.of(Path.of(devices.get(role + "." + node))), d.deviceNode());
    assertEquals(List.of(), d.byIdLinks(), "no udev in the guest");
    assertEquals(d.sgNode(), d.preferredPath());
  }

  @Test
  void splitsTapeDrivesFromChangers() throws Exception {
    DeviceDiscovery discovery = new DeviceDiscovery();
    List<String> drives = new java.util.ArrayList<>(List.of(devices.sg("sd"), devices.sg("drive0"), devices.sg("drive1")));
    devices.optionalSg(KernelDevices.TAPEKIT_DRIVE).ifPresent(drives::add);
    List<String> changers = new java.util.ArrayList<>(List.of(devices.sg("changer")));
    devices.optionalSg(KernelDevices.TAPEKIT_CHANGER).ifPresent(changers::add);
    assertEquals(drives.stream().sorted().toList(),
        discovery.tapeDrives().stream().map(d -> d.sgNode().toString()).sorted().toList());
    assertEquals(changers.stream().sorted().toList(),
        discovery.changers().stream().map(d -> d.sgNode().toString()).sorted().toList());
  }

  /** Each {@code lsscsi -g} line: {@code [H:C:T:L] type vendor model rev devnode sgnode} (no blanks inside fields here). */
  @Test
  void agreesWithLsscsi() throws Exception {
    Map<Path, DiscoveredDevice> found = bySgNode();
    List<String> lines = devices.refText("lsscsi.txt").lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(found.size(), lines.size(), "lsscsi -g lines vs discovered devices");
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      DiscoveredDevice d = found.get(Path.of(f[6]));
      assertTrue(d != null, () -> "lsscsi device not discovered: " + line);
      assertEquals(f[0], "[" + d.address() + "]", line);
      assertEquals(f[2], d.vendor(), line);
      assertEquals(f[3], d.model(), line);
      assertEquals(f[4], d.revision(), line);
      // lsscsi names the rewinding st node where discovery prefers the non-rewinding one.
      assertEquals(f[5], d.deviceNode().map(n -> n.toString().replace("/dev/nst", "/dev/st")).orElse("-"), line);
    }
  }

  @ParameterizedTest
  @CsvSource({"sd", "drive0", "drive1", "changer"})
  void serialNumberMatchesSgVpd(String role) throws Exception {
    DiscoveredDevice d = bySgNode().get(Path.of(devices.sg(role)));
    String expected = SgIoIdentityKernelTest.field(devices.refText(role + ".vpd80.txt"), "Unit serial number");
    assertEquals(Optional.of(expected), d.serial(), role + " serial from sysfs vpd_pg80");
  }

  @Test
  void preferredPathsOpenTheDiscoveredDevice() throws Exception {
    for (DiscoveredDevice d : new DeviceDiscovery().scan()) {
      try (SgIoTransport t = SgIoTransport.open(d.preferredPath().toString())) {
        assertEquals(d.sgNode(), t.sgNode());
        byte[] inquiry = new KernelScsi(t).readGood(Cdbs.inquiry(36), 36);
        assertEquals(d.type().peripheralType(), inquiry[0] & 0x1F, d.toString());
      }
    }
  }

  private static Map<Path, DiscoveredDevice> bySgNode() throws Exception {
    return new DeviceDiscovery().scan().stream().collect(Collectors.toMap(DiscoveredDevice::sgNode, Function.identity()));
  }
}
