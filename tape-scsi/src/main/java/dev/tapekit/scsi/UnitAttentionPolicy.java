package dev.tapekit.scsi;

import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How tapekit answers UNIT ATTENTION, for drives and changers alike: a device that reports a unit
 * attention (power on, reset, medium changed, mode parameters changed by another initiator) did not
 * execute the command, so the command is sent again, and every unit attention met is handed to a
 * {@link Listener}. At most {@link #MAX_IN_A_ROW} unit attentions in a row are consumed for one
 * command; after that the last result is returned as it is and the caller reports it.
 *
 * <p>Deferred errors are not unit attentions here even when their key says so: they belong to an
 * earlier command and are the caller's to report.
 *
 * <p>Stateless and thread-safe; the transport returned by {@link #consuming} is as thread-safe as
 * the one it wraps.
 */
public final class UnitAttentionPolicy {
  /** How many unit attentions in a row one command may meet before its result is returned as is. */
  public static final int MAX_IN_A_ROW = 8;

  /** Told of each unit attention the policy consumes. */
  @FunctionalInterface
  public interface Listener {
    /**
     * {@code device} answered the command {@code cdb} with the unit attention {@code sense}; the
     * command will be sent again.
     */
    void unitAttention(String device, byte[] cdb, SenseData sense);
  }

  private UnitAttentionPolicy() {}

  /** The unit attention {@code result} reports: CHECK CONDITION with current sense of key UNIT ATTENTION. */
  public static Optional<SenseData> unitAttention(ScsiResult result) {
    if (result.scsiStatus() != ScsiStatus.CHECK_CONDITION) {
      return Optional.empty();
    }
    return result.senseData().filter(s -> !s.isDeferred() && s.key() == SenseKey.UNIT_ATTENTION);
  }

  /**
   * {@code device} seen through this policy: each command is sent again after a unit attention, at
   * most {@link #MAX_IN_A_ROW} times. Closing the returned transport does not close {@code device}:
   * its owner does.
   */
  public static ScsiTransport consuming(ScsiTransport device, Listener listener) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(listener, "listener");
    return new ScsiTransport() {
      @Override
      public String deviceName() {
        return device.deviceName();
      }

      @Override
      public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
          throws ScsiTransportException {
        for (int consumed = 0; ; consumed++) {
          ScsiResult r = device.execute(cdb, direction, data, timeout);
          Optional<SenseData> attention = unitAttention(r);
          if (attention.isEmpty() || consumed >= MAX_IN_A_ROW) {
            return r;
          }
          listener.unitAttention(device.deviceName(), cdb, attention.get());
        }
      }

      @Override
      public void close() {}
    };
  }
}
