package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/**
 * The medium auxiliary memory (cartridge memory) attributes defined by SPC-5 7.4.2, plus the LTO
 * ones PBS reads (040Bh, 1000h, 1001h, marked vendor). Identifier ranges: 0000h..03FFh device
 * type (written by the drive, read-only), 0400h..07FFh medium type (written at manufacture,
 * read-only), 0800h..0BFFh host type (written by applications), 0C00h..0FFFh device vendor,
 * 1000h..13FFh medium vendor, 1400h..17FFh host vendor specific.
 *
 * <p>{@link #length()} is the length SPC-5 fixes; -1 marks variable-length attributes.
 */
public enum MamAttribute {
  REMAINING_CAPACITY_IN_PARTITION(0x0000, "Remaining capacity in partition [MiB]", AttributeFormat.BINARY, 8),
  MAXIMUM_CAPACITY_IN_PARTITION(0x0001, "Maximum capacity in partition [MiB]", AttributeFormat.BINARY, 8),
  TAPEALERT_FLAGS(0x0002, "TapeAlert flags", AttributeFormat.BINARY, 8),
  LOAD_COUNT(0x0003, "Load count", AttributeFormat.BINARY, 8),
  MAM_SPACE_REMAINING(0x0004, "MAM space remaining [B]", AttributeFormat.BINARY, 8),
  ASSIGNING_ORGANIZATION_DEVICE(0x0005, "Assigning organization", AttributeFormat.ASCII, 8),
  FORMATTED_DENSITY_CODE(0x0006, "Formatted density code", AttributeFormat.BINARY, 1),
  INITIALIZATION_COUNT(0x0007, "Initialization count", AttributeFormat.BINARY, 2),
  VOLUME_IDENTIFIER(0x0008, "Volume identifier", AttributeFormat.ASCII, 32),
  VOLUME_CHANGE_REFERENCE(0x0009, "Volume change reference", AttributeFormat.BINARY, -1),
  DEVICE_AT_LAST_LOAD(0x020A, "Device vendor/serial number at last load", AttributeFormat.ASCII, 40),
  DEVICE_AT_LOAD_1(0x020B, "Device vendor/serial number at load-1", AttributeFormat.ASCII, 40),
  DEVICE_AT_LOAD_2(0x020C, "Device vendor/serial number at load-2", AttributeFormat.ASCII, 40),
  DEVICE_AT_LOAD_3(0x020D, "Device vendor/serial number at load-3", AttributeFormat.ASCII, 40),
  TOTAL_MIB_WRITTEN_IN_MEDIUM_LIFE(0x0220, "Total MiB written in medium life", AttributeFormat.BINARY, 8),
  TOTAL_MIB_READ_IN_MEDIUM_LIFE(0x0221, "Total MiB read in medium life", AttributeFormat.BINARY, 8),
  TOTAL_MIB_WRITTEN_IN_CURRENT_LOAD(0x0222, "Total MiB written in current/last load", AttributeFormat.BINARY, 8),
  TOTAL_MIB_READ_IN_CURRENT_LOAD(0x0223, "Total MiB read in current/last load", AttributeFormat.BINARY, 8),
  FIRST_ENCRYPTED_BLOCK(0x0224, "Logical position of first encrypted block", AttributeFormat.BINARY, 8),
  FIRST_UNENCRYPTED_BLOCK(
      0x0225, "Logical position of first unencrypted block after first encrypted block", AttributeFormat.BINARY, 8),
  MEDIUM_USAGE_HISTORY(0x0340, "Medium usage history", AttributeFormat.BINARY, 90),
  PARTITION_USAGE_HISTORY(0x0341, "Partition usage history", AttributeFormat.BINARY, 60),
  MEDIUM_MANUFACTURER(0x0400, "Medium manufacturer", AttributeFormat.ASCII, 8),
  MEDIUM_SERIAL_NUMBER(0x0401, "Medium serial number", AttributeFormat.ASCII, 32),
  MEDIUM_LENGTH(0x0402, "Medium length [m]", AttributeFormat.BINARY, 4),
  MEDIUM_WIDTH(0x0403, "Medium width [0.1 mm]", AttributeFormat.BINARY, 4),
  ASSIGNING_ORGANIZATION_MEDIUM(0x0404, "Assigning organization", AttributeFormat.ASCII, 8),
  MEDIUM_DENSITY_CODE(0x0405, "Medium density code", AttributeFormat.BINARY, 1),
  MEDIUM_MANUFACTURE_DATE(0x0406, "Medium manufacture date", AttributeFormat.ASCII, 8),
  MAM_CAPACITY(0x0407, "MAM capacity [B]", AttributeFormat.BINARY, 8),
  MEDIUM_TYPE(0x0408, "Medium type", AttributeFormat.BINARY, 1),
  MEDIUM_TYPE_INFORMATION(0x0409, "Medium type information", AttributeFormat.BINARY, 2),
  NUMERIC_MEDIUM_SERIAL_NUMBER(0x040A, "Numeric medium serial number", AttributeFormat.BINARY, -1),
  /** LTO, not SPC: the density codes the medium supports. */
  SUPPORTED_DENSITY_CODES(0x040B, "Supported density codes (vendor)", AttributeFormat.BINARY, 10),
  APPLICATION_VENDOR(0x0800, "Application vendor", AttributeFormat.ASCII, 8),
  APPLICATION_NAME(0x0801, "Application name", AttributeFormat.ASCII, 32),
  APPLICATION_VERSION(0x0802, "Application version", AttributeFormat.ASCII, 8),
  USER_MEDIUM_TEXT_LABEL(0x0803, "User medium text label", AttributeFormat.TEXT, 160),
  DATE_AND_TIME_LAST_WRITTEN(0x0804, "Date and time last written", AttributeFormat.ASCII, 12),
  TEXT_LOCALIZATION_IDENTIFIER(0x0805, "Text localization identifier", AttributeFormat.BINARY, 1),
  BARCODE(0x0806, "Barcode", AttributeFormat.ASCII, 32),
  OWNING_HOST_TEXTUAL_NAME(0x0807, "Owning host textual name", AttributeFormat.TEXT, 80),
  MEDIA_POOL(0x0808, "Media pool", AttributeFormat.TEXT, 160),
  PARTITION_USER_TEXT_LABEL(0x0809, "Partition user text label", AttributeFormat.ASCII, 16),
  LOAD_UNLOAD_AT_PARTITION(0x080A, "Load/unload at partition", AttributeFormat.BINARY, 1),
  APPLICATION_FORMAT_VERSION(0x080B, "Application format version", AttributeFormat.ASCII, 16),
  VOLUME_COHERENCY_INFORMATION(0x080C, "Volume coherency information", AttributeFormat.BINARY, -1),
  MEDIUM_GLOBALLY_UNIQUE_IDENTIFIER(0x0820, "Medium globally unique identifier", AttributeFormat.BINARY, 36),
  MEDIA_POOL_GLOBALLY_UNIQUE_IDENTIFIER(
      0x0821, "Media pool globally unique identifier", AttributeFormat.BINARY, 36),
  /** LTO medium vendor attribute: unique cartridge identity. */
  UNIQUE_CARTRIDGE_IDENTITY(0x1000, "Unique cartridge identity (vendor)", AttributeFormat.BINARY, 28),
  /** LTO medium vendor attribute: alternate unique cartridge identity. */
  ALTERNATE_UNIQUE_CARTRIDGE_IDENTITY(
      0x1001, "Alternate unique cartridge identity (vendor)", AttributeFormat.BINARY, 24);

  private static final CodeTable<MamAttribute> BY_ID = CodeTable.of(values(), MamAttribute::id);

  /** The type ranges of attribute identifiers. */
  public enum Kind {
    DEVICE,
    MEDIUM,
    HOST,
    DEVICE_VENDOR,
    MEDIUM_VENDOR,
    HOST_VENDOR,
    RESERVED;

    /** The range {@code id} falls in. */
    public static Kind of(int id) {
      Attribute.requireId(id);
      Kind[] byRange = {DEVICE, MEDIUM, HOST, DEVICE_VENDOR, MEDIUM_VENDOR, HOST_VENDOR};
      int range = id >> 10;
      return range < byRange.length ? byRange[range] : RESERVED;
    }
  }

  private final int id;
  private final String t10Name;
  private final AttributeFormat format;
  private final int length;

  MamAttribute(int id, String t10Name, AttributeFormat format, int length) {
    this.id = id;
    this.t10Name = t10Name;
    this.format = format;
    this.length = length;
  }

  public int id() {
    return id;
  }

  /** The name with its unit in brackets where it has one. */
  public String t10Name() {
    return t10Name;
  }

  public AttributeFormat format() {
    return format;
  }

  /** The fixed length in bytes, or -1 when variable. */
  public int length() {
    return length;
  }

  public Kind kind() {
    return Kind.of(id);
  }

  /** The attribute with this identifier, if known. */
  public static Optional<MamAttribute> of(int id) {
    return BY_ID.find(id);
  }
}
