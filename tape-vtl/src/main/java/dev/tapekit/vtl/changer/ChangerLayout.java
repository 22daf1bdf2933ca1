package dev.tapekit.vtl.changer;

import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;

/**
 * The shape and identity of a virtual changer: INQUIRY strings and serial, the first element address
 * of each type and the element counts (the drive count comes from the drives given to the changer).
 *
 * @param vendor INQUIRY vendor (8 characters)
 * @param product INQUIRY product (16 characters)
 * @param revision INQUIRY revision (4 characters)
 * @param serial unit serial number
 * @param naa 8-byte NAA designator for VPD 0x83
 * @param transportAddress address of the single medium transport
 * @param importExportStart first import/export element address
 * @param importExportCount number of import/export elements
 * @param driveStart first data transfer element address
 * @param storageStart first storage element address
 * @param storageCount number of storage elements
 * @param threadedRemoval what a move out of a drive that still has the cartridge threaded does
 * @param blankEmptyTags whether an empty element's primary volume tag is 32 blanks (as some real
 *     libraries send it, and mtx then prints {@code :VolumeTag=} with the blanks) instead of 36 zero
 *     bytes (as mhvtl sends it, and mtx prints no tag)
 */
public record ChangerLayout(
    String vendor,
    String product,
    String revision,
    String serial,
    byte[] naa,
    int transportAddress,
    int importExportStart,
    int importExportCount,
    int driveStart,
    int storageStart,
    int storageCount,
    ThreadedRemoval threadedRemoval,
    boolean blankEmptyTags) {

  /** A layout whose empty elements send zero-filled volume tags, as mhvtl's. */
  public ChangerLayout(String vendor, String product, String revision, String serial, byte[] naa,
      int transportAddress, int importExportStart, int importExportCount, int driveStart, int storageStart,
      int storageCount, ThreadedRemoval threadedRemoval) {
    this(vendor, product, revision, serial, naa, transportAddress, importExportStart, importExportCount,
        driveStart, storageStart, storageCount, threadedRemoval, false);
  }

  public ChangerLayout {
    naa = naa.clone();
    if (naa.length != 8) {
      throw new IllegalArgumentException("NAA designator must be 8 bytes");
    }
    if (storageCount < 0 || importExportCount < 0) {
      throw new IllegalArgumentException("negative element count");
    }
  }

  @Override
  public byte[] naa() {
    return naa.clone();
  }
}
