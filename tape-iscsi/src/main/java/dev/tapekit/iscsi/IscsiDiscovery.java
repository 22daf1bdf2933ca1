package dev.tapekit.iscsi;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks an iSCSI portal which targets it serves: a Discovery session (RFC 7143 §4.3) with {@code
 * SendTargets=All}, logged in with the options' CHAP credentials when set, then logged out.
 *
 * <p>Example: {@code IscsiDiscovery.sendTargets("127.0.0.1", 3260, IscsiInitiatorOptions.defaults())}
 * returns {@code [Target[name=iqn.2026-12.dev.tapekit:l700, portals=[127.0.0.1:3260,1]]]}.
 */
public final class IscsiDiscovery {
  private IscsiDiscovery() {}

  /** A network portal of a target: {@code TargetAddress=host:port,tpgt} parsed. */
  public record Portal(String host, int port, int portalGroupTag) {
    /**
     * Parses a TargetAddress value: {@code domainname[:port][,portal-group-tag]}, an IPv6 address in
     * brackets; a missing port is {@code defaultPort}, a missing tag 1.
     */
    public static Portal parse(String value, int defaultPort) {
      String rest = value;
      int tag = 1;
      int comma = rest.lastIndexOf(',');
      if (comma >= 0) {
        tag = number(rest.substring(comma + 1), "portal group tag", value);
        rest = rest.substring(0, comma);
      }
      IscsiAddress.HostPort hp = IscsiAddress.HostPort.parse(rest, defaultPort, "TargetAddress " + value);
      String host = hp.host();
      int port = hp.port();
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("no host, or port out of 1..65535, in TargetAddress " + value);
      }
      return new Portal(host, port, tag);
    }

    private static int number(String s, String what, String value) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " is not a number in TargetAddress " + value);
      }
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "," + portalGroupTag;
    }
  }

  /** A target and the portals it answers on (none when the portal only named it). */
  public record Target(String name, List<Portal> portals) {
    public Target {
      portals = List.copyOf(portals);
    }
  }

  /** The targets the portal at {@code host:port} reports, in its order. */
  public static List<Target> sendTargets(String host, int port, IscsiInitiatorOptions options)
      throws ScsiTransportException {
    String where = "iscsi://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " (discovery)";
    IscsiConnection conn = IscsiConnection.connect(host, port, options, where);
    try {
      conn.login(null, options);
      TextParameters answer = conn.text(new TextParameters().add("SendTargets", "All"), options.loginTimeout());
      conn.logoutQuietly(options.loginTimeout());
      return targets(answer, port, where);
    } catch (IscsiConnection.Redirect r) {
      throw new ScsiTransportException(where, Kind.HOST_ERROR, r.getMessage() + ": run discovery there instead");
    } catch (ScsiTransportException e) {
      throw e;
    } catch (IOException e) {
      throw new ScsiTransportException(where, Kind.HOST_ERROR, "discovery failed: " + e.getMessage(), e);
    } finally {
      conn.close();
    }
  }

  static List<Target> targets(TextParameters answer, int defaultPort, String where) throws ScsiTransportException {
    List<Target> result = new ArrayList<>();
    String name = null;
    List<Portal> portals = new ArrayList<>();
    for (TextParameters.Pair p : answer.pairs()) {
      if (p.key().equals("TargetName")) {
        if (name != null) {
          result.add(new Target(name, portals));
        }
        name = p.value();
        portals = new ArrayList<>();
      } else if (p.key().equals("TargetAddress")) {
        if (name == null) {
          throw new ScsiTransportException(where, Kind.HOST_ERROR,
              "the SendTargets answer has a TargetAddress before any TargetName: " + p.value());
        }
        try {
          portals.add(Portal.parse(p.value(), defaultPort));
        } catch (IllegalArgumentException e) {
          throw new ScsiTransportException(where, Kind.HOST_ERROR, "the SendTargets answer is malformed: " + e.getMessage());
        }
      }
    }
    if (name != null) {
      result.add(new Target(name, portals));
    }
    return result;
  }
}
