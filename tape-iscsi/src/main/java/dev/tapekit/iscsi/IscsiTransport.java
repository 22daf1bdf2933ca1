package dev.tapekit.iscsi;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSCSI initiator for one logical unit ({@code iscsi://HOST[:PORT]/TARGET-NAME/LUN}): a {@link
 * ScsiTransport} whose commands travel to a target over TCP (RFC 7143), so a tape drive or changer
 * served by Linux tgt, LIO or tapekit's own target is driven like a local one.
 *
 * <p>Contract, beyond {@link ScsiTransport}'s:
 *
 * <ul>
 *   <li>{@link #open} logs in (a Normal session, error recovery level 0, one connection) and fails with
 *       a {@link ScsiTransportException} naming the login status, e.g. {@code authentication failed
 *       (0201)} as {@link Kind#PERMISSION_DENIED}, {@code target not found (0203)} as {@link
 *       Kind#NO_DEVICE}.
 *   <li>A command whose connection fails, or whose timeout passes, before its status arrives is never
 *       sent again: {@link #execute} throws ({@link Kind#HOST_ERROR} or {@link Kind#TIMEOUT}) saying the
 *       command may or may not have run, and drops the connection. The next {@link #execute} logs in
 *       again (a new session) for that new command.
 *   <li>Commands are serialized; the session's reader thread answers the target's NOP-In pings and its
 *       requests to log out while the transport is idle.
 * </ul>
 *
 * <p>Example: {@code ScsiTapeDrive.open(IscsiTransport.open(IscsiAddress.parse(
 * "iscsi://127.0.0.1:3260/iqn.2026-12.dev.tapekit:l700/2")))}.
 */
public final class IscsiTransport implements ScsiTransport {
  private static final Logger LOG = LoggerFactory.getLogger(IscsiTransport.class);
  /** SCSI's longest CDB; longer ones would not fit an extended CDB AHS anyway. */
  private static final int MAX_CDB = 260;
  private static final Duration LOGOUT_WAIT = Duration.ofSeconds(2);
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final IscsiAddress address;
  private final IscsiInitiatorOptions options;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private Session session;
  private volatile boolean closed;

  private IscsiTransport(IscsiAddress address, IscsiInitiatorOptions options) {
    this.address = address;
    this.options = options;
    this.name = address.toString();
  }

  /** Logs in to {@code address} with {@link IscsiInitiatorOptions#defaults()}. */
  public static IscsiTransport open(IscsiAddress address) throws ScsiTransportException {
    return open(address, IscsiInitiatorOptions.defaults());
  }

  /** Logs in to {@code address}; the session is kept until {@link #close()} or a connection failure. */
  public static IscsiTransport open(IscsiAddress address, IscsiInitiatorOptions options) throws ScsiTransportException {
    IscsiTransport t = new IscsiTransport(address, options);
    t.lock.lock();
    try {
      t.session = t.login();
    } finally {
      t.lock.unlock();
    }
    return t;
  }

  public IscsiAddress address() {
    return address;
  }

  @Override
  public String deviceName() {
    return name;
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    if (cdb == null || cdb.length == 0 || cdb.length > MAX_CDB) {
      throw new IllegalArgumentException("CDB must be 1 to " + MAX_CDB + " bytes: " + (cdb == null ? null : cdb.length));
    }
    if (direction != DataDirection.NONE && data == null) {
      throw new IllegalArgumentException("a " + direction + " command needs a data buffer");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    lock.lock();
    try {
      if (closed) {
        throw new ScsiTransportException(name, Kind.UNAVAILABLE, "the iSCSI transport is closed");
      }
      for (int attempt = 1; ; attempt++) {
        Session s = liveSession();
        ScsiResult result = null;
        try {
          result = s.run(cdb, direction, direction == DataDirection.NONE ? null : data, timeout);
        } finally {
          if (s.logoutRequested && !s.dead) {
            s.logout();
          }
        }
        if (result != null) {
          return result;
        }
        // The session began to end before the command was sent: send it on a new one.
        if (attempt == 3) {
          throw new ScsiTransportException(name, Kind.HOST_ERROR,
              "the target ended three sessions in a row before the command could be sent; it was not sent");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The current session, or a new one when the last ended (failure, timeout, the target's logout request). */
  private Session liveSession() throws ScsiTransportException {
    if (session != null && session.logoutRequested && !session.dead) {
      session.logout();
    }
    if (session == null || session.dead) {
      if (session != null) {
        LOG.info("{}: logging in again (new session) after: {}", name, session.endReason());
      }
      session = null;
      try {
        session = login();
      } catch (ScsiTransportException e) {
        throw new ScsiTransportException(name, e.kind(), "the command was not sent: " + e.detail(), e);
      }
    }
    return session;
  }

  private Session login() throws ScsiTransportException {
    String host = address.host();
    int port = address.port();
    for (int attempt = 0; ; attempt++) {
      IscsiConnection conn = IscsiConnection.connect(host, port, options, name);
      try {
        conn.login(address.targetName(), options);
        LOG.debug("{}: logged in: {}", name, conn.params);
        return new Session(conn);
      } catch (IscsiConnection.Redirect r) {
        conn.close();
        if (attempt > 0 || r.targetAddress == null) {
          throw new ScsiTransportException(name, Kind.HOST_ERROR, r.getMessage()
              + (attempt > 0 ? " after an earlier redirect; not following a second one" : " without a TargetAddress"));
        }
        IscsiDiscovery.Portal portal;
        try {
          portal = IscsiDiscovery.Portal.parse(r.targetAddress, port);
        } catch (IllegalArgumentException e) {
          throw new ScsiTransportException(name, Kind.HOST_ERROR, r.getMessage() + ": " + e.getMessage());
        }
        LOG.info("{}: {}; following it", name, r.getMessage());
        host = portal.host();
        port = portal.port();
      } catch (ScsiTransportException e) {
        conn.close();
        throw e;
      } catch (IOException e) {
        conn.close();
        throw new ScsiTransportException(name, Kind.HOST_ERROR, "login failed: " + e.getMessage(), e);
      }
    }
  }

  /** Logs out (closing the session), waits briefly for the target's answer and closes the connection. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (session != null && !session.dead) {
        session.logout();
      }
      session = null;
    } finally {
      lock.unlock();
    }
  }

  /** One command in flight. */
  private static final class Task {
    final int itt;
    final DataDirection direction;
    final ByteBuffer region;
    final int length;
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    volatile int highWater;
    volatile boolean timedOut;

    Task(int itt, DataDirection direction, ByteBuffer region) {
      this.itt = itt;
      this.direction = direction;
      this.region = region;
      this.length = region == null ? 0 : region.remaining();
    }
  }

  /** A logged-in connection and its reader thread. */
  private final class Session {
    final IscsiConnection conn;
    final SessionParameters params;
    final Thread reader;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Task current;
    volatile boolean dead;
    volatile boolean logoutRequested;
    private volatile boolean logoutSent;
    volatile Throwable cause;
    private byte[] scratch;

    Session(IscsiConnection conn) {
      this.conn = conn;
      this.params = conn.params;
      this.reader = new Thread(this::readLoop, "iscsi-reader " + name);
      reader.setDaemon(true);
      reader.start();
    }

    String endReason() {
      Throwable c = cause;
      return c == null ? "logout" : c.getMessage();
    }

    // ---------------------------------------------------------------- reader thread

    private void readLoop() {
      try {
        while (!dead) {
          Pdu p = conn.reader.read(this::place);
          if (p == null) {
            end(new EOFException("the target closed the connection"));
            return;
          }
          if (!dispatch(p)) {
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        end(e);
      }
    }

    /** Data-In data goes straight to the command's buffer at its offset. */
    private ByteBuffer place(Pdu h) throws ProtocolException {
      Task t = current;
      if (h.opcode() != Pdu.DATA_IN || t == null || h.itt() != t.itt) {
        return null;
      }
      int offset = h.u32(40);
      int length = h.declaredDataLength();
      if (t.direction != DataDirection.FROM_DEVICE || offset < 0 || offset > t.length - length) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, String.format(
            "Data-In for bytes %d..%d, outside the command's %d-byte read buffer", Integer.toUnsignedLong(offset),
            Integer.toUnsignedLong(offset) + length, t.length), h.header());
      }
      t.highWater = Math.max(t.highWater, offset + length);
      return t.region.duplicate().position(offset).limit(offset + length);
    }

    /** Handles one PDU; false when the connection is finished. */
    private boolean dispatch(Pdu p) throws IOException {
      int op = p.opcode();
      if (op != Pdu.LOGIN_RESPONSE) {
        conn.updateWindow(p.sn28(), p.sn32());
      }
      switch (op) {
        case Pdu.NOP_IN -> {
          if (p.itt() != Pdu.NO_TAG) {
            conn.statusReceived(p.sn24()); // the answer to our ping
          } else if (p.field20() != Pdu.NO_TAG) {
            Pdu reply = new Pdu(Pdu.NOP_OUT).immediate(true).flags(0x80).itt(Pdu.NO_TAG).field20(p.field20())
                .sn24(conn.currentCmdSN()).sn28(conn.expStatSN());
            System.arraycopy(p.header(), 8, reply.header(), 8, 8);
            conn.writer.write(reply.data(p.dataArray(), p.dataOffset(), p.dataLength()));
          }
        }
        case Pdu.SCSI_RESPONSE, Pdu.R2T, Pdu.DATA_IN -> {
          if (op == Pdu.SCSI_RESPONSE || (op == Pdu.DATA_IN && (p.flags() & 0x01) != 0)) {
            conn.statusReceived(p.sn24());
          }
          Task t = current;
          if (t == null || p.itt() != t.itt) {
            throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
                "a " + Pdu.opcodeName(op) + " for task 0x" + Integer.toHexString(p.itt()) + ", which is not running");
          }
          if (op != Pdu.DATA_IN || (p.flags() & 0x01) != 0) {
            t.events.add(p);
          }
        }
        case Pdu.REJECT -> {
          byte[] data = p.data();
          int rejectedItt = data.length >= 20 ? ((data[16] & 0xFF) << 24) | ((data[17] & 0xFF) << 16)
              | ((data[18] & 0xFF) << 8) | (data[19] & 0xFF) : Pdu.NO_TAG;
          Task t = current;
          // A rejected PDU of the running command (or one the Reject does not show) fails it; a rejected
          // NOP-Out answer (tag 0xffffffff) only gets logged.
          if (t != null && (rejectedItt == t.itt || data.length < 20)) {
            t.events.add(p);
          } else {
            LOG.warn("{}: the target rejected a PDU (reason 0x{}) of task 0x{}", name, Integer.toHexString(p.u8(2)),
                Integer.toHexString(rejectedItt));
          }
        }
        case Pdu.ASYNC_MESSAGE -> {
          conn.statusReceived(p.sn24());
          asyncMessage(p);
        }
        case Pdu.LOGOUT_RESPONSE -> {
          conn.statusReceived(p.sn24());
          if (p.u8(2) != 0) {
            LOG.warn("{}: logout answered with response {}", name, p.u8(2));
          }
          end(null);
          return false;
        }
        default -> throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "unexpected " + Pdu.opcodeName(op) + " in the full feature phase");
      }
      return true;
    }

    private void asyncMessage(Pdu p) throws IOException {
      int event = p.u8(36);
      switch (event) {
        case 0 -> LOG.info("{}: the target reported a SCSI asynchronous event", name);
        case 1, 4 -> {
          LOG.info("{}: the target asks us to log out (async event {}); logging out, the next command logs in again",
              name, event);
          synchronized (this) {
            logoutRequested = true;
            if (current == null && !logoutSent) {
              logoutSent = true;
              conn.writer.write(conn.logoutRequest());
            }
          }
        }
        case 2, 3 -> {
          LOG.info("{}: the target announces it drops the connection (async event {})", name, event);
          logoutRequested = true;
        }
        default -> LOG.debug("{}: ignoring async event {}", name, event);
      }
    }

    /** Ends the session: the connection closes; a waiting command learns why. */
    private void end(Throwable why) {
      if (why != null && cause == null) {
        cause = why;
      }
      dead = true;
      conn.close();
      Task t = current;
      if (t != null) {
        t.events.add(why == null ? new EOFException("the session ended (logout)") : why);
      }
      ended.countDown();
    }

    void logout() {
      try {
        if (!dead) {
          synchronized (this) {
            if (!logoutSent) {
              logoutSent = true;
              conn.writer.write(conn.logoutRequest());
            }
          }
          ended.await(LOGOUT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (IOException e) {
        LOG.debug("{}: logout failed: {}", name, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        dead = true;
        conn.close();
      }
    }

    // ---------------------------------------------------------------- command thread

    /** Runs one command; null when the session began to end before the command was sent. */
    ScsiResult run(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
        throws ScsiTransportException {
      long start = System.nanoTime();
      Integer cmdSN = conn.takeCmdSN();
      if (cmdSN == null) {
        cmdSN = waitForWindow(timeout);
      }
      Task t = new Task(conn.nextTag(), direction, data == null ? null : data.slice());
      synchronized (this) {
        if (logoutRequested || dead) {
          return null; // not sent: the caller sends it on a new session
        }
        current = t;
      }
      ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
        t.timedOut = true;
        end(new SocketTimeoutException("no status within " + timeout));
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
      try {
        sendCommand(t, cdb, cmdSN);
        while (true) {
          Object event = t.events.take();
          if (event instanceof Throwable e) {
            throw failure(t, e, timeout);
          }
          Pdu p = (Pdu) event;
          switch (p.opcode()) {
            case Pdu.R2T -> answerR2T(t, p);
            case Pdu.REJECT -> {
              end(new IOException("the target rejected a PDU"));
              throw new ScsiTransportException(name, Kind.HOST_ERROR, String.format(
                  "the target rejected a PDU of the command (reason 0x%02x); the connection was dropped, the command "
                      + "may or may not have run and was not resent", p.u8(2)));
            }
            default -> {
              return result(t, p, System.nanoTime() - start);
            }
          }
        }
      } catch (ScsiTransportException e) {
        throw e;
      } catch (IOException e) {
        throw failure(t, e, timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        end(new IOException("interrupted"));
        throw new ScsiTransportException(name, Kind.HOST_ERROR,
            "interrupted while waiting for the command's status; the connection was dropped, the command may or may "
                + "not have run and was not resent", e);
      } finally {
        alarm.cancel(false);
        current = null;
      }
    }

    private int waitForWindow(Duration timeout) throws ScsiTransportException {
      try {
        // An immediate NOP-Out asks the target for a NOP-In with its current MaxCmdSN.
        conn.writer.write(new Pdu(Pdu.NOP_OUT).immediate(true).flags(0x80).itt(conn.nextTag()).field20(Pdu.NO_TAG)
            .sn24(conn.currentCmdSN()).sn28(conn.expStatSN()));
        if (conn.awaitWindow(timeout.toMillis())) {
          Integer sn = conn.takeCmdSN();
          if (sn != null) {
            return sn;
          }
        }
      } catch (IOException e) {
        end(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new ScsiTransportException(name, Kind.BUSY, "the target's command window stayed closed (" + conn.window()
          + ") for " + timeout + "; the command was not sent");
    }

    private ScsiTransportException failure(Task t, Throwable e, Duration timeout) {
      end(e);
      if (t.timedOut) {
        return new ScsiTransportException(name, Kind.TIMEOUT, "no status within " + timeout
            + "; the connection was dropped. The command may or may not have run on the device; it was not resent", e);
      }
      return new ScsiTransportException(name, Kind.HOST_ERROR, "the connection failed before the command's status ("
          + e.getMessage() + "). The command may or may not have run on the device; it was not resent", e);
    }

    private void sendCommand(Task t, byte[] cdb, int cmdSN) throws IOException {
      boolean write = t.direction == DataDirection.TO_DEVICE;
      int immediate = write && params.immediateData
          ? Math.min(t.length, Math.min(params.firstBurstLength, params.maxSendDataSegment)) : 0;
      int unsolicited = write && !params.initialR2T ? Math.min(t.length, params.firstBurstLength) : immediate;
      byte[] ahs = new byte[0];
      if (cdb.length > 16) {
        int extra = cdb.length - 16;
        ahs = new byte[(4 + extra + 3) & ~3];
        ahs[0] = (byte) ((extra + 1) >>> 8); // AHSLength counts the reserved byte and the extended CDB
        ahs[1] = (byte) (extra + 1);
        ahs[2] = 1; // AHSType: extended CDB
        System.arraycopy(cdb, 16, ahs, 4, extra);
      }
      Pdu command = new Pdu(new byte[Pdu.BHS_LENGTH], ahs);
      command.u8(0, Pdu.SCSI_COMMAND)
          .flags((unsolicited > immediate ? 0 : 0x80)
              | (t.direction == DataDirection.FROM_DEVICE && t.length > 0 ? 0x40 : 0)
              | (write && t.length > 0 ? 0x20 : 0) | 1) // R and W only with data to move; ATTR 1: simple task
          .lun(address.lun()).itt(t.itt).field20(t.length).sn24(cmdSN).sn28(conn.expStatSN())
          .cdb(cdb.length > 16 ? Arrays.copyOf(cdb, 16) : cdb);
      if (immediate > 0) {
        attach(command, t, 0, immediate);
      }
      conn.writer.write(command);
      if (unsolicited > immediate) {
        sendData(t, Pdu.NO_TAG, immediate, unsolicited - immediate);
      }
    }

    private void answerR2T(Task t, Pdu r2t) throws IOException {
      int offset = r2t.u32(40);
      int length = r2t.u32(44);
      if (t.direction != DataDirection.TO_DEVICE || length <= 0 || offset < 0 || offset > t.length - length) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, String.format(
            "R2T for bytes %d..%d, outside the command's %d-byte write buffer", Integer.toUnsignedLong(offset),
            Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(length), t.length));
      }
      if (length > params.maxBurstLength) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "R2T for " + length + " bytes, more than MaxBurstLength " + params.maxBurstLength);
      }
      sendData(t, r2t.field20(), offset, length);
    }

    /** One Data-Out sequence: chunks of the target's MaxRecvDataSegmentLength, DataSN from 0, F on the last. */
    private void sendData(Task t, int ttt, int offset, int length) throws IOException {
      int dataSN = 0;
      for (int done = 0; done < length; dataSN++) {
        int n = Math.min(params.maxSendDataSegment, length - done);
        Pdu out = new Pdu(Pdu.DATA_OUT).flags(done + n == length ? 0x80 : 0).lun(address.lun()).itt(t.itt)
            .field20(ttt).sn28(conn.expStatSN()).u32(36, dataSN).u32(40, offset + done);
        attach(out, t, offset + done, n);
        conn.writer.write(out);
        done += n;
      }
    }

    /** Points a PDU's data segment at the caller's bytes; a direct buffer goes through one reused array. */
    private void attach(Pdu pdu, Task t, int offset, int length) {
      ByteBuffer b = t.region;
      if (b.hasArray()) {
        pdu.data(b.array(), b.arrayOffset() + b.position() + offset, length);
        return;
      }
      if (scratch == null || scratch.length < length) {
        scratch = new byte[Math.max(length, params.maxSendDataSegment)];
      }
      b.duplicate().position(offset).get(scratch, 0, length);
      pdu.data(scratch, 0, length);
    }

    private ScsiResult result(Task t, Pdu p, long nanos) throws ScsiTransportException {
      int status = p.u8(3);
      int flags = p.flags();
      byte[] sense = null;
      if (p.opcode() == Pdu.SCSI_RESPONSE) {
        if (p.u8(2) != 0) {
          end(new IOException("target failure"));
          throw new ScsiTransportException(name, Kind.HOST_ERROR, String.format("the target failed the command "
              + "(iSCSI response 0x%02x); it may or may not have run on the device and was not resent", p.u8(2)));
        }
        byte[] d = p.data();
        if (d.length >= 2) {
          int senseLength = Math.min(((d[0] & 0xFF) << 8) | (d[1] & 0xFF), d.length - 2);
          sense = Arrays.copyOfRange(d, 2, 2 + senseLength);
        }
      }
      int residue = (flags & 0x02) != 0 ? (int) Math.min(p.u32(44) & 0xFFFFFFFFL, t.length) : 0;
      if (t.direction == DataDirection.FROM_DEVICE) {
        residue = Math.max(residue, t.length - t.highWater); // never report bytes that did not arrive
      }
      return new ScsiResult(status, 0, 0, t.length, residue, sense, Duration.ofNanos(nanos));
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "iscsi-command-timeouts");
      th.setDaemon(true);
      return th;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
