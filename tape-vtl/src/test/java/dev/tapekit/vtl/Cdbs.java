package dev.tapekit.vtl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/** Tiny raw-CDB helpers for tests: build CDBs by hand and run them against a transport. */
public final class Cdbs {
  private final ScsiTransport t;

  public Cdbs(ScsiTransport t) {
    this.t = t;
  }

  /** A command's result and the data-in bytes it transferred. */
  public record Reply(ScsiResult result, byte[] data) {
    public int key() {
      return result.hasSense() ? result.sense()[2] & 0x0F : -1;
    }

    public int asc() {
      return result.sense()[12] & 0xFF;
    }

    public int ascq() {
      return result.sense()[13] & 0xFF;
    }

    public int flags() {
      return result.sense()[2] & 0xE0;
    }

    public int information() {
      return ByteBuffer.wrap(result.sense(), 3, 4).getInt();
    }

    public boolean good() {
      return result.isGood();
    }

    /** Asserts CHECK CONDITION with the given key/ASC/ASCQ. */
    public Reply expect(int key, int asc, int ascq) {
      assertEquals(2, result.status(), "status of " + result);
      assertEquals(String.format("%X/%02X/%02X", key, asc, ascq), String.format("%X/%02X/%02X", key(), asc(), ascq()));
      return this;
    }

    public Reply expectGood() {
      assertEquals(0, result.status(), () -> "expected GOOD: " + result);
      return this;
    }
  }

  public static byte[] cdb(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return b;
  }

  public Reply none(int... cdb) throws ScsiTransportException {
    return new Reply(t.execute(cdb(cdb), DataDirection.NONE, null, Duration.ofSeconds(10)), new byte[0]);
  }

  public Reply in(int alloc, int... cdb) throws ScsiTransportException {
    ByteBuffer b = ByteBuffer.allocate(alloc);
    ScsiResult r = t.execute(cdb(cdb), DataDirection.FROM_DEVICE, b, Duration.ofSeconds(10));
    return new Reply(r, Arrays.copyOf(b.array(), r.transferred()));
  }

  public Reply out(byte[] data, int... cdb) throws ScsiTransportException {
    return new Reply(t.execute(cdb(cdb), DataDirection.TO_DEVICE, ByteBuffer.wrap(data), Duration.ofSeconds(10)), new byte[0]);
  }

  public Reply tur() throws ScsiTransportException {
    return none(0x00, 0, 0, 0, 0, 0);
  }

  /** Clears pending unit attentions with TEST UNIT READY until it stops reporting them. */
  public void clearUnitAttentions() throws ScsiTransportException {
    for (int i = 0; i < 8; i++) {
      Reply r = tur();
      if (r.key() != 6) {
        return;
      }
    }
  }

  public Reply write(byte[] data) throws ScsiTransportException {
    int n = data.length;
    return out(data, 0x0A, 0, n >>> 16, n >>> 8, n, 0);
  }

  public Reply writeFixed(byte[] data, int blocks) throws ScsiTransportException {
    return out(data, 0x0A, 1, blocks >>> 16, blocks >>> 8, blocks, 0);
  }

  public Reply read(int length, boolean sili) throws ScsiTransportException {
    return in(length, 0x08, sili ? 2 : 0, length >>> 16, length >>> 8, length, 0);
  }

  public Reply readFixed(int blocks, int blockSize) throws ScsiTransportException {
    return in(blocks * blockSize, 0x08, 1, blocks >>> 16, blocks >>> 8, blocks, 0);
  }

  public Reply writeFilemarks(int n) throws ScsiTransportException {
    return none(0x10, 0, n >>> 16, n >>> 8, n, 0);
  }

  public Reply space(int code, int count) throws ScsiTransportException {
    return none(0x11, code, count >>> 16, count >>> 8, count, 0);
  }

  public Reply space16(int code, long count) throws ScsiTransportException {
    return none(0x91, code, 0, 0, (int) (count >>> 56), (int) (count >>> 48), (int) (count >>> 40), (int) (count >>> 32),
        (int) (count >>> 24), (int) (count >>> 16), (int) (count >>> 8), (int) count, 0, 0, 0, 0);
  }

  public Reply locate10(long object) throws ScsiTransportException {
    return none(0x2B, 0, 0, (int) (object >>> 24), (int) (object >>> 16), (int) (object >>> 8), (int) object, 0, 0, 0);
  }

  public Reply locate16(int destType, long id) throws ScsiTransportException {
    return none(0x92, destType << 3, 0, 0, (int) (id >>> 56), (int) (id >>> 48), (int) (id >>> 40), (int) (id >>> 32),
        (int) (id >>> 24), (int) (id >>> 16), (int) (id >>> 8), (int) id, 0, 0, 0, 0);
  }

  public Reply rewind() throws ScsiTransportException {
    return none(0x01, 0, 0, 0, 0, 0);
  }

  /** READ POSITION long form: returns {object number, file number}. */
  public long[] position() throws ScsiTransportException {
    Reply r = in(32, 0x34, 0x06, 0, 0, 0, 0, 0, 0, 0, 0).expectGood();
    ByteBuffer b = ByteBuffer.wrap(r.data());
    return new long[] {b.getLong(8), b.getLong(16)};
  }
}
