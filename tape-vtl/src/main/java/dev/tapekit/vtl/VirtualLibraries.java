package dev.tapekit.vtl;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.internal.VirtualDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resolves virtual device addresses to in-process transports: {@code vtl:L700} is the changer of
 * library L700, {@code vtl:L700:0} its drive 0 (data transfer element order). Libraries live under
 * the home directory: {@code $TAPEKIT_VTL_HOME}, else the system property {@code tapekit.vtl.home},
 * else {@code ~/.local/share/tapekit/vtl}. A missing built-in library (L700, L80) is created on first
 * use.
 *
 * <p>One open {@link VirtualLibrary} is shared by all transports of the same library in this process;
 * it is closed (state saved, lock released) when the last transport is closed. Each transport opened
 * is an initiator of its own, so reservations made through one keep the others out. Thread-safe.
 */
public final class VirtualLibraries {
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private VirtualLibraries() {}

  private static final class Shared {
    final VirtualLibrary library;
    int references;

    Shared(VirtualLibrary library) {
      this.library = library;
    }
  }

  /** The home directory libraries are kept in. */
  public static Path home() {
    String env = System.getenv("TAPEKIT_VTL_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("tapekit.vtl.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "tapekit", "vtl");
  }

  /** Opens the device at {@code address} under {@link #home()}. */
  public static ScsiTransport open(String address) throws IOException {
    return open(address, home());
  }

  /**
   * Opens the device at {@code address} ({@code vtl:<library>} or {@code vtl:<library>:<drive>}) in
   * libraries under {@code home}.
   *
   * @throws IllegalArgumentException for a malformed address or drive index
   * @throws IOException when the library cannot be opened
   */
  public static ScsiTransport open(String address, Path home) throws IOException {
    String[] parts = address.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || !parts[0].equals("vtl") || parts[1].isEmpty()) {
      throw new IllegalArgumentException("virtual device address must be vtl:<library> or vtl:<library>:<drive>, not '" + address + "'");
    }
    int drive = -1;
    if (parts.length == 3) {
      try {
        drive = Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("drive index in '" + address + "' is not a number");
      }
    }
    Path key = home.toAbsolutePath().normalize().resolve(parts[1]);
    synchronized (OPEN) {
      Shared s = OPEN.get(key);
      if (s == null) {
        s = new Shared(VirtualLibrary.open(home, parts[1]));
        OPEN.put(key, s);
      }
      VirtualDevice device;
      try {
        device = drive < 0 ? s.library.changer() : s.library.drive(drive);
      } catch (IllegalArgumentException e) {
        if (s.references == 0) {
          OPEN.remove(key);
          s.library.close();
        }
        throw e;
      }
      s.references++;
      return new Handle(device.newInitiator(), key, s);
    }
  }

  /** The open library behind {@code address}'s library, for operator actions and fault plans. */
  public static VirtualLibrary library(ScsiTransport transport) {
    if (transport instanceof Handle h) {
      return h.shared.library;
    }
    throw new IllegalArgumentException(transport.deviceName() + " was not opened by VirtualLibraries");
  }

  private static final class Handle implements ScsiTransport {
    private final ScsiTransport device;
    private final Path key;
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    Handle(ScsiTransport device, Path key, Shared shared) {
      this.device = device;
      this.key = key;
      this.shared = shared;
    }

    @Override
    public String deviceName() {
      return device.deviceName();
    }

    @Override
    public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
        throws ScsiTransportException {
      if (closed.get()) {
        throw new ScsiTransportException(deviceName(), ScsiTransportException.Kind.UNAVAILABLE, "transport is closed");
      }
      return device.execute(cdb, direction, data, timeout);
    }

    @Override
    public void close() throws IOException {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      device.close(); // I_T nexus loss: releases this initiator's RESERVE(6)
      synchronized (OPEN) {
        if (--shared.references == 0) {
          OPEN.remove(key);
          shared.library.close();
        }
      }
    }
  }
}
