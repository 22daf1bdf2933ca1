package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.RecordType;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.Out;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The drive's tape data encryption (SSC-4 §8.5, security protocol 0x20): SECURITY PROTOCOL OUT page
 * 0x0010 sets the key and modes, SECURITY PROTOCOL IN pages 0x0000, 0x0001, 0x0010, 0x0011, 0x0020,
 * 0x0021 report capabilities and status. Blocks written in ENCRYPT mode are really encrypted at rest
 * with AES-256-GCM (JDK cipher); the cartridge keeps only an 8-byte key check value, never the key.
 *
 * <p>Stored form of an encrypted block: nonce(12, random) | key check value(8, first bytes of
 * SHA-256("tapekit-kcv" | key)) | ciphertext | tag(16); the additional authenticated data is the
 * logical object number (8 bytes, big-endian), so blocks cannot be swapped undetected.
 *
 * <p>Read results: encrypted block without a key or with decryption disabled 07/74/01 (unable to
 * decrypt), wrong key 07/74/03 (incorrect key), right key but the tag fails 07/74/04 (integrity
 * validation failed), plain block while decryption mode is DECRYPT (not MIXED) 07/74/02.
 *
 * <p>Scopes: the drive does not tell initiators apart, so it keeps two parameter sets: those set with
 * SCOPE ALL I_T NEXUS (shared) and those set with LOCAL, which take precedence until a Set Data
 * Encryption page with SCOPE PUBLIC drops them (PUBLIC ignores every other field). The status page
 * reports the scope of the set in force as I_T NEXUS SCOPE, and as KEY SCOPE when it holds a key. LOCK
 * is accepted and has no effect (there is no other I_T nexus to lock out).
 */
final class TapeEncryption {
  static final int ALGORITHM_INDEX = 1;
  /** SSC security algorithm code for AES-256-GCM with a 128-bit tag. */
  static final int ALGORITHM_CODE = 0x00010014;
  /** Made on first use: seeding a SecureRandom costs every tool start about 12 ms, and most never encrypt. */
  private static final class Nonces {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  /**
   * The JIT's AES-GCM paths, compiled once per JVM before the first block is encrypted or decrypted.
   * Called with one 256 KiB block per {@code doFinal}, SunJCE's GCM runs at about 64 MB/s for tens
   * of seconds on JDK 17 until C2 compiles its callers (shared/research/java-deps-limits.md 2.2); a
   * restore from a drive-encrypted virtual tape then spends most of its time here, on the thread
   * that reads the drive. Many small calls get the callers compiled (with the GHASH and AES
   * intrinsics) in a fraction of a second.
   */
  private static final class Warm {
    static {
      byte[] key = new byte[32];
      byte[] nonce = new byte[12];
      // direct buffers, as encrypt and decrypt use them: the same JDK paths get compiled
      ByteBuffer plain = ByteBuffer.allocateDirect(4096);
      ByteBuffer sealed = ByteBuffer.allocateDirect(4096 + 16);
      ByteBuffer opened = ByteBuffer.allocateDirect(4096);
      try {
        for (int i = 0; i < 20_000; i++) {
          Cipher e = Cipher.getInstance("AES/GCM/NoPadding");
          nonce[0] = (byte) i;
          nonce[1] = (byte) (i >> 8);
          e.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
          e.updateAAD(nonce, 0, 8);
          e.doFinal(plain.clear(), sealed.clear());
          Cipher d = Cipher.getInstance("AES/GCM/NoPadding");
          d.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
          d.updateAAD(nonce, 0, 8);
          d.doFinal(sealed.flip(), opened.clear());
        }
      } catch (GeneralSecurityException x) {
        throw new IllegalStateException("AES-256-GCM does not round-trip in this JDK", x);
      }
    }

    static void once() {
      // the class initializer ran
    }
  }

  /** Parameters set with scope ALL I_T NEXUS (the public ones), or null before any. */
  private Parameters shared;
  /** Parameters set with scope LOCAL; they take precedence over {@link #shared} until a PUBLIC set. */
  private Parameters local;
  private long keyInstances;
  /**
   * Reused direct buffers for the cipher's input and output. The JDK's AES-GCM reaches its
   * CLMUL/AVX intrinsics much sooner from direct buffers: with a heap buffer on either side, GHASH
   * runs as interpreted or C1 code (tens of MB/s) until the JIT has compiled its caller, which at one
   * call per block took over a gigabyte of writes, and never came within a small backup.
   */
  private ByteBuffer cipherIn = ByteBuffer.allocateDirect(0);
  private ByteBuffer cipherOut = ByteBuffer.allocateDirect(0);

  /**
   * One set of data encryption parameters.
   *
   * @param scope the SCOPE they were set with (1 local, 2 all I_T nexuses)
   * @param encryptionMode 0 disable, 2 encrypt
   * @param decryptionMode 0 disable, 2 decrypt, 3 mixed
   * @param key the 32-byte key, or null when both modes are DISABLE
   * @param checkValue the key check value stored with every encrypted block
   * @param clearOnUnload CKOD
   * @param keyInstance the key instance counter value assigned to this key (0 without a key)
   */
  private record Parameters(int scope, int encryptionMode, int decryptionMode, byte[] key, byte[] checkValue,
      boolean clearOnUnload, long keyInstance) {}

  /** The parameters in force: the local ones when set, else the public ones, else all off. */
  private Parameters current() {
    Parameters p = local != null ? local : shared;
    return p != null ? p : new Parameters(0, 0, 0, null, null, false, 0);
  }

  boolean encrypting() {
    return current().encryptionMode() == 2;
  }

  /**
   * Encrypts {@code plaintext} as object {@code objectNumber}; returns the stored form, in a buffer of
   * this object's that the next call reuses.
   */
  ByteBuffer encrypt(long objectNumber, ByteBuffer plaintext) {
    byte[] nonce = new byte[12];
    Nonces.RANDOM.nextBytes(nonce);
    ByteBuffer out = cipherOut(plaintext.remaining() + RecordType.ENCRYPTION_OVERHEAD);
    out.put(nonce).put(current().checkValue());
    ByteBuffer in = plaintext.duplicate();
    if (!in.isDirect()) {
      in = cipherIn(in.remaining()).put(in).flip();
    }
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, objectNumber);
      c.doFinal(in, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable in this JDK", e);
    }
    return out.flip();
  }

  /** Decrypts a stored encrypted block, or throws the DATA PROTECT condition that applies. */
  byte[] decrypt(long objectNumber, byte[] stored) {
    Parameters p = current();
    if (p.key() == null || p.decryptionMode() == 0) {
      throw new CheckCondition(0x07, 0x74, 0x01);
    }
    if (!MessageDigest.isEqual(Arrays.copyOfRange(stored, 12, 20), p.checkValue())) {
      throw new CheckCondition(0x07, 0x74, 0x03);
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(stored, 0, 12), objectNumber);
      ByteBuffer in = cipherIn(stored.length - 20).put(stored, 20, stored.length - 20).flip();
      ByteBuffer out = cipherOut(stored.length - 20);
      c.doFinal(in, out);
      byte[] plain = new byte[out.flip().remaining()];
      out.get(plain);
      return plain;
    } catch (AEADBadTagException e) {
      throw new CheckCondition(0x07, 0x74, 0x04);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable in this JDK", e);
    }
  }

  private ByteBuffer cipherIn(int capacity) {
    if (cipherIn.capacity() < capacity) {
      cipherIn = ByteBuffer.allocateDirect(capacity);
    }
    return cipherIn.clear();
  }

  private ByteBuffer cipherOut(int capacity) {
    if (cipherOut.capacity() < capacity) {
      cipherOut = ByteBuffer.allocateDirect(capacity);
    }
    return cipherOut.clear();
  }

  /** Called for a plain block read: refused in DECRYPT mode (MIXED accepts plain blocks). */
  void checkPlainAllowed() {
    if (current().decryptionMode() == 2) {
      throw new CheckCondition(0x07, 0x74, 0x02);
    }
  }

  /** Forgets the parameter sets whose key the host asked to clear on unload (CKOD). */
  void unloaded() {
    if (local != null && local.clearOnUnload()) {
      local = null;
    }
    if (shared != null && shared.clearOnUnload()) {
      shared = null;
    }
  }

  private Cipher cipher(int mode, byte[] nonce, long objectNumber) throws GeneralSecurityException {
    Warm.once();
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(current().key(), "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(ByteBuffer.allocate(8).putLong(objectNumber).array());
    return c;
  }

  // ---- SECURITY PROTOCOL OUT / IN

  /**
   * SECURITY PROTOCOL OUT (0xB5): byte 1 protocol (0x20), bytes 2..3 page (0x0010), bytes 6..9
   * transfer length. Set Data Encryption page: page code(2), length(2), SCOPE(7..5)|LOCK(0),
   * CEEM|RDMC|SDK|CKOD(2)|CKORP|CKORL, encryption mode, decryption mode, algorithm index, key format
   * (0 = plain), KAD format, reserved(7), key length(2), key.
   */
  void securityProtocolOut(Command c) {
    if (c.u8(1) != 0x20) {
      throw CheckCondition.invalidCdbField(1, -1);
    }
    if (c.u16(2) != 0x0010) {
      throw CheckCondition.invalidCdbField(2, -1);
    }
    long length = c.u32(6);
    if (length < 20 || length > 4096) {
      throw CheckCondition.invalidCdbField(6, -1);
    }
    byte[] p = c.dataOutBytes(length);
    ByteBuffer b = ByteBuffer.wrap(p);
    if (b.getShort(0) != 0x0010) {
      throw CheckCondition.invalidParameterField(0, -1);
    }
    if (b.getShort(2) + 4 > p.length) {
      throw new CheckCondition(0x05, 0x1A, 0x00);
    }
    int scope = (p[4] & 0xFF) >>> 5;
    if (scope > 2) {
      throw CheckCondition.invalidParameterField(4, 7);
    }
    if (scope == 0) {
      local = null; // PUBLIC: use the shared parameters; every other field is ignored
      return;
    }
    int enc = p[6] & 0xFF;
    int dec = p[7] & 0xFF;
    boolean valid = (enc == 0 && (dec == 0 || dec == 2 || dec == 3)) || (enc == 2 && (dec == 2 || dec == 3));
    if (!valid) {
      throw CheckCondition.invalidParameterField(enc == 0 || enc == 2 ? 7 : 6, -1);
    }
    Parameters set;
    if (enc == 0 && dec == 0) {
      set = new Parameters(scope, 0, 0, null, null, false, 0);
    } else {
      if ((p[8] & 0xFF) != ALGORITHM_INDEX) {
        throw CheckCondition.invalidParameterField(8, -1);
      }
      if (p[9] != 0) {
        throw CheckCondition.invalidParameterField(9, -1); // only plain-text keys
      }
      int keyLength = b.getShort(18) & 0xFFFF;
      if (keyLength != 32 || 20 + keyLength > p.length) {
        throw CheckCondition.invalidParameterField(18, -1);
      }
      byte[] key = Arrays.copyOfRange(p, 20, 52);
      set = new Parameters(scope, enc, dec, key, checkValue(key), (p[5] & 0x04) != 0, ++keyInstances);
    }
    if (scope == 2) {
      shared = set;
      local = null;
    } else {
      local = set;
    }
  }

  private static byte[] checkValue(byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("tapekit-kcv".getBytes(StandardCharsets.US_ASCII));
      return Arrays.copyOf(d.digest(key), 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SECURITY PROTOCOL IN (0xA2): protocol 0x00 page 0x0000 lists the protocols (0x00, 0x20); protocol
   * 0x20 pages as in the class comment. Each tape data encryption page: page code(2), page length(2),
   * body.
   *
   * @param nextBlock for page 0x0021: the logical object number at the current position and its
   *     encryption status (2 not a logical block, 3 not encrypted, 5 decryptable, 6 key not available)
   */
  void securityProtocolIn(Command c, java.util.function.Supplier<long[]> nextBlock) {
    int protocol = c.u8(1);
    int page = c.u16(2);
    long alloc = c.u32(6);
    if (c.bit(4, 7)) {
      throw CheckCondition.invalidCdbField(4, 7); // INC_512 not supported
    }
    Out o = new Out();
    if (protocol == 0x00) {
      if (page != 0) {
        throw CheckCondition.invalidCdbField(2, -1);
      }
      o.zeros(6).u16(2).u8(0x00).u8(0x20);
      c.dataIn(o.toArray(), alloc);
      return;
    }
    if (protocol != 0x20) {
      throw CheckCondition.invalidCdbField(1, -1);
    }
    o.u16(page).u16(0);
    switch (page) {
      case 0x0000 -> o.u16(0x0000).u16(0x0001).u16(0x0010).u16(0x0011).u16(0x0020).u16(0x0021);
      case 0x0001 -> o.u16(0x0010);
      case 0x0010 -> {
        o.u8(0x09).zeros(15); // EXTDECC = 10b, CFG_P = 01b
        o.u8(ALGORITHM_INDEX).u8(0).u16(0x14)
            .u8(0x80 | 0x10 | 0x08 | 0x02) // AVFMV, DELB_C, DECRYPT_C = 10b, ENCRYPT_C = 10b
            .u8(0x40 | 0x04) // AVFCLP = 01b, VCELB_C
            .u16(0).u16(0).u16(32).u8(0).u8(0).u16(0).zeros(4).u32(ALGORITHM_CODE);
      }
      case 0x0011 -> o.u16(0x0000); // plain-text key format
      case 0x0020 -> {
        Parameters p = current();
        boolean keyed = p.key() != null;
        o.u8(p.scope() << 5 | (keyed ? p.scope() : 0)).u8(p.encryptionMode()).u8(p.decryptionMode())
            .u8(keyed ? ALGORITHM_INDEX : 0).u32(p.keyInstance()).u8(0).u8(0).zeros(10);
      }
      case 0x0021 -> {
        long[] next = nextBlock.get();
        o.u64(next[0]).u8((int) next[1]).u8(next[1] >= 5 ? ALGORITHM_INDEX : 0).u8(0).u8(0);
      }
      default -> throw CheckCondition.invalidCdbField(2, -1);
    }
    o.set16(2, o.length() - 4);
    c.dataIn(o.toArray(), alloc);
  }

  /** Next block encryption status for a stored encrypted block: 5 when the key fits, 6 when not. */
  int statusOf(byte[] storedPrefix) {
    Parameters p = current();
    return p.key() != null && MessageDigest.isEqual(Arrays.copyOfRange(storedPrefix, 12, 20), p.checkValue()) ? 5 : 6;
  }
}
