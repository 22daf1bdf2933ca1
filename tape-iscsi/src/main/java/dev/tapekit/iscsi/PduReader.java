package dev.tapekit.iscsi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads PDUs from a connection, checking the digests and the data segment limit in force.
 *
 * <p>Contract: {@link #read()} returns the next PDU, or null when the peer closed the connection
 * between PDUs; a connection closed inside a PDU is an {@link EOFException}; a PDU that breaks the
 * protocol is a {@link ProtocolException} — after one, the stream position is undefined except for a
 * data digest error, where the whole PDU was consumed. Digests and the limit may change between PDUs
 * (they take effect after login). Not thread-safe: one reader thread per connection.
 */
final class PduReader {
  private final InputStream in;
  private final byte[] word = new byte[4];
  /** Staging for data placed into a direct buffer; allocated on first use, then reused. */
  private byte[] chunk;
  private volatile boolean headerDigest;
  private volatile boolean dataDigest;
  private volatile int maxDataSegment;

  PduReader(InputStream in, int maxDataSegment) {
    this.in = in;
    this.maxDataSegment = maxDataSegment;
  }

  void digests(boolean header, boolean data) {
    this.headerDigest = header;
    this.dataDigest = data;
  }

  /** The largest data segment accepted: our MaxRecvDataSegmentLength (or 8192 during login). */
  void maxDataSegment(int bytes) {
    this.maxDataSegment = bytes;
  }

  /**
   * Where the data segment of a PDU goes instead of a new array, chosen from its header: a buffer
   * with exactly the declared length remaining, or null for a new array. A placed PDU keeps an empty
   * {@link Pdu#data()}; its {@link Pdu#declaredDataLength()} says how many bytes went to the buffer.
   */
  @FunctionalInterface
  interface DataPlacement {
    ByteBuffer place(Pdu header) throws ProtocolException;
  }

  Pdu read() throws IOException {
    return read(null);
  }

  /** Like {@link #read()}, with the data segment stored where {@code placement} says (the initiator's Data-In path). */
  Pdu read(DataPlacement placement) throws IOException {
    byte[] bhs = new byte[Pdu.BHS_LENGTH];
    int first = in.read(bhs, 0, bhs.length);
    if (first < 0) {
      return null;
    }
    readFully(bhs, first, bhs.length - first, "basic header segment");
    byte[] ahs = new byte[(bhs[4] & 0xFF) * 4];
    readFully(ahs, 0, ahs.length, "additional header segments");
    if (headerDigest) {
      readFully(word, 0, 4, "header digest");
      int expected = headerCrc(bhs, ahs);
      int got = Crc32cDigest.get(word, 0);
      if (got != expected) {
        throw new ProtocolException(ProtocolException.HEADER_DIGEST_ERROR,
            String.format("header digest error: received 0x%08x, computed 0x%08x", got, expected), bhs);
      }
    }
    Pdu pdu = new Pdu(bhs, ahs);
    int length = pdu.declaredDataLength();
    if (length > maxDataSegment) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, String.format(
          "%s with a %d-byte data segment, more than the %d bytes negotiated (MaxRecvDataSegmentLength)",
          Pdu.opcodeName(pdu.opcode()), length, maxDataSegment), bhs);
    }
    ByteBuffer target = placement == null || length == 0 ? null : placement.place(pdu);
    if (target != null) {
      readPlaced(pdu, target, length);
      return pdu;
    }
    int padded = (length + 3) & ~3;
    byte[] data = new byte[padded];
    readFully(data, 0, padded, "data segment");
    if (dataDigest && length > 0) {
      readFully(word, 0, 4, "data digest");
      int expected = Crc32cDigest.of(data, 0, padded);
      int got = Crc32cDigest.get(word, 0);
      if (got != expected) {
        throw new ProtocolException(ProtocolException.DATA_DIGEST_ERROR,
            String.format("data digest error in a %s: received 0x%08x, computed 0x%08x",
                Pdu.opcodeName(pdu.opcode()), got, expected), bhs);
      }
    }
    return pdu.data(data, 0, length);
  }

  private void readPlaced(Pdu pdu, ByteBuffer target, int length) throws IOException {
    if (target.remaining() != length) {
      throw new IllegalArgumentException("placement of " + target.remaining() + " bytes for a " + length + "-byte data segment");
    }
    ByteBuffer region = target.duplicate();
    if (target.hasArray()) {
      readFully(target.array(), target.arrayOffset() + target.position(), length, "data segment");
    } else {
      if (chunk == null) {
        chunk = new byte[65536];
      }
      ByteBuffer into = target.duplicate();
      while (into.hasRemaining()) {
        int n = Math.min(chunk.length, into.remaining());
        readFully(chunk, 0, n, "data segment");
        into.put(chunk, 0, n);
      }
    }
    int pad = (4 - (length & 3)) & 3;
    readFully(word, 0, pad, "data segment padding");
    if (dataDigest) {
      CRC32C crc = new CRC32C();
      crc.update(region);
      crc.update(word, 0, pad);
      readFully(word, 0, 4, "data digest");
      int got = Crc32cDigest.get(word, 0);
      if (got != (int) crc.getValue()) {
        throw new ProtocolException(ProtocolException.DATA_DIGEST_ERROR,
            String.format("data digest error in a %s: received 0x%08x, computed 0x%08x",
                Pdu.opcodeName(pdu.opcode()), got, (int) crc.getValue()), pdu.header());
      }
    }
  }

  static int headerCrc(byte[] bhs, byte[] ahs) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bhs, 0, bhs.length);
    crc.update(ahs, 0, ahs.length);
    return (int) crc.getValue();
  }

  private void readFully(byte[] b, int off, int len, String what) throws IOException {
    while (len > 0) {
      int n = in.read(b, off, len);
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a PDU's " + what);
      }
      off += n;
      len -= n;
    }
  }
}
