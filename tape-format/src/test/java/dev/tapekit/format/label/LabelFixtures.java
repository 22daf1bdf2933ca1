package dev.tapekit.format.label;

import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.BlockHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** Labels, keys and PBS blocks the label tests share. */
final class LabelFixtures {
  static final Instant CTIME = Instant.ofEpochSecond(1_796_494_801L); // 2026-12-05T18:20:01Z
  static final String CTIME_TEXT = "2026-12-05T18:20:01Z";
  static final UUID MEDIA = UUID.fromString("9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34");
  static final UUID SET = UUID.fromString("5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51");
  static final int BLOCK = BlockHeader.DEFAULT_BLOCK;
  private static KeyConfig keyConfig;
  private static KeyConfig otherKeyConfig;

  private LabelFixtures() {}

  static MediaLabel mediaLabel() {
    return new MediaLabel("TAPE01L9", MEDIA, CTIME, Optional.of("daily"), BLOCK);
  }

  static MediaSetLabel setLabel(Optional<MediaSetLabel.Encryption> encryption) {
    return new MediaSetLabel("daily", SET, 3, CTIME.plusSeconds(60), BLOCK, encryption);
  }

  static MediaSetLabel.Encryption encryption(EncryptionMode mode) {
    return new MediaSetLabel.Encryption(keyConfig(), mode);
  }

  /** A key wrapped with PBKDF2 (fast enough for tests), created at CTIME. */
  static synchronized KeyConfig keyConfig() {
    if (keyConfig == null) {
      keyConfig = wrap(1);
    }
    return keyConfig;
  }

  /** Another key's config. */
  static synchronized KeyConfig otherKeyConfig() {
    if (otherKeyConfig == null) {
      otherKeyConfig = wrap(2);
    }
    return otherKeyConfig;
  }

  private static KeyConfig wrap(int fill) {
    byte[] bytes = new byte[TapeKey.LENGTH];
    java.util.Arrays.fill(bytes, (byte) fill);
    try (TapeKey key = TapeKey.of(bytes); Passphrase pw = Passphrase.of("correct horse".toCharArray())) {
      return KeyConfig.wrap(key, pw, KdfType.PBKDF2, "the usual one", Clock.fixed(CTIME, ZoneOffset.UTC));
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- PBS, built byte by byte from research/pbs-tape.md §1.2 and §2.1

  static final String PBS_BLOCK_MAGIC = "dcbdafcaeba0a528";
  static final String PBS_CONTENT_HEADER_MAGIC = "63ee149fcdf29b0c";
  static final String PBS_MEDIA_LABEL_MAGIC = "2a05bf3cb030aa39";
  static final String PBS_MEDIA_SET_LABEL_MAGIC = "086063f92f9753d8";

  /**
   * One PBS block (256 KiB) holding a one-block label file: block header (magic, flags
   * END_OF_STREAM, 24-bit LE size, u32 LE seq 0), then the 48-byte content header (LE) and the JSON.
   */
  static byte[] pbsLabelBlock(String contentMagicHex, String json) {
    byte[] data = utf8(json);
    ByteBuffer b = ByteBuffer.allocate(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    b.put(HexFormat.of().parseHex(PBS_BLOCK_MAGIC));
    b.put((byte) 0x01); // flags: END_OF_STREAM
    int size = 48 + data.length;
    b.put((byte) size).put((byte) (size >>> 8)).put((byte) (size >>> 16));
    b.putInt(0); // seq_nr
    b.put(HexFormat.of().parseHex(PBS_CONTENT_HEADER_MAGIC));
    b.put(HexFormat.of().parseHex(contentMagicHex));
    b.put(HexFormat.of().parseHex("0123456789abcdef0123456789abcdef")); // content uuid
    b.putLong(1_796_494_801L); // ctime
    b.putInt(data.length); // size of the header data
    b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // part_number, reserved_0..2
    b.put(data);
    return b.array();
  }

  /** PBS's media label JSON, pretty-printed as serde_json writes it. */
  static String pbsMediaLabelJson() {
    return "{\n  \"uuid\": \"" + MEDIA + "\",\n  \"label_text\": \"ABC123L9\",\n  \"ctime\": 1796494801,\n"
        + "  \"pool\": \"offsite\"\n}";
  }

  /** PBS's media set label JSON with the key fingerprint and the key config PBS adds. */
  static String pbsMediaSetLabelJson() {
    KeyConfig k = keyConfig();
    return "{\n  \"pool\": \"offsite\",\n  \"uuid\": \"" + SET + "\",\n  \"seq_nr\": 2,\n  \"ctime\": 1796494861,\n"
        + "  \"encryption_key_fingerprint\": \"" + k.fingerprint().orElseThrow() + "\",\n  \"key-config\": "
        + k.toJson() + "\n}";
  }
}
