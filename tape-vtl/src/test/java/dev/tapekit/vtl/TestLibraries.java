package dev.tapekit.vtl;

import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small library layouts for the conformance bindings: mail slots from address 10, drives (IBM
 * ULT3580-TD8) from 500, storage from 1000, transport 1, as in mhvtl's L700.
 */
public final class TestLibraries {
  public static final int TRANSPORT = 1;
  public static final int MAIL_START = 10;
  public static final int DRIVE_START = 500;
  public static final int STORAGE_START = 1000;

  private TestLibraries() {}

  /**
   * A layout named {@code name} with the given element counts; {@code barcodes} maps 0-based storage
   * slot indexes to the cartridges placed there; created cartridges hold {@code capacityMiB} MiB.
   */
  public static LibraryLayout layout(String name, int slots, int mailSlots, int drives, Map<Integer, String> barcodes,
      long capacityMiB, ThreadedRemoval policy) {
    ChangerLayout changer = new ChangerLayout("STK", "L700", "550V", name + "_C", naa(0), TRANSPORT, MAIL_START,
        mailSlots, DRIVE_START, STORAGE_START, slots, policy);
    List<LibraryLayout.DriveSpec> driveSpecs = new ArrayList<>();
    for (int i = 0; i < drives; i++) {
      driveSpecs.add(new LibraryLayout.DriveSpec("IBM ULT3580-TD8", null, driveSerial(name, i), naa(i + 1)));
    }
    List<LibraryLayout.CartridgeSpec> cartridges = new ArrayList<>();
    barcodes.forEach((slot, barcode) -> cartridges.add(new LibraryLayout.CartridgeSpec(barcode, slot + 1, 0)));
    return new LibraryLayout(name, changer, capacityMiB, driveSpecs, cartridges);
  }

  /**
   * The serial of drive {@code index}: 14 characters or more, longer than the 10 of IBM's own serials,
   * so that DVCID identifiers of other lengths are exercised.
   */
  public static String driveSerial(String name, int index) {
    return String.format("%s_SN%07d", name, index + 1);
  }

  private static byte[] naa(int n) {
    return new byte[] {0x50, 0x22, 0x33, 0x44, (byte) 0xab, 0, 0, (byte) n};
  }
}
