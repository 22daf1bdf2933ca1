package dev.tapekit.iscsi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes PDUs to a connection with the digests in force. Thread-safe: each PDU is written whole under
 * the writer's lock, so several threads of a session may answer on one connection.
 */
final class PduWriter {
  private static final byte[] ZEROS = new byte[4];

  private final OutputStream out;
  private final byte[] digest = new byte[4];
  private boolean headerDigest;
  private boolean dataDigest;

  PduWriter(OutputStream out) {
    this.out = out;
  }

  synchronized void digests(boolean header, boolean data) {
    this.headerDigest = header;
    this.dataDigest = data;
  }

  synchronized void write(Pdu pdu) throws IOException {
    byte[] bhs = pdu.header();
    byte[] ahs = pdu.ahs();
    if (ahs.length % 4 != 0 || ahs.length / 4 > 255) {
      throw new IllegalArgumentException("additional header segments must be whole words, at most 255: " + ahs.length);
    }
    bhs[4] = (byte) (ahs.length / 4);
    out.write(bhs);
    out.write(ahs);
    if (headerDigest) {
      Crc32cDigest.put(PduReader.headerCrc(bhs, ahs), digest, 0);
      out.write(digest);
    }
    int length = pdu.dataLength();
    if (length > 0) {
      int pad = (4 - (length & 3)) & 3;
      out.write(pdu.dataArray(), pdu.dataOffset(), length);
      out.write(ZEROS, 0, pad);
      if (dataDigest) {
        CRC32C crc = new CRC32C();
        crc.update(pdu.dataArray(), pdu.dataOffset(), length);
        crc.update(ZEROS, 0, pad);
        Crc32cDigest.put((int) crc.getValue(), digest, 0);
        out.write(digest);
      }
    }
    out.flush();
  }
}
