package dev.tapekit.vtl.changer;

import dev.tapekit.changer.BaseMediaChangerTestCase;
import dev.tapekit.changer.MediaChanger;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.vtl.TestLibraries;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** tape-changer's changer conformance suite against the virtual changer ({@code vtl:BASE}) through {@link SmcChanger}. */
class VirtualChangerConformanceTest extends BaseMediaChangerTestCase {
  @TempDir Path home;
  private ScsiTransport transport;

  @Override
  protected MediaChanger newChanger(int slots, int mailSlots, int drives, Map<Integer, String> barcodes) throws Exception {
    VirtualLibrary.create(home, TestLibraries.layout("BASE", slots, mailSlots, drives, barcodes, 16,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED), Clock.systemUTC()).close();
    transport = VirtualLibraries.open("vtl:BASE", home);
    return SmcChanger.open(transport);
  }

  @AfterEach
  void closeChanger() throws Exception {
    transport.close();
  }
}
