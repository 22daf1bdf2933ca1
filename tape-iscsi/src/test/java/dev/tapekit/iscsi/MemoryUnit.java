package dev.tapekit.iscsi;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test logical unit: WRITE(6) (0Ah) appends its data to a record kept in memory, READ(6) (08h)
 * returns the last record, INQUIRY a fixed answer, TEST UNIT READY good, opcode C0h blocks until
 * {@link #release} (a long command for abort tests), anything else ILLEGAL REQUEST. It records which
 * nexus names connected, which closed, the commands run and the resets.
 */
final class MemoryUnit implements LogicalUnit {
  final List<String> connected = Collections.synchronizedList(new ArrayList<>());
  final List<String> closed = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> opcodes = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch blocked = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  volatile int resets;
  volatile byte[] last = new byte[0];
  final ByteArrayOutputStream all = new ByteArrayOutputStream();

  @Override
  public ScsiTransport connect(String initiatorPort) {
    connected.add(initiatorPort);
    return new ScsiTransport() {
      @Override
      public String deviceName() {
        return "memory";
      }

      @Override
      public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout) {
        int op = cdb[0] & 0xFF;
        opcodes.add(op);
        int requested = data == null ? 0 : data.remaining();
        switch (op) {
          case 0x00 -> {
            return ScsiResult.good(0);
          }
          case 0x12 -> {
            byte[] inq = new byte[36];
            inq[0] = 0x01;
            inq[4] = 31;
            System.arraycopy("MEMORY  UNIT".getBytes(), 0, inq, 8, 12);
            int n = Math.min(requested, 36);
            data.duplicate().put(inq, 0, n);
            return new ScsiResult(0, 0, 0, requested, requested - n, null, Duration.ZERO);
          }
          case 0x0A -> {
            byte[] b = new byte[requested];
            data.duplicate().get(b);
            last = b;
            synchronized (all) {
              all.writeBytes(b);
            }
            return ScsiResult.good(requested);
          }
          case 0x08 -> {
            byte[] b = last;
            int n = Math.min(requested, b.length);
            data.duplicate().put(b, 0, n);
            if (n < requested) {
              byte[] sense = TargetConnection.Sense.fixed(0x00, 0x00, 0x00);
              sense[0] = (byte) 0xF0; // valid, ILI: a short record
              sense[2] = 0x20;
              return ScsiResult.checkCondition(requested, requested - n, sense);
            }
            return ScsiResult.good(n);
          }
          case 0xC0 -> {
            blocked.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ScsiResult.good(0);
          }
          default -> {
            return ScsiResult.checkCondition(requested, requested, TargetConnection.Sense.fixed(0x05, 0x20, 0x00));
          }
        }
      }

      @Override
      public void close() {
        closed.add(initiatorPort);
      }
    };
  }

  @Override
  public void reset() {
    resets++;
  }
}
