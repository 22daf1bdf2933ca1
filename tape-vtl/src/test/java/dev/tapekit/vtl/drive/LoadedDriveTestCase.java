package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of raw-CDB drive tests: a standalone IBM TD8 holding a fresh LTO-8 cartridge of {@link
 * #CAPACITY}, threaded, its unit attentions consumed; the cartridge file is closed after each test.
 */
abstract class LoadedDriveTestCase {
  /** 64 MiB: early warning 2 MiB before the end, at 65,011,712 bytes. */
  static final long CAPACITY = 64L << 20;
  @TempDir Path dir;
  VirtualTapeDrive drive;
  CartridgeFile file;
  Cdbs s;

  @BeforeEach
  void loadDrive() throws Exception {
    drive = new VirtualTapeDrive("vtl:raw:0", DrivePersonality.ibmLto(8), "RAW00001", new byte[8], new FaultPlan());
    file = CartridgeFile.create(dir.resolve("E09001L8.tkc"),
        CartridgeInfo.fresh(Barcode.parse("E09001L8"), CAPACITY, "20260101"));
    drive.insert(file);
    s = new Cdbs(drive);
    s.clearUnitAttentions();
  }

  @AfterEach
  void closeCartridge() throws Exception {
    file.close();
  }
}
