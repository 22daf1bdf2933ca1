package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tape data encryption OUT page 0010h, Set Data Encryption (SSC-5 8.5.3.2): loads a key into the
 * drive or turns encryption off. Send it with {@link SecurityProtocolCommands#setDataEncryption}
 * and {@link #encode()} as data.
 *
 * <pre>
 *  0..1   PAGE CODE 0010h
 *  2..3   PAGE LENGTH (n - 3)
 *  4      bits 7..5 SCOPE, bit 0 LOCK
 *  5      bits 7..6 CEEM, bits 5..4 RDMC, bit 3 SDK, bit 2 CKOD, bit 1 CKORP, bit 0 CKORL
 *  6      ENCRYPTION MODE
 *  7      DECRYPTION MODE
 *  8      ALGORITHM INDEX
 *  9      LOGICAL BLOCK ENCRYPTION KEY FORMAT (0: plain key)
 *  10     KAD FORMAT
 *  11..17 reserved
 *  18..19 LOGICAL BLOCK ENCRYPTION KEY LENGTH
 *  20..   LOGICAL BLOCK ENCRYPTION KEY
 *  then   key-associated data descriptors (see {@link KeyAssociatedData})
 * </pre>
 *
 * <p>Key handling: the key is copied in and held until {@link #destroy()} overwrites it with zeros;
 * {@link #toString()} never shows it (only its length), so the page can be logged. {@link
 * #encode()} returns a fresh array holding the key: send it and overwrite it ({@code
 * Arrays.fill(data, (byte) 0)}). Instances are not thread safe with respect to {@link #destroy()}.
 */
public final class SetDataEncryption {
  public static final int PAGE_CODE = 0x0010;
  /** RDMC: the algorithm's default raw decryption behaviour. */
  public static final int RDMC_DEFAULT = 0;
  /** RDMC: raw decryption (reading encrypted blocks as they are) allowed. */
  public static final int RDMC_ENABLED = 2;
  /** RDMC: raw decryption refused. */
  public static final int RDMC_DISABLED = 3;

  private final EncryptionScope scope;
  private final boolean lock;
  private final int ceem;
  private final int rdmc;
  private final boolean sdk;
  private final boolean ckod;
  private final boolean ckorp;
  private final boolean ckorl;
  private final EncryptionMode encryptionMode;
  private final DecryptionMode decryptionMode;
  private final int algorithmIndex;
  private final int keyFormat;
  private final int kadFormat;
  private final byte[] key;
  private final List<KeyAssociatedData> kads;

  private SetDataEncryption(Builder b) {
    this.scope = b.scope;
    this.lock = b.lock;
    this.ceem = b.ceem;
    this.rdmc = b.rdmc;
    this.sdk = b.sdk;
    this.ckod = b.ckod;
    this.ckorp = b.ckorp;
    this.ckorl = b.ckorl;
    this.encryptionMode = b.encryptionMode;
    this.decryptionMode = b.decryptionMode;
    this.algorithmIndex = b.algorithmIndex;
    this.keyFormat = b.keyFormat;
    this.kadFormat = b.kadFormat;
    this.key = b.key.clone();
    this.kads = List.copyOf(b.kads);
  }

  /**
   * PBS's "set key": scope all I_T nexuses, ENCRYPT, MIXED reads (clear label blocks stay
   * readable), plain key format.
   *
   * @param algorithmIndex from {@link DataEncryptionCapabilities}
   * @param key the key bytes (32 for AES-256-GCM); copied
   */
  public static SetDataEncryption setKey(int algorithmIndex, byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("empty key");
    }
    return builder()
        .scope(EncryptionScope.ALL_I_T_NEXUS)
        .encryptionMode(EncryptionMode.ENCRYPT)
        .decryptionMode(DecryptionMode.MIXED)
        .algorithmIndex(algorithmIndex)
        .key(key)
        .build();
  }

  /** Turns encryption and decryption off for all I_T nexuses and drops the key. */
  public static SetDataEncryption disable(int algorithmIndex) {
    return builder()
        .scope(EncryptionScope.ALL_I_T_NEXUS)
        .encryptionMode(EncryptionMode.DISABLE)
        .decryptionMode(DecryptionMode.DISABLE)
        .algorithmIndex(algorithmIndex)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public EncryptionScope scope() {
    return scope;
  }

  public EncryptionMode encryptionMode() {
    return encryptionMode;
  }

  public DecryptionMode decryptionMode() {
    return decryptionMode;
  }

  public int algorithmIndex() {
    return algorithmIndex;
  }

  public int keyLength() {
    return key.length;
  }

  public List<KeyAssociatedData> kads() {
    return kads;
  }

  /** Bytes {@link #encode()} produces. */
  public int encodedLength() {
    int n = 20 + key.length;
    for (KeyAssociatedData k : kads) {
      n += 4 + k.descriptor().length;
    }
    return n;
  }

  /** The page bytes, key included: overwrite them after sending. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encodedLength());
    byte[] head = new byte[20];
    Bytes.put16(head, 0, PAGE_CODE);
    Bytes.put16(head, 2, encodedLength() - 4);
    head[4] = (byte) ((scope.code() << 5) | (lock ? 1 : 0));
    head[5] = (byte) ((ceem << 6) | (rdmc << 4) | (sdk ? 0x08 : 0) | (ckod ? 0x04 : 0) | (ckorp ? 0x02 : 0)
        | (ckorl ? 0x01 : 0));
    head[6] = (byte) encryptionMode.code();
    head[7] = (byte) decryptionMode.code();
    head[8] = (byte) algorithmIndex;
    head[9] = (byte) keyFormat;
    head[10] = (byte) kadFormat;
    Bytes.put16(head, 18, key.length);
    out.writeBytes(head);
    out.writeBytes(key);
    for (KeyAssociatedData k : kads) {
      out.writeBytes(k.encode());
    }
    return out.toByteArray();
  }

  /** Overwrites the held key with zeros; {@link #encode()} then sends zeros. */
  public void destroy() {
    Arrays.fill(key, (byte) 0);
  }

  /** Describes the page with the key redacted. */
  @Override
  public String toString() {
    return "SetDataEncryption[scope=" + scope + ", lock=" + lock + ", ceem=" + ceem + ", rdmc=" + rdmc
        + ", sdk=" + sdk + ", ckod=" + ckod + ", ckorp=" + ckorp + ", ckorl=" + ckorl
        + ", encryption=" + encryptionMode + ", decryption=" + decryptionMode + ", algorithmIndex=" + algorithmIndex
        + ", keyFormat=" + keyFormat + ", kadFormat=" + kadFormat + ", key=<" + key.length + " bytes redacted>"
        + ", kads=" + kads + "]";
  }

  /** Builds a {@link SetDataEncryption}; defaults: scope PUBLIC, every flag 0, both modes DISABLE. */
  public static final class Builder {
    private EncryptionScope scope = EncryptionScope.PUBLIC;
    private boolean lock;
    private int ceem;
    private int rdmc = RDMC_DEFAULT;
    private boolean sdk;
    private boolean ckod;
    private boolean ckorp;
    private boolean ckorl;
    private EncryptionMode encryptionMode = EncryptionMode.DISABLE;
    private DecryptionMode decryptionMode = DecryptionMode.DISABLE;
    private int algorithmIndex;
    private int keyFormat;
    private int kadFormat;
    private byte[] key = new byte[0];
    private final List<KeyAssociatedData> kads = new ArrayList<>();

    private Builder() {}

    public Builder scope(EncryptionScope scope) {
      if (Objects.requireNonNull(scope) == EncryptionScope.RESERVED) {
        throw new IllegalArgumentException("reserved scope");
      }
      this.scope = scope;
      return this;
    }

    /** LOCK: keep these parameters until a hard reset, even against other I_T nexuses. */
    public Builder lock(boolean lock) {
      this.lock = lock;
      return this;
    }

    /** CEEM, 0..3 (check external encryption mode). */
    public Builder ceem(int ceem) {
      this.ceem = field("CEEM", ceem, 3);
      return this;
    }

    /** RDMC, one of {@link #RDMC_DEFAULT}, {@link #RDMC_ENABLED}, {@link #RDMC_DISABLED}. */
    public Builder rdmc(int rdmc) {
      this.rdmc = field("RDMC", rdmc, 3);
      return this;
    }

    /** SDK: the key is a supplemental decryption key. */
    public Builder sdk(boolean sdk) {
      this.sdk = sdk;
      return this;
    }

    /** CKOD: clear the key when the volume is demounted. */
    public Builder clearKeyOnDemount(boolean ckod) {
      this.ckod = ckod;
      return this;
    }

    /** CKORP: clear the key on a persistent reservation preempt. */
    public Builder clearKeyOnReservationPreempt(boolean ckorp) {
      this.ckorp = ckorp;
      return this;
    }

    /** CKORL: clear the key on a reservation loss. */
    public Builder clearKeyOnReservationLoss(boolean ckorl) {
      this.ckorl = ckorl;
      return this;
    }

    public Builder encryptionMode(EncryptionMode mode) {
      if (Objects.requireNonNull(mode) == EncryptionMode.RESERVED) {
        throw new IllegalArgumentException("reserved encryption mode");
      }
      this.encryptionMode = mode;
      return this;
    }

    public Builder decryptionMode(DecryptionMode mode) {
      if (Objects.requireNonNull(mode) == DecryptionMode.RESERVED) {
        throw new IllegalArgumentException("reserved decryption mode");
      }
      this.decryptionMode = mode;
      return this;
    }

    public Builder algorithmIndex(int index) {
      this.algorithmIndex = field("algorithm index", index, 0xFF);
      return this;
    }

    /** Key format: 0 plain, 1 vendor key reference, 2 wrapped, 3 ESP-SCSI. */
    public Builder keyFormat(int format) {
      this.keyFormat = field("key format", format, 0xFF);
      return this;
    }

    /** KAD format: 0 unspecified, 1 binary key name, 2 ASCII key name. */
    public Builder kadFormat(int format) {
      this.kadFormat = field("KAD format", format, 0xFF);
      return this;
    }

    /** The key (copied); the builder's copy is overwritten by {@link #build()}. */
    public Builder key(byte[] key) {
      if (key.length > 0xFFFF) {
        throw new IllegalArgumentException("key of " + key.length + " bytes exceeds 65535");
      }
      Arrays.fill(this.key, (byte) 0);
      this.key = key.clone();
      return this;
    }

    public Builder addKad(KeyAssociatedData kad) {
      kads.add(Objects.requireNonNull(kad));
      return this;
    }

    /** Builds the page and wipes the builder's copy of the key. */
    public SetDataEncryption build() {
      if (encryptionMode == EncryptionMode.ENCRYPT && key.length == 0 && keyFormat == 0) {
        throw new IllegalArgumentException("ENCRYPT needs a key");
      }
      SetDataEncryption page = new SetDataEncryption(this);
      Arrays.fill(key, (byte) 0);
      key = new byte[0];
      return page;
    }

    private static int field(String what, int value, int max) {
      Checks.range(what, value, 0, max);
      return value;
    }
  }
}
