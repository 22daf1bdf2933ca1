package dev.tapekit.vtl.changer;

/**
 * What one element holds, as the changer reports it and the library persists it.
 *
 * @param address element address
 * @param type element type
 * @param ordinal 0-based position within its type (drive 0, slot 0, ...)
 * @param barcode the cartridge's volume tag, or null when empty
 * @param sourceAddress the element the cartridge was last moved from, or -1
 * @param imported true for an import/export element filled by the operator (IMPEXP bit)
 */
public record ElementState(int address, ElementType type, int ordinal, String barcode, int sourceAddress, boolean imported) {

  public boolean full() {
    return barcode != null;
  }
}
