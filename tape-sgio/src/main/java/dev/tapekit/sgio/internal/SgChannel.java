package dev.tapekit.sgio.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The calls of the sg driver's v3 asynchronous interface the transport issues commands with:
 * {@code write(2)} of a request header queues the command, {@code read(2)} of a header waits for the
 * completed one whose pack_id the header names and fills in its output fields; and the two that manage
 * the descriptor: {@link #prepare} (blocking reads, replies selected by pack_id) and {@link #reopen}
 * (drops every request still queued). {@link #NATIVE} is the C library in production; tests of the
 * header marshalling script a stand-in for the kernel.
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

    @Override
    public void prepare(int fd) {
      int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
      LibC.fcntl(fd, LibC.F_SETFL, flags & ~LibC.O_NONBLOCK);
      try (Memory on = new Memory(Integer.BYTES)) {
        on.setInt(0, 1);
        LibC.ioctl(fd, SgIoHeader.SG_SET_FORCE_PACK_ID, on);
      }
    }

    @Override
    public int reopen(int fd, String node, int flags) {
      try {
        LibC.close(fd);
      } catch (LastErrorException e) {
        // The descriptor is gone either way; what matters is the new one.
      }
      int opened = LibC.open(node, flags);
      try {
        prepare(opened);
      } catch (LastErrorException e) {
        LibC.close(opened);
        throw e;
      }
      return opened;
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

  /**
   * Makes a newly opened sg descriptor ready for commands: clears {@code O_NONBLOCK} so {@code read}
   * waits, and sets {@code SG_SET_FORCE_PACK_ID} so {@code read} returns only the reply whose pack_id
   * the header it is given names — never the reply of another request.
   *
   * @throws LastErrorException carrying errno when a call fails
   */
  void prepare(int fd) throws LastErrorException;

  /**
   * Closes {@code fd}, dropping every request still queued on it (the sg driver then finishes them
   * without copying anything to this process), and opens {@code node} again with {@code flags},
   * {@linkplain #prepare prepared}.
   *
   * @return the new descriptor
   * @throws LastErrorException carrying errno when the node cannot be opened again
   */
  int reopen(int fd, String node, int flags) throws LastErrorException;
}
