package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.CodeTable;

/**
 * The SMC element type codes (SMC-3 table "Element type code"), as used in the READ ELEMENT STATUS
 * CDB filter and in each element status page header.
 */
public enum ElementType {
  /** Code 0: every type (READ ELEMENT STATUS filter only, never in a reply). */
  ALL(0, "all element types"),
  /** Code 1: a picker or robot arm. */
  MEDIUM_TRANSPORT(1, "medium transport"),
  /** Code 2: a storage slot. */
  STORAGE(2, "storage"),
  /** Code 3: a mail slot (import/export, CAP). */
  IMPORT_EXPORT(3, "import/export"),
  /** Code 4: a drive. */
  DATA_TRANSFER(4, "data transfer");

  private static final CodeTable<ElementType> BY_CODE = CodeTable.of(values(), ElementType::code);

  private final int code;
  private final String text;

  ElementType(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The 4-bit type code. */
  public int code() {
    return code;
  }

  /** Lower-case name for messages, e.g. "import/export". */
  public String text() {
    return text;
  }

  /**
   * The type a reply page names.
   *
   * @throws MalformedResponseException for 0 (not a reply type) and reserved codes 5..15
   */
  public static ElementType ofReplyCode(int code, String what) throws MalformedResponseException {
    return BY_CODE.find(code)
        .filter(t -> t != ALL)
        .orElseThrow(() -> new MalformedResponseException(what + ": element type code " + code + " is not 1..4"));
  }
}
