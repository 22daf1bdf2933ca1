package dev.tapekit.changer.smc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.time.Duration;

/**
 * MODE SENSE(6) for the three SMC mode pages, and locating a page in the reply.
 *
 * <p>CDB (6 bytes): {@code 1A 08 PP 00 FF 00} — DBD set (no block descriptors wanted), page control
 * 0 (current values), page code {@code PP}, allocation length 255. Reply grammar:
 *
 * <pre>
 *  0  mode data length (bytes that follow this one)
 *  1  medium type   2  device-specific parameter   3  block descriptor length (n)
 *  4  block descriptors (n bytes; devices may send them despite DBD)
 *  4+n page: PS(7) SPF(6) page code(5..0), page length, page bytes
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class SmcModeSense {
  /** Page 0x1D: element address assignment. */
  public static final int ELEMENT_ADDRESS_ASSIGNMENT = 0x1D;
  /** Page 0x1E: transport geometry parameters. */
  public static final int TRANSPORT_GEOMETRY = 0x1E;
  /** Page 0x1F: device capabilities. */
  public static final int DEVICE_CAPABILITIES = 0x1F;
  /** The allocation length sent: the largest a 6-byte CDB can ask for. */
  public static final int ALLOCATION_LENGTH = 0xFF;
  /** Changers may take long to answer while they inventory; PBS allows 300 s. */
  public static final Duration TIMEOUT = Duration.ofSeconds(300);

  private SmcModeSense() {}

  /** MODE SENSE(6) with DBD for {@code pageCode} (0x00..0x3F). */
  public static ScsiCommand request(int pageCode) {
    if (pageCode < 0 || pageCode > 0x3F) {
      throw new IllegalArgumentException("page code " + pageCode);
    }
    byte[] cdb = {0x1A, 0x08, (byte) pageCode, 0, (byte) ALLOCATION_LENGTH, 0};
    return new ScsiCommand("MODE SENSE(6)", cdb, DataDirection.FROM_DEVICE, ALLOCATION_LENGTH, TIMEOUT);
  }

  /**
   * Checks a page's code and that its page length is at least {@code minLength} and covered by the
   * bytes; returns the page length.
   */
  static int checkedPageLength(byte[] page, int pageCode, int minLength, String what)
      throws MalformedResponseException {
    int code = Bytes.u8(page, 0, what) & 0x3F;
    if (code != pageCode) {
      throw new MalformedResponseException(String.format("%s: page code 0x%02X at offset 0", what, code));
    }
    int length = Bytes.u8(page, 1, what);
    if (length < minLength) {
      throw new MalformedResponseException(what + ": page length " + length + " at offset 1 is below " + minLength);
    }
    Bytes.require(page, 2, length, what);
    return length;
  }

  /**
   * The page bytes (from the page code byte to the end of the page) of the reply, checked against
   * the expected page code.
   *
   * @throws MalformedResponseException when the header or page is truncated, the page code differs, or
   *     the mode data length disagrees with the page length
   */
  public static byte[] page(byte[] reply, int pageCode) throws MalformedResponseException {
    String what = String.format("MODE SENSE(6) page 0x%02X", pageCode);
    int modeDataLength = Bytes.u8(reply, 0, what + " header");
    int end = Math.min(reply.length, modeDataLength + 1);
    int blockDescriptors = Bytes.u8(reply, 3, what + " header");
    int off = 4 + blockDescriptors;
    if (off + 2 > end) {
      throw new MalformedResponseException(
          what + ": no page after the " + off + "-byte header (mode data length " + modeDataLength
              + ", " + reply.length + " bytes received)");
    }
    int code = reply[off] & 0x3F;
    if (code != pageCode) {
      throw new MalformedResponseException(
          String.format("%s: the device returned page 0x%02X at offset %d", what, code, off));
    }
    int pageLength = reply[off + 1] & 0xFF;
    if (off + 2 + pageLength > end) {
      throw new MalformedResponseException(
          what + ": page length " + pageLength + " at offset " + (off + 1) + " runs past the "
              + end + " bytes of mode data");
    }
    return Bytes.slice(reply, off, 2 + pageLength, what);
  }
}
