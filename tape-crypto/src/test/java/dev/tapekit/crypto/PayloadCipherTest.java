package dev.tapekit.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadCipherTest {
  private static final long SEED = Long.getLong("tests.seed", 0x7A9E5EEDL);
  private TapeKey key;
  private MediaSetKey set;

  @BeforeEach
  void keys() {
    key = TapeKey.of(Fixtures.keyFrom(0x10));
    set = key.mediaSetKey(Fixtures.MEDIA_SET);
  }

  @AfterEach
  void close() {
    set.close();
    key.close();
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 4095, 262143, 262144, 262145})
  void roundTripAtAwkwardSizes(int size) throws Exception {
    byte[] plain = new byte[size];
    new Random(SEED + size).nextBytes(plain);
    byte[] digest = sha256(plain);
    try (PayloadEncryptor enc = set.newArchive(); PayloadDecryptor dec = set.archive(enc.archive())) {
      byte[] sealed = enc.encrypt(digest, plain);
      assertEquals(size + PayloadEncryptor.OVERHEAD, sealed.length);
      assertEquals(1, sealed[0], "format version");
      assertArrayEquals(plain, dec.decrypt(digest, sealed, "TAPE01L9", 3));
    }
  }

  @Test
  void byteBuffersAdvanceAndNeedRoom() throws Exception {
    byte[] plain = "chunk".getBytes();
    byte[] digest = sha256(plain);
    try (PayloadEncryptor enc = set.newArchive(); PayloadDecryptor dec = set.archive(enc.archive())) {
      ByteBuffer in = ByteBuffer.wrap(plain);
      ByteBuffer out = ByteBuffer.allocate(100);
      out.position(10);
      assertEquals(plain.length + PayloadEncryptor.OVERHEAD, enc.encrypt(digest, in, out));
      assertEquals(0, in.remaining());
      assertEquals(10 + plain.length + PayloadEncryptor.OVERHEAD, out.position());
      out.flip().position(10);
      ByteBuffer back = ByteBuffer.allocate(plain.length);
      assertEquals(plain.length, dec.decrypt(digest, out, back, null, -1));
      assertArrayEquals(plain, back.array());
      assertThrows(IllegalArgumentException.class,
          () -> enc.encrypt(digest, ByteBuffer.wrap(plain), ByteBuffer.allocate(plain.length + 28)));
      assertThrows(IllegalArgumentException.class, () -> enc.encrypt(new byte[31], plain));
    }
  }

  @Test
  void everyFlippedBitIsDetectedAndReportedWithItsLocation() throws Exception {
    byte[] plain = new byte[300];
    new Random(SEED).nextBytes(plain);
    byte[] digest = sha256(plain);
    try (PayloadEncryptor enc = set.newArchive(); PayloadDecryptor dec = set.archive(enc.archive())) {
      byte[] sealed = enc.encrypt(digest, plain);
      for (int i = 0; i < sealed.length; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
          byte[] bad = sealed.clone();
          bad[i] ^= (byte) (1 << bit);
          PayloadAuthenticationException e = assertThrows(PayloadAuthenticationException.class,
              () -> dec.decrypt(digest, bad, "TAPE01L9", 7), "byte " + i + " bit " + bit);
          assertEquals("TAPE01L9", e.where().tape());
          assertEquals(7, e.where().file());
          assertEquals(HexFormat.of().formatHex(digest), e.where().chunkDigest());
          assertTrue(e.getMessage().contains(enc.archive().toString()) && e.getMessage().contains("TAPE01L9")
              && e.getMessage().contains(Fixtures.MEDIA_SET.toString()), e.getMessage());
        }
      }
    }
  }

  @Test
  void aPayloadIsBoundToItsDigestArchiveAndMediaSet() throws Exception {
    byte[] plain = "the same bytes".getBytes();
    byte[] digest = sha256(plain);
    try (PayloadEncryptor enc = set.newArchive(); PayloadEncryptor other = set.newArchive();
        MediaSetKey otherSet = key.mediaSetKey(UUID.randomUUID())) {
      byte[] sealed = enc.encrypt(digest, plain);
      byte[] wrongDigest = digest.clone();
      wrongDigest[0] ^= 1;
      assertThrows(PayloadAuthenticationException.class, () -> set.archive(enc.archive()).decrypt(wrongDigest, sealed, null, -1));
      assertThrows(PayloadAuthenticationException.class, () -> set.archive(other.archive()).decrypt(digest, sealed, null, -1));
      assertThrows(PayloadAuthenticationException.class, () -> otherSet.archive(enc.archive()).decrypt(digest, sealed, null, -1));
      try (TapeKey otherKey = TapeKey.generate(); MediaSetKey sameSetOtherKey = otherKey.mediaSetKey(Fixtures.MEDIA_SET)) {
        assertThrows(PayloadAuthenticationException.class,
            () -> sameSetOtherKey.archive(enc.archive()).decrypt(digest, sealed, null, -1));
      }
      assertNotEquals(enc.archive(), other.archive());
    }
  }

  @Test
  void truncatedAndFutureVersionPayloadsSayWhat() throws Exception {
    byte[] digest = sha256(new byte[0]);
    try (PayloadEncryptor enc = set.newArchive(); PayloadDecryptor dec = set.archive(enc.archive())) {
      byte[] sealed = enc.encrypt(digest, new byte[64]);
      for (int n = 0; n < sealed.length; n++) {
        byte[] cut = java.util.Arrays.copyOf(sealed, n);
        assertThrows(PayloadAuthenticationException.class, () -> dec.decrypt(digest, cut, null, -1), "length " + n);
      }
      byte[] future = sealed.clone();
      future[0] = 2;
      PayloadAuthenticationException e = assertThrows(PayloadAuthenticationException.class,
          () -> dec.decrypt(digest, future, null, -1));
      assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }
  }

  @Test
  void noncesNeverRepeatUnderConcurrency() throws Exception {
    int threads = 8;
    int each = 5000;
    byte[] digest = sha256(new byte[0]);
    try (PayloadEncryptor enc = set.newArchive()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(pool.submit(() -> {
            List<String> nonces = new ArrayList<>(each);
            for (int i = 0; i < each; i++) {
              byte[] sealed = enc.encrypt(digest, new byte[8]);
              nonces.add(HexFormat.of().formatHex(sealed, 1, 13));
            }
            return nonces;
          }));
        }
        Set<String> all = new HashSet<>();
        for (Future<List<String>> f : futures) {
          all.addAll(f.get());
        }
        assertEquals(threads * each, all.size(), "every payload under this archive key has its own nonce");
        assertEquals(threads * each, enc.sealed());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void payloadKeysAreDistinctFromDriveKeysAndPerSet() throws Exception {
    byte[] digest = sha256(new byte[0]);
    UUID archive;
    byte[] sealed;
    try (PayloadEncryptor enc = set.newArchive()) {
      archive = enc.archive();
      sealed = enc.encrypt(digest, new byte[16]);
    }
    // The same tape key and set, derived again, opens it (a reader needs nothing but key, set and archive).
    try (TapeKey again = TapeKey.of(Fixtures.keyFrom(0x10)); MediaSetKey s = again.mediaSetKey(Fixtures.MEDIA_SET)) {
      assertArrayEquals(new byte[16], s.archive(archive).decrypt(digest, sealed, null, -1));
    }
  }

  @Test
  void warmUpRuns() {
    PayloadEncryptor.warmUp();
  }
}
