package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.sense.AdditionalSense;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One element's status from READ ELEMENT STATUS (SMC-3 7.5.3-7.5.6), decoded for every element type.
 *
 * <pre>
 *  0-1 element address
 *  2   INENAB(5) EXENAB(4) ACCESS(3) EXCEPT(2) IMPEXP(1) FULL(0)   (IMPEXP/xxENAB: import/export only)
 *  3   reserved
 *  4   ASC   5  ASCQ      (why the element is in an abnormal state, when EXCEPT)
 *  6   NOT BUS(7) ID VALID(5) LU VALID(4) LUN(2..0)                (data transfer only)
 *  7   SCSI bus address                                            (data transfer only)
 *  8   reserved
 *  9   SVALID(7) INVERT(6) ED(3) MEDIUM TYPE(2..0)
 * 10-11 source storage element address (valid when SVALID)
 * 12   primary volume tag (36 bytes, when the page has PVolTag)
 * ..   alternate volume tag (36 bytes, when the page has AVolTag)
 * ..   identification descriptor (data transfer with DVCID; see {@link DeviceIdentifier}) or 4 reserved bytes
 * </pre>
 *
 * <p>Tolerated shapes: descriptors as short as 4 bytes (some loaders send address and flags only for
 * slots and pickers): absent fields read as zero/absent; a volume tag the descriptor is too short to
 * hold is absent; an identifier longer than the descriptor is cut at the descriptor end. Immutable.
 *
 * @param type the element type (from the page header)
 * @param address the element address
 * @param full a medium is present
 * @param importExport IMPEXP: the medium was placed by an operator (import), not by the picker
 * @param except the element is in an abnormal state, see {@link #additionalSense()}
 * @param access the picker can reach the element (for a mail slot: the door is closed)
 * @param exportEnabled EXENAB: the mail slot supports export
 * @param importEnabled INENAB: the mail slot supports import
 * @param asc additional sense code
 * @param ascq additional sense code qualifier
 * @param notBus NOT BUS: the drive is not on the same bus as the changer
 * @param idValid the SCSI bus address field is valid
 * @param luValid the LUN field is valid
 * @param lun the drive's logical unit number
 * @param scsiBusAddress the drive's SCSI target id
 * @param sourceValid SVALID: {@link #sourceAddress()} is valid
 * @param invert INVERT: the medium was inverted by the last move
 * @param elementDisabled ED: the element is disabled
 * @param mediumType bits 2..0 of byte 9 (0 unspecified, 1 data, 2 cleaning, 3 diagnostic, 4 WORM)
 * @param sourceAddress the raw source storage element address field (meaningful only when {@code
 *     sourceValid}; mtx uses it regardless)
 * @param primaryTag the primary volume tag, when requested and present
 * @param alternateTag the alternate volume tag, when present
 * @param identifier the DVCID identification descriptor of a drive, when requested and non-empty
 * @param length the descriptor length the page declared
 */
public record ElementDescriptor(
    ElementType type,
    int address,
    boolean full,
    boolean importExport,
    boolean except,
    boolean access,
    boolean exportEnabled,
    boolean importEnabled,
    int asc,
    int ascq,
    boolean notBus,
    boolean idValid,
    boolean luValid,
    int lun,
    int scsiBusAddress,
    boolean sourceValid,
    boolean invert,
    boolean elementDisabled,
    int mediumType,
    int sourceAddress,
    Optional<VolumeTag> primaryTag,
    Optional<VolumeTag> alternateTag,
    Optional<DeviceIdentifier> identifier,
    int length) {

  /** The shortest descriptor accepted: address, flags and a reserved byte. */
  public static final int MIN_LENGTH = 4;
  /** Medium type 2: cleaning cartridge. */
  public static final int MEDIUM_TYPE_CLEANING = 2;

  /**
   * Decodes the descriptor of {@code length} bytes at {@code offset}.
   *
   * @throws MalformedResponseException when {@code length} is below {@link #MIN_LENGTH} or runs past
   *     the data
   */
  public static ElementDescriptor decode(
      byte[] data, int offset, int length, ElementType type, boolean pVolTag, boolean aVolTag)
      throws MalformedResponseException {
    String what = type.text() + " element descriptor at offset " + offset;
    if (length < MIN_LENGTH) {
      throw new MalformedResponseException(what + ": descriptor length " + length + " is below 4");
    }
    Bytes.require(data, offset, length, what);
    int address = Bytes.u16(data, offset, what);
    int flags = data[offset + 2] & 0xFF;
    int asc = length > 4 ? data[offset + 4] & 0xFF : 0;
    int ascq = length > 5 ? data[offset + 5] & 0xFF : 0;
    int b6 = length > 6 ? data[offset + 6] & 0xFF : 0;
    int busAddress = length > 7 ? data[offset + 7] & 0xFF : 0;
    int b9 = length > 9 ? data[offset + 9] & 0xFF : 0;
    int source = length >= 12 ? Bytes.u16(data, offset + 10, what) : 0;
    int end = offset + length;
    int off = offset + 12;
    Optional<VolumeTag> primary = Optional.empty();
    Optional<VolumeTag> alternate = Optional.empty();
    if (pVolTag) {
      if (off + VolumeTag.LENGTH <= end) {
        primary = Optional.of(VolumeTag.decode(data, off));
      }
      off += VolumeTag.LENGTH;
    }
    if (aVolTag) {
      if (off + VolumeTag.LENGTH <= end) {
        alternate = Optional.of(VolumeTag.decode(data, off));
      }
      off += VolumeTag.LENGTH;
    }
    Optional<DeviceIdentifier> id = Optional.empty();
    if (type == ElementType.DATA_TRANSFER && off + 4 <= end) {
      int idLength = Math.min(data[off + 3] & 0xFF, end - off - 4);
      if (idLength > 0) {
        id = Optional.of(new DeviceIdentifier(
            data[off] & 0x0F, data[off + 1] & 0x0F, Bytes.slice(data, off + 4, idLength, what)));
      }
    }
    boolean isDrive = type == ElementType.DATA_TRANSFER;
    boolean isMailSlot = type == ElementType.IMPORT_EXPORT;
    return new ElementDescriptor(
        type,
        address,
        (flags & 0x01) != 0,
        isMailSlot && (flags & 0x02) != 0,
        (flags & 0x04) != 0,
        (flags & 0x08) != 0,
        isMailSlot && (flags & 0x10) != 0,
        isMailSlot && (flags & 0x20) != 0,
        asc,
        ascq,
        isDrive && (b6 & 0x80) != 0,
        isDrive && (b6 & 0x20) != 0,
        isDrive && (b6 & 0x10) != 0,
        isDrive ? b6 & 0x07 : 0,
        isDrive ? busAddress : 0,
        (b9 & 0x80) != 0,
        (b9 & 0x40) != 0,
        (b9 & 0x08) != 0,
        b9 & 0x07,
        source,
        primary,
        alternate,
        id,
        length);
  }

  /** The ASC/ASCQ pair with its T10 text. */
  public AdditionalSense additionalSense() {
    return AdditionalSense.of(asc, ascq);
  }

  /** The source element address when SVALID is set. */
  public OptionalInt validSource() {
    return sourceValid ? OptionalInt.of(sourceAddress) : OptionalInt.empty();
  }

  /** The drive serial number from the identification descriptor, when there is one. */
  public Optional<String> serialNumber() {
    return identifier.flatMap(DeviceIdentifier::serialNumber);
  }

  /** The trimmed primary barcode, when present and not blank. */
  public Optional<String> barcode() {
    return primaryTag.map(VolumeTag::identifier).filter(s -> !s.isEmpty());
  }

  /** A cleaning cartridge: medium type 2, or a barcode starting with {@code CLN}. */
  public boolean holdsCleaningCartridge() {
    return full && (mediumType == MEDIUM_TYPE_CLEANING || primaryTag.map(VolumeTag::isCleaning).orElse(false));
  }

  /** This descriptor with the identification descriptor of another (DVCID) read of the same drive. */
  public ElementDescriptor withIdentifier(Optional<DeviceIdentifier> newIdentifier) {
    return new ElementDescriptor(type, address, full, importExport, except, access, exportEnabled,
        importEnabled, asc, ascq, notBus, idValid, luValid, lun, scsiBusAddress, sourceValid, invert,
        elementDisabled, mediumType, sourceAddress, primaryTag, alternateTag, newIdentifier, length);
  }
}
