package dev.tapekit.scsi;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One command ready to send: its name (for messages), CDB bytes, data direction, transfer or
 * allocation length and timeout. Builders in {@code dev.tapekit.scsi.spc} and {@code
 * dev.tapekit.scsi.ssc} produce these; {@link #execute} and friends send them over a {@link
 * ScsiTransport}.
 *
 * @param name the T10 command name, e.g. "READ POSITION"
 * @param cdb the command descriptor block (copied)
 * @param direction the data phase direction
 * @param transferLength bytes to move (allocation length for data-in commands), 0 for none
 * @param timeout how long the device may take
 */
public record ScsiCommand(
    String name, byte[] cdb, DataDirection direction, int transferLength, Duration timeout) {

  public ScsiCommand {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(timeout, "timeout");
    if (cdb == null || cdb.length == 0) {
      throw new IllegalArgumentException(name + ": empty CDB");
    }
    if (transferLength < 0) {
      throw new IllegalArgumentException(name + ": negative transfer length " + transferLength);
    }
    if (direction == DataDirection.NONE && transferLength != 0) {
      throw new IllegalArgumentException(name + ": no data phase but transfer length " + transferLength);
    }
    cdb = cdb.clone();
  }

  /** The CDB bytes (a copy). */
  @Override
  public byte[] cdb() {
    return cdb.clone();
  }

  /** The operation code (first CDB byte). */
  public int opcode() {
    return cdb[0] & 0xFF;
  }

  /** The same command with another timeout. */
  public ScsiCommand withTimeout(Duration newTimeout) {
    return new ScsiCommand(name, cdb, direction, transferLength, newTimeout);
  }

  /**
   * Sends the command; returns whatever the device answered (CHECK CONDITION included).
   *
   * @param data the data region (see {@link ScsiTransport}); may be null for no data phase
   */
  public ScsiResult execute(ScsiTransport transport, ByteBuffer data) throws ScsiTransportException {
    return transport.execute(cdb, direction, data, timeout);
  }

  /** Sends the command and throws {@link ScsiCommandException} unless the status is GOOD. */
  public ScsiResult executeChecked(ScsiTransport transport, ByteBuffer data) throws ScsiException {
    ScsiResult result = execute(transport, data);
    if (!result.isGood()) {
      throw new ScsiCommandException(transport.deviceName(), name, result);
    }
    return result;
  }

  /**
   * Runs a data-in command with a fresh buffer of {@link #transferLength()} bytes and returns the
   * bytes the device sent; throws {@link ScsiCommandException} unless the status is GOOD.
   */
  public byte[] readData(ScsiTransport transport) throws ScsiException {
    if (direction != DataDirection.FROM_DEVICE) {
      throw new IllegalStateException(name + " is not a data-in command");
    }
    ByteBuffer buffer = ByteBuffer.allocate(transferLength);
    ScsiResult result = executeChecked(transport, buffer);
    return Arrays.copyOf(buffer.array(), result.transferred());
  }

  /** Runs a data-out command sending {@code data}; throws unless the status is GOOD. */
  public ScsiResult writeData(ScsiTransport transport, byte[] data) throws ScsiException {
    if (direction != DataDirection.TO_DEVICE || data.length != transferLength) {
      throw new IllegalStateException(name + ": data-out of " + data.length + " bytes does not match " + this);
    }
    return executeChecked(transport, ByteBuffer.wrap(data));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScsiCommand c
        && c.name.equals(name)
        && Arrays.equals(c.cdb, cdb)
        && c.direction == direction
        && c.transferLength == transferLength
        && c.timeout.equals(timeout);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cdb) * 31 + transferLength;
  }

  @Override
  public String toString() {
    return name + " [" + HexFormat.ofDelimiter(" ").formatHex(cdb) + "] " + direction
        + (transferLength > 0 ? " " + transferLength + " bytes" : "") + ", timeout " + timeout;
  }
}
