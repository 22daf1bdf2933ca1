package dev.tapekit.scsi.sense;

/**
 * A coarse classification of sense data for retry and error-mapping decisions, in the manner of
 * sg3_utils' {@code sg_err_category_sense} (SG_LIB_CAT_*), with the distinctions a tape stack needs.
 * Derived from the sense key and, for a few categories, the ASC/ASCQ; {@link #of(SenseData)} is the
 * only mapping. Deferred errors are classified by their key like current ones: check {@link
 * SenseData#isDeferred()} before retrying, since a deferred error belongs to an earlier command.
 */
public enum SenseCategory {
  /** NO SENSE: nothing wrong, or only FILEMARK/EOM/ILI to report (tape READ, WRITE, SPACE). */
  NO_SENSE,
  /** RECOVERED ERROR: the command succeeded after recovery. */
  RECOVERED,
  /** NOT READY 04h/01h: the logical unit is becoming ready (loading); retry after a delay. */
  BECOMING_READY,
  /** NOT READY 04h/0Bh: the target port is in standby state. */
  STANDBY,
  /** NOT READY 04h/0Ch: the target port is in unavailable state. */
  UNAVAILABLE,
  /** NOT READY, any other reason (no medium, manual intervention, format in progress, ...). */
  NOT_READY,
  /** MEDIUM ERROR or HARDWARE ERROR. */
  MEDIUM_HARD,
  /** ILLEGAL REQUEST 20h/00h: the device does not implement the operation code. */
  INVALID_OPCODE,
  /** ILLEGAL REQUEST 21h/00h: logical block address out of range. */
  LBA_OUT_OF_RANGE,
  /** ILLEGAL REQUEST or ABORTED COMMAND with ASC 10h: a logical block protection check failed. */
  PROTECTION,
  /** ILLEGAL REQUEST, any other reason (bad CDB or parameter field, see the field pointer). */
  ILLEGAL_REQUEST,
  /** UNIT ATTENTION: reset, medium change, mode change; reissuing the command usually succeeds. */
  UNIT_ATTENTION,
  /** DATA PROTECT: write protected, WORM, encryption key problems. */
  DATA_PROTECT,
  /** BLANK CHECK: end of data on tape (00h/05h), or blank medium. */
  BLANK_CHECK,
  /** COPY ABORTED. */
  COPY_ABORTED,
  /** ABORTED COMMAND: the device aborted the command (transport errors and the like); may be retried. */
  ABORTED_COMMAND,
  /** VOLUME OVERFLOW: the physical end of partition was reached with data still in the buffer. */
  VOLUME_OVERFLOW,
  /** MISCOMPARE: a VERIFY or COMPARE AND WRITE found different data. */
  MISCOMPARE,
  /** VENDOR SPECIFIC, COMPLETED, or the reserved key 0Ch. */
  OTHER;

  /** The category of {@code sense}. */
  public static SenseCategory of(SenseData sense) {
    AdditionalSense as = sense.additionalSense();
    switch (sense.key()) {
      case NO_SENSE:
        return NO_SENSE;
      case RECOVERED_ERROR:
        return RECOVERED;
      case NOT_READY:
        if (as.equals(AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY)) {
          return BECOMING_READY;
        }
        if (as.equals(AdditionalSense.LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE)) {
          return STANDBY;
        }
        if (as.equals(AdditionalSense.LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_UNAVAILABLE_STATE)) {
          return UNAVAILABLE;
        }
        return NOT_READY;
      case MEDIUM_ERROR:
      case HARDWARE_ERROR:
        return MEDIUM_HARD;
      case ILLEGAL_REQUEST:
        if (as.equals(AdditionalSense.INVALID_COMMAND_OPERATION_CODE)) {
          return INVALID_OPCODE;
        }
        if (as.equals(AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE)) {
          return LBA_OUT_OF_RANGE;
        }
        return as.asc() == 0x10 ? PROTECTION : ILLEGAL_REQUEST;
      case UNIT_ATTENTION:
        return UNIT_ATTENTION;
      case DATA_PROTECT:
        return DATA_PROTECT;
      case BLANK_CHECK:
        return BLANK_CHECK;
      case COPY_ABORTED:
        return COPY_ABORTED;
      case ABORTED_COMMAND:
        return as.asc() == 0x10 ? PROTECTION : ABORTED_COMMAND;
      case VOLUME_OVERFLOW:
        return VOLUME_OVERFLOW;
      case MISCOMPARE:
        return MISCOMPARE;
      default:
        return OTHER;
    }
  }

  /**
   * True when reissuing the same command unchanged may succeed without operator action:
   * BECOMING_READY (after a delay), UNIT_ATTENTION (once the condition is reported) and
   * ABORTED_COMMAND. Whether the sense is deferred is not part of the category; check it too.
   */
  public boolean isRetryable() {
    return this == BECOMING_READY || this == UNIT_ATTENTION || this == ABORTED_COMMAND;
  }

  /** True for categories that report success: NO_SENSE and RECOVERED. */
  public boolean isSuccess() {
    return this == NO_SENSE || this == RECOVERED;
  }
}
