package dev.tapekit.benchmarks;

import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadEncryptor;
import dev.tapekit.crypto.TapeKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Software encryption of one archive payload (a 256 KiB chunk by default) by tape-crypto's {@link
 * PayloadEncryptor}, against the floor: the JCE's AES/GCM/NoPadding sealing the same buffer into the
 * same output with a fresh 12-byte nonce and the same 65 bytes of associated data, no pool, no
 * counter. Both run in one JMH run, so {@code tapekit / rawJce} is the ratio to report (target at
 * least 0.9): what the nonce counter, the cipher pool and the payload header cost.
 *
 * <p>One operation is one payload; scores are operations per second. Run from the jar: {@code java
 * -jar benchmarks/target/benchmarks.jar PayloadEncryption}, or {@code benchmarks/payload-encryption.sh}
 * for the ratio.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@State(Scope.Thread)
public class PayloadEncryptionBenchmark {
  @Param("262144")
  public int size;

  private ByteBuffer plain;
  private ByteBuffer out;
  private byte[] digest;
  private TapeKey key;
  private MediaSetKey set;
  private PayloadEncryptor encryptor;
  private Cipher raw;
  private SecretKeySpec rawKey;
  private byte[] rawAad;
  private long nonce;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    plain = ByteBuffer.wrap(data);
    out = ByteBuffer.allocate(size + PayloadEncryptor.OVERHEAD);
    digest = new byte[32];
    key = TapeKey.generate();
    set = key.mediaSetKey(UUID.randomUUID());
    encryptor = set.newArchive();
    PayloadEncryptor.warmUp();
    raw = Cipher.getInstance("AES/GCM/NoPadding");
    rawKey = new SecretKeySpec(key.copyBytes(), "AES");
    rawAad = new byte[1 + 16 + 16 + 32];
  }

  @TearDown
  public void tearDown() {
    encryptor.close();
    set.close();
    key.close();
  }

  @Benchmark
  public int tapekit() {
    plain.clear();
    out.clear();
    return encryptor.encrypt(digest, plain, out);
  }

  @Benchmark
  public int rawJce() throws GeneralSecurityException {
    plain.clear();
    out.clear();
    byte[] iv = new byte[12];
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv));
    raw.updateAAD(rawAad);
    return raw.doFinal(plain, out);
  }
}
