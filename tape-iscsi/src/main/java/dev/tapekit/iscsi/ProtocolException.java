package dev.tapekit.iscsi;

import java.io.IOException;

/**
 * A peer broke the protocol: a PDU that cannot be parsed, a digest that does not match, a data segment
 * beyond the negotiated limit, a field with a value the standard forbids. Carries the Reject reason
 * (RFC 7143 §11.17.1) a target answers with, and the offending header when there was one, so the
 * Reject can return it.
 */
final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  static final int DATA_DIGEST_ERROR = 0x02;
  static final int SNACK_REJECT = 0x03;
  static final int PROTOCOL_ERROR = 0x04;
  static final int COMMAND_NOT_SUPPORTED = 0x05;
  static final int IMMEDIATE_COMMAND_REJECT = 0x06;
  static final int TASK_IN_PROGRESS = 0x07;
  static final int INVALID_DATA_ACK = 0x08;
  static final int INVALID_PDU_FIELD = 0x09;
  static final int OUT_OF_RESOURCES = 0x0A;
  static final int WAITING_FOR_LOGOUT = 0x0C;
  /** Not a Reject reason: a header digest error, after which nothing on the connection can be trusted. */
  static final int HEADER_DIGEST_ERROR = -1;

  private final int reason;
  private final transient byte[] header;

  ProtocolException(int reason, String message) {
    this(reason, message, null);
  }

  ProtocolException(int reason, String message, byte[] header) {
    super(message);
    this.reason = reason;
    this.header = header == null ? null : header.clone();
  }

  int reason() {
    return reason;
  }

  /** The basic header segment of the PDU at fault, or null. */
  byte[] header() {
    return header == null ? null : header.clone();
  }
}
