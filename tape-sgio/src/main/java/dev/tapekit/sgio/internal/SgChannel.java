package dev.tapekit.sgio.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * The two calls of the sg driver's v3 asynchronous interface the transport issues commands with:
 * {@code write(2)} of a request header queues the command, {@code read(2)} of a header waits for a
 * completed one and fills in its output fields. {@link #NATIVE} is the C library in production; tests
 * of the header marshalling script a stand-in for the kernel.
 */
public interface SgChannel {
  /** The C library's {@code write} and {@code read}. */
  SgChannel NATIVE = new SgChannel() {
    @Override
    public long submit(int fd, Pointer header, long size) {
      return LibC.write(fd, header, size);
    }

    @Override
    public long collect(int fd, Pointer header, long size) {
      return LibC.read(fd, header, size);
    }
  };

  /**
   * Queues the command {@code header} describes: {@code write(fd, header, size)}.
   *
   * @return the number of bytes written, {@code size} when the driver took the request
   * @throws LastErrorException carrying errno when the call returns -1 (nothing was queued)
   */
  long submit(int fd, Pointer header, long size) throws LastErrorException;

  /**
   * Waits for a completed command and copies its header, with status, residue and sense length, into
   * {@code header}: {@code read(fd, header, size)}.
   *
   * @return the number of bytes read, {@code size} for a v3 reply
   * @throws LastErrorException carrying errno when the call returns -1
   */
  long collect(int fd, Pointer header, long size) throws LastErrorException;
}
