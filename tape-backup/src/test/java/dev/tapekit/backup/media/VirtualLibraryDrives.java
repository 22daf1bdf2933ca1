package dev.tapekit.backup.media;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.vtl.LibraryLayout;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** The first drive of a virtual library in a test's home directory (mhvtl's STK L700 layout). */
public final class VirtualLibraryDrives {
  private VirtualLibraryDrives() {}

  /**
   * Chunking for the small tapes of tests: at early warning the chunk being written and the archive's
   * index go into the early-warning zone, which on a small virtual tape is only a sixteenth of it
   * (1.5 MiB of 24 MiB); a real LTO cartridge's zone holds far more than the default 4 MiB largest
   * chunk. So chunks here are at most 1 MiB.
   */
  public static final ChunkerParams SMALL_TAPE_CHUNKS = ChunkerParams.ofAverage(256 << 10);

  /** Drive 0 of library {@code name}, created with cartridges of {@code capacityMiB} (0: the layout's). */
  public static LibraryDrive open(Path home, String name, int capacityMiB) throws Exception {
    return open(home, name, capacityMiB, UnaryOperator.identity());
  }

  /** As {@link #open(Path, String, int)}, the drive seen through {@code wrap} (a counting proxy, say). */
  public static LibraryDrive open(Path home, String name, int capacityMiB, UnaryOperator<TapeDrive> wrap)
      throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    if (!name.equals("L700") || capacityMiB != 0) {
      create(home, new LibraryLayout(name, l700.changer(), capacityMiB == 0 ? l700.capacityMiB() : capacityMiB,
          l700.drives(), l700.cartridges()));
    }
    return open(home, name, wrap);
  }

  /** Drive 0 of library {@code name} (L700's layout) holding only {@code cartridges}. */
  public static LibraryDrive openWith(Path home, String name, List<LibraryLayout.CartridgeSpec> cartridges)
      throws Exception {
    LibraryLayout l700 = LibraryLayout.l700();
    create(home, new LibraryLayout(name, l700.changer(), l700.capacityMiB(), l700.drives(), cartridges));
    return open(home, name, UnaryOperator.identity());
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

  /** Drive 0 of the existing library {@code name} in {@code home}, seen through {@code wrap}. */
  public static LibraryDrive reopen(Path home, String name, UnaryOperator<TapeDrive> wrap) throws Exception {
    return open(home, name, wrap);
  }

  private static LibraryDrive open(Path home, String name, UnaryOperator<TapeDrive> wrap) throws Exception {
    SmcChanger changer = SmcChanger.open(VirtualLibraries.open("vtl:" + name, home));
    ScsiTapeDrive drive = ScsiTapeDrive.open(VirtualLibraries.open("vtl:" + name + ":0", home));
    return new LibraryDrive(changer, name, 0, wrap.apply(drive), Duration.ofSeconds(30));
  }
}
