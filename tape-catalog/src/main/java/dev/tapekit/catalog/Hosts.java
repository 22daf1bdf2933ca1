package dev.tapekit.catalog;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name, for lock holders. */
final class Hosts {
  private static final String NAME = lookup();

  private Hosts() {}

  static String name() {
    return NAME;
  }

  private static String lookup() {
    try {
      String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
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
