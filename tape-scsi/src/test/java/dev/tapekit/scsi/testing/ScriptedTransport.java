package dev.tapekit.scsi.testing;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link ScsiTransport} test double that expects CDBs in a fixed order and answers each with a
 * scripted result: GOOD (with data-in bytes and residue), CHECK CONDITION with sense bytes, another
 * status, or a transport failure. A CDB other than the next expected one fails the test with an
 * {@link AssertionError} showing both; so does a command after the script ran out. Data-out
 * payloads are recorded for inspection.
 *
 * <pre>{@code
 * ScriptedTransport t = new ScriptedTransport("/dev/sg-test");
 * t.expect("01 00 00 00 00 00").good();                                  // REWIND
 * t.expect("08 00 01 00 00 00").check(FixedSense.of(...).bytes(), 65536); // READ(6) hits a filemark
 * ...
 * t.assertAllConsumed();
 * }</pre>
 */
public final class ScriptedTransport implements ScsiTransport {
  private final String deviceName;
  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<byte[]> dataOut = new ArrayList<>();
  private final List<Duration> timeouts = new ArrayList<>();
  private int executed;
  private boolean closed;

  public ScriptedTransport(String deviceName) {
    this.deviceName = deviceName;
  }

  /** Adds the next expected command; configure its answer on the returned step. */
  public Step expect(String cdbHex) {
    Step step = new Step(Hex.bytes(cdbHex));
    steps.addLast(step);
    return step;
  }

  /** One expected command and its scripted answer. */
  public final class Step {
    private final byte[] cdb;
    private int status;
    private byte[] sense = new byte[0];
    private byte[] dataIn = new byte[0];
    private Integer residue;
    private ScsiTransportException failure;

    private Step(byte[] cdb) {
      this.cdb = cdb;
    }

    /** GOOD status, the whole transfer moved. */
    public ScriptedTransport good() {
      return answer(ScsiStatus.GOOD.code(), new byte[0], new byte[0], 0);
    }

    /** GOOD status delivering {@code data} (residue = requested minus its length). */
    public ScriptedTransport good(byte[] data) {
      return answer(ScsiStatus.GOOD.code(), new byte[0], data, null);
    }

    /** GOOD status with an explicit residue and no data. */
    public ScriptedTransport goodWithResidue(int resid) {
      return answer(ScsiStatus.GOOD.code(), new byte[0], new byte[0], resid);
    }

    /** CHECK CONDITION with {@code senseBytes}; nothing transferred. */
    public ScriptedTransport check(byte[] senseBytes) {
      return answer(ScsiStatus.CHECK_CONDITION.code(), senseBytes, new byte[0], null);
    }

    /** CHECK CONDITION with {@code senseBytes}, delivering {@code data} and reporting {@code resid}. */
    public ScriptedTransport check(byte[] senseBytes, byte[] data, int resid) {
      return answer(ScsiStatus.CHECK_CONDITION.code(), senseBytes, data, resid);
    }

    /** Another status byte without sense (BUSY, RESERVATION CONFLICT...). */
    public ScriptedTransport status(ScsiStatus s) {
      return answer(s.code(), new byte[0], new byte[0], null);
    }

    /** The transport fails with {@code e} instead of returning. */
    public ScriptedTransport fail(ScsiTransportException e) {
      this.failure = e;
      return ScriptedTransport.this;
    }

    private ScriptedTransport answer(int st, byte[] senseBytes, byte[] data, Integer resid) {
      this.status = st;
      this.sense = senseBytes.clone();
      this.dataIn = data.clone();
      this.residue = resid;
      return ScriptedTransport.this;
    }
  }

  @Override
  public String deviceName() {
    return deviceName;
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    if (closed) {
      throw new ScsiTransportException(deviceName, ScsiTransportException.Kind.UNAVAILABLE, "transport is closed");
    }
    int index = executed++;
    Step step = steps.pollFirst();
    if (step == null) {
      throw new AssertionError("unexpected command #" + index + " after the script ended: " + Hex.of(cdb));
    }
    if (!Hex.of(step.cdb).equals(Hex.of(cdb))) {
      throw new AssertionError("command #" + index + ": expected CDB [" + Hex.of(step.cdb) + "] but got ["
          + Hex.of(cdb) + "]");
    }
    timeouts.add(timeout);
    if (step.failure != null) {
      throw step.failure;
    }
    int requested = data == null ? 0 : data.remaining();
    if (direction == DataDirection.TO_DEVICE && data != null) {
      byte[] out = new byte[requested];
      data.duplicate().get(out);
      dataOut.add(out);
    }
    int moved = 0;
    if (direction == DataDirection.FROM_DEVICE && data != null) {
      moved = Math.min(requested, step.dataIn.length);
      for (int i = 0; i < moved; i++) {
        data.put(data.position() + i, step.dataIn[i]);
      }
    }
    int resid;
    if (step.residue != null) {
      resid = step.residue;
    } else if (direction == DataDirection.FROM_DEVICE) {
      resid = requested - moved;
    } else {
      resid = step.status == ScsiStatus.GOOD.code() ? 0 : requested;
    }
    return new ScsiResult(step.status, 0, 0, requested, resid, step.sense, Duration.ZERO);
  }

  /** Data-out payloads in the order they were sent. */
  public List<byte[]> dataOut() {
    return List.copyOf(dataOut);
  }

  /** The timeout of every command executed, in order. */
  public List<Duration> timeouts() {
    return List.copyOf(timeouts);
  }

  /** Fails unless every scripted command was sent. */
  public void assertAllConsumed() {
    if (!steps.isEmpty()) {
      throw new AssertionError(steps.size() + " scripted command(s) were never sent; next expected ["
          + Hex.of(steps.peekFirst().cdb) + "]");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
