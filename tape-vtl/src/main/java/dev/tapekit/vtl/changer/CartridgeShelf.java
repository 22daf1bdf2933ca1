package dev.tapekit.vtl.changer;

import dev.tapekit.vtl.cartridge.CartridgeFile;
import java.io.IOException;

/** Where a changer finds the file of a cartridge by its barcode (the library home). */
@FunctionalInterface
public interface CartridgeShelf {
  /**
   * Opens the cartridge file for {@code barcode} for reading and writing.
   *
   * @throws IOException when it is missing or unreadable
   */
  CartridgeFile open(String barcode) throws IOException;
}
