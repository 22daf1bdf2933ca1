package dev.tapekit.scsi.reservation;

/** PERSISTENT RESERVE OUT service actions (SPC-4, CDB byte 1 bits 4..0) that tapekit sends. */
public enum ReserveOutAction {
  /** 00h: register a key, change it, or (new key 0) unregister. */
  REGISTER(0x00, "REGISTER"),
  /** 01h: take the reservation. */
  RESERVE(0x01, "RESERVE"),
  /** 02h: give the reservation up. */
  RELEASE(0x02, "RELEASE"),
  /** 03h: drop every registration and the reservation. */
  CLEAR(0x03, "CLEAR"),
  /** 04h: remove another initiator's registration, taking its reservation if it held one. */
  PREEMPT(0x04, "PREEMPT"),
  /** 05h: PREEMPT, and abort the preempted initiators' commands. */
  PREEMPT_AND_ABORT(0x05, "PREEMPT AND ABORT"),
  /** 06h: register a key whatever key this initiator had. */
  REGISTER_AND_IGNORE_EXISTING_KEY(0x06, "REGISTER AND IGNORE EXISTING KEY");

  private final int code;
  private final String text;

  ReserveOutAction(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The service action code. */
  public int code() {
    return code;
  }

  /** The SPC name. */
  public String text() {
    return text;
  }
}
