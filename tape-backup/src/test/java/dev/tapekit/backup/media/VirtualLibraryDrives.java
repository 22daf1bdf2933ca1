package dev.tapekit.backup.media;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The first drive of a virtual library in a test's home directory (mhvtl's STK L700 layout). */
public final class VirtualLibraryDrives {
  private VirtualLibraryDrives() {}

  /** Drive 0 of library {@code name}, created with cartridges of {@code capacityMiB} (0: the layout's). */
  public static LibraryDrive open(Path home, String name, int capacityMiB) throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    if (!name.equals("L700") || capacityMiB != 0) {
      create(home, new LibraryLayout(name, l700.changer(), capacityMiB == 0 ? l700.capacityMiB() : capacityMiB,
          l700.drives(), l700.cartridges()));
    }
    return open(home, name);
  }

  /** Drive 0 of library {@code name} (L700's layout) holding only {@code cartridges}. */
  public static LibraryDrive openWith(Path home, String name, List<LibraryLayout.CartridgeSpec> cartridges)
      throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    create(home, new LibraryLayout(name, l700.changer(), l700.capacityMiB(), l700.drives(), cartridges));
    return open(home, name);
  }

  /** The open virtual library behind {@code home}/{@code name}, for what an operator or firmware does. */
  public static <T> T withLibrary(Path home, String name, LibraryAction<T> action) throws Exception {
    try (ScsiTransport changer = VirtualLibraries.open("vtl:" + name, home)) {
      return action.apply(VirtualLibraries.library(changer));
    }
  }

  /** Something done to an open virtual library. */
  @FunctionalInterface
  public interface LibraryAction<T> {
    T apply(VirtualLibrary library) throws Exception;
  }

  private static void create(Path home, LibraryLayout layout) throws IOException {
    VirtualLibrary.create(home, layout, Clock.systemUTC()).close();
  }

  private static LibraryDrive open(Path home, String name) throws Exception {
    SmcChanger changer = SmcChanger.open(VirtualLibraries.open("vtl:" + name, home));
    ScsiTapeDrive drive = ScsiTapeDrive.open(VirtualLibraries.open("vtl:" + name + ":0", home));
    return new LibraryDrive(changer, name, 0, drive, Duration.ofSeconds(30));
  }
}
