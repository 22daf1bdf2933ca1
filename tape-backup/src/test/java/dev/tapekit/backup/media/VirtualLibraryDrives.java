package dev.tapekit.backup.media;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The first drive of a virtual library in a test's home directory (mhvtl's STK L700 layout). */
public final class VirtualLibraryDrives {
  private VirtualLibraryDrives() {}

  /** Drive 0 of library {@code name}, created with cartridges of {@code capacityMiB} (0: the layout's). */
  public static LibraryDrive open(Path home, String name, int capacityMiB) throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    if (!name.equals("L700") || capacityMiB != 0) {
      VirtualLibrary.create(home, new LibraryLayout(name, l700.changer(),
          capacityMiB == 0 ? l700.capacityMiB() : capacityMiB, l700.drives(), l700.cartridges()),
          Clock.systemUTC()).close();
    }
    SmcChanger changer = SmcChanger.open(VirtualLibraries.open("vtl:" + name, home));
    ScsiTapeDrive drive = ScsiTapeDrive.open(VirtualLibraries.open("vtl:" + name + ":0", home));
    return new LibraryDrive(changer, name, 0, drive, Duration.ofSeconds(30));
  }
}
