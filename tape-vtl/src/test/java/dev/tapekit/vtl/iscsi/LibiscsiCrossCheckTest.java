package dev.tapekit.vtl.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tapekit.iscsi.ChapCredentials;
import dev.tapekit.iscsi.IscsiTarget;
import dev.tapekit.scsi.testing.Sg3Utils;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.VirtualLibraryTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our iSCSI target against an initiator no one here wrote: libiscsi's command-line tools (Debian
 * {@code libiscsi-bin}). Discovery and LUN listing ({@code iscsi-ls}), INQUIRY and VPD pages through
 * the target ({@code iscsi-inq}), CHAP one-way and mutual, header digests, and a LUN the target does not
 * have. Skipped when the tools are missing, unless {@code tapekit.require.libiscsi=true} (CI).
 *
 * <p>libiscsi's conformance tool {@code iscsi-test-cu} is not used: every one of its tests, the iSCSI
 * ones included, first sends READ CAPACITY and skips a device that is not a disk.
 */
class LibiscsiCrossCheckTest {
  @TempDir Path home;
  private VirtualLibrary library;
  private IscsiTarget target;
  private String iqn;
  private String portal;

  @BeforeAll
  static void tools() {
    boolean present = Sg3Utils.onPath("iscsi-ls") && Sg3Utils.onPath("iscsi-inq");
    if (!present && Boolean.getBoolean("tapekit.require.libiscsi")) {
      fail("iscsi-ls/iscsi-inq are required by tapekit.require.libiscsi=true: apt-get install libiscsi-bin");
    }
    assumeTrue(present, "libiscsi's tools are not installed (apt-get install libiscsi-bin)");
  }

  @BeforeEach
  void open() throws IOException {
    library = VirtualLibrary.open(home, "L700");
    iqn = VirtualLibraryTarget.defaultName("L700");
  }

  private void serve(UnaryOperator<IscsiTarget.Builder> options) throws IOException {
    target = options.apply(IscsiTarget.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .target(VirtualLibraryTarget.of(library))).start();
    portal = "127.0.0.1:" + target.address().getPort();
  }

  @AfterEach
  void stop() throws IOException {
    if (target != null) {
      target.close();
    }
    library.close();
  }

  @Test
  void discoveryAndLunListing() throws Exception {
    serve(b -> b);
    Run r = run(Map.of(), "iscsi-ls", "-s", "iscsi://" + portal);
    assertEquals(0, r.status, r.out);
    assertTrue(r.out.contains("Target:" + iqn + " Portal:" + portal + ",1"), r.out);
    assertTrue(r.out.contains("Lun:0    Type:MEDIA_CHANGER"), r.out);
    for (int lun = 1; lun <= library.drives().size(); lun++) {
      assertTrue(r.out.contains("Lun:" + lun + "    Type:SEQUENTIAL_ACCESS (No media loaded)"), r.out);
    }
    assertEquals(0, target.sessionCount() > 0 ? waitForNoSessions() : 0, "iscsi-ls logs out of every session");
  }

  private int waitForNoSessions() throws InterruptedException {
    for (int i = 0; i < 50 && target.sessionCount() > 0; i++) {
      Thread.sleep(100);
    }
    return target.sessionCount();
  }

  @Test
  void inquiryAndVpdPagesOfEveryUnit() throws Exception {
    serve(b -> b);
    Run changer = run(Map.of(), "iscsi-inq", url(0));
    assertEquals(0, changer.status, changer.out);
    assertTrue(changer.out.contains("Peripheral Device Type:MEDIA_CHANGER"), changer.out);
    assertTrue(changer.out.contains("Vendor:STK"), changer.out);
    for (int i = 0; i < library.drives().size(); i++) {
      Run drive = run(Map.of(), "iscsi-inq", url(i + 1));
      assertEquals(0, drive.status, drive.out);
      assertTrue(drive.out.contains("Peripheral Device Type:SEQUENTIAL_ACCESS"), drive.out);
      assertTrue(drive.out.contains("Vendor:IBM"), drive.out);
      String expected = library.layout().drives().get(i).serial();
      Run serial = run(Map.of(), "iscsi-inq", "-e", "1", "-c", "128", url(i + 1));
      assertEquals(0, serial.status, serial.out);
      assertTrue(serial.out.contains("Unit Serial Number:[" + expected + "]"), serial.out);
      Run ids = run(Map.of(), "iscsi-inq", "-e", "1", "-c", "131", url(i + 1));
      assertEquals(0, ids.status, ids.out);
      String[] model = library.layout().drives().get(i).model().split(" ", 2);
      String t10 = String.format("%-8s%-16s%s", model[0], model[1], expected);
      assertTrue(ids.out.contains("Designator:[" + t10 + "]"), ids.out);
    }
  }

  @Test
  void aLunTheTargetDoesNotHaveIsReportedAsNotSupported() throws Exception {
    serve(b -> b);
    Run r = run(Map.of(), "iscsi-inq", url(9));
    assertTrue(r.out.contains("NOT_SUPPORTED") || r.out.contains("Peripheral Qualifier:NOT"), r.out);
  }

  @Test
  void chapOneWay() throws Exception {
    serve(b -> b.chap(new ChapCredentials("backup-host", "correct-horse-battery")));
    Run ok = run(Map.of(), "iscsi-inq", "iscsi://backup-host%correct-horse-battery@" + portal + "/" + iqn + "/1");
    assertEquals(0, ok.status, ok.out);
    assertTrue(ok.out.contains("Vendor:IBM"), ok.out);
    Run wrong = run(Map.of(), "iscsi-inq", "iscsi://backup-host%wrong-password-here@" + portal + "/" + iqn + "/1");
    assertNotEquals(0, wrong.status, wrong.out);
    Run none = run(Map.of(), "iscsi-inq", url(1));
    assertNotEquals(0, none.status, "a login without CHAP is refused: " + none.out);
    Run again = run(Map.of(), "iscsi-inq", "iscsi://backup-host%correct-horse-battery@" + portal + "/" + iqn + "/1");
    assertEquals(0, again.status, "refused logins do not harm the target: " + again.out);
  }

  @Test
  void chapMutual() throws Exception {
    serve(b -> b.chap(new ChapCredentials("backup-host", "correct-horse-battery"))
        .mutualChap(new ChapCredentials("tapekit-target", "staple-paper-clip")));
    String base = "iscsi://backup-host%correct-horse-battery@" + portal + "/" + iqn + "/1";
    Run ok = run(Map.of(), "iscsi-inq", base + "?target_user=tapekit-target&target_password=staple-paper-clip");
    assertEquals(0, ok.status, ok.out);
    assertTrue(ok.out.contains("Vendor:IBM"), ok.out);
    Run wrong = run(Map.of(), "iscsi-inq", base + "?target_user=tapekit-target&target_password=not-the-secret");
    assertNotEquals(0, wrong.status, "libiscsi checks the target's answer: " + wrong.out);
  }

  @Test
  void headerDigests() throws Exception {
    serve(b -> b);
    Run r = run(Map.of(), "iscsi-inq", url(1) + "?header_digest=crc32c");
    assertEquals(0, r.status, r.out);
    assertTrue(r.out.contains("Vendor:IBM"), r.out);
  }

  private String url(int lun) {
    return "iscsi://" + portal + "/" + iqn + "/" + lun;
  }

  record Run(int status, String out) {}

  static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
