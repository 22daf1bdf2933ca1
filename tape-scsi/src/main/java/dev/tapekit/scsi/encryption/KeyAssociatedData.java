package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.codec.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key-associated data (KAD) descriptor (SSC-5 8.5.4.x): a key name or nonce stored with
 * encrypted blocks. KADs are not secret (they are written to the tape in clear) and so are
 * printed. Immutable.
 *
 * <pre>
 *  0    KEY DESCRIPTOR TYPE (00h U-KAD, 01h A-KAD, 02h nonce, 03h M-KAD, 04h wrapped key)
 *  1    bits 2..0 AUTHENTICATED (status pages only; reserved in Set Data Encryption)
 *  2..3 KEY DESCRIPTOR LENGTH (u16)
 *  4..  KEY DESCRIPTOR
 * </pre>
 *
 * @param type the key descriptor type
 * @param authenticated the AUTHENTICATED field (0 in pages the host sends)
 * @param descriptor the descriptor bytes
 */
public record KeyAssociatedData(int type, int authenticated, byte[] descriptor) {
  /** Unauthenticated KAD. */
  public static final int U_KAD = 0x00;
  /** Authenticated KAD. */
  public static final int A_KAD = 0x01;
  /** Nonce value. */
  public static final int NONCE = 0x02;
  /** Metadata KAD. */
  public static final int M_KAD = 0x03;
  /** Wrapped key KAD. */
  public static final int WRAPPED_KEY = 0x04;

  public KeyAssociatedData {
    if (type < 0 || type > 0xFF || authenticated < 0 || authenticated > 7) {
      throw new IllegalArgumentException("KAD type " + type + " or authenticated " + authenticated + " out of range");
    }
    if (descriptor.length > 0xFFFF) {
      throw new IllegalArgumentException("KAD of " + descriptor.length + " bytes exceeds 65535");
    }
    descriptor = descriptor.clone();
  }

  /** An unauthenticated KAD holding an ASCII key name. */
  public static KeyAssociatedData ukad(String keyName) {
    return new KeyAssociatedData(U_KAD, 0, keyName.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public byte[] descriptor() {
    return descriptor.clone();
  }

  /** The descriptor bytes as ASCII (key names usually are). */
  public String ascii() {
    return new String(descriptor, StandardCharsets.US_ASCII);
  }

  /** Serialises the descriptor (AUTHENTICATED written as given). */
  byte[] encode() {
    byte[] out = new byte[4 + descriptor.length];
    out[0] = (byte) type;
    out[1] = (byte) authenticated;
    Bytes.put16(out, 2, descriptor.length);
    System.arraycopy(descriptor, 0, out, 4, descriptor.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyAssociatedData k
        && k.type == type
        && k.authenticated == authenticated
        && Arrays.equals(k.descriptor, descriptor);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(descriptor);
  }

  @Override
  public String toString() {
    return "KAD[type=" + type + ", authenticated=" + authenticated + ", " + HexFormat.of().formatHex(descriptor) + "]";
  }
}
