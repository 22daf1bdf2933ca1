package dev.tapekit.iscsi;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One initiator connection: the TCP socket, the login (RFC 7143 §6: security stage with CHAP, then the
 * operational stage), the session's sequence numbers, and the synchronous exchanges of a discovery
 * session. {@link IscsiTransport} runs the full feature phase on top of it with a reader thread.
 *
 * <p>Sequence numbers are guarded by {@code this}. The connection is its session's only one (TSIH
 * assigned by the target, CID 0, MaxConnections=1).
 */
final class IscsiConnection implements Closeable {
  /** The MaxRecvDataSegmentLength we declare: Data-In PDUs carry up to this much. */
  static final int OUR_MAX_RECV = 262144;
  /** MaxBurstLength we offer: the largest, rounded down to a multiple of 512 (what Linux offers). */
  static final int OFFERED_MAX_BURST = 16776192;
  static final int OFFERED_FIRST_BURST = 262144;
  /** Data segments during login are at most 8192 bytes (RFC 7143 §6.1). */
  private static final int LOGIN_MAX_DATA = 8192;
  private static final int MAX_LOGIN_ROUNDS = 16;
  private static final int SECURITY = 0;
  private static final int OPERATIONAL = 1;
  private static final int FULL_FEATURE = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  final PduReader reader;
  final PduWriter writer;
  final SessionParameters params = new SessionParameters();
  /** For messages: {@code iscsi://host:port/target}. */
  final String where;

  private int cmdSN = 1;
  private int expStatSN;
  private int maxCmdSN = 1;
  private int expCmdSN = 1;
  private final long isid;
  private int tsih;
  private int itt;

  private IscsiConnection(Socket socket, String where) throws IOException {
    this.socket = socket;
    this.where = where;
    this.reader = new PduReader(new BufferedInputStream(socket.getInputStream(), 65536), LOGIN_MAX_DATA);
    this.writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), 65536));
    // ISID type 10b "random" (RFC 7143 §11.12.5): A reserved, B and C 24 random bits, D (qualifier) 0.
    this.isid = (0x80L << 40) | ((long) RANDOM.nextInt(1 << 24) << 16);
  }

  /** Opens the TCP connection; failures name the address and say what to check. */
  static IscsiConnection connect(String host, int port, IscsiInitiatorOptions options, String where)
      throws ScsiTransportException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(new InetSocketAddress(host, port), millis(options.connectTimeout()));
      return new IscsiConnection(socket, where);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new ScsiTransportException(where, Kind.TIMEOUT,
          "no TCP connection to " + host + ":" + port + " within " + options.connectTimeout() + ": is the target up?", e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ScsiTransportException(where, Kind.NO_DEVICE,
          "cannot connect to " + host + ":" + port + " (" + e.getMessage() + "): is the iSCSI target running there?", e);
    }
  }

  /** A login response of status class 1: the target wants us at another address. */
  static final class Redirect extends IOException {
    private static final long serialVersionUID = 1L;
    final String targetAddress;

    Redirect(String targetAddress, String message) {
      super(message);
      this.targetAddress = targetAddress;
    }
  }

  /**
   * Logs in: a Normal session to {@code targetName}, or a Discovery session when it is null. Throws
   * {@link Redirect} for status class 1, {@link ScsiTransportException} for a refusal (status classes
   * 2 and 3), a failed CHAP check or a broken answer.
   */
  void login(String targetName, IscsiInitiatorOptions options) throws IOException {
    socket.setSoTimeout(millis(options.loginTimeout()));
    try {
      TextParameters first = new TextParameters().add("InitiatorName", options.initiatorName());
      if (targetName != null) {
        first.add("TargetName", targetName);
      }
      first.add("SessionType", targetName == null ? "Discovery" : "Normal");
      int stage = security(first, options);
      if (stage == OPERATIONAL) {
        operational(targetName == null, options);
      }
      params.settleBursts();
      reader.maxDataSegment(params.maxRecvDataSegment);
      reader.digests(params.headerDigest, params.dataDigest);
      writer.digests(params.headerDigest, params.dataDigest);
      socket.setSoTimeout(0);
    } catch (SocketTimeoutException e) {
      throw new ScsiTransportException(where, Kind.TIMEOUT,
          "the target did not finish the login within " + options.loginTimeout(), e);
    } catch (ProtocolException e) {
      throw new ScsiTransportException(where, Kind.HOST_ERROR, "login failed: " + e.getMessage(), e);
    }
  }

  /** The security stage; returns the stage the target moved to (operational or full feature). */
  private int security(TextParameters first, IscsiInitiatorOptions options) throws IOException {
    ChapCredentials chap = options.chap();
    if (chap == null) {
      return finishStage(authMethod(first, "None", OPERATIONAL), SECURITY, OPERATIONAL);
    }
    Step step = authMethod(first, "CHAP", SECURITY);
    // MD5 only: tgt and IET number SHA-1 7 while open-iscsi and LIO number SHA-256 7, so 7 is ambiguous.
    step = exchange(SECURITY, SECURITY, new TextParameters().add("CHAP_A", "5"));
    String algorithm = step.keys.get("CHAP_A").orElse("(no answer)");
    if (!algorithm.equals("5")) {
      throw refused("the target chose CHAP_A=" + algorithm + " to our offer 5 (MD5)", Kind.PERMISSION_DENIED);
    }
    int identifier = chapNumber(step.keys, "CHAP_I");
    byte[] challenge = chapBinary(step.keys, "CHAP_C");
    TextParameters answer = new TextParameters().add("CHAP_N", chap.user()).add("CHAP_R",
        Chap.encode(Chap.response(Chap.Algorithm.MD5, identifier, Chap.secretBytes(chap.secret()), challenge)));
    ChapCredentials mutual = options.mutualChap();
    int ourIdentifier = 0;
    byte[] ourChallenge = null;
    if (mutual != null) {
      ourIdentifier = Chap.identifier();
      do {
        ourChallenge = Chap.challenge(Chap.Algorithm.MD5);
      } while (Arrays.equals(ourChallenge, challenge));
      answer.add("CHAP_I", Integer.toString(ourIdentifier)).add("CHAP_C", Chap.encode(ourChallenge));
    }
    step = exchange(SECURITY, OPERATIONAL, answer, true);
    if (mutual != null) {
      String user = step.keys.get("CHAP_N").orElseThrow(() -> refused(
          "the target did not answer our CHAP challenge (mutual CHAP): is an outgoing account bound to it?",
          Kind.PERMISSION_DENIED));
      byte[] response = chapBinary(step.keys, "CHAP_R");
      byte[] expected = Chap.response(Chap.Algorithm.MD5, ourIdentifier, Chap.secretBytes(mutual.secret()), ourChallenge);
      if (!user.equals(mutual.user()) || !java.security.MessageDigest.isEqual(response, expected)) {
        throw refused("the target failed mutual CHAP: it is not who it claims to be (user " + user
            + "), or its outgoing secret differs from the one configured", Kind.PERMISSION_DENIED);
      }
    }
    return finishStage(step, SECURITY, OPERATIONAL);
  }

  /** Offers the one AuthMethod we use and checks that the target took it. */
  private Step authMethod(TextParameters first, String method, int nsg) throws IOException {
    first.add("AuthMethod", method);
    Step step = exchange(SECURITY, nsg, first);
    String answer = step.keys.get("AuthMethod").orElse(method.equals("None") ? "None" : "(no answer)");
    if (!answer.equals(method)) {
      throw refused(method.equals("None")
          ? "the target requires authentication (AuthMethod=" + answer + "): configure CHAP credentials"
          : "the target refused CHAP authentication (AuthMethod=" + answer + ")", Kind.PERMISSION_DENIED);
    }
    return step;
  }

  /** After a stage's last request: keep asking (empty requests) until the target transits. */
  private int finishStage(Step step, int csg, int nsg) throws IOException {
    for (int round = 0; !step.transit; round++) {
      if (round == MAX_LOGIN_ROUNDS) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "the target did not end login stage " + csg + " after " + MAX_LOGIN_ROUNDS + " rounds");
      }
      step = exchange(csg, nsg, respondTo(step.keys, Set.of()), true);
    }
    return step.nsg;
  }

  private void operational(boolean discovery, IscsiInitiatorOptions options) throws IOException {
    Map<String, String> offers = new LinkedHashMap<>();
    offers.put("HeaderDigest", options.headerDigest().offer);
    offers.put("DataDigest", options.dataDigest().offer);
    if (!discovery) {
      offers.put("MaxConnections", "1");
      offers.put("InitialR2T", "No");
      offers.put("ImmediateData", "Yes");
      offers.put("MaxBurstLength", Integer.toString(OFFERED_MAX_BURST));
      offers.put("FirstBurstLength", Integer.toString(OFFERED_FIRST_BURST));
      offers.put("DefaultTime2Wait", "0");
      offers.put("DefaultTime2Retain", "0");
      offers.put("MaxOutstandingR2T", "1");
      offers.put("DataPDUInOrder", "Yes");
      offers.put("DataSequenceInOrder", "Yes");
      offers.put("ErrorRecoveryLevel", "0");
    }
    TextParameters request = new TextParameters();
    offers.forEach(request::add);
    request.add("MaxRecvDataSegmentLength", Integer.toString(OUR_MAX_RECV));
    params.apply("MaxRecvDataSegmentLength", Integer.toString(OUR_MAX_RECV), false);
    Set<String> answered = new HashSet<>();
    Step step = exchange(OPERATIONAL, FULL_FEATURE, request, true);
    for (int round = 0; ; round++) {
      settleAnswers(step.keys, offers, answered);
      if (step.transit) {
        break;
      }
      if (round == MAX_LOGIN_ROUNDS) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "the target did not end the operational stage after " + MAX_LOGIN_ROUNDS + " rounds");
      }
      step = exchange(OPERATIONAL, FULL_FEATURE, respondTo(step.keys, offers.keySet()), true);
    }
    for (String key : offers.keySet()) {
      if (!answered.contains(key) && offers.get(key).equals("CRC32C")) {
        throw refused("the target did not agree to " + key + "=CRC32C, which is required",
            Kind.HOST_ERROR);
      }
    }
    if (step.nsg != FULL_FEATURE) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "the target ended the operational stage towards stage " + step.nsg + ", not the full feature phase");
    }
  }

  /** Checks the target's answers to our offers and applies what the target declares. */
  private void settleAnswers(TextParameters keys, Map<String, String> offers, Set<String> answered)
      throws IOException {
    for (TextParameters.Pair p : keys.pairs()) {
      Negotiation.Key key = Negotiation.OPERATIONAL.get(p.key());
      if (p.key().equals("MaxRecvDataSegmentLength")) {
        Negotiation.settle(key, "", p.value());
        params.apply(p.key(), p.value(), true);
      } else if (offers.containsKey(p.key()) && !answered.contains(p.key())) {
        answered.add(p.key());
        String offered = offers.get(p.key());
        if (p.value().equals(Negotiation.REJECT) || p.value().equals(Negotiation.IRRELEVANT)
            || p.value().equals(Negotiation.NOT_UNDERSTOOD)) {
          if (offered.equals("CRC32C")) {
            throw refused("the target answered " + p.key() + "=" + p.value()
                + " to our required CRC32C digest", Kind.HOST_ERROR);
          }
          continue; // the key keeps its default
        }
        params.apply(p.key(), Negotiation.settle(key, offered, p.value()), false);
      }
    }
  }

  /** Our answers to keys the target offered (those that are not answers to our offers). */
  private TextParameters respondTo(TextParameters keys, Set<String> ours) {
    TextParameters reply = new TextParameters();
    for (TextParameters.Pair p : keys.pairs()) {
      if (ours.contains(p.key()) || p.key().equals("MaxRecvDataSegmentLength") || p.key().startsWith("CHAP_")
          || p.key().equals("AuthMethod") || p.key().equals("TargetPortalGroupTag") || p.key().equals("TargetAlias")
          || p.key().equals("TargetAddress")) {
        continue;
      }
      Negotiation.Key key = Negotiation.OPERATIONAL.get(p.key());
      if (key == null) {
        reply.add(p.key(), Negotiation.NOT_UNDERSTOOD);
        continue;
      }
      String answer = Negotiation.respond(key, p.value(), key.defaultValue());
      reply.add(p.key(), answer);
      if (!answer.equals(Negotiation.REJECT)) {
        params.apply(p.key(), answer, false);
      }
    }
    return reply;
  }

  private record Step(TextParameters keys, boolean transit, int nsg) {}

  private Step exchange(int csg, int nsg, TextParameters keys) throws IOException {
    return exchange(csg, nsg, keys, nsg != csg);
  }

  /** One login request and its (possibly continued) response. */
  private Step exchange(int csg, int nsg, TextParameters keys, boolean transit) throws IOException {
    int flags = (transit ? 0x80 : 0) | (csg << 2) | (transit ? nsg : 0);
    Pdu request = loginRequest(flags).data(keys.encode());
    writer.write(request);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    while (true) {
      Pdu response = reader.read();
      if (response == null) {
        throw new ScsiTransportException(where, Kind.HOST_ERROR, "the target closed the connection during login");
      }
      if (response.opcode() != Pdu.LOGIN_RESPONSE) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "expected a Login Response during login, got a " + Pdu.opcodeName(response.opcode()));
      }
      checkStatus(response);
      synchronized (this) {
        expStatSN = response.sn24() + 1;
        // During login the target's numbers are taken as they are: its window may start closed.
        if (!SerialNumbers.lessThan(response.sn32(), response.sn28() - 1)) {
          expCmdSN = response.sn28();
          maxCmdSN = response.sn32();
        }
      }
      text.writeBytes(response.data());
      if ((response.flags() & 0x40) != 0) { // C: more text follows, ask for it with an empty request
        writer.write(loginRequest(flags & ~0x83));
        continue;
      }
      int rflags = response.flags();
      boolean rtransit = (rflags & 0x80) != 0;
      if (((rflags >>> 2) & 3) != csg) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "the target answered login stage " + csg + " in stage " + ((rflags >>> 2) & 3));
      }
      if (rtransit) {
        tsih = response.u16(14);
      }
      return new Step(TextParameters.parse(text.toByteArray()), rtransit, rflags & 3);
    }
  }

  private Pdu loginRequest(int flags) {
    Pdu p = new Pdu(Pdu.LOGIN_REQUEST).immediate(true).flags(flags).isid(isid).u16(14, tsih).itt(0);
    synchronized (this) {
      p.sn24(cmdSN).sn28(expStatSN);
    }
    return p;
  }

  private void checkStatus(Pdu response) throws IOException {
    int statusClass = response.u8(36);
    int detail = response.u8(37);
    if (statusClass == 0) {
      return;
    }
    String code = String.format("%02x%02x", statusClass, detail);
    if (statusClass == 1) {
      String address = TextParameters.parse(response.data()).get("TargetAddress").orElse(null);
      throw new Redirect(address, "the target redirected the login (" + code + ") to " + address);
    }
    String text = switch (statusClass << 8 | detail) {
      case 0x0200 -> "initiator error";
      case 0x0201 -> "authentication failed";
      case 0x0202 -> "authorization failed";
      case 0x0203 -> "target not found";
      case 0x0204 -> "target removed";
      case 0x0205 -> "unsupported iSCSI version";
      case 0x0206 -> "too many connections";
      case 0x0207 -> "missing parameter";
      case 0x0208 -> "cannot include the connection in the session";
      case 0x0209 -> "session type not supported";
      case 0x020a -> "session does not exist";
      case 0x020b -> "invalid request during login";
      case 0x0300 -> "target error";
      case 0x0301 -> "service unavailable";
      case 0x0302 -> "target out of resources";
      default -> "refused";
    };
    Kind kind = switch (statusClass << 8 | detail) {
      case 0x0201, 0x0202 -> Kind.PERMISSION_DENIED;
      case 0x0203, 0x0204 -> Kind.NO_DEVICE;
      case 0x0206, 0x0301, 0x0302 -> Kind.BUSY;
      default -> Kind.HOST_ERROR;
    };
    String hint = switch (statusClass << 8 | detail) {
      case 0x0201 -> ": check the CHAP user and secret";
      case 0x0202 -> ": the target does not admit this initiator name or address";
      case 0x0203 -> ": check the target name (IscsiDiscovery lists what the portal serves)";
      default -> "";
    };
    throw new ScsiTransportException(where, kind, "login refused: " + text + " (" + code + ")" + hint);
  }

  private static int chapNumber(TextParameters keys, String name) throws ProtocolException {
    String v = keys.get(name).orElseThrow(() -> new ProtocolException(ProtocolException.PROTOCOL_ERROR,
        "the target's CHAP challenge lacks " + name));
    try {
      int n = Integer.parseInt(v);
      if (n >= 0 && n <= 255) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "the target sent " + name + "=" + v + ", not 0..255");
  }

  private static byte[] chapBinary(TextParameters keys, String name) throws ProtocolException {
    String v = keys.get(name).orElseThrow(() -> new ProtocolException(ProtocolException.PROTOCOL_ERROR,
        "the target's CHAP message lacks " + name));
    try {
      return Chap.decode(v);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR, "the target sent a malformed " + name + ": " + e.getMessage());
    }
  }

  private ScsiTransportException refused(String message, Kind kind) {
    return new ScsiTransportException(where, kind, "login refused: " + message);
  }

  // ------------------------------------------------------------------ sequence numbers

  /** The CmdSN for a new non-immediate command, advancing it; null when MaxCmdSN closes the window. */
  synchronized Integer takeCmdSN() {
    if (!SerialNumbers.atMost(cmdSN, maxCmdSN)) {
      return null;
    }
    return cmdSN++;
  }

  /** The CmdSN an immediate PDU carries (not advanced). */
  synchronized int currentCmdSN() {
    return cmdSN;
  }

  synchronized int expStatSN() {
    return expStatSN;
  }

  synchronized String window() {
    return "CmdSN " + Integer.toUnsignedString(cmdSN) + ", MaxCmdSN " + Integer.toUnsignedString(maxCmdSN);
  }

  /** Takes the StatSN of a response that carries status: ExpStatSN moves past it. */
  synchronized void statusReceived(int statSN) {
    if (SerialNumbers.atMost(expStatSN, statSN)) {
      expStatSN = statSN + 1;
    }
  }

  /** ExpCmdSN and MaxCmdSN from a target PDU (RFC 7143 §4.2.2.1: only moves forward, ignored when invalid). */
  synchronized void updateWindow(int newExpCmdSN, int newMaxCmdSN) {
    if (SerialNumbers.lessThan(newMaxCmdSN, newExpCmdSN - 1)) {
      return;
    }
    if (SerialNumbers.lessThan(expCmdSN, newExpCmdSN)) {
      expCmdSN = newExpCmdSN;
    }
    if (SerialNumbers.lessThan(maxCmdSN, newMaxCmdSN)) {
      maxCmdSN = newMaxCmdSN;
    }
    notifyAll();
  }

  /** Waits until the window admits {@code cmdSN} or {@code millis} pass. */
  synchronized boolean awaitWindow(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!SerialNumbers.atMost(cmdSN, maxCmdSN) && !socket.isClosed()) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return SerialNumbers.atMost(cmdSN, maxCmdSN);
  }

  synchronized int nextTag() {
    itt = itt + 1 == Pdu.NO_TAG ? 1 : itt + 1;
    return itt;
  }

  // ------------------------------------------------------------------ discovery (synchronous)

  /** A Text Request exchange (with continuations) on a connection without a reader thread. */
  TextParameters text(TextParameters keys, java.time.Duration timeout) throws IOException {
    socket.setSoTimeout(millis(timeout));
    int tag = nextTag();
    int ttt = Pdu.NO_TAG;
    byte[] request = keys.encode();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    while (true) {
      Integer sn = takeCmdSN();
      Pdu p = new Pdu(Pdu.TEXT_REQUEST).flags(0x80).itt(tag).field20(ttt).sn24(sn == null ? currentCmdSN() : sn)
          .sn28(expStatSN()).data(request);
      writer.write(p);
      Pdu response = reader.read();
      if (response == null) {
        throw new ScsiTransportException(where, Kind.HOST_ERROR, "the target closed the connection during a text exchange");
      }
      if (response.opcode() == Pdu.REJECT) {
        throw new ScsiTransportException(where, Kind.HOST_ERROR,
            "the target rejected our Text Request (reason 0x" + Integer.toHexString(response.u8(2)) + ")");
      }
      if (response.opcode() != Pdu.TEXT_RESPONSE || response.itt() != tag) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            "expected a Text Response, got " + response);
      }
      statusReceived(response.sn24());
      updateWindow(response.sn28(), response.sn32());
      text.writeBytes(response.data());
      if ((response.flags() & 0x40) == 0) {
        return TextParameters.parse(text.toByteArray());
      }
      ttt = response.field20();
      request = new byte[0];
    }
  }

  /** Logout (close the session) on a connection without a reader thread; failures are ignored. */
  void logoutQuietly(java.time.Duration timeout) {
    try {
      socket.setSoTimeout(millis(timeout));
      writer.write(logoutRequest());
      for (int i = 0; i < 8; i++) {
        Pdu p = reader.read();
        if (p == null || p.opcode() == Pdu.LOGOUT_RESPONSE) {
          break;
        }
      }
    } catch (IOException e) {
      // closing anyway
    }
    close();
  }

  /** A Logout Request, reason 0: close the session. */
  Pdu logoutRequest() {
    return new Pdu(Pdu.LOGOUT_REQUEST).immediate(true).flags(0x80).itt(nextTag()).sn24(currentCmdSN())
        .sn28(expStatSN());
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    closeQuietly(socket);
    synchronized (this) {
      notifyAll(); // a command waiting for the window gives up
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  static int millis(java.time.Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
