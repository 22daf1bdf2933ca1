package dev.tapekit.vtl.drive;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.BaseTapeDriveTestCase;
import dev.tapekit.vtl.TestLibraries;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tape drive conformance suite against drive 0 of a one-drive virtual library, opened by address
 * ({@code vtl:CONF:0}) in a temporary home; the cartridge is moved into the drive by {@link SmcChanger}.
 */
class VirtualTapeDriveConformanceTest extends BaseTapeDriveTestCase {
  private static final String ADDRESS = "vtl:CONF:0";
  @TempDir Path home;
  private ScsiTransport current;

  @Override
  protected ScsiTransport newDriveWithBlankTape(Tape tape) throws Exception {
    long capacityMiB = tape == Tape.SMALL ? 1 : 256; // 1 MiB: early warning 64 KiB before the end
    VirtualLibrary.create(home, TestLibraries.layout("CONF", 2, 1, 1, Map.of(0, "E01001L8"), capacityMiB,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED), Clock.systemUTC()).close();
    current = VirtualLibraries.open(ADDRESS, home);
    try (ScsiTransport changer = VirtualLibraries.open("vtl:CONF", home)) {
      SmcChanger.open(changer).move(TestLibraries.STORAGE_START, TestLibraries.DRIVE_START);
    }
    return current;
  }

  @Override
  protected ScsiTransport reopenDrive() throws Exception {
    current = VirtualLibraries.open(ADDRESS, home);
    return current;
  }

  @Override
  protected void setWriteProtectTab(boolean writeProtected) throws Exception {
    VirtualLibraries.library(current).drive(0).cartridge().updateInfo(i -> i.withWriteProtected(writeProtected));
  }
}
