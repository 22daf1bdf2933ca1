package dev.tapekit.scsi.spc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.TransportView;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The recommended command timeouts a device reports in REPORT SUPPORTED OPERATION CODES with RCTD
 * set (SPC-5 6.36, command timeouts descriptor): how long to wait for each command before giving
 * up. Drives publish their real worst cases here (an LTO drive's FORMAT MEDIUM or a long ERASE can
 * take hours, a first LTO-9 load calibrates for up to two hours), which a fixed default either cuts
 * short or waits far too long for.
 *
 * <p>Contract: {@link #timeout(byte[], Duration)} returns the longer of the command's own timeout
 * (the documented per-command fallback of the builders, {@code SscCommands}, {@code SpcCommands})
 * and the device's recommended timeout for its operation code (and service action, for commands
 * that have one): a recommendation lengthens a wait, never shortens it. A command whose own timeout
 * is below {@link #PROBE_LIMIT} is a probe meant to give up quickly (the DT Device Status page while
 * the tape moves, 1 s) and keeps it. {@link #NONE} reports nothing. Immutable and thread-safe.
 */
public final class ReportedTimeouts {
  /** Commands with a shorter timeout of their own are probes: they keep it. */
  public static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

  /** A device that reported no timeouts (REPORT SUPPORTED OPERATION CODES rejected or without RCTD). */
  public static final ReportedTimeouts NONE = new ReportedTimeouts(Map.of(), Map.of());

  /** Recommended timeouts of commands without a service action, by opcode. */
  private final Map<Integer, Duration> byOpcode;
  /** Recommended timeouts of commands with a service action, by opcode << 16 | service action. */
  private final Map<Integer, Duration> byServiceAction;

  private ReportedTimeouts(Map<Integer, Duration> byOpcode, Map<Integer, Duration> byServiceAction) {
    this.byOpcode = byOpcode;
    this.byServiceAction = byServiceAction;
  }

  /** The recommended timeouts of {@code codes}; commands that report none (or 0 s) are left out. */
  public static ReportedTimeouts of(SupportedOperationCodes codes) {
    Map<Integer, Duration> byOpcode = new HashMap<>();
    Map<Integer, Duration> byServiceAction = new HashMap<>();
    for (SupportedOperationCodes.Command c : codes.commands()) {
      Optional<CommandTimeouts> t = c.timeouts().filter(x -> x.recommendedSeconds() > 0);
      if (t.isEmpty()) {
        continue;
      }
      if (c.hasServiceAction()) {
        byServiceAction.put(c.opcode() << 16 | c.serviceAction(), t.get().recommended());
      } else {
        byOpcode.put(c.opcode(), t.get().recommended());
      }
    }
    return new ReportedTimeouts(Map.copyOf(byOpcode), Map.copyOf(byServiceAction));
  }

  /** Whether the device reported no timeout at all. */
  public boolean isEmpty() {
    return byOpcode.isEmpty() && byServiceAction.isEmpty();
  }

  /**
   * The timeout for {@code cdb}: the longer of {@code fallback} and the device's recommended one
   * ({@code fallback} alone for a probe). A command with a service action (in the low 5 bits of CDB
   * byte 1, SPC-5 4.2.5) is looked up by both.
   */
  public Duration timeout(byte[] cdb, Duration fallback) {
    Duration recommended = recommended(cdb);
    if (recommended == null || fallback.compareTo(PROBE_LIMIT) < 0 || recommended.compareTo(fallback) <= 0) {
      return fallback;
    }
    return recommended;
  }

  private Duration recommended(byte[] cdb) {
    if (cdb.length == 0) {
      return null;
    }
    int opcode = cdb[0] & 0xFF;
    Duration plain = byOpcode.get(opcode);
    if (plain != null || cdb.length < 2) {
      return plain;
    }
    return byServiceAction.get(opcode << 16 | (cdb[1] & 0x1F));
  }

  /**
   * {@code device} with each command's timeout replaced as {@link #timeout(byte[], Duration)} says.
   * Closing the view does not close {@code device}.
   */
  public ScsiTransport applyTo(ScsiTransport device) {
    return applying(device, () -> this);
  }

  /**
   * {@code device} with each command's timeout replaced as the timeouts {@code current} gives at that
   * moment say: for an owner that learns the device's timeouts after it made the view.
   */
  public static ScsiTransport applying(ScsiTransport device, Supplier<ReportedTimeouts> current) {
    Objects.requireNonNull(current, "current");
    return new TransportView(device) {
      @Override
      public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
          throws ScsiTransportException {
        return device.execute(cdb, direction, data, current.get().timeout(cdb, timeout));
      }
    };
  }

  @Override
  public String toString() {
    return "ReportedTimeouts[" + byOpcode.size() + " commands, " + byServiceAction.size() + " with service actions]";
  }
}
