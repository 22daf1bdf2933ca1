package dev.tapekit.tools;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test double over a real transport (usually a virtual device): records the CDB of every command
 * and answers the commands a test scripted (by a predicate on the CDB) itself, passing the others on.
 * Thread-safe enough for one tool invocation at a time.
 */
public final class InterceptingTransport implements ScsiTransport {
  /** A scripted reply: fills {@code data} (for data-in commands) and returns the result. */
  @FunctionalInterface
  public interface Reply {
    ScsiResult answer(ByteBuffer data);
  }

  private record Rule(Predicate<byte[]> matches, Reply reply) {}

  private final ScsiTransport delegate;
  private final List<Rule> rules;
  private final List<byte[]> sent;

  private InterceptingTransport(ScsiTransport delegate, List<Rule> rules, List<byte[]> sent) {
    this.delegate = delegate;
    this.rules = rules;
    this.sent = sent;
  }

  /** Passes everything to {@code delegate}, recording CDBs in {@code sent}. */
  public static InterceptingTransport over(ScsiTransport delegate, List<byte[]> sent) {
    return new InterceptingTransport(delegate, new ArrayList<>(), sent);
  }

  /** From now on, answers commands whose CDB matches with {@code reply} instead of the delegate. */
  public InterceptingTransport answer(Predicate<byte[]> cdb, Reply reply) {
    rules.add(new Rule(cdb, reply));
    return this;
  }

  /** Matches CDBs with operation code {@code opcode}. */
  public static Predicate<byte[]> opcode(int opcode) {
    return cdb -> (cdb[0] & 0xFF) == opcode;
  }

  /** CHECK CONDITION, ILLEGAL REQUEST with {@code asc}/00 in fixed sense, nothing transferred. */
  public static Reply illegalRequest(int asc) {
    return data -> {
      byte[] sense = new byte[18];
      sense[0] = 0x70;
      sense[2] = 0x05;
      sense[7] = 10;
      sense[12] = (byte) asc;
      int length = data == null ? 0 : data.remaining();
      return ScsiResult.checkCondition(length, length, sense);
    };
  }

  /** GOOD with {@code bytes} as the data-in. */
  public static Reply good(byte[] bytes) {
    return data -> {
      int n = Math.min(bytes.length, data.remaining());
      data.duplicate().put(bytes, 0, n);
      return new ScsiResult(0, 0, 0, data.remaining(), data.remaining() - n, null, Duration.ZERO);
    };
  }

  @Override
  public String deviceName() {
    return delegate.deviceName();
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    sent.add(cdb.clone());
    for (Rule r : rules) {
      if (r.matches().test(cdb)) {
        return r.reply().answer(data);
      }
    }
    return delegate.execute(cdb, direction, data, timeout);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
