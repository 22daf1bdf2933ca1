package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A primary or alternate volume tag (barcode) of an element descriptor (SMC-3 7.5.2): 36 bytes.
 *
 * <pre>
 *  0-31 volume identifier (ASCII, left-aligned, blank-filled; no embedded blanks)
 * 32-33 reserved
 * 34-35 volume sequence number (big-endian)
 * </pre>
 *
 * <p>Libraries differ in what they put after the identifier: most blank-fill 32 bytes and zero the last
 * four; mhvtl blank-fills all 36. {@link #identifier()} is the trimmed barcode; {@link #mtxText()} is
 * what mtx prints, which keeps those blanks. Immutable.
 */
public final class VolumeTag {
  /** Size of the field in a descriptor. */
  public static final int LENGTH = 36;
  /** Size of the volume identifier part. */
  public static final int IDENTIFIER_LENGTH = 32;

  private final byte[] raw;

  private VolumeTag(byte[] raw) {
    this.raw = raw;
  }

  /** Reads the 36-byte field at {@code offset}. */
  public static VolumeTag decode(byte[] data, int offset) throws MalformedResponseException {
    return new VolumeTag(Bytes.slice(data, offset, LENGTH, "volume tag"));
  }

  /** Wraps a raw 36-byte field (copied). */
  public static VolumeTag ofRaw(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException("a volume tag field has 36 bytes, not " + raw.length);
    }
    return new VolumeTag(raw.clone());
  }

  /**
   * A tag as most libraries send it: the identifier blank-filled to 32 bytes, two reserved zero bytes
   * and the sequence number.
   */
  public static VolumeTag of(String identifier, int sequence) {
    byte[] id = identifier.getBytes(StandardCharsets.US_ASCII);
    if (id.length > IDENTIFIER_LENGTH) {
      throw new IllegalArgumentException("volume identifier longer than 32 bytes: " + identifier);
    }
    byte[] raw = new byte[LENGTH];
    Arrays.fill(raw, 0, IDENTIFIER_LENGTH, (byte) ' ');
    System.arraycopy(id, 0, raw, 0, id.length);
    Bytes.put16(raw, 34, sequence);
    return new VolumeTag(raw);
  }

  /** {@link #of(String, int)} with sequence number 0. */
  public static VolumeTag of(String identifier) {
    return of(identifier, 0);
  }

  /** The 36 bytes as received (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The volume identifier with trailing blanks and NULs removed, e.g. {@code "E01001L8"}. */
  public String identifier() {
    int end = IDENTIFIER_LENGTH;
    while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) {
      end--;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }

  /** The volume sequence number (bytes 34-35). */
  public int sequenceNumber() {
    return ((raw[34] & 0xFF) << 8) | (raw[35] & 0xFF);
  }

  /** True when the identifier is empty (no barcode read). */
  public boolean isBlank() {
    return identifier().isEmpty();
  }

  /** True for a cleaning cartridge by the usual convention: the barcode starts with {@code CLN}. */
  public boolean isCleaning() {
    return identifier().startsWith("CLN");
  }

  /**
   * The text mtx 1.3.12 prints: all 36 bytes up to the first byte below 0x20 or above 0x7F, so
   * trailing blanks (and a printable sequence field) are kept.
   */
  public String mtxText() {
    int end = 0;
    while (end < LENGTH && (raw[end] & 0xFF) >= 0x20 && (raw[end] & 0xFF) <= 0x7F) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VolumeTag t && Arrays.equals(t.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    String id = identifier();
    return id.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
        ? id
        : "VolumeTag[" + HexFormat.of().formatHex(raw) + "]";
  }
}
