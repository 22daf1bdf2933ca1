package dev.tapekit.vtl.changer;

/** SMC element types with their element type codes. */
public enum ElementType {
  /** Medium transport (the picker). */
  TRANSPORT(1),
  /** Storage slot. */
  STORAGE(2),
  /** Import/export element (mail slot, CAP). */
  IMPORT_EXPORT(3),
  /** Data transfer element (drive). */
  DATA_TRANSFER(4);

  private final int code;

  ElementType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
