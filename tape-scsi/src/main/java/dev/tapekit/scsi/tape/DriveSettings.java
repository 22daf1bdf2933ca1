package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ssc.LtoDensity;
import java.util.Objects;
import java.util.Optional;

/**
 * The drive's current mode parameters as far as a tape application cares, read with MODE SENSE:
 * the block descriptor (density, block length), the device-specific parameter (write protect,
 * buffered mode) and page 0Fh (data compression).
 *
 * @param blockSize block length of the block descriptor: 0 is variable-block mode
 * @param compression DCE of the data compression page; empty when the drive has no page 0Fh
 * @param bufferMode buffered mode 0..7 (0 unbuffered, 1 buffered, 2 buffered per initiator)
 * @param densityCode density code of the block descriptor: the mounted cartridge's format, 0 when
 *     there is none or the drive does not say
 * @param writeProtected WP: the cartridge is write-protected (tab, WORM with data, or software)
 */
public record DriveSettings(
    int blockSize, Optional<Boolean> compression, int bufferMode, int densityCode, boolean writeProtected) {
  public DriveSettings {
    Objects.requireNonNull(compression, "compression");
  }

  /** True in variable-block mode. */
  public boolean variableBlocks() {
    return blockSize == 0;
  }

  /** True when the drive buffers writes (buffered mode other than 0). */
  public boolean buffered() {
    return bufferMode != 0;
  }

  /** The LTO generation of {@link #densityCode()}, if it is one. */
  public Optional<LtoDensity> density() {
    return LtoDensity.of(densityCode);
  }

  /** The density for people, e.g. {@code LTO-9 (0x60)}; see {@link LtoDensity#describe(int)}. */
  public String densityName() {
    return LtoDensity.describe(densityCode);
  }
}
