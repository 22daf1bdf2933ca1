package dev.tapekit.iscsi;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSCSI target (RFC 7143) serving logical units over TCP: SendTargets discovery, login without
 * authentication or with CHAP (one-way and mutual), SCSI commands with immediate, unsolicited and
 * solicited (R2T) data, header and data digests, task management, NOP-In/Out, logout; error recovery
 * level 0, one connection per session, any number of sessions.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every session gets its own I_T nexus on each logical unit ({@link LogicalUnit#connect}), named by
 *       the initiator port (initiator name and ISID), so reservations and unit attentions work between
 *       sessions as on a SAN. The nexus closes when the session ends, however it ends.
 *   <li>A peer that breaks the protocol (malformed PDU, wrong digest, oversized data segment, a Data-Out
 *       that matches no transfer) gets a Reject where the standard has one and loses its connection;
 *       other sessions and the logical units are not affected. A command already handed to a logical
 *       unit runs to its end; commands not yet started are dropped.
 *   <li>{@link #close()} stops listening, asks every initiator to log out (Asynchronous Message, event 1),
 *       waits a short time, then closes the remaining connections; commands in progress finish first.
 *   <li>Thread-safe. Threads: one accepting, and per connection one reading, one per logical unit in use
 *       executing commands in order, and one for task management.
 * </ul>
 */
public final class IscsiTarget implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(IscsiTarget.class);
  /** Runs the NOP-In pings of every connection. */
  static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "iscsi-timer");
    t.setDaemon(true);
    return t;
  });

  /** One target: its name, optional alias and its logical units by number. */
  public record Target(String name, String alias, Map<Integer, LogicalUnit> luns) {
    public Target {
      if (!IscsiAddress.isTargetName(name)) {
        throw new IllegalArgumentException("not an iSCSI target name (iqn., eui. or naa.): " + name);
      }
      luns = Map.copyOf(luns);
      for (int lun : luns.keySet()) {
        if (lun < 0 || lun > 0x3FFF) {
          throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
        }
      }
    }
  }

  /** How the target is set up; build one with {@link IscsiTarget#builder()}. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), IscsiAddress.DEFAULT_PORT);
    private String advertise;
    private ChapCredentials chap;
    private ChapCredentials mutualChap;
    private int maxRecvDataSegment = 262144;
    private int nopInterval;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    private Builder() {}

    /** Where to listen; loopback port 3260 by default. Port 0 picks a free port. */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address);
      return this;
    }

    /**
     * The {@code HOST:PORT} SendTargets reports; by default the address the initiator connected to. Set it
     * when initiators reach the target through an address translation (a QEMU guest sees the host's
     * loopback as 10.0.2.2).
     */
    public Builder advertise(String hostPort) {
      this.advertise = hostPort;
      return this;
    }

    /** Requires initiators to authenticate with CHAP as {@code credentials}; no authentication when unset. */
    public Builder chap(ChapCredentials credentials) {
      this.chap = credentials;
      return this;
    }

    /** The target's own CHAP credentials, for initiators that ask the target to authenticate (mutual CHAP). */
    public Builder mutualChap(ChapCredentials credentials) {
      this.mutualChap = credentials;
      return this;
    }

    /** The largest data segment the target accepts (MaxRecvDataSegmentLength), 512 to 16777215; 262144 by default. */
    public Builder maxRecvDataSegment(int bytes) {
      if (bytes < 512 || bytes > Pdu.MAX_DATA_SEGMENT) {
        throw new IllegalArgumentException("MaxRecvDataSegmentLength must be 512..16777215: " + bytes);
      }
      this.maxRecvDataSegment = bytes;
      return this;
    }

    /**
     * Seconds between NOP-In pings to an idle initiator; a connection whose initiator does not answer a
     * ping within the same time is dropped. 0 (the default) sends none and relies on TCP keepalive.
     */
    public Builder nopInterval(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("negative NOP-In interval: " + seconds);
      }
      this.nopInterval = seconds;
      return this;
    }

    public Builder target(Target target) {
      if (targets.putIfAbsent(target.name().toLowerCase(java.util.Locale.ROOT), target) != null) {
        throw new IllegalArgumentException("target " + target.name() + " is defined twice");
      }
      return this;
    }

    /** Binds the listening socket and starts accepting; {@link IOException} when the address is taken. */
    public IscsiTarget start() throws IOException {
      if (targets.isEmpty()) {
        throw new IllegalStateException("no target to serve");
      }
      if (mutualChap != null && chap == null) {
        throw new IllegalArgumentException("mutual CHAP needs CHAP for the initiator as well");
      }
      if (mutualChap != null && mutualChap.secret().equals(chap.secret())) {
        throw new IllegalArgumentException(
            "the target's CHAP secret must differ from the initiator's (RFC 7143 12.1.3)");
      }
      return new IscsiTarget(this);
    }
  }

  final Map<String, Target> targets;
  final Optional<ChapCredentials> chap;
  final Optional<ChapCredentials> mutualChap;
  final int maxRecvDataSegment;
  final int nopInterval;
  private final String advertise;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Map<TargetConnection, Boolean> connections = new ConcurrentHashMap<>();
  private final AtomicInteger tsih = new AtomicInteger();
  private volatile boolean closing;

  public static Builder builder() {
    return new Builder();
  }

  private IscsiTarget(Builder b) throws IOException {
    this.targets = Map.copyOf(b.targets);
    this.chap = Optional.ofNullable(b.chap);
    this.mutualChap = Optional.ofNullable(b.mutualChap);
    this.maxRecvDataSegment = b.maxRecvDataSegment;
    this.nopInterval = b.nopInterval;
    this.advertise = b.advertise;
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(b.listen, 64);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot listen on " + hostPort(b.listen) + ": " + e.getMessage(), e);
    }
    this.server = s;
    this.acceptor = new Thread(this::accept, "iscsi-accept-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("iSCSI target listening on {} ({})", hostPort(address()), String.join(", ", targetNames()));
  }

  /** The address the target listens on (with the port picked when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public List<String> targetNames() {
    return targets.values().stream().map(Target::name).toList();
  }

  /** The number of sessions now in full feature phase (discovery sessions included). */
  public int sessionCount() {
    return (int) connections.keySet().stream().filter(TargetConnection::inFullFeaturePhase).count();
  }

  private void accept() {
    while (!closing) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.warn("iSCSI target stopped accepting connections: {}", e.toString());
        }
        return;
      }
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
      } catch (SocketException e) {
        LOG.debug("socket options", e);
      }
      TargetConnection c = new TargetConnection(this, socket);
      connections.put(c, Boolean.TRUE);
      c.start();
    }
  }

  void ended(TargetConnection c) {
    connections.remove(c);
  }

  int newTsih() {
    int t;
    do {
      t = tsih.incrementAndGet() & 0xFFFF;
    } while (t == 0);
    return t;
  }

  /** Ends the other session of the same initiator port (session reinstatement, RFC 7143 §6.3.5). */
  void reinstate(TargetConnection newcomer, String initiatorPort) {
    for (TargetConnection c : new ArrayList<>(connections.keySet())) {
      if (c != newcomer && initiatorPort.equals(c.initiatorPort())) {
        LOG.info("session of {} reinstated: closing its old connection", initiatorPort);
        c.abort("session reinstated by a new login of the same initiator port");
      }
    }
  }

  /** A LUN reset or target reset: aborts the tasks of every other session on that logical unit too. */
  void abortLunEverywhere(Target t, int lun, TargetConnection except) {
    for (TargetConnection c : new ArrayList<>(connections.keySet())) {
      if (c != except) {
        c.abortLun(t, lun);
      }
    }
  }

  void closeAllConnections(String reason) {
    for (TargetConnection c : new ArrayList<>(connections.keySet())) {
      c.abort(reason);
    }
  }

  /** What SendTargets reports for this connection: {@code HOST:PORT,1}. */
  String targetAddress(Socket socket) {
    if (advertise != null) {
      return advertise + ",1";
    }
    return hostPort(new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort())) + ",1";
  }

  /** {@code HOST:PORT} of {@code a}, an IPv6 host in brackets: {@code 127.0.0.1:3260}, {@code [::1]:3260}. */
  public static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  boolean closing() {
    return closing;
  }

  @Override
  public void close() throws IOException {
    if (closing) {
      return;
    }
    closing = true;
    server.close();
    List<TargetConnection> open = new ArrayList<>(connections.keySet());
    open.forEach(TargetConnection::requestLogout);
    long deadline = System.nanoTime() + 3_000_000_000L;
    for (TargetConnection c : open) {
      c.awaitEnd(Math.max(0, deadline - System.nanoTime()));
    }
    for (TargetConnection c : new ArrayList<>(connections.keySet())) {
      c.abort("the target is shutting down");
      c.awaitEnd(10_000_000_000L);
    }
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("iSCSI target on port {} stopped", server.getLocalPort());
  }
}
