package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ssc.SscCommands;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Mode settings to change with {@link TapeDrive#setOptions(DriveOptions)}: each field is either
 * set (changed) or empty (left as the drive has it). All changes of one call go to the drive in
 * a single MODE SELECT.
 *
 * <pre>{@code
 * drive.setOptions(DriveOptions.DEFAULTS);                          // compression on, variable, buffered
 * drive.setOptions(DriveOptions.NONE.withCompression(false));      // only compression off
 * }</pre>
 *
 * @param blockSize block length 0..16777215, 0 for variable-block mode
 * @param compression data compression (DCE of mode page 0Fh) on or off
 * @param buffered buffered mode 1 (true) or unbuffered mode 0 (false)
 */
public record DriveOptions(OptionalInt blockSize, Optional<Boolean> compression, Optional<Boolean> buffered) {
  /** Changes nothing; start here and add with the {@code with} methods. */
  public static final DriveOptions NONE = new DriveOptions(OptionalInt.empty(), Optional.empty(), Optional.empty());

  /** What PBS sets when it opens a drive: compression on, variable-block mode, buffered mode 1. */
  public static final DriveOptions DEFAULTS = NONE.withBlockSize(0).withCompression(true).withBuffered(true);

  public DriveOptions {
    Objects.requireNonNull(blockSize, "blockSize");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(buffered, "buffered");
    if (blockSize.isPresent() && (blockSize.getAsInt() < 0 || blockSize.getAsInt() > SscCommands.MAX_24_BIT)) {
      throw new IllegalArgumentException(
          "block size " + blockSize.getAsInt() + " is outside 0..16777215 (0 = variable)");
    }
  }

  public DriveOptions withBlockSize(int size) {
    return new DriveOptions(OptionalInt.of(size), compression, buffered);
  }

  public DriveOptions withCompression(boolean on) {
    return new DriveOptions(blockSize, Optional.of(on), buffered);
  }

  public DriveOptions withBuffered(boolean on) {
    return new DriveOptions(blockSize, compression, Optional.of(on));
  }

  /** True when nothing would change. */
  public boolean isEmpty() {
    return blockSize.isEmpty() && compression.isEmpty() && buffered.isEmpty();
  }
}
