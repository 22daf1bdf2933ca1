package dev.tapekit.sgio;

import com.sun.jna.Native;
import dev.tapekit.sgio.internal.LibC;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Whether the Linux SG_IO transport can work in this JVM, computed once on first use.
 *
 * <p>It needs Linux, a 64-bit JVM and JNA's native stub ({@code libjnidispatch}), which JNA extracts
 * to {@code ~/.cache/JNA/temp} (override with {@code -Djna.tmpdir=DIR}; the directory must allow
 * executing files) unless {@code jna.boot.library.path} points to an installed copy. On JDK 22+ pass
 * {@code --enable-native-access=ALL-UNNAMED} to avoid the native-access warning (JDK 24+ warns, a
 * future JDK will refuse). When something is missing, {@link SgIoTransport#open} throws a {@code
 * ScsiTransportException} of kind {@code UNAVAILABLE} carrying {@link #unavailabilityCause()}'s message;
 * no {@link UnsatisfiedLinkError} ever reaches the caller.
 *
 * <p>Thread-safe.
 */
public final class SgIo {
  private SgIo() {}

  /** The outcome of the availability check, with the page size when available. */
  record Availability(Throwable cause, int pageSize) {
    boolean available() {
      return cause == null;
    }
  }

  private static final class Holder {
    static final Availability CURRENT =
        check(System.getProperty("os.name", ""), () -> Native.POINTER_SIZE, () -> LibC.sysconf(LibC.SC_PAGESIZE));
  }

  /** True when {@link SgIoTransport#open} can work here (it may still fail for a given device). */
  public static boolean isAvailable() {
    return Holder.CURRENT.available();
  }

  /**
   * Why the transport is unavailable, or {@code null} when it is available. The message says what is
   * missing; the cause chain holds the original linkage error, if any.
   */
  public static Throwable unavailabilityCause() {
    return Holder.CURRENT.cause();
  }

  static Availability current() {
    return Holder.CURRENT;
  }

  /**
   * The availability check, with its probes injectable for tests.
   *
   * @param osName the {@code os.name} property
   * @param pointerSize loads JNA and returns the native pointer size
   * @param pageSize calls into the C library (registering the natives) and returns the page size
   */
  static Availability check(String osName, LongSupplier pointerSize, LongSupplier pageSize) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return unavailable(new UnsupportedOperationException(
          "SG_IO is a Linux interface; this JVM runs on " + (osName.isEmpty() ? "an unknown OS" : osName)));
    }
    long pointer;
    long page;
    try {
      pointer = pointerSize.getAsLong();
      if (pointer != 8) {
        return unavailable(new UnsupportedOperationException(
            "SG_IO support needs a 64-bit JVM (struct sg_io_hdr layout); this one has " + pointer * 8 + "-bit pointers"));
      }
      page = pageSize.getAsLong();
    } catch (LinkageError | RuntimeException e) {
      return unavailable(new IllegalStateException(
          "JNA's native library cannot be loaded (" + e + "); set -Djna.tmpdir to a directory that allows"
              + " executing files, or -Djna.boot.library.path to a directory holding libjnidispatch.so",
          e));
    }
    if (page <= 0 || page > (1 << 24) || Long.bitCount(page) != 1) {
      return unavailable(new IllegalStateException("sysconf(_SC_PAGESIZE) returned " + page));
    }
    return new Availability(null, (int) page);
  }

  private static Availability unavailable(Throwable cause) {
    return new Availability(cause, 0);
  }
}
