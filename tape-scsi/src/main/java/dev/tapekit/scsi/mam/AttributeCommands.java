package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * CDB builders for READ ATTRIBUTE (8Ch) and WRITE ATTRIBUTE (8Dh), SPC-5 6.17 and 6.34. Stateless
 * and thread safe; out-of-range fields are an {@link IllegalArgumentException}.
 *
 * <pre>
 * READ ATTRIBUTE (16 bytes)                    WRITE ATTRIBUTE (16 bytes)
 *  0     8Ch                                    0     8Dh
 *  1     bits 4..0 SERVICE ACTION               1     bit 0 WTC (write through cache)
 *  2..4  restricted (MMC) / element (SMC)       2..4  restricted
 *  5     LOGICAL VOLUME NUMBER                  5     LOGICAL VOLUME NUMBER
 *  6     reserved                               6     reserved
 *  7     PARTITION NUMBER                       7     PARTITION NUMBER
 *  8..9  FIRST ATTRIBUTE IDENTIFIER             8..9  reserved
 *  10..13 ALLOCATION LENGTH (u32)               10..13 PARAMETER LIST LENGTH (u32)
 *  14    bit 0 CACHE                            14    reserved
 *  15    CONTROL                                15    CONTROL
 * </pre>
 */
public final class AttributeCommands {
  /** Default timeout: cartridge memory is read over a slow radio link. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Allocation length that holds every attribute of an LTO cartridge. */
  public static final int DEFAULT_ALLOCATION_LENGTH = 32 * 1024;

  private AttributeCommands() {}

  /**
   * READ ATTRIBUTE with every field.
   *
   * @param cache let the device answer from its cache of the medium's attributes
   */
  public static ScsiCommand readAttribute(
      ReadAttributeServiceAction action,
      int logicalVolume,
      int partition,
      int firstAttribute,
      int allocationLength,
      boolean cache) {
    Objects.requireNonNull(action, "action");
    Checks.range("logical volume number", logicalVolume, 0, 0xFF);
    Checks.range("partition number", partition, 0, 0xFF);
    Checks.range("first attribute identifier", firstAttribute, 0, 0xFFFF);
    if (allocationLength < 4) {
      throw new IllegalArgumentException("allocation length " + allocationLength + " is below the 4-byte header");
    }
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x8C;
    cdb[1] = (byte) action.code();
    cdb[5] = (byte) logicalVolume;
    cdb[7] = (byte) partition;
    Bytes.put16(cdb, 8, firstAttribute);
    Bytes.put32(cdb, 10, allocationLength);
    cdb[14] = (byte) (cache ? 0x01 : 0);
    return new ScsiCommand("READ ATTRIBUTE", cdb, DataDirection.FROM_DEVICE, allocationLength, DEFAULT_TIMEOUT);
  }

  /** READ ATTRIBUTE of all attribute values of volume 0, partition 0. */
  public static ScsiCommand readAttributeValues(int firstAttribute) {
    return readAttribute(
        ReadAttributeServiceAction.ATTRIBUTE_VALUES, 0, 0, firstAttribute, DEFAULT_ALLOCATION_LENGTH, false);
  }

  /**
   * WRITE ATTRIBUTE for a parameter list of {@code parameterListLength} bytes (see {@link
   * AttributeParameterList}).
   *
   * @param wtc write through cache: the device writes the medium before completing
   */
  public static ScsiCommand writeAttribute(boolean wtc, int logicalVolume, int partition, int parameterListLength) {
    Checks.range("logical volume number", logicalVolume, 0, 0xFF);
    Checks.range("partition number", partition, 0, 0xFF);
    if (parameterListLength < 0) {
      throw new IllegalArgumentException("negative parameter list length " + parameterListLength);
    }
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x8D;
    cdb[1] = (byte) (wtc ? 0x01 : 0);
    cdb[5] = (byte) logicalVolume;
    cdb[7] = (byte) partition;
    Bytes.put32(cdb, 10, parameterListLength);
    DataDirection dir = parameterListLength == 0 ? DataDirection.NONE : DataDirection.TO_DEVICE;
    return new ScsiCommand("WRITE ATTRIBUTE", cdb, dir, parameterListLength, DEFAULT_TIMEOUT);
  }

  /** WRITE ATTRIBUTE sized for {@code list}, volume 0, partition 0, WTC set. */
  public static ScsiCommand writeAttribute(AttributeParameterList list) {
    return writeAttribute(true, 0, 0, list.encode().length);
  }
}
