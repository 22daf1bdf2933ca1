package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The device map that the real-kernel harness ({@code it/kernel/run.sh}) discovers from sysfs in
 * the QEMU guest, plus the reference outputs that sg3_utils, mt and mtx produced there.
 *
 * <p>The map is the properties file named by the system property {@code tapekit.kernel.devices}.
 * Keys are {@code <role>.<item>}: roles {@code sd} (scsi_debug tape), {@code drive0}/{@code drive1}
 * (tgt tape drives in H:C:T:L order) and {@code changer} (tgt changer); items {@code sg}, {@code
 * nst}, {@code sch}, {@code hctl}, {@code type}, {@code vendor}, {@code model}, {@code rev}. A kernel
 * test run without the harness fails with a message that says how to run it: these tests are
 * configured or broken, never silently skipped.
 */
public final class KernelDevices {
  static final String PROPERTY = "tapekit.kernel.devices";
  static final List<String> ROLES = List.of("sd", "drive0", "drive1", "changer");
  /**
   * tapekit's own iSCSI target (tape vtl serve's KITQ library) presented beside tgt's by QEMU's client:
   * its changer and a drive, in the map when the harness attached them; the tests on the roles above
   * leave them alone, the ones that list every device count them.
   */
  static final String TAPEKIT_CHANGER = "kitq.changer";
  static final String TAPEKIT_DRIVE = "kitq.drive";

  private static KernelDevices instance;

  private final Properties map;
  private final Path refs;

  private KernelDevices(Properties map) {
    this.map = map;
    this.refs = Path.of(get("refs"));
  }

  /** The harness's device map; fails the calling test when the harness did not provide one. */
  public static synchronized KernelDevices get() {
    if (instance == null) {
      String file = System.getProperty(PROPERTY);
      if (file == null || file.isBlank()) {
        fail("no device map: kernel tests run only inside the QEMU guest of it/kernel/run.sh (-D" + PROPERTY + ")");
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        fail("cannot read the device map " + file + ": " + e);
      }
      instance = new KernelDevices(p);
    }
    return instance;
  }

  /** The value of {@code key}; fails when the harness did not discover it. */
  public String get(String key) {
    String v = map.getProperty(key);
    if (v == null) {
      fail("device map has no " + key + " (discovery in it/kernel/guest.sh did not find it)");
    }
    return v;
  }

  public String sg(String role) {
    return get(role + ".sg");
  }

  /** The sg node of {@code role} when the map has it (tapekit's target is attached in the default run). */
  public java.util.Optional<String> optionalSg(String role) {
    return java.util.Optional.ofNullable(map.getProperty(role + ".sg"));
  }

  public String nst(String role) {
    return get(role + ".nst");
  }

  /** A reference file written by the guest script, e.g. {@code sd.inq.bin}. */
  Path ref(String name) {
    Path p = refs.resolve(name);
    if (!Files.isRegularFile(p)) {
      fail("reference output " + p + " is missing: the shell checks in it/kernel/guest.sh did not run or failed");
    }
    return p;
  }

  byte[] refBytes(String name) throws IOException {
    return Files.readAllBytes(ref(name));
  }

  public String refText(String name) throws IOException {
    return Files.readString(ref(name), StandardCharsets.UTF_8);
  }

  /** The sysfs directory of an sg node's SCSI device, e.g. {@code /sys/class/scsi_generic/sg0/device}. */
  static Path sysfsDevice(String sgNode) {
    return Path.of("/sys/class/scsi_generic", Path.of(sgNode).getFileName().toString(), "device");
  }

  static String sysfsValue(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }
}
