package dev.tapekit.scsi.testing;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A test transport that answers from a script: each command is recorded (CDB and data-out bytes)
 * and answered by the next scripted reply. A data-in reply is copied into the caller's buffer up to
 * its remaining space, like a device truncating to the allocation length.
 */
public final class CannedReplyTransport implements ScsiTransport {
  /** One sent command. */
  public record Sent(byte[] cdb, DataDirection direction, byte[] dataOut, Duration timeout) {}

  private final Deque<Function<byte[], Reply>> script = new ArrayDeque<>();
  private final List<Sent> sent = new ArrayList<>();

  /** A scripted answer: data-in bytes (may be empty) and a result status/sense. */
  public record Reply(byte[] data, byte[] sense) {}

  /** Answers the next command with GOOD and these data-in bytes (truncated to the allocation length). */
  public CannedReplyTransport data(byte[] reply) {
    script.add(cdb -> new Reply(reply, null));
    return this;
  }

  /** Answers the next command with a data-in reply computed from its CDB. */
  public CannedReplyTransport dataFor(Function<byte[], byte[]> reply) {
    script.add(cdb -> new Reply(reply.apply(cdb), null));
    return this;
  }

  /** Answers the next command with GOOD and no data. */
  public CannedReplyTransport good() {
    return data(new byte[0]);
  }

  /** Answers the next command with CHECK CONDITION and these sense bytes. */
  public CannedReplyTransport checkCondition(byte[] sense) {
    script.add(cdb -> new Reply(new byte[0], sense));
    return this;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public boolean exhausted() {
    return script.isEmpty();
  }

  @Override
  public String deviceName() {
    return "canned:0";
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout) {
    byte[] out = new byte[0];
    if (direction == DataDirection.TO_DEVICE) {
      out = new byte[data.remaining()];
      data.duplicate().get(out);
    }
    sent.add(new Sent(cdb.clone(), direction, out, timeout));
    if (script.isEmpty()) {
      throw new AssertionError("unscripted command " + Hex.of(cdb));
    }
    Reply reply = script.poll().apply(cdb);
    int requested = data == null ? 0 : data.remaining();
    if (reply.sense() != null) {
      return ScsiResult.checkCondition(requested, requested, reply.sense());
    }
    int n = 0;
    if (direction == DataDirection.FROM_DEVICE) {
      n = Math.min(requested, reply.data().length);
      data.duplicate().put(reply.data(), 0, n);
    } else if (direction == DataDirection.TO_DEVICE) {
      n = requested;
    }
    return new ScsiResult(0, 0, 0, requested, requested - n, null, Duration.ZERO);
  }

  @Override
  public void close() {}
}
