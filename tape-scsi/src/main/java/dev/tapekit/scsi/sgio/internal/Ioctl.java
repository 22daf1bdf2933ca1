package dev.tapekit.scsi.sgio.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * The {@code ioctl(2)} the transport issues commands with: {@link #NATIVE} in production, a scripted
 * stand-in for the kernel in tests of the header marshalling.
 */
@FunctionalInterface
public interface Ioctl {
  /** The C library's {@code ioctl}. */
  Ioctl NATIVE = LibC::ioctl;

  /**
   * Performs the request.
   *
   * @throws LastErrorException carrying errno when the call returns -1
   */
  int ioctl(int fd, long request, Pointer argument) throws LastErrorException;
}
