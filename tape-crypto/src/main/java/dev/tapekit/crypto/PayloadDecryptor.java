package dev.tapekit.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Opens the payloads that a {@link PayloadEncryptor} sealed for one archive; made by {@link
 * MediaSetKey#archive(UUID)}. Authentication failure is a {@link PayloadAuthenticationException}
 * naming the media set, archive, tape, file and chunk digest; nothing of a failed payload reaches
 * the output buffer's contents a caller would use (the position does not advance). Thread-safe.
 */
public final class PayloadDecryptor extends PayloadCodec {
  PayloadDecryptor(UUID mediaSet, UUID archive, byte[] archiveKey) {
    super(mediaSet, archive, archiveKey);
  }

  /**
   * Opens {@code sealed} (position to limit: one whole sealed payload) into {@code out}, which needs
   * {@code sealed.remaining() - OVERHEAD} bytes free.
   *
   * @param chunkDigest the digest the payload is expected to carry
   * @param tape the tape's label or barcode, for the message (may be null)
   * @param file the tape file number, for the message (-1 when unknown)
   * @return bytes written to {@code out}
   * @throws PayloadAuthenticationException when the payload, digest, archive or set do not match
   */
  public int decrypt(byte[] chunkDigest, ByteBuffer sealed, ByteBuffer out, String tape, long file)
      throws PayloadAuthenticationException {
    checkDigest(chunkDigest);
    int length = sealed.remaining();
    if (length < PayloadCodec.OVERHEAD) {
      throw failure(chunkDigest, tape, file, "is " + length + " bytes long, shorter than its "
          + PayloadCodec.OVERHEAD + "-byte header and tag: the data is truncated");
    }
    byte version = sealed.get(sealed.position());
    if (version != VERSION) {
      throw failure(chunkDigest, tape, file, "has encryption format version " + (version & 0xFF)
          + "; this tapekit reads version " + VERSION);
    }
    if (out.remaining() < length - PayloadCodec.OVERHEAD) {
      throw new IllegalArgumentException("output has " + out.remaining() + " bytes free; "
          + (length - PayloadCodec.OVERHEAD) + " needed");
    }
    byte[] nonce = new byte[NONCE];
    sealed.get(sealed.position() + 1, nonce);
    Cipher c = take();
    int start = out.position();
    int from = sealed.position();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
      aad(c, chunkDigest);
      sealed.position(from + 1 + NONCE);
      int n = c.doFinal(sealed, out);
      give(c);
      return n;
    } catch (AEADBadTagException e) {
      give(c);
      sealed.position(from);
      out.position(start);
      throw failure(chunkDigest, tape, file, "failed authentication: it was altered or damaged on tape, "
          + "or belongs to another chunk, archive or media set");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed: " + e.getMessage(), e);
    }
  }

  /** {@code sealed} opened into a new array. */
  public byte[] decrypt(byte[] chunkDigest, byte[] sealed, String tape, long file) throws PayloadAuthenticationException {
    ByteBuffer out = ByteBuffer.allocate(Math.max(0, sealed.length - PayloadCodec.OVERHEAD));
    decrypt(chunkDigest, ByteBuffer.wrap(sealed), out, tape, file);
    return out.array();
  }

  private PayloadAuthenticationException failure(byte[] digest, String tape, long file, String what) {
    PayloadLocation where = new PayloadLocation(mediaSet, archive, tape, file, hex(digest));
    return new PayloadAuthenticationException("encrypted " + where + " " + what, where);
  }

  @Override
  public String toString() {
    return "PayloadDecryptor[archive " + archive + ", media set " + mediaSet + "]";
  }
}
