package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * Mode page 0x1D, element address assignment: where each element type's addresses start and how
 * many there are (SMC-3 7.3.3).
 *
 * <p>Page grammar (20 bytes):
 *
 * <pre>
 *  0   PS(7) SPF(6) page code 0x1D     1  page length (0x12)
 *  2-3 first medium transport address   4-5 number of medium transport elements
 *  6-7 first storage address            8-9 number of storage elements
 * 10-11 first import/export address    12-13 number of import/export elements
 * 14-15 first data transfer address    16-17 number of data transfer elements
 * 18-19 reserved
 * </pre>
 *
 * <p>Example: an mhvtl-style library with 1 picker at 0, 43 slots at 1000, 4 mail slots at 10 and 8
 * drives at 500 is {@code 1D 12 0000 0001 03E8 002B 000A 0004 01F4 0008 0000}. Immutable.
 *
 * @param transportStart first medium transport element address
 * @param transportCount number of medium transport elements
 * @param storageStart first storage element address
 * @param storageCount number of storage elements
 * @param importExportStart first import/export element address
 * @param importExportCount number of import/export elements
 * @param dataTransferStart first data transfer element address
 * @param dataTransferCount number of data transfer elements
 */
public record ElementAddressAssignment(
    int transportStart,
    int transportCount,
    int storageStart,
    int storageCount,
    int importExportStart,
    int importExportCount,
    int dataTransferStart,
    int dataTransferCount) {

  /** The page length byte value SMC-3 defines. */
  public static final int PAGE_LENGTH = 0x12;

  /**
   * Decodes the page (starting with its page code byte). A page length shorter than 0x12 but still
   * covering the eight counts (16 bytes after the header) is accepted; shorter is malformed.
   */
  public static ElementAddressAssignment decodePage(byte[] page) throws MalformedResponseException {
    String what = "element address assignment page";
    SmcModeSense.checkedPageLength(page, SmcModeSense.ELEMENT_ADDRESS_ASSIGNMENT, 16, what);
    return new ElementAddressAssignment(
        Bytes.u16(page, 2, what),
        Bytes.u16(page, 4, what),
        Bytes.u16(page, 6, what),
        Bytes.u16(page, 8, what),
        Bytes.u16(page, 10, what),
        Bytes.u16(page, 12, what),
        Bytes.u16(page, 14, what),
        Bytes.u16(page, 16, what));
  }

  /** Decodes a whole MODE SENSE(6) reply for page 0x1D. */
  public static ElementAddressAssignment decodeModeSense(byte[] reply) throws MalformedResponseException {
    return decodePage(SmcModeSense.page(reply, SmcModeSense.ELEMENT_ADDRESS_ASSIGNMENT));
  }

  /** The first address of {@code type} ({@link ElementType#ALL} is not a range and throws). */
  public int start(ElementType type) {
    return switch (type) {
      case MEDIUM_TRANSPORT -> transportStart;
      case STORAGE -> storageStart;
      case IMPORT_EXPORT -> importExportStart;
      case DATA_TRANSFER -> dataTransferStart;
      case ALL -> throw new IllegalArgumentException("no single range for all element types");
    };
  }

  /** The number of elements of {@code type}; for {@link ElementType#ALL}, the total. */
  public int count(ElementType type) {
    return switch (type) {
      case MEDIUM_TRANSPORT -> transportCount;
      case STORAGE -> storageCount;
      case IMPORT_EXPORT -> importExportCount;
      case DATA_TRANSFER -> dataTransferCount;
      case ALL -> transportCount + storageCount + importExportCount + dataTransferCount;
    };
  }
}
