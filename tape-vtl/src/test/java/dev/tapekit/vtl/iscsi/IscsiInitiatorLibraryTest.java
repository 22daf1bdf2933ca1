package dev.tapekit.vtl.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.ChangerStatus;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.iscsi.ChapCredentials;
import dev.tapekit.iscsi.IscsiAddress;
import dev.tapekit.iscsi.IscsiDiscovery;
import dev.tapekit.iscsi.IscsiInitiatorOptions;
import dev.tapekit.iscsi.IscsiInitiatorOptions.Digest;
import dev.tapekit.iscsi.IscsiTarget;
import dev.tapekit.iscsi.IscsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.VirtualLibraryTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tapekit's initiator against tapekit's target serving the virtual L700: the changer and a drive
 * through {@link SmcChanger} and {@link ScsiTapeDrive} over {@code iscsi://}, as {@code pmtx} and
 * {@code pmt} would use them against {@code tape vtl serve}.
 */
class IscsiInitiatorLibraryTest {
  private static final ChapCredentials HOST = new ChapCredentials("backup1", "initiator-secret");
  private static final ChapCredentials TARGET = new ChapCredentials("l700", "target-secret-1");

  @TempDir Path home;
  private VirtualLibrary library;
  private IscsiTarget target;

  @BeforeEach
  void open() throws IOException {
    library = VirtualLibrary.open(home, "L700");
  }

  @AfterEach
  void stop() throws IOException {
    if (target != null) {
      target.close();
    }
    library.close();
  }

  private void serve(UnaryOperator<IscsiTarget.Builder> options) throws IOException {
    target = options.apply(IscsiTarget.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .target(VirtualLibraryTarget.of(library))).start();
  }

  private IscsiAddress address(int lun) {
    return new IscsiAddress("127.0.0.1", target.address().getPort(), VirtualLibraryTarget.defaultName("L700"), lun);
  }

  @Test
  void changerAndDriveOverIscsiWithMutualChapAndDigests() throws Exception {
    serve(b -> b.chap(HOST).mutualChap(TARGET));
    IscsiInitiatorOptions options = IscsiInitiatorOptions.defaults().withChap(HOST).withMutualChap(TARGET)
        .withDigests(Digest.CRC32C_REQUIRED, Digest.CRC32C_REQUIRED);
    try (IscsiTransport changerLink = IscsiTransport.open(address(0), options);
        IscsiTransport driveLink = IscsiTransport.open(address(1), options)) {
      SmcChanger changer = SmcChanger.open(changerLink);
      ChangerStatus status = changer.status();
      ElementDescriptor drive = status.drives().get(0);
      assertFalse(drive.full());
      ElementDescriptor cartridge = status.storage().stream().filter(ElementDescriptor::full).findFirst().orElseThrow();
      changer.move(cartridge.address(), drive.address());
      assertEquals(cartridge.barcode(), changer.status().element(drive.address()).orElseThrow().barcode());

      ScsiTapeDrive tape = ScsiTapeDrive.open(driveLink, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS);
      Random random = new Random(16);
      List<byte[]> blocks = List.of(new byte[1 << 20], new byte[64 << 10], new byte[1], new byte[(1 << 20) + 3]);
      for (byte[] b : blocks) {
        random.nextBytes(b);
        tape.write(ByteBuffer.wrap(b));
      }
      tape.writeFilemarks(1, false);
      tape.rewind();
      for (byte[] b : blocks) {
        ByteBuffer back = ByteBuffer.allocateDirect(2 << 20);
        ReadResult r = tape.read(back);
        assertEquals(b.length, r.length());
        byte[] got = new byte[b.length];
        back.get(0, got);
        assertArrayEquals(b, got);
      }
      assertEquals(ReadResult.Kind.FILEMARK, tape.read(ByteBuffer.allocate(65536)).kind());
      assertEquals(ReadResult.Kind.END_OF_DATA, tape.read(ByteBuffer.allocate(65536)).kind());
      tape.unload();
      changer.move(drive.address(), cartridge.address());
    }
  }

  @Test
  void discoveryAndRefusals() throws Exception {
    serve(b -> b.chap(HOST));
    IscsiInitiatorOptions options = IscsiInitiatorOptions.defaults().withChap(HOST);
    List<IscsiDiscovery.Target> targets = IscsiDiscovery.sendTargets("127.0.0.1", target.address().getPort(), options);
    assertEquals(List.of(VirtualLibraryTarget.defaultName("L700")), targets.stream().map(IscsiDiscovery.Target::name)
        .toList());
    ScsiTransportException wrong = assertThrows(ScsiTransportException.class, () -> IscsiTransport.open(address(0),
        IscsiInitiatorOptions.defaults().withChap(new ChapCredentials("backup1", "wrong-secret"))));
    assertEquals(ScsiTransportException.Kind.PERMISSION_DENIED, wrong.kind());
    assertTrue(wrong.getMessage().contains("(0201)"), wrong.getMessage());
    ScsiTransportException missing = assertThrows(ScsiTransportException.class, () -> IscsiTransport.open(
        new IscsiAddress("127.0.0.1", target.address().getPort(), "iqn.2026-12.dev.tapekit:none", 0), options));
    assertEquals(ScsiTransportException.Kind.NO_DEVICE, missing.kind(), missing.getMessage());
  }

  @Test
  void closeLogsOut() throws Exception {
    serve(b -> b);
    IscsiTransport t = IscsiTransport.open(address(0));
    SmcChanger.open(t).status();
    assertEquals(1, target.sessionCount());
    t.close();
    for (int i = 0; i < 50 && target.sessionCount() > 0; i++) {
      Thread.sleep(100);
    }
    assertEquals(0, target.sessionCount());
  }
}
