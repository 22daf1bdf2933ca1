package dev.tapekit.iscsi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target side of a login (RFC 7143 §6): the security stage with CHAP when the target requires it,
 * the operational stage settling the keys of {@link Negotiation}, and the move to full feature phase.
 * A failed login answers with a Login Response whose status says why, and the connection closes.
 */
final class TargetLogin {
  private static final Logger LOG = LoggerFactory.getLogger(TargetLogin.class);

  // Status classes and details (RFC 7143 §11.13.5).
  static final int INITIATOR_ERROR = 0x0200;
  static final int AUTHENTICATION_FAILED = 0x0201;
  static final int NOT_FOUND = 0x0203;
  static final int UNSUPPORTED_VERSION = 0x0205;
  static final int TOO_MANY_CONNECTIONS = 0x0206;
  static final int MISSING_PARAMETER = 0x0207;
  static final int SESSION_TYPE_NOT_SUPPORTED = 0x0209;
  static final int SESSION_DOES_NOT_EXIST = 0x020A;
  static final int INVALID_DURING_LOGIN = 0x020B;

  /** A login that cannot go on: the status to answer with. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Failure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private enum ChapState { NONE, METHOD_CHOSEN, CHALLENGED, DONE }

  private final TargetConnection c;
  private final IscsiTarget target;
  private boolean first = true;
  private long isid;
  private int itt;
  private int stage;
  private boolean authenticated;
  private ChapState chap = ChapState.NONE;
  private Chap.Algorithm algorithm;
  private int chapId;
  private byte[] challenge;
  private boolean declaredOwn;
  private final Set<String> settled = new HashSet<>();

  TargetLogin(TargetConnection c) {
    this.c = c;
    this.target = c.target;
  }

  /** Runs the login; true when the session reached full feature phase. */
  boolean run() throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    while (true) {
      Pdu pdu = c.reader.read();
      if (pdu == null) {
        return false;
      }
      if (pdu.opcode() != Pdu.LOGIN_REQUEST) {
        throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
            Pdu.opcodeName(pdu.opcode()) + " before the login completed", pdu.header());
      }
      try {
        if (first) {
          leading(pdu);
        } else if (pdu.isid() != isid || pdu.itt() != itt) {
          throw new Failure(INITIATOR_ERROR, "ISID or task tag changed during the login");
        }
        int flags = pdu.flags();
        boolean transit = (flags & 0x80) != 0;
        boolean cont = (flags & 0x40) != 0;
        int csg = (flags >>> 2) & 3;
        int nsg = flags & 3;
        if (transit && cont) {
          throw new Failure(INITIATOR_ERROR, "Login Request with both T and C bits");
        }
        if (csg == 2 || (transit && (nsg == 2 || nsg <= csg))) {
          throw new Failure(INITIATOR_ERROR, "invalid login stages CSG " + csg + " NSG " + nsg);
        }
        stage = csg;
        text.write(pdu.dataArray(), pdu.dataOffset(), pdu.dataLength());
        if (text.size() > 65536) {
          throw new Failure(INITIATOR_ERROR, "login text longer than 64 KiB");
        }
        if (cont) {
          respond(pdu, false, csg, csg, new TextParameters()); // acknowledge a partial text
          continue;
        }
        TextParameters request = TextParameters.parse(text.toByteArray());
        text.reset();
        TextParameters reply = new TextParameters();
        negotiate(request, reply, csg);
        boolean authenticatedEnough = target.chap.isEmpty() || chap == ChapState.DONE;
        if (!authenticatedEnough && (csg == 1 || (transit && chap == ChapState.NONE))) {
          throw new Failure(AUTHENTICATION_FAILED, "the initiator skipped the CHAP authentication the target requires");
        }
        boolean agree = transit && authenticatedEnough;
        if (agree && nsg == 3 && !declaredOwn) {
          declareOwn(reply);
        }
        if (agree && nsg == 3) {
          c.params.settleBursts();
          c.tsih = target.newTsih();
        }
        respond(pdu, agree, csg, agree ? nsg : csg, reply);
        if (agree && nsg == 3) {
          return true;
        }
      } catch (Failure f) {
        LOG.warn("login from {} refused ({}): {}", c.remote, String.format("%04x", f.status), f.getMessage());
        Pdu r = new Pdu(Pdu.LOGIN_RESPONSE).flags(stage << 2).isid(isid).itt(pdu.itt())
            .u8(36, f.status >>> 8).u8(37, f.status & 0xFF);
        c.send(r, true);
        return false;
      }
    }
  }

  /** The first PDU: version, session identity, who the initiator is and what it wants. */
  private void leading(Pdu pdu) throws Failure, IOException {
    first = false;
    isid = pdu.isid();
    itt = pdu.itt();
    c.cid = pdu.u16(20);
    c.initSequence(pdu.sn28(), pdu.sn24());
    if (pdu.u8(3) > 0) {
      throw new Failure(UNSUPPORTED_VERSION, "Version-min " + pdu.u8(3) + " (only version 0 exists)");
    }
    if (pdu.u16(14) != 0) {
      throw new Failure(target.closing() ? 0x0301 : SESSION_DOES_NOT_EXIST,
          "a login adding a connection to session " + pdu.u16(14) + " (MaxConnections is 1)");
    }
    TextParameters keys = TextParameters.parse(pdu.data());
    String name = keys.get("InitiatorName").orElse(null);
    if (name == null || name.isEmpty()) {
      throw new Failure(MISSING_PARAMETER, "no InitiatorName in the leading Login Request");
    }
    c.initiatorName = name;
    c.initiatorPort = name.toLowerCase(Locale.ROOT) + ",i,0x" + String.format("%012x", isid);
    String type = keys.get("SessionType").orElse("Normal");
    if (type.equals("Discovery")) {
      c.discovery = true;
    } else if (type.equals("Normal")) {
      String wanted = keys.get("TargetName").orElse(null);
      if (wanted == null) {
        throw new Failure(MISSING_PARAMETER, "no TargetName in the leading Login Request of a normal session");
      }
      c.session = target.targets.get(wanted.toLowerCase(Locale.ROOT));
      if (c.session == null) {
        throw new Failure(NOT_FOUND, "no target named " + wanted + " here (" + String.join(", ", target.targetNames()) + ")");
      }
    } else {
      throw new Failure(SESSION_TYPE_NOT_SUPPORTED, "SessionType=" + type);
    }
    if (target.closing()) {
      throw new Failure(0x0301, "the target is shutting down"); // target error: service unavailable
    }
    target.reinstate(c, c.initiatorPort);
  }

  private void negotiate(TextParameters request, TextParameters reply, int csg) throws Failure, ProtocolException {
    Set<String> seen = new HashSet<>();
    for (TextParameters.Pair p : request.pairs()) {
      String key = p.key();
      String value = p.value();
      if (!seen.add(key)) {
        throw new Failure(INITIATOR_ERROR, "key " + key + " sent twice in one request");
      }
      switch (key) {
        case "InitiatorName", "SessionType", "TargetName", "InitiatorAlias" -> { }
        case "AuthMethod" -> authMethod(value, reply, csg);
        case "CHAP_A" -> chapAlgorithm(value, reply);
        case "CHAP_N", "CHAP_R", "CHAP_I", "CHAP_C" -> { } // read together below
        case "OFMarkInt", "IFMarkInt" -> reply.add(key, Negotiation.IRRELEVANT);
        default -> operational(key, value, reply, csg);
      }
    }
    if (request.get("CHAP_R").isPresent() || request.get("CHAP_N").isPresent()) {
      chapResponse(request, reply);
    } else if (request.get("CHAP_C").isPresent()) {
      throw new Failure(AUTHENTICATION_FAILED, "CHAP_C without CHAP_N and CHAP_R");
    }
  }

  private void authMethod(String offered, TextParameters reply, int csg) throws Failure {
    if (csg != 0) {
      throw new Failure(INVALID_DURING_LOGIN, "AuthMethod in the operational stage");
    }
    String ours = target.chap.isPresent() ? "CHAP" : "None";
    String answer = Negotiation.respond(new Negotiation.Key("AuthMethod", Negotiation.Kind.LIST, 0, 0, "None"),
        offered, ours);
    reply.add("AuthMethod", answer);
    if (answer.equals(Negotiation.REJECT)) {
      throw new Failure(AUTHENTICATION_FAILED, "the initiator offered AuthMethod=" + offered
          + " but this target requires " + ours);
    }
    if (answer.equals("CHAP")) {
      chap = ChapState.METHOD_CHOSEN;
    }
  }

  private void chapAlgorithm(String offered, TextParameters reply) throws Failure {
    if (chap != ChapState.METHOD_CHOSEN) {
      throw new Failure(AUTHENTICATION_FAILED, "CHAP_A before AuthMethod=CHAP was agreed");
    }
    for (String a : offered.split(",")) {
      Chap.Algorithm alg;
      try {
        alg = Chap.Algorithm.of(Integer.parseInt(a.trim()));
      } catch (NumberFormatException e) {
        alg = null;
      }
      if (alg != null) {
        algorithm = alg;
        chapId = Chap.identifier();
        challenge = Chap.challenge(alg);
        reply.add("CHAP_A", Integer.toString(alg.code));
        reply.add("CHAP_I", Integer.toString(chapId));
        reply.add("CHAP_C", Chap.encode(challenge));
        chap = ChapState.CHALLENGED;
        return;
      }
    }
    reply.add("CHAP_A", Negotiation.REJECT);
    throw new Failure(AUTHENTICATION_FAILED, "no CHAP algorithm in common: CHAP_A=" + offered + " (MD5 5, SHA-1 6, SHA-256 7, SHA3-256 8)");
  }

  private void chapResponse(TextParameters request, TextParameters reply) throws Failure {
    if (chap != ChapState.CHALLENGED) {
      throw new Failure(AUTHENTICATION_FAILED, "CHAP_N/CHAP_R without a challenge");
    }
    ChapCredentials expected = target.chap.orElseThrow();
    String user = request.get("CHAP_N").orElse("");
    byte[] response = binary(request, "CHAP_R");
    byte[] right = Chap.response(algorithm, chapId, Chap.secretBytes(expected.secret()),
        challenge);
    if (!user.equals(expected.user()) || !MessageDigest.isEqual(right, response)) {
      throw new Failure(AUTHENTICATION_FAILED, "CHAP authentication failed for user \"" + user + "\"");
    }
    Optional<String> theirId = request.get("CHAP_I");
    Optional<String> theirChallenge = request.get("CHAP_C");
    if (theirId.isPresent() != theirChallenge.isPresent()) {
      throw new Failure(AUTHENTICATION_FAILED, "mutual CHAP needs both CHAP_I and CHAP_C");
    }
    if (theirChallenge.isPresent()) {
      ChapCredentials own = target.mutualChap.orElseThrow(() -> new Failure(AUTHENTICATION_FAILED,
          "the initiator asks the target to authenticate (mutual CHAP) but no target credentials are set"));
      byte[] c2 = binary(request, "CHAP_C");
      if (MessageDigest.isEqual(c2, challenge)) {
        throw new Failure(AUTHENTICATION_FAILED, "the initiator sent back the target's own challenge");
      }
      int id;
      try {
        id = Integer.parseInt(theirId.get());
      } catch (NumberFormatException e) {
        throw new Failure(AUTHENTICATION_FAILED, "CHAP_I is not a number: " + theirId.get());
      }
      if (id < 0 || id > 255) {
        throw new Failure(AUTHENTICATION_FAILED, "CHAP_I out of range 0..255: " + id);
      }
      reply.add("CHAP_N", own.user());
      reply.add("CHAP_R", Chap.encode(Chap.response(algorithm, id,
          Chap.secretBytes(own.secret()), c2)));
    }
    chap = ChapState.DONE;
    authenticated = true;
    LOG.debug("{} authenticated as {}", c.remote, user);
  }

  private static byte[] binary(TextParameters request, String key) throws Failure {
    try {
      return Chap.decode(request.get(key).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new Failure(AUTHENTICATION_FAILED, key + ": " + e.getMessage());
    }
  }

  /** An operational key: settled with the target's preference, or NotUnderstood. */
  private void operational(String key, String value, TextParameters reply, int csg) throws Failure {
    Negotiation.Key k = Negotiation.OPERATIONAL.get(key);
    if (k == null) {
      reply.add(key, Negotiation.NOT_UNDERSTOOD);
      return;
    }
    if (csg == 0 && !authenticated && target.chap.isPresent()) {
      throw new Failure(INVALID_DURING_LOGIN, key + " before the initiator authenticated");
    }
    if (!settled.add(key)) {
      throw new Failure(INITIATOR_ERROR, "key " + key + " negotiated twice");
    }
    if (k.kind() == Negotiation.Kind.DECLARATIVE) {
      if (Negotiation.number(k, value) < 0) {
        throw new Failure(INITIATOR_ERROR, key + "=" + value + " is out of range");
      }
      c.params.apply(key, value, true); // the initiator's MaxRecvDataSegmentLength: what we may send
      if (!declaredOwn) {
        declareOwn(reply);
      }
      return;
    }
    String answer = Negotiation.respond(k, value, preference(key));
    reply.add(key, answer);
    if (!answer.equals(Negotiation.REJECT)) {
      c.params.apply(key, answer, false);
    } else if (key.equals("HeaderDigest") || key.equals("DataDigest")) {
      throw new Failure(INITIATOR_ERROR, key + "=" + value + ": no digest in common (None, CRC32C)");
    }
  }

  /** The target's side of each key: it accepts what the initiator prefers wherever it can. */
  private String preference(String key) {
    return switch (key) {
      case "HeaderDigest", "DataDigest" -> "CRC32C,None";
      case "MaxConnections" -> "1";
      case "InitialR2T" -> "No";
      case "ImmediateData" -> "Yes";
      case "MaxBurstLength" -> "16776192";
      case "FirstBurstLength" -> "262144";
      case "DefaultTime2Wait" -> "0";
      case "DefaultTime2Retain" -> "0";
      case "MaxOutstandingR2T" -> "1";
      case "DataPDUInOrder", "DataSequenceInOrder" -> "Yes";
      case "ErrorRecoveryLevel" -> "0";
      case "IFMarker", "OFMarker" -> "No";
      default -> throw new IllegalArgumentException(key);
    };
  }

  private void declareOwn(TextParameters reply) {
    declaredOwn = true;
    reply.add("MaxRecvDataSegmentLength", Integer.toString(target.maxRecvDataSegment));
    c.params.apply("MaxRecvDataSegmentLength", Integer.toString(target.maxRecvDataSegment), false);
  }

  private boolean sentPortalGroup;

  private void respond(Pdu request, boolean transit, int csg, int nsg, TextParameters reply) throws IOException {
    if (!sentPortalGroup && !c.discovery) {
      reply.add("TargetPortalGroupTag", "1"); // RFC 7143 §13.9: in the first response of a normal session
      if (c.session.alias() != null && !c.session.alias().isEmpty()) {
        reply.add("TargetAlias", c.session.alias());
      }
    }
    sentPortalGroup = true;
    byte[] data = reply.encode();
    Pdu r = new Pdu(Pdu.LOGIN_RESPONSE).flags((transit ? 0x80 : 0) | (csg << 2) | nsg).isid(isid)
        .u16(14, transit && nsg == 3 ? c.tsih : 0).itt(request.itt()).data(data);
    c.send(r, true);
  }
}
