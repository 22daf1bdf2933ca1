package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * A data encryption algorithm descriptor of the Data Encryption Capabilities page (SSC-5
 * 8.5.2.4). Immutable.
 *
 * <pre>
 *  0      ALGORITHM INDEX
 *  1      reserved
 *  2..3   DESCRIPTOR LENGTH (0014h: 20 more bytes)
 *  4      bit 7 AVFMV, 6 SDK_C, 5 MAC_C, 4 DELB_C, bits 3..2 DECRYPT_C, bits 1..0 ENCRYPT_C
 *  5      bits 7..6 AVFCLP, bits 5..4 NONCE_C, bit 3 KADF_C, 2 VCELB_C, 1 UKADF, 0 AKADF
 *  6..7   MAXIMUM UNAUTHENTICATED KEY-ASSOCIATED DATA BYTES
 *  8..9   MAXIMUM AUTHENTICATED KEY-ASSOCIATED DATA BYTES
 *  10..11 KEY SIZE (bytes)
 *  12     bits 7..6 DKAD_C, bits 5..4 EEMC_C, bits 3..1 RDMC_C, bit 0 EAREM
 *  13     bits 3..0 MAXIMUM EEDK COUNT
 *  14..15 MSDK COUNT (maximum supplemental decryption keys)
 *  16..17 MAXIMUM EEDK SIZE
 *  18..19 reserved
 *  20..23 SECURITY ALGORITHM CODE (see {@link EncryptionAlgorithm})
 * </pre>
 *
 * <p>ENCRYPT_C / DECRYPT_C: 0 no capability, 1 capability in external mode only (the data arrives
 * encrypted), 2 the drive can encrypt/decrypt itself, 3 reserved.
 */
public record AlgorithmDescriptor(
    int index,
    int descriptorLength,
    boolean avfmv,
    boolean sdkC,
    boolean macC,
    boolean delbC,
    int decryptC,
    int encryptC,
    int avfclp,
    int nonceC,
    boolean kadfC,
    boolean vcelbC,
    boolean ukadf,
    boolean akadf,
    int maxUnauthenticatedKadBytes,
    int maxAuthenticatedKadBytes,
    int keySize,
    int dkadC,
    int eemcC,
    int rdmcC,
    boolean earem,
    int maxEedkCount,
    int msdkCount,
    int maxEedkSize,
    int algorithmCode) {

  /** Bytes of a descriptor with DESCRIPTOR LENGTH 0014h. */
  public static final int SIZE = 24;

  /** Decodes the descriptor at {@code off}; returns it and leaves the caller to skip 4 + length. */
  static AlgorithmDescriptor decode(byte[] d, int off, int end) throws MalformedResponseException {
    String what = "algorithm descriptor at offset " + off;
    int length = Bytes.u16(d, off + 2, what);
    if (length < SIZE - 4) {
      throw new MalformedResponseException(what + ": descriptor length " + length + " is below 20");
    }
    if (off + 4 + length > end) {
      throw new MalformedResponseException(
          what + ": descriptor length " + length + " runs past the page end " + end);
    }
    int b4 = d[off + 4] & 0xFF;
    int b5 = d[off + 5] & 0xFF;
    int b12 = d[off + 12] & 0xFF;
    return new AlgorithmDescriptor(
        d[off] & 0xFF,
        length,
        (b4 & 0x80) != 0,
        (b4 & 0x40) != 0,
        (b4 & 0x20) != 0,
        (b4 & 0x10) != 0,
        (b4 >> 2) & 3,
        b4 & 3,
        (b5 >> 6) & 3,
        (b5 >> 4) & 3,
        (b5 & 0x08) != 0,
        (b5 & 0x04) != 0,
        (b5 & 0x02) != 0,
        (b5 & 0x01) != 0,
        Bytes.u16(d, off + 6, what),
        Bytes.u16(d, off + 8, what),
        Bytes.u16(d, off + 10, what),
        (b12 >> 6) & 3,
        (b12 >> 4) & 3,
        (b12 >> 1) & 7,
        (b12 & 1) != 0,
        d[off + 13] & 0x0F,
        Bytes.u16(d, off + 14, what),
        Bytes.u16(d, off + 16, what),
        (int) Bytes.u32(d, off + 20, what));
  }

  /** The drive encrypts in hardware with this algorithm (ENCRYPT_C = 2). */
  public boolean canEncrypt() {
    return encryptC == 2;
  }

  /** The drive decrypts in hardware with this algorithm (DECRYPT_C = 2). */
  public boolean canDecrypt() {
    return decryptC == 2;
  }

  /** Hardware AES-256-GCM with a 32-byte key: the only algorithm PBS (and tapekit) uses. */
  public boolean isAes256Gcm() {
    return algorithmCode == EncryptionAlgorithm.AES_256_GCM.code() && keySize == 32 && canEncrypt() && canDecrypt();
  }

  public String algorithmName() {
    return EncryptionAlgorithm.describe(algorithmCode);
  }

  /** Encodes the descriptor (24 bytes; for virtual drives and tests). */
  public byte[] encode() {
    byte[] d = new byte[SIZE];
    d[0] = (byte) index;
    Bytes.put16(d, 2, SIZE - 4);
    d[4] = (byte) ((avfmv ? 0x80 : 0) | (sdkC ? 0x40 : 0) | (macC ? 0x20 : 0) | (delbC ? 0x10 : 0)
        | ((decryptC & 3) << 2) | (encryptC & 3));
    d[5] = (byte) (((avfclp & 3) << 6) | ((nonceC & 3) << 4) | (kadfC ? 0x08 : 0) | (vcelbC ? 0x04 : 0)
        | (ukadf ? 0x02 : 0) | (akadf ? 0x01 : 0));
    Bytes.put16(d, 6, maxUnauthenticatedKadBytes);
    Bytes.put16(d, 8, maxAuthenticatedKadBytes);
    Bytes.put16(d, 10, keySize);
    d[12] = (byte) (((dkadC & 3) << 6) | ((eemcC & 3) << 4) | ((rdmcC & 7) << 1) | (earem ? 1 : 0));
    d[13] = (byte) (maxEedkCount & 0x0F);
    Bytes.put16(d, 14, msdkCount);
    Bytes.put16(d, 16, maxEedkSize);
    Bytes.put32(d, 20, algorithmCode);
    return d;
  }
}
