package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.codec.CodeTable;
import java.util.Optional;

/**
 * The TYPE of a persistent reservation (SPC-4, PERSISTENT RESERVE OUT CDB byte 2 bits 3..0 and READ
 * RESERVATION byte 21): who may write, and who may access at all. Codes 0, 2, 4 and 9..15 are
 * obsolete or reserved and have no constant.
 */
public enum ReservationType {
  /** 1: only the holder writes; everyone reads. */
  WRITE_EXCLUSIVE(1, "Write Exclusive"),
  /** 3: only the holder reads or writes. */
  EXCLUSIVE_ACCESS(3, "Exclusive Access"),
  /** 5: every registered initiator writes; everyone reads. */
  WRITE_EXCLUSIVE_REGISTRANTS_ONLY(5, "Write Exclusive, registrants only"),
  /** 6: only registered initiators read or write. */
  EXCLUSIVE_ACCESS_REGISTRANTS_ONLY(6, "Exclusive Access, registrants only"),
  /** 7: like 5, and every registrant holds the reservation. */
  WRITE_EXCLUSIVE_ALL_REGISTRANTS(7, "Write Exclusive, all registrants"),
  /** 8: like 6, and every registrant holds the reservation. */
  EXCLUSIVE_ACCESS_ALL_REGISTRANTS(8, "Exclusive Access, all registrants");

  private static final CodeTable<ReservationType> BY_CODE = CodeTable.of(values(), ReservationType::code);

  private final int code;
  private final String text;

  ReservationType(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The 4-bit TYPE code. */
  public int code() {
    return code;
  }

  /** The SPC name, as sg_persist prints it. */
  public String text() {
    return text;
  }

  /** True for the two "all registrants" types, where every registrant is a holder. */
  public boolean allRegistrants() {
    return this == WRITE_EXCLUSIVE_ALL_REGISTRANTS || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
  }

  /** The type with this code; empty for obsolete and reserved codes. */
  public static Optional<ReservationType> of(int code) {
    return BY_CODE.find(code);
  }
}
