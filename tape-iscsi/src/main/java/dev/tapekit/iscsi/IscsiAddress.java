package dev.tapekit.iscsi;

import java.util.Locale;

/**
 * Where one logical unit of an iSCSI target is: {@code iscsi://HOST[:PORT]/TARGET-NAME/LUN}, e.g.
 * {@code iscsi://127.0.0.1:3260/iqn.2026-12.dev.tapekit:l700/1}. The port defaults to 3260; an IPv6 host
 * is written in brackets. The target name is an {@code iqn.}, {@code eui.} or {@code naa.} name
 * (RFC 7143 §4.2.7); the LUN is 0 to 16383.
 */
public record IscsiAddress(String host, int port, String targetName, int lun) {
  public static final String SCHEME = "iscsi://";
  public static final int DEFAULT_PORT = 3260;

  public IscsiAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    if (targetName == null || !isTargetName(targetName)) {
      throw new IllegalArgumentException("not an iSCSI name (iqn., eui. or naa.): " + targetName);
    }
    if (lun < 0 || lun > 0x3FFF) {
      throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
    }
  }

  public static boolean isAddress(String s) {
    return s.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /** Parses an address; {@link IllegalArgumentException} says which part is wrong and shows the form. */
  public static IscsiAddress parse(String s) {
    if (!isAddress(s)) {
      throw new IllegalArgumentException("not an iscsi:// address: " + s);
    }
    String rest = s.substring(SCHEME.length());
    String[] parts = rest.split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("expected iscsi://HOST[:PORT]/TARGET-NAME/LUN, got " + s);
    }
    HostPort hp = HostPort.parse(parts[0], DEFAULT_PORT, s);
    int lun;
    try {
      lun = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("LUN is not a number in " + s + ": " + parts[2]);
    }
    return new IscsiAddress(hp.host(), hp.port(), parts[1], lun);
  }

  /** {@code host[:port]} or {@code [ipv6][:port]}, as iscsi:// addresses and TargetAddress values write it. */
  record HostPort(String host, int port) {
    /** Parses {@code text}; errors name {@code whole}, the value it came from. */
    static HostPort parse(String text, int defaultPort, String whole) {
      String host;
      String portText = null;
      if (text.startsWith("[")) {
        int close = text.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' in the host of " + whole);
        }
        host = text.substring(1, close);
        if (close + 1 < text.length()) {
          if (text.charAt(close + 1) != ':') {
            throw new IllegalArgumentException("expected ':PORT' after ']' in " + whole);
          }
          portText = text.substring(close + 2);
        }
      } else {
        int colon = text.lastIndexOf(':');
        host = colon < 0 ? text : text.substring(0, colon);
        portText = colon < 0 ? null : text.substring(colon + 1);
      }
      int port = defaultPort;
      if (portText != null) {
        try {
          port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("port is not a number in " + whole + ": " + portText);
        }
      }
      return new HostPort(host, port);
    }
  }

  /** True for a syntactically plausible iSCSI name: iqn.YYYY-MM.reversed.domain[:anything], eui.16HEX, naa.HEX. */
  public static boolean isTargetName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.length() > 223 || !n.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '.' || c == '-' || c == ':')) {
      return false;
    }
    return n.matches("iqn\\.\\d{4}-\\d{2}\\.[a-z0-9][a-z0-9.-]*(:.*)?") || n.matches("eui\\.[0-9a-f]{16}")
        || n.matches("naa\\.([0-9a-f]{16}|[0-9a-f]{32})");
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return SCHEME + h + (port == DEFAULT_PORT ? "" : ":" + port) + "/" + targetName + "/" + lun;
  }
}
