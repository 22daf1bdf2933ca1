package dev.tapekit.scsi.ssc;

/** The service action of READ POSITION and the reply it selects. */
public enum ReadPositionForm {
  /** Short form, block identifiers (SA 00h): 20 bytes, 32-bit locations; see {@link ShortPosition}. */
  SHORT(0x00, ShortPosition.LENGTH),
  /** Long form (SA 06h): 32 bytes with partition, object number and file number; see {@link LongPosition}. */
  LONG(0x06, LongPosition.LENGTH),
  /** Extended form (SA 08h): 32 bytes, 64-bit locations and buffer counts; see {@link ExtendedPosition}. */
  EXTENDED(0x08, ExtendedPosition.LENGTH);

  private final int serviceAction;
  private final int replyLength;

  ReadPositionForm(int serviceAction, int replyLength) {
    this.serviceAction = serviceAction;
    this.replyLength = replyLength;
  }

  /** The SERVICE ACTION field (CDB byte 1, bits 4..0). */
  public int serviceAction() {
    return serviceAction;
  }

  /** The length of the reply in bytes. */
  public int replyLength() {
    return replyLength;
  }
}
