package dev.tapekit.changer;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.util.Optional;

/**
 * The changer refused a command. The message names the device, the command, the element addresses
 * involved, the decoded sense and what it means, e.g. {@code /dev/sg5: MOVE MEDIUM failed: Illegal
 * Request: Medium source element empty (ASC/ASCQ 3b/0e) (from element 1003 to element 500 via transport
 * 0: the source element is empty)}.
 */
public class ChangerException extends ScsiCommandException {
  private static final long serialVersionUID = 1L;

  /** What the failure means, for callers that branch (tools map these to exit codes). */
  public enum Reason {
    /** 3B/0E: nothing to move at the source. */
    SOURCE_EMPTY,
    /** 3B/0D: the destination already holds a medium. */
    DESTINATION_FULL,
    /** 21/01: no element at one of the addresses. */
    INVALID_ELEMENT_ADDRESS,
    /** 53/02: removal prevented (a drive still holds its tape locked, or PREVENT is in effect). */
    MEDIUM_REMOVAL_PREVENTED,
    /** 30/03: a cleaning cartridge was installed (and ejected). */
    CLEANING_CARTRIDGE,
    /** NOT READY: the changer stayed not ready (door open, offline, manual intervention). */
    NOT_READY,
    /** The command is not supported (20/00) or a CDB field was rejected (24/00). */
    UNSUPPORTED,
    /** Anything else. */
    OTHER
  }

  private final Reason reason;
  private final String elements;

  /**
   * @param elements the element addresses in words, e.g. "from element 1003 to element 500"
   * @param hint extra advice, or null for the default text of the reason
   */
  public ChangerException(String device, String command, ScsiResult result, String elements, String hint) {
    this(device, command, result, elements, reasonOf(result), hint);
  }

  private ChangerException(
      String device, String command, ScsiResult result, String elements, Reason reason, String hint) {
    super(device, command, result, join(elements, hint != null ? hint : advice(reason)));
    this.reason = reason;
    this.elements = elements;
  }

  private static String join(String elements, String advice) {
    if (elements == null || elements.isEmpty()) {
      return advice;
    }
    return advice == null ? elements : elements + ": " + advice;
  }

  /** Classifies a failed result. */
  public static Reason reasonOf(ScsiResult result) {
    Optional<SenseData> sense = result.senseData();
    if (sense.isEmpty()) {
      return result.scsiStatus() == ScsiStatus.BUSY ? Reason.NOT_READY : Reason.OTHER;
    }
    SenseData s = sense.get();
    AdditionalSense a = s.additionalSense();
    if (a.equals(AdditionalSense.MEDIUM_SOURCE_ELEMENT_EMPTY)) {
      return Reason.SOURCE_EMPTY;
    }
    if (a.equals(AdditionalSense.MEDIUM_DESTINATION_ELEMENT_FULL)) {
      return Reason.DESTINATION_FULL;
    }
    if (a.equals(AdditionalSense.INVALID_ELEMENT_ADDRESS)) {
      return Reason.INVALID_ELEMENT_ADDRESS;
    }
    if (a.equals(AdditionalSense.MEDIUM_REMOVAL_PREVENTED)) {
      return Reason.MEDIUM_REMOVAL_PREVENTED;
    }
    if (a.equals(AdditionalSense.CLEANING_CARTRIDGE_INSTALLED)) {
      return Reason.CLEANING_CARTRIDGE;
    }
    if (s.key() == SenseKey.NOT_READY) {
      return Reason.NOT_READY;
    }
    if (s.key() == SenseKey.ILLEGAL_REQUEST
        && (a.equals(AdditionalSense.INVALID_COMMAND_OPERATION_CODE) || a.equals(AdditionalSense.INVALID_FIELD_IN_CDB))) {
      return Reason.UNSUPPORTED;
    }
    return Reason.OTHER;
  }

  private static String advice(Reason reason) {
    return switch (reason) {
      case SOURCE_EMPTY -> "the source element is empty";
      case DESTINATION_FULL -> "the destination element already holds a medium";
      case INVALID_ELEMENT_ADDRESS -> "the changer has no element at one of these addresses";
      case MEDIUM_REMOVAL_PREVENTED ->
          "medium removal is prevented: unload the tape in the drive first (mt offline) or allow removal";
      case CLEANING_CARTRIDGE -> "a cleaning cartridge was installed and ejected";
      case NOT_READY -> "the changer is not ready: check that it is online and its doors are closed";
      case UNSUPPORTED -> "the changer does not support this command or option";
      case OTHER -> null;
    };
  }

  /** What the failure means. */
  public Reason reason() {
    return reason;
  }

  /** The element addresses in words, e.g. "from element 1003 to element 500" (may be empty). */
  public String elements() {
    return elements;
  }
}
