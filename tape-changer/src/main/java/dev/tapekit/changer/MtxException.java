package dev.tapekit.changer;

import dev.tapekit.scsi.ScsiException;
import java.util.List;

/**
 * An mtx command failed. Carries both what mtx 1.3.12 prints — {@link #senseReport()} lines, then the
 * {@link #mtxMessage()} line, both on stderr, exit status 1 — and a clearer {@link #getMessage()} for
 * tapekit's own output.
 */
public class MtxException extends ScsiException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for tools that map failures to their own exit codes. */
  public enum Kind {
    /** A required argument is missing or out of range (mtx's argument checks). */
    INVALID_ARGUMENT,
    /** The drive to load already holds a medium. */
    DRIVE_FULL,
    /** The drive to unload is empty. */
    DRIVE_EMPTY,
    /** The slot to unload into is full. */
    SLOT_FULL,
    /** mtx cannot tell which slot a drive's medium came from. */
    NO_SOURCE,
    /** first/last/next/previous found no further medium. */
    NO_MORE_MEDIA,
    /** The changer says the source element is empty (3B/0E). */
    SOURCE_EMPTY,
    /** The changer says the destination element is full (3B/0D). */
    DESTINATION_FULL,
    /** The changer reports no drives or no slots. */
    NO_ELEMENTS,
    /** Any other refusal by the changer. */
    CHANGER_ERROR
  }

  private final Kind kind;
  private final String mtxMessage;
  private final List<String> senseReport;

  public MtxException(String device, Kind kind, String mtxMessage, String message, List<String> senseReport, Throwable cause) {
    super(device, message, cause);
    this.kind = kind;
    this.mtxMessage = mtxMessage;
    this.senseReport = List.copyOf(senseReport);
  }

  /** An argument or state error: mtx's line is also the message. */
  public static MtxException of(String device, Kind kind, String mtxMessage) {
    return new MtxException(device, kind, mtxMessage, mtxMessage, List.of(), null);
  }

  public Kind kind() {
    return kind;
  }

  /** The line mtx prints to stderr, without the newline, e.g. {@code Source Element Address 1003 is Empty}. */
  public String mtxMessage() {
    return mtxMessage;
  }

  /** The {@code mtx: Request Sense: ...} lines mtx prints before the message (often none). */
  public List<String> senseReport() {
    return senseReport;
  }

  /** Exactly what mtx writes to stderr for this failure, newline-terminated lines. */
  public String mtxStderr() {
    StringBuilder sb = new StringBuilder();
    for (String line : senseReport) {
      sb.append(line).append('\n');
    }
    return sb.append(mtxMessage).append('\n').toString();
  }
}
