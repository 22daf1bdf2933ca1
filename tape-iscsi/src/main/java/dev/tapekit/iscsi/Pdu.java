package dev.tapekit.iscsi;

import java.util.Arrays;

/**
 * One iSCSI protocol data unit (RFC 7143 §11): the 48-byte basic header segment, optional additional
 * header segments and a data segment.
 *
 * <p>Byte grammar on the wire (all integers big-endian; digests as {@link Crc32cDigest} describes):
 *
 * <pre>
 *   BHS (48)  byte 0: .|I|opcode(6)   byte 1: flags   bytes 2-3: opcode-specific
 *             byte 4: TotalAHSLength (4-byte words)   bytes 5-7: DataSegmentLength (bytes, unpadded)
 *             bytes 8-15: LUN or opcode-specific      bytes 16-19: Initiator Task Tag
 *             bytes 20-47: opcode-specific (TTT, CmdSN/StatSN, ExpStatSN/ExpCmdSN, MaxCmdSN, CDB, ...)
 *   AHS (TotalAHSLength * 4)
 *   HeaderDigest (4, when negotiated)
 *   data segment, padded with zeros to a multiple of 4
 *   DataDigest (4, when negotiated and the data segment is not empty)
 * </pre>
 *
 * <p>The data segment is a region of an array the PDU does not copy: a Data-In PDU sent from a
 * command's buffer points into that buffer. Not thread-safe.
 */
final class Pdu {
  static final int BHS_LENGTH = 48;
  /** The largest data segment the 24-bit DataSegmentLength can describe. */
  static final int MAX_DATA_SEGMENT = (1 << 24) - 1;

  // Initiator opcodes (RFC 7143 §11.1.1).
  static final int NOP_OUT = 0x00;
  static final int SCSI_COMMAND = 0x01;
  static final int TASK_REQUEST = 0x02;
  static final int LOGIN_REQUEST = 0x03;
  static final int TEXT_REQUEST = 0x04;
  static final int DATA_OUT = 0x05;
  static final int LOGOUT_REQUEST = 0x06;
  static final int SNACK = 0x10;
  // Target opcodes.
  static final int NOP_IN = 0x20;
  static final int SCSI_RESPONSE = 0x21;
  static final int TASK_RESPONSE = 0x22;
  static final int LOGIN_RESPONSE = 0x23;
  static final int TEXT_RESPONSE = 0x24;
  static final int DATA_IN = 0x25;
  static final int LOGOUT_RESPONSE = 0x26;
  static final int R2T = 0x31;
  static final int ASYNC_MESSAGE = 0x32;
  static final int REJECT = 0x3F;

  /** The reserved tag value: "no task" in ITT and TTT fields. */
  static final int NO_TAG = 0xFFFFFFFF;

  private final byte[] bhs;
  private byte[] ahs = new byte[0];
  private byte[] data = new byte[0];
  private int dataOffset;
  private int dataLength;

  Pdu(int opcode) {
    this.bhs = new byte[BHS_LENGTH];
    bhs[0] = (byte) (opcode & 0x3F);
  }

  /** A PDU over a received header; the array is kept, not copied. */
  Pdu(byte[] bhs, byte[] ahs) {
    if (bhs.length != BHS_LENGTH) {
      throw new IllegalArgumentException("basic header segment must be 48 bytes, not " + bhs.length);
    }
    this.bhs = bhs;
    this.ahs = ahs;
  }

  int opcode() {
    return bhs[0] & 0x3F;
  }

  boolean immediate() {
    return (bhs[0] & 0x40) != 0;
  }

  Pdu immediate(boolean on) {
    bhs[0] = (byte) (on ? bhs[0] | 0x40 : bhs[0] & ~0x40);
    return this;
  }

  int flags() {
    return bhs[1] & 0xFF;
  }

  Pdu flags(int value) {
    bhs[1] = (byte) value;
    return this;
  }

  /** The F (final) bit, bit 7 of byte 1, in every PDU that has one. */
  boolean finalBit() {
    return (bhs[1] & 0x80) != 0;
  }

  int u8(int offset) {
    return bhs[offset] & 0xFF;
  }

  Pdu u8(int offset, int value) {
    bhs[offset] = (byte) value;
    return this;
  }

  int u16(int offset) {
    return ((bhs[offset] & 0xFF) << 8) | (bhs[offset + 1] & 0xFF);
  }

  Pdu u16(int offset, int value) {
    bhs[offset] = (byte) (value >>> 8);
    bhs[offset + 1] = (byte) value;
    return this;
  }

  /** A 32-bit field as a Java int; sequence numbers and tags wrap, so compare them with {@link SerialNumbers}. */
  int u32(int offset) {
    return ((bhs[offset] & 0xFF) << 24) | ((bhs[offset + 1] & 0xFF) << 16) | ((bhs[offset + 2] & 0xFF) << 8)
        | (bhs[offset + 3] & 0xFF);
  }

  Pdu u32(int offset, int value) {
    bhs[offset] = (byte) (value >>> 24);
    bhs[offset + 1] = (byte) (value >>> 16);
    bhs[offset + 2] = (byte) (value >>> 8);
    bhs[offset + 3] = (byte) value;
    return this;
  }

  long u64(int offset) {
    return ((long) u32(offset) << 32) | (u32(offset + 4) & 0xFFFFFFFFL);
  }

  Pdu u64(int offset, long value) {
    u32(offset, (int) (value >>> 32));
    return u32(offset + 4, (int) value);
  }

  // Fields at the same place in most PDUs.

  /** Bytes 8-15 as a logical unit number ({@link #lun(int)} explains the encoding). */
  int lun() {
    return decodeLun(u64(8));
  }

  /**
   * Sets bytes 8-15 to {@code lun} in SAM single-level form: peripheral device addressing (byte 8 zero,
   * byte 9 the number) below 256, flat space addressing (01b and 14 bits) up to 16383 — what Linux and
   * libiscsi send.
   */
  Pdu lun(int lun) {
    return u64(8, encodeLun(lun));
  }

  int itt() {
    return u32(16);
  }

  Pdu itt(int tag) {
    return u32(16, tag);
  }

  /** Bytes 20-23: the Target Transfer Tag, or the Expected Data Transfer Length of a SCSI Command. */
  int field20() {
    return u32(20);
  }

  Pdu field20(int value) {
    return u32(20, value);
  }

  /** Bytes 24-27: CmdSN in requests, StatSN in responses. */
  int sn24() {
    return u32(24);
  }

  Pdu sn24(int value) {
    return u32(24, value);
  }

  /** Bytes 28-31: ExpStatSN in requests, ExpCmdSN in responses. */
  int sn28() {
    return u32(28);
  }

  Pdu sn28(int value) {
    return u32(28, value);
  }

  /** Bytes 32-35: MaxCmdSN in responses. */
  int sn32() {
    return u32(32);
  }

  Pdu sn32(int value) {
    return u32(32, value);
  }

  /** Bytes 32-47: the CDB of a SCSI Command (longer CDBs continue in an extended-CDB AHS). */
  byte[] cdb() {
    return Arrays.copyOfRange(bhs, 32, 48);
  }

  Pdu cdb(byte[] cdb) {
    if (cdb.length > 16) {
      throw new IllegalArgumentException("CDBs longer than 16 bytes need an extended CDB AHS: " + cdb.length);
    }
    Arrays.fill(bhs, 32, 48, (byte) 0);
    System.arraycopy(cdb, 0, bhs, 32, cdb.length);
    return this;
  }

  /** Bytes 8-13: the ISID of a Login PDU. */
  long isid() {
    return u64(8) >>> 16;
  }

  Pdu isid(long isid) {
    long tsih = u16(14);
    return u64(8, (isid << 16) | tsih);
  }

  byte[] header() {
    return bhs;
  }

  byte[] ahs() {
    return ahs;
  }

  int dataLength() {
    return dataLength;
  }

  byte[] dataArray() {
    return data;
  }

  int dataOffset() {
    return dataOffset;
  }

  /** The data segment as a new array. */
  byte[] data() {
    return Arrays.copyOfRange(data, dataOffset, dataOffset + dataLength);
  }

  Pdu data(byte[] array) {
    return data(array, 0, array.length);
  }

  /** Points the data segment at {@code array[offset, offset + length)}, without copying. */
  Pdu data(byte[] array, int offset, int length) {
    if (length > MAX_DATA_SEGMENT) {
      throw new IllegalArgumentException("data segment too long for DataSegmentLength: " + length);
    }
    this.data = array;
    this.dataOffset = offset;
    this.dataLength = length;
    bhs[5] = (byte) (length >>> 16);
    bhs[6] = (byte) (length >>> 8);
    bhs[7] = (byte) length;
    return this;
  }

  /** The DataSegmentLength field of the header as received. */
  int declaredDataLength() {
    return ((bhs[5] & 0xFF) << 16) | ((bhs[6] & 0xFF) << 8) | (bhs[7] & 0xFF);
  }

  static long encodeLun(int lun) {
    if (lun < 0 || lun > 0x3FFF) {
      throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
    }
    return lun < 256 ? ((long) lun) << 48 : ((long) (0x4000 | lun)) << 48;
  }

  /** The LUN of a SAM single-level LUN field; -1 for a form this implementation does not address. */
  static int decodeLun(long field) {
    if ((field & 0x0000FFFFFFFFFFFFL) != 0) {
      return -1;
    }
    int first = (int) (field >>> 48);
    int method = first >>> 14;
    if (method == 0) {
      return (first >>> 8) == 0 ? first & 0xFF : -1; // peripheral device, bus 0 only
    }
    return method == 1 ? first & 0x3FFF : -1;
  }

  static String opcodeName(int opcode) {
    return switch (opcode) {
      case NOP_OUT -> "NOP-Out";
      case SCSI_COMMAND -> "SCSI Command";
      case TASK_REQUEST -> "Task Management Function Request";
      case LOGIN_REQUEST -> "Login Request";
      case TEXT_REQUEST -> "Text Request";
      case DATA_OUT -> "SCSI Data-Out";
      case LOGOUT_REQUEST -> "Logout Request";
      case SNACK -> "SNACK Request";
      case NOP_IN -> "NOP-In";
      case SCSI_RESPONSE -> "SCSI Response";
      case TASK_RESPONSE -> "Task Management Function Response";
      case LOGIN_RESPONSE -> "Login Response";
      case TEXT_RESPONSE -> "Text Response";
      case DATA_IN -> "SCSI Data-In";
      case LOGOUT_RESPONSE -> "Logout Response";
      case R2T -> "Ready To Transfer";
      case ASYNC_MESSAGE -> "Asynchronous Message";
      case REJECT -> "Reject";
      default -> String.format("opcode 0x%02x", opcode);
    };
  }

  @Override
  public String toString() {
    return String.format("%s itt=0x%08x lun=%d data=%d", opcodeName(opcode()), itt(), lun(), dataLength);
  }
}
