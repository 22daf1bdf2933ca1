package dev.tapekit.backup.job;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.media.VirtualLibraryDrives;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.vtl.VirtualLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A virtual library "SMALL" (the L700 layout with small cartridges) in a test's directory, its first
 * two drives, and a SQLite catalog: what the verify and copy tests share.
 */
final class TwoDriveLibrary implements AutoCloseable {
  static final Clock CLOCK = Clock.systemUTC();
  static final String NAME = "SMALL";

  final Path home;
  final LibraryDrive first;
  final LibraryDrive second;
  final CatalogStore store;

  private TwoDriveLibrary(Path home, LibraryDrive first, LibraryDrive second, CatalogStore store) {
    this.home = home;
    this.first = first;
    this.second = second;
    this.store = store;
  }

  /** Cartridges of {@code capacityMiB}; the catalog in {@code dir}. */
  static TwoDriveLibrary open(Path dir, int capacityMiB) throws Exception {
    Path home = dir.resolve("vtl");
    Files.createDirectories(home);
    LibraryDrive first = VirtualLibraryDrives.open(home, NAME, capacityMiB);
    LibraryDrive second = new LibraryDrive(SmcChanger.open(VirtualLibraries.open("vtl:" + NAME, home)), NAME, 1,
        ScsiTapeDrive.open(VirtualLibraries.open("vtl:" + NAME + ":1", home)), Duration.ofSeconds(30));
    return new TwoDriveLibrary(home, first, second, SqliteCatalogStore.open(dir.resolve("catalog.db")));
  }

  /** Creates pool {@code pool} (with {@code fingerprint}'s key, if any) and labels {@code barcodes} for it. */
  MediaPool pool(String pool, Optional<String> fingerprint, String... barcodes) throws Exception {
    store.putPool(Pool.of(pool).withEncryption(fingerprint));
    for (String barcode : barcodes) {
      TapePreparation.label(store, first.load(barcode), barcode, Optional.of(pool), Optional.of(NAME),
          BlockHeader.DEFAULT_BLOCK, CLOCK);
    }
    return new MediaPool(store, pool, Availability.changer(NAME), CLOCK, ZoneOffset.UTC);
  }

  /** The file behind a cartridge (tape-vtl's cartridges/&lt;barcode&gt;.tkc). */
  Path cartridge(String barcode) {
    return home.resolve(NAME).resolve("cartridges").resolve(barcode + ".tkc");
  }

  @Override
  public void close() throws Exception {
    try (first; second; store) {
      // all three closed
    }
  }
}
