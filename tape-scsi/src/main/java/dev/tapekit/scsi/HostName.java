package dev.tapekit.scsi;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's name, as lock holders record it (device lock files, the catalog's locks): the kernel's
 * host name, else the resolver's, else {@code localhost}. Read once.
 */
public final class HostName {
  private static final String NAME = lookup();

  private HostName() {}

  /** The name. */
  public static String get() {
    return NAME;
  }

  private static String lookup() {
    try {
      String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!n.isEmpty()) {
        return n;
      }
    } catch (IOException | SecurityException notLinux) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "localhost";
    }
  }
}
