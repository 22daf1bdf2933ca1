package dev.tapekit.vtl.internal;

import dev.tapekit.scsi.DataDirection;
import java.nio.ByteBuffer;

/**
 * One command being executed by a virtual device: the CDB with bounds-checked field access, and the
 * caller's data region. Handlers read fields, move data with {@link #dataIn}/{@link #dataOut}, and end
 * the command by returning (GOOD) or throwing {@link CheckCondition}.
 */
public final class Command {
  private final byte[] cdb;
  private final DataDirection direction;
  private final ByteBuffer data;
  private int transferred;

  Command(byte[] cdb, DataDirection direction, ByteBuffer data) {
    this.cdb = cdb;
    this.direction = direction;
    this.data = data;
  }

  public int opcode() {
    return cdb[0] & 0xFF;
  }

  public int length() {
    return cdb.length;
  }

  public int u8(int i) {
    return cdb[i] & 0xFF;
  }

  public int u16(int i) {
    return (u8(i) << 8) | u8(i + 1);
  }

  public int u24(int i) {
    return (u8(i) << 16) | u16(i + 1);
  }

  public long u32(int i) {
    return ((long) u16(i) << 16) | u16(i + 2);
  }

  public long u64(int i) {
    return (u32(i) << 32) | u32(i + 4);
  }

  public boolean bit(int i, int bit) {
    return (cdb[i] & (1 << bit)) != 0;
  }

  /** The data-in capacity of the caller's buffer (0 when there is none or the direction is not FROM_DEVICE). */
  public int inCapacity() {
    return direction == DataDirection.FROM_DEVICE && data != null ? data.remaining() : 0;
  }

  /** Sends {@code bytes} to the initiator, at most {@code allocation} of them and no more than fit. */
  public void dataIn(byte[] bytes, long allocation) {
    int n = (int) Math.min(Math.min(bytes.length, allocation), inCapacity());
    transferred = n;
    if (n == 0) {
      return;
    }
    ByteBuffer dst = data.duplicate();
    dst.put(bytes, 0, n);
    transferred = n;
  }

  /** A view of the caller's data-in region for handlers that fill it directly; pair with {@link #setTransferred}. */
  public ByteBuffer inRegion() {
    return direction == DataDirection.FROM_DEVICE && data != null ? data.slice() : ByteBuffer.allocate(0);
  }

  public void setTransferred(int n) {
    transferred = n;
  }

  public int transferred() {
    return transferred;
  }

  /**
   * The first {@code length} bytes of the caller's data-out region (a read-only view; no copy). A
   * caller that supplies fewer bytes than the CDB announces gets a transport error, as an HBA would
   * report a data underrun.
   */
  public ByteBuffer dataOut(long length) {
    int available = direction == DataDirection.TO_DEVICE && data != null ? data.remaining() : 0;
    if (length > available) {
      throw new DataPhaseMismatch(
          "the CDB announces " + length + " data-out bytes but the caller supplied " + available);
    }
    ByteBuffer view = data.slice().asReadOnlyBuffer();
    view.limit((int) length);
    transferred = (int) length;
    return view;
  }

  /** The data-out bytes copied into an array. */
  public byte[] dataOutBytes(long length) {
    ByteBuffer b = dataOut(length);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Signals that the data phase the CDB asks for does not fit the caller's buffer. */
  static final class DataPhaseMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataPhaseMismatch(String message) {
      super(message);
    }
  }
}
