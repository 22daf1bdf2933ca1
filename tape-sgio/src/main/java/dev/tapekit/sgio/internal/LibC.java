package dev.tapekit.sgio.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few C library functions the SG_IO transport calls, bound with JNA direct mapping ({@link
 * Native#register}): one JNI call per invocation, errno captured into {@link LastErrorException}.
 *
 * <p>Loading this class registers the natives; it fails (with {@link UnsatisfiedLinkError}, {@link
 * NoClassDefFoundError} or a security exception) where JNA cannot load. Only {@code SgIo} touches it
 * first, inside a catch, so users never see those errors. Constants are the Linux (asm-generic, glibc)
 * values; {@code SgIoNativeLayoutTest} compares them with a C program compiled from the system headers.
 */
public final class LibC {
  static {
    Native.register(LibC.class, Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  public static final int O_RDWR = 0x2;
  public static final int O_EXCL = 0x80;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_CLOEXEC = 0x80000;
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;
  public static final int SC_PAGESIZE = 30;

  /** {@code int open(const char *path, int flags)}; returns the file descriptor. */
  public static native int open(String path, int flags) throws LastErrorException;

  /** {@code int close(int fd)}. */
  public static native int close(int fd) throws LastErrorException;

  /** {@code int ioctl(int fd, unsigned long request, void *arg)}, the variadic argument as a pointer. */
  public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

  /** {@code ssize_t write(int fd, const void *buf, size_t count)}; returns the bytes written. */
  public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

  /** {@code ssize_t read(int fd, void *buf, size_t count)}; returns the bytes read, 0 at end of file. */
  public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

  /** {@code int fcntl(int fd, int cmd, int arg)}, the variadic argument as an int. */
  public static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

  /** {@code long sysconf(int name)}. */
  public static native long sysconf(int name);
}
