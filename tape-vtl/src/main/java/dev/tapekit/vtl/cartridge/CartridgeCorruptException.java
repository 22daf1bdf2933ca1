package dev.tapekit.vtl.cartridge;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A cartridge file failed a checksum or structural check that a crash cannot explain: a header slot
 * pair that are both invalid, a damaged record header before the last sync point when the index must
 * be rebuilt by a scan, or a block whose record fails its checksums when it is read. The message names
 * the file, the byte offset and, where known, the logical object number.
 */
public class CartridgeCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  public CartridgeCorruptException(Path file, long offset, String what) {
    super(file + ": " + what + " at byte offset " + offset + " (checksum failed: corrupt cartridge file)");
  }
}
