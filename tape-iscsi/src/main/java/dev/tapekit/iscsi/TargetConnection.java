package dev.tapekit.iscsi;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to an {@link IscsiTarget}, which is one session (MaxConnections is 1): the login
 * ({@link TargetLogin}), then the full feature phase. The reading thread parses PDUs, keeps the command
 * window and collects Data-Out; each logical unit's commands run in order on a thread of their own;
 * task management runs on a third, so an abort can wait for a running command without stopping the
 * reader.
 */
final class TargetConnection {
  private static final Logger LOG = LoggerFactory.getLogger(TargetConnection.class);
  /** Commands the initiator may have outstanding: MaxCmdSN = ExpCmdSN + WINDOW - 1. */
  static final int WINDOW = 32;
  /** The largest transfer one command may ask for: 64 MiB (SSC blocks are at most 16 MiB). */
  static final int MAX_TRANSFER = 64 << 20;
  private static final Duration COMMAND_TIMEOUT = Duration.ofHours(24);

  final IscsiTarget target;
  final Socket socket;
  final String remote;
  final SessionParameters params = new SessionParameters();
  PduReader reader;
  PduWriter writer;

  // Set by the login.
  volatile String initiatorPort;
  String initiatorName;
  IscsiTarget.Target session;
  boolean discovery;
  int tsih;
  int cid;
  private volatile boolean fullFeature;

  private final Object sendLock = new Object();
  private int statSN;
  private volatile int expCmdSN;
  private final Map<Integer, TargetTask> tasks = new ConcurrentHashMap<>();
  private final Deque<Integer> recentlyAborted = new ArrayDeque<>();
  private final Map<Integer, LunWorker> workers = new HashMap<>();
  private final ExecutorService management;
  private final CountDownLatch ended = new CountDownLatch(1);
  private int nextTtt = 1;
  private int ignoredCommands;
  private volatile long lastReceived = System.nanoTime();
  private volatile int pingTag = Pdu.NO_TAG;
  private ScheduledFuture<?> pinger;
  private byte[] pendingText;
  private int pendingTextTag = Pdu.NO_TAG;
  private volatile String endReason;

  TargetConnection(IscsiTarget target, Socket socket) {
    this.target = target;
    this.socket = socket;
    this.remote = IscsiTarget.hostPort((java.net.InetSocketAddress) socket.getRemoteSocketAddress());
    this.management = Executors.newSingleThreadExecutor(r -> daemon(r, "iscsi-tmf-" + remote));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void start() {
    daemon(this::run, "iscsi-conn-" + remote).start();
  }

  String initiatorPort() {
    return initiatorPort;
  }

  boolean inFullFeaturePhase() {
    return fullFeature;
  }

  private void run() {
    try {
      reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 65536), 8192);
      writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), 65536));
      TargetLogin login = new TargetLogin(this);
      if (!login.run()) {
        return;
      }
      reader.maxDataSegment(params.maxRecvDataSegment);
      reader.digests(params.headerDigest, params.dataDigest);
      writer.digests(params.headerDigest, params.dataDigest);
      fullFeature = true;
      LOG.info("{} logged in from {} to {} (TSIH {}, {})", initiatorPort, remote,
          discovery ? "discovery" : session.name(), tsih, params);
      startPinger();
      for (Pdu pdu; (pdu = reader.read()) != null;) {
        lastReceived = System.nanoTime();
        if (!dispatch(pdu)) {
          break;
        }
      }
    } catch (ProtocolException e) {
      LOG.warn("{} from {}: {}; ending the session", who(), remote, e.getMessage());
      if (e.reason() >= 0 && e.header() != null && writer != null && fullFeature) {
        sendQuietly(reject(e.reason(), e.header()), true);
      }
    } catch (IOException e) {
      if (endReason == null) {
        LOG.info("{} from {}: connection lost ({})", who(), remote, e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("{} from {}: internal error; ending the session", who(), remote, e);
    } finally {
      end();
    }
  }

  private String who() {
    return initiatorPort != null ? initiatorPort : "initiator";
  }

  /** Handles one full-feature PDU; false ends the connection normally (after a logout). */
  private boolean dispatch(Pdu pdu) throws IOException {
    switch (pdu.opcode()) {
      case Pdu.NOP_OUT -> onNopOut(pdu);
      case Pdu.SCSI_COMMAND -> onCommand(pdu);
      case Pdu.DATA_OUT -> onDataOut(pdu);
      case Pdu.TASK_REQUEST -> onTaskManagement(pdu);
      case Pdu.TEXT_REQUEST -> onText(pdu);
      case Pdu.LOGOUT_REQUEST -> {
        return !onLogout(pdu);
      }
      case Pdu.SNACK -> send(reject(ProtocolException.PROTOCOL_ERROR, pdu.header()), true); // ERL 0 has no SNACK
      case Pdu.LOGIN_REQUEST -> throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "Login Request in full feature phase", pdu.header());
      default -> throw new ProtocolException(ProtocolException.COMMAND_NOT_SUPPORTED,
          "unknown opcode " + String.format("0x%02x", pdu.opcode()), pdu.header());
    }
    return true;
  }

  // ---------------------------------------------------------------- sequence numbers

  /**
   * Checks the CmdSN of a request that carries one (RFC 7143 §4.2.2.1): true to process it. Immediate
   * requests do not advance the window. A non-immediate request outside the window, or a duplicate, is
   * silently ignored as the RFC requires; on a single connection the next CmdSN can only be ExpCmdSN,
   * so a request that skips ahead inside the window is a protocol error.
   */
  private boolean acceptCmdSN(Pdu pdu) throws ProtocolException {
    int cmdSN = pdu.sn24();
    if (pdu.immediate()) {
      return true;
    }
    int exp = expCmdSN;
    if (cmdSN == exp) {
      synchronized (sendLock) {
        expCmdSN = exp + 1;
      }
      return true;
    }
    int max = exp + WINDOW - 1;
    if (SerialNumbers.lessThan(cmdSN, exp) || SerialNumbers.lessThan(max, cmdSN)) {
      ignoredCommands++;
      LOG.warn("{}: ignoring a {} with CmdSN {} outside the window {}..{} ({} ignored so far)", who(),
          Pdu.opcodeName(pdu.opcode()), Integer.toUnsignedString(cmdSN), Integer.toUnsignedString(exp),
          Integer.toUnsignedString(max), ignoredCommands);
      return false;
    }
    throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "CmdSN " + Integer.toUnsignedString(cmdSN)
        + " skips ahead of ExpCmdSN " + Integer.toUnsignedString(exp) + " on a single-connection session",
        pdu.header());
  }

  /**
   * Sends a target PDU with the current sequence numbers; a status-bearing PDU takes the next StatSN.
   * All sends go through here, so StatSN follows the order PDUs go on the wire.
   */
  void send(Pdu pdu, boolean status) throws IOException {
    synchronized (sendLock) {
      pdu.sn24(status ? statSN++ : statSN);
      pdu.sn28(expCmdSN);
      pdu.sn32(expCmdSN + WINDOW - 1);
      writer.write(pdu);
    }
  }

  private void sendQuietly(Pdu pdu, boolean status) {
    try {
      send(pdu, status);
    } catch (IOException e) {
      LOG.debug("{}: could not send {}: {}", who(), pdu, e.toString());
    }
  }

  /** For the login: the StatSN to start from, and ExpCmdSN from the login request. */
  void initSequence(int firstStatSN, int firstCmdSN) {
    synchronized (sendLock) {
      statSN = firstStatSN;
      expCmdSN = firstCmdSN;
    }
  }

  int expCmdSN() {
    return expCmdSN;
  }

  static Pdu reject(int reason, byte[] header) {
    return new Pdu(Pdu.REJECT).flags(0x80).u8(2, reason).itt(Pdu.NO_TAG).data(header.clone());
  }

  // ---------------------------------------------------------------- NOP

  private void onNopOut(Pdu pdu) throws IOException {
    if (pdu.itt() == Pdu.NO_TAG) {
      // the answer to our ping, or a ping that wants none
      if (pdu.field20() == pingTag) {
        pingTag = Pdu.NO_TAG;
      }
      return;
    }
    if (!acceptCmdSN(pdu)) {
      return;
    }
    Pdu in = new Pdu(Pdu.NOP_IN).flags(0x80).lun(Math.max(0, pdu.lun())).itt(pdu.itt()).field20(Pdu.NO_TAG)
        .data(pdu.dataArray(), pdu.dataOffset(), Math.min(pdu.dataLength(), params.maxSendDataSegment));
    send(in, true);
  }

  private void startPinger() {
    int seconds = target.nopInterval;
    if (seconds <= 0) {
      return;
    }
    pinger = IscsiTarget.TIMER.scheduleWithFixedDelay(() -> {
      long idle = System.nanoTime() - lastReceived;
      if (pingTag != Pdu.NO_TAG && idle > TimeUnit.SECONDS.toNanos(2L * seconds)) {
        abort("no answer to a NOP-In ping for " + seconds + " s");
      } else if (pingTag == Pdu.NO_TAG && idle > TimeUnit.SECONDS.toNanos(seconds)) {
        int tag = nextTag();
        pingTag = tag;
        sendQuietly(new Pdu(Pdu.NOP_IN).flags(0x80).itt(Pdu.NO_TAG).field20(tag), false);
      }
    }, seconds, seconds, TimeUnit.SECONDS);
  }

  private synchronized int nextTag() {
    int t = nextTtt++;
    if (nextTtt == Pdu.NO_TAG) {
      nextTtt = 1;
    }
    return t;
  }

  // ---------------------------------------------------------------- commands

  private void onCommand(Pdu pdu) throws IOException {
    if (discovery) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "SCSI command in a discovery session", pdu.header());
    }
    if (!acceptCmdSN(pdu)) {
      return;
    }
    int itt = pdu.itt();
    if (itt == Pdu.NO_TAG || tasks.containsKey(itt)) {
      throw new ProtocolException(ProtocolException.INVALID_PDU_FIELD, String.format(
          "SCSI command with initiator task tag 0x%08x, which %s", itt,
          itt == Pdu.NO_TAG ? "is reserved" : "is still in use"), pdu.header());
    }
    boolean isFinal = pdu.finalBit();
    boolean read = (pdu.flags() & 0x40) != 0;
    boolean write = (pdu.flags() & 0x20) != 0;
    int expected = pdu.field20();
    byte[] cdb = cdb(pdu);
    TargetTask t = new TargetTask(itt, pdu.lun(), pdu.sn24(), cdb, expected, read, write);
    if (!write && (pdu.dataLength() > 0 || !isFinal)) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "Data-Out for a SCSI command without the W bit", pdu.header());
    }
    if (expected < 0 || expected > MAX_TRANSFER) {
      t.refusal = Sense.INVALID_FIELD_IN_CDB;
    } else if (read && write) {
      t.refusal = Sense.INVALID_FIELD_IN_CDB; // no tape or changer command is bidirectional
    } else if (expected > 0 && (read || write)) {
      t.buffer = new byte[expected];
    }
    if (write) {
      int immediate = pdu.dataLength();
      int firstBurst = Math.min(params.firstBurstLength, Math.max(expected, 0));
      if (immediate > 0 && !params.immediateData) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "immediate data although ImmediateData=No was negotiated", pdu.header());
      }
      if (immediate > firstBurst && t.refusal == null) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "immediate data of " + immediate
            + " bytes is more than FirstBurstLength/the expected length allow (" + firstBurst + ")", pdu.header());
      }
      if (t.buffer != null) {
        System.arraycopy(pdu.dataArray(), pdu.dataOffset(), t.buffer, 0, immediate);
        t.received = immediate;
      }
      if (!isFinal) {
        if (params.initialR2T) {
          throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
              "unsolicited Data-Out announced although InitialR2T=Yes was negotiated", pdu.header());
        }
        t.unsolicited = true;
        t.unsolicitedLimit = firstBurst;
      }
    }
    tasks.put(itt, t);
    if (t.unsolicited) {
      return;
    }
    continueTask(t);
  }

  /** After a Data-Out sequence ends: ask for the next burst, or run the command. */
  private void continueTask(TargetTask t) throws IOException {
    if (t.write && t.refusal == null && t.received < t.expectedLength) {
      sendR2T(t);
      return;
    }
    if (t.aborted) {
      tasks.remove(t.itt);
      t.done.countDown();
      return;
    }
    worker(t.lun).submit(t);
  }

  private void sendR2T(TargetTask t) throws IOException {
    int length = Math.min(params.maxBurstLength, t.expectedLength - t.received);
    t.r2tTag = nextTag();
    t.r2tEnd = t.received + length;
    t.nextDataOutSN = 0;
    Pdu r2t = new Pdu(Pdu.R2T).flags(0x80).lun(t.lun).itt(t.itt).field20(t.r2tTag)
        .u32(36, t.r2tCount++).u32(40, t.received).u32(44, length);
    send(r2t, false);
  }

  private void onDataOut(Pdu pdu) throws IOException {
    TargetTask t = tasks.get(pdu.itt());
    if (t == null || !t.write || t.started) {
      synchronized (recentlyAborted) {
        if (recentlyAborted.contains(pdu.itt())) {
          return; // data still in flight for a task aborted by task management
        }
      }
      throw new ProtocolException(ProtocolException.INVALID_PDU_FIELD, String.format(
          "Data-Out for initiator task tag 0x%08x, which has no transfer open", pdu.itt()), pdu.header());
    }
    int ttt = pdu.field20();
    int offset = pdu.u32(40);
    int length = pdu.dataLength();
    int limit;
    if (ttt == Pdu.NO_TAG) {
      if (!t.unsolicited) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "unsolicited Data-Out outside the first burst", pdu.header());
      }
      limit = t.unsolicitedLimit;
    } else {
      if (ttt != t.r2tTag) {
        throw new ProtocolException(ProtocolException.INVALID_PDU_FIELD, String.format(
            "Data-Out with target transfer tag 0x%08x, but the open R2T has 0x%08x", ttt, t.r2tTag), pdu.header());
      }
      limit = t.r2tEnd;
    }
    if (pdu.u32(36) != t.nextDataOutSN) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "Data-Out DataSN " + pdu.u32(36)
          + " where " + t.nextDataOutSN + " was due (DataPDUInOrder=Yes)", pdu.header());
    }
    if (t.refusal == null && (offset != t.received || length > limit - offset || offset + length < offset)) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "Data-Out of " + length + " bytes at offset "
          + Integer.toUnsignedString(offset) + " where offset " + t.received + " and at most "
          + (limit - t.received) + " bytes were due", pdu.header());
    }
    t.nextDataOutSN++;
    if (t.buffer != null && t.refusal == null) {
      System.arraycopy(pdu.dataArray(), pdu.dataOffset(), t.buffer, offset, length);
    }
    t.received += length;
    if (!pdu.finalBit()) {
      return;
    }
    if (ttt == Pdu.NO_TAG) {
      t.unsolicited = false;
    } else {
      if (t.refusal == null && t.received != t.r2tEnd) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "Data-Out sequence ended after "
            + t.received + " bytes where the R2T asked up to " + t.r2tEnd, pdu.header());
      }
      t.r2tTag = Pdu.NO_TAG;
    }
    continueTask(t);
  }

  /** The CDB of a SCSI Command: bytes 32-47, continued by an extended-CDB AHS, cut to its group's length. */
  private static byte[] cdb(Pdu pdu) throws ProtocolException {
    byte[] ahs = pdu.ahs();
    byte[] base = pdu.cdb();
    int at = 0;
    while (at + 4 <= ahs.length) {
      int length = ((ahs[at] & 0xFF) << 8) | (ahs[at + 1] & 0xFF);
      int type = ahs[at + 2] & 0x3F;
      if (at + 3 + length > ahs.length) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "additional header segment of " + length + " bytes runs past the header", pdu.header());
      }
      if (type == 1 && length > 1) {
        byte[] cdb = Arrays.copyOf(base, 16 + length - 1);
        System.arraycopy(ahs, at + 4, cdb, 16, length - 1);
        return cdb;
      }
      at += (3 + length + 3) & ~3;
    }
    int group = (base[0] & 0xFF) >>> 5;
    int length = switch (group) {
      case 0 -> 6;
      case 1, 2 -> 10;
      case 5 -> 12;
      default -> 16;
    };
    return Arrays.copyOf(base, length);
  }

  private synchronized LunWorker worker(int lun) {
    return workers.computeIfAbsent(lun, n -> new LunWorker(this, n, session.luns().get(n)));
  }

  /** Runs on a logical unit's thread: the command, then its Data-In and response. */
  void execute(TargetTask t, LunWorker w) {
    t.started = true;
    try {
      if (t.aborted) {
        return;
      }
      ScsiResult result;
      int requested = t.buffer == null ? 0 : t.expectedLength;
      if (t.refusal != null) {
        result = ScsiResult.checkCondition(0, 0, t.refusal);
      } else if ((t.cdb[0] & 0xFF) == 0xA0) {
        result = reportLuns(t);
      } else if (w.unit == null) {
        result = noSuchUnit(t);
      } else {
        DataDirection direction = requested == 0 ? DataDirection.NONE
            : t.write ? DataDirection.TO_DEVICE : DataDirection.FROM_DEVICE;
        ByteBuffer data = requested == 0 ? null : ByteBuffer.wrap(t.buffer, 0, requested);
        try {
          result = w.nexus().execute(t.cdb, direction, data, COMMAND_TIMEOUT);
        } catch (ScsiTransportException e) {
          LOG.warn("{}: {} on LUN {} failed in the device: {}", who(), t, t.lun, e.getMessage());
          if (!t.aborted) {
            sendQuietly(response(t, 0x01, 0, 0, null), true); // Target Failure
          }
          return;
        }
      }
      if (!t.aborted) {
        respond(t, result);
      }
    } catch (IOException e) {
      LOG.debug("{}: response for {} not sent: {}", who(), t, e.toString());
    } finally {
      tasks.remove(t.itt);
      t.done.countDown();
    }
  }

  private void respond(TargetTask t, ScsiResult result) throws IOException {
    int transferred = result.requested() - result.residue();
    int residual = t.expectedLength - (t.read || t.write ? transferred : 0);
    boolean good = result.status() == 0 && result.sense().length == 0;
    int dataSN = 0;
    if (t.read && transferred > 0) {
      int max = params.maxSendDataSegment;
      int burstLeft = params.maxBurstLength;
      for (int offset = 0; offset < transferred;) {
        int length = Math.min(Math.min(max, burstLeft), transferred - offset);
        boolean last = offset + length == transferred;
        burstLeft -= length;
        boolean endOfSequence = last || burstLeft == 0;
        if (burstLeft == 0) {
          burstLeft = params.maxBurstLength;
        }
        Pdu d = new Pdu(Pdu.DATA_IN).lun(t.lun).itt(t.itt).field20(Pdu.NO_TAG).u32(36, dataSN++).u32(40, offset)
            .data(t.buffer, offset, length);
        int flags = endOfSequence ? 0x80 : 0;
        if (last && good) {
          flags |= 0x01 | residualFlags(residual);
          d.u8(3, result.status()).u32(44, Math.abs(residual));
        }
        d.flags(flags);
        send(d, last && good);
        offset += length;
      }
      if (good) {
        return;
      }
    }
    send(response(t, 0x00, result.status(), residual, result.sense()).u32(36, t.read ? dataSN : t.r2tCount), true);
  }

  private static int residualFlags(int residual) {
    return residual > 0 ? 0x02 : residual < 0 ? 0x04 : 0;
  }

  private static Pdu response(TargetTask t, int response, int status, int residual, byte[] sense) {
    Pdu r = new Pdu(Pdu.SCSI_RESPONSE).flags(0x80 | (response == 0 ? residualFlags(residual) : 0))
        .u8(2, response).u8(3, status).itt(t.itt).u32(44, response == 0 ? Math.abs(residual) : 0);
    if (sense != null && sense.length > 0) {
      byte[] data = new byte[2 + sense.length];
      data[0] = (byte) (sense.length >>> 8);
      data[1] = (byte) sense.length;
      System.arraycopy(sense, 0, data, 2, sense.length);
      r.data(data);
    }
    return r;
  }

  /** REPORT LUNS, answered by the target for every LUN (SPC-4 6.33): the session's units in order. */
  private ScsiResult reportLuns(TargetTask t) {
    List<Integer> numbers = new ArrayList<>(session.luns().keySet());
    numbers.sort(null);
    byte[] list = new byte[8 + 8 * numbers.size()];
    ByteBuffer b = ByteBuffer.wrap(list);
    b.putInt(8 * numbers.size()).putInt(0);
    numbers.forEach(n -> b.putLong(Pdu.encodeLun(n)));
    return copyIn(t, list);
  }

  /**
   * A LUN the session does not have: INQUIRY answers peripheral qualifier 011b ("not capable of
   * supporting a device here", SPC-4 6.6.2) so hosts scanning LUNs skip it; REQUEST SENSE and every other
   * command get ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED.
   */
  private static ScsiResult noSuchUnit(TargetTask t) {
    int opcode = t.cdb[0] & 0xFF;
    if (opcode == 0x12 && (t.cdb[1] & 0x01) == 0) {
      byte[] inquiry = new byte[36];
      inquiry[0] = 0x7F;
      inquiry[2] = 0x06;
      inquiry[3] = 0x02;
      inquiry[4] = 31;
      byte[] id = "TAPEKIT NO UNIT          0001".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(id, 0, inquiry, 8, Math.min(id.length, 28));
      return copyIn(t, inquiry);
    }
    if (opcode == 0x03) {
      return copyIn(t, Sense.LUN_NOT_SUPPORTED);
    }
    return ScsiResult.checkCondition(t.expectedLength, t.expectedLength, Sense.LUN_NOT_SUPPORTED);
  }

  private static ScsiResult copyIn(TargetTask t, byte[] reply) {
    int n = t.buffer == null ? 0 : Math.min(reply.length, t.buffer.length);
    if (n > 0) {
      System.arraycopy(reply, 0, t.buffer, 0, n);
    }
    int requested = t.buffer == null ? 0 : t.buffer.length;
    return new ScsiResult(0, 0, 0, requested, requested - n, null, Duration.ZERO);
  }

  // ---------------------------------------------------------------- task management

  private void onTaskManagement(Pdu pdu) throws IOException {
    if (discovery) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "task management in a discovery session", pdu.header());
    }
    if (!acceptCmdSN(pdu)) {
      return;
    }
    int function = pdu.flags() & 0x7F;
    int itt = pdu.itt();
    int lun = pdu.lun();
    int referenced = pdu.field20();
    int refCmdSN = pdu.sn32();
    int cmdSN = pdu.sn24();
    // Abort the tasks now, on the reader thread, so no Data-Out or queued start slips past; wait elsewhere.
    List<TargetTask> victims = switch (function) {
      case 1 -> tasks.values().stream().filter(t -> t.itt == referenced && t.lun == lun).toList();
      case 2, 4, 5 -> tasks.values().stream().filter(t -> t.lun == lun).toList();
      case 6, 7 -> List.copyOf(tasks.values());
      default -> List.of();
    };
    victims.forEach(this::markAborted);
    management.submit(() -> {
      int response = manage(function, lun, victims, referenced, refCmdSN, cmdSN);
      sendQuietly(new Pdu(Pdu.TASK_RESPONSE).flags(0x80).u8(2, response).itt(itt), true);
      if (function == 7 && response == 0) {
        target.closeAllConnections("target cold reset");
      }
    });
  }

  private void markAborted(TargetTask t) {
    t.aborted = true;
    synchronized (recentlyAborted) {
      recentlyAborted.addLast(t.itt);
      while (recentlyAborted.size() > 256) {
        recentlyAborted.removeFirst();
      }
    }
    if (!t.started && !t.dataComplete()) {
      tasks.remove(t.itt); // still collecting data: nothing will run it
      t.done.countDown();
    }
  }

  /** RFC 7143 §11.5.1 responses: 0 complete, 1 no such task, 2 no such LUN, 4 reassignment unsupported, 5 unsupported. */
  private int manage(int function, int lun, List<TargetTask> victims, int referenced, int refCmdSN, int cmdSN) {
    awaitAll(victims);
    switch (function) {
      case 1 -> {
        if (!victims.isEmpty()) {
          return 0;
        }
        // An unknown task whose RefCmdSN is inside the window and before this request: consider it received.
        boolean inWindow = SerialNumbers.lessThan(refCmdSN, cmdSN)
            && SerialNumbers.atMost(expCmdSN - WINDOW, refCmdSN);
        LOG.debug("{}: ABORT TASK for unknown tag 0x{}", who(), Integer.toHexString(referenced));
        return inWindow ? 0 : 1;
      }
      case 2, 4 -> {
        return session.luns().containsKey(lun) ? 0 : 2;
      }
      case 5 -> {
        LogicalUnit unit = session.luns().get(lun);
        if (unit == null) {
          return 2;
        }
        target.abortLunEverywhere(session, lun, this);
        unit.reset();
        LOG.info("{}: LUN {} reset", who(), lun);
        return 0;
      }
      case 6, 7 -> {
        for (var e : session.luns().entrySet()) {
          target.abortLunEverywhere(session, e.getKey(), this);
          e.getValue().reset();
        }
        LOG.info("{}: target {} reset ({})", who(), session.name(), function == 6 ? "warm" : "cold");
        return 0;
      }
      case 8 -> {
        return 4;
      }
      default -> {
        return 5;
      }
    }
  }

  /** Aborts this connection's tasks on {@code lun} of {@code s} (another session's LUN reset) and waits for them. */
  void abortLun(IscsiTarget.Target s, int lun) {
    if (session != s) {
      return;
    }
    List<TargetTask> victims = tasks.values().stream().filter(t -> t.lun == lun).toList();
    victims.forEach(this::markAborted);
    awaitAll(victims);
  }

  private static void awaitAll(List<TargetTask> victims) {
    for (TargetTask t : victims) {
      try {
        t.done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- text, logout

  private void onText(Pdu pdu) throws IOException {
    if (!acceptCmdSN(pdu)) {
      return;
    }
    byte[] answer;
    if (pdu.field20() != Pdu.NO_TAG && pdu.field20() == pendingTextTag) {
      answer = pendingText; // the initiator asks for the rest of a long answer
    } else {
      if (!pdu.finalBit() || (pdu.flags() & 0x40) != 0) {
        throw new ProtocolException(ProtocolException.COMMAND_NOT_SUPPORTED,
            "continued Text Requests are not supported", pdu.header());
      }
      TextParameters request = TextParameters.parse(pdu.data());
      TextParameters reply = new TextParameters();
      for (TextParameters.Pair p : request.pairs()) {
        if (p.key().equals("SendTargets")) {
          sendTargets(p.value(), reply);
        } else {
          reply.add(p.key(), Negotiation.NOT_UNDERSTOOD);
        }
      }
      answer = reply.encode();
    }
    int max = params.maxSendDataSegment;
    Pdu r = new Pdu(Pdu.TEXT_RESPONSE).itt(pdu.itt()).lun(0);
    if (answer.length > max) {
      pendingText = Arrays.copyOfRange(answer, max, answer.length);
      pendingTextTag = nextTag();
      r.flags(0x40).field20(pendingTextTag).data(answer, 0, max);
    } else {
      pendingText = null;
      pendingTextTag = Pdu.NO_TAG;
      r.flags(0x80).field20(Pdu.NO_TAG).data(answer);
    }
    send(r, true);
  }

  /** SendTargets (RFC 7143 §13.3, appendix C): All in discovery sessions; in a normal session, its own target. */
  void sendTargets(String which, TextParameters reply) {
    for (IscsiTarget.Target t : target.targets.values()) {
      boolean wanted = which.equals("All") ? discovery || t == session
          : which.isEmpty() ? t == session
          : t.name().equalsIgnoreCase(which) && (discovery || t == session);
      if (wanted) {
        reply.add("TargetName", t.name());
        reply.add("TargetAddress", target.targetAddress(socket));
      }
    }
  }

  /** Returns true when the connection should close. */
  private boolean onLogout(Pdu pdu) throws IOException {
    if (!acceptCmdSN(pdu)) {
      return false;
    }
    int reason = pdu.flags() & 0x7F;
    int response = reason == 2 ? 2 : reason == 1 && pdu.u16(20) != cid ? 1 : 0;
    if (response == 0) {
      List<TargetTask> outstanding = List.copyOf(tasks.values());
      outstanding.stream().filter(t -> !t.started).forEach(this::markAborted);
      awaitAll(outstanding);
    }
    send(new Pdu(Pdu.LOGOUT_RESPONSE).flags(0x80).u8(2, response).itt(pdu.itt()).u16(40, 0).u16(42, 0), true);
    if (response == 0) {
      endReason = "logout";
      LOG.info("{} logged out", who());
    }
    return response == 0;
  }

  /** Asks the initiator to log out within 2 seconds (Asynchronous Message, AsyncEvent 1). */
  void requestLogout() {
    if (fullFeature && !discovery) {
      sendQuietly(new Pdu(Pdu.ASYNC_MESSAGE).flags(0x80).itt(Pdu.NO_TAG).u64(8, 0).u8(36, 1).u16(42, 2), true);
    } else {
      abort("the target is shutting down");
    }
  }

  /** Closes the connection; the reading thread then ends the session. */
  void abort(String reason) {
    if (endReason == null) {
      endReason = reason;
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("close", e);
    }
  }

  void awaitEnd(long nanos) {
    try {
      ended.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void end() {
    fullFeature = false;
    if (pinger != null) {
      pinger.cancel(false);
    }
    tasks.values().stream().filter(t -> !t.started).forEach(this::markAborted);
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("close", e);
    }
    List<LunWorker> all;
    synchronized (this) {
      all = new ArrayList<>(workers.values());
    }
    all.forEach(LunWorker::finish); // running commands end first; then each nexus is closed
    management.shutdown();
    target.ended(this);
    if (initiatorPort != null && endReason != null && !endReason.equals("logout")) {
      LOG.info("{}: session ended ({})", who(), endReason);
    }
    ended.countDown();
  }

  /** Sense bytes the target itself answers with (fixed format). */
  static final class Sense {
    static final byte[] INVALID_FIELD_IN_CDB = fixed(0x05, 0x24, 0x00);
    static final byte[] LUN_NOT_SUPPORTED = fixed(0x05, 0x25, 0x00);

    private Sense() {}

    static byte[] fixed(int key, int asc, int ascq) {
      byte[] s = new byte[18];
      s[0] = 0x70;
      s[2] = (byte) key;
      s[7] = 10;
      s[12] = (byte) asc;
      s[13] = (byte) ascq;
      return s;
    }
  }

  /** One logical unit's commands of this session, run in order on their own thread, and its I_T nexus. */
  static final class LunWorker {
    final TargetConnection connection;
    final int lun;
    final LogicalUnit unit;
    private final ExecutorService thread;
    private ScsiTransport nexus;

    LunWorker(TargetConnection connection, int lun, LogicalUnit unit) {
      this.connection = connection;
      this.lun = lun;
      this.unit = unit;
      this.thread = Executors.newSingleThreadExecutor(r -> daemon(r, "iscsi-lun" + lun + "-" + connection.remote));
    }

    void submit(TargetTask t) {
      thread.execute(() -> connection.execute(t, this));
    }

    /** Runs on this worker's thread only. */
    ScsiTransport nexus() {
      if (nexus == null) {
        nexus = unit.connect(connection.initiatorPort);
      }
      return nexus;
    }

    void finish() {
      thread.execute(() -> {
        if (nexus != null) {
          try {
            nexus.close();
          } catch (IOException e) {
            LOG.debug("closing the nexus of LUN {}", lun, e);
          }
        }
      });
      thread.shutdown();
      try {
        thread.awaitTermination(1, TimeUnit.HOURS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
