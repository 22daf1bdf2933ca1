package dev.tapekit.iscsi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operational keys of RFC 7143 §13 and how a negotiation settles each: the responder's answer to
 * an offer, and the originator's check of that answer. Both sides use the same table, so a value the
 * target answers is the value the initiator accepts.
 *
 * <p>Kinds: {@code LIST} (the responder picks the first offered value it supports), {@code AND} and
 * {@code OR} (boolean Yes/No), {@code MIN} and {@code MAX} (numbers within a range), {@code DECLARATIVE}
 * (each side states its own value; nothing is settled).
 */
final class Negotiation {
  enum Kind { LIST, AND, OR, MIN, MAX, DECLARATIVE }

  record Key(String name, Kind kind, long min, long max, String defaultValue) {}

  static final String REJECT = "Reject";
  static final String IRRELEVANT = "Irrelevant";
  static final String NOT_UNDERSTOOD = "NotUnderstood";

  static final Map<String, Key> OPERATIONAL = new LinkedHashMap<>();

  static {
    key("HeaderDigest", Kind.LIST, 0, 0, "None");
    key("DataDigest", Kind.LIST, 0, 0, "None");
    key("MaxConnections", Kind.MIN, 1, 65535, "1");
    key("InitialR2T", Kind.OR, 0, 0, "Yes");
    key("ImmediateData", Kind.AND, 0, 0, "Yes");
    key("MaxRecvDataSegmentLength", Kind.DECLARATIVE, 512, 16777215, "8192");
    key("MaxBurstLength", Kind.MIN, 512, 16777215, "262144");
    key("FirstBurstLength", Kind.MIN, 512, 16777215, "65536");
    key("DefaultTime2Wait", Kind.MAX, 0, 3600, "2");
    key("DefaultTime2Retain", Kind.MIN, 0, 3600, "20");
    key("MaxOutstandingR2T", Kind.MIN, 1, 65535, "1");
    key("DataPDUInOrder", Kind.OR, 0, 0, "Yes");
    key("DataSequenceInOrder", Kind.OR, 0, 0, "Yes");
    key("ErrorRecoveryLevel", Kind.MIN, 0, 2, "0");
    // RFC 3720's markers, removed by RFC 7143 but still offered (as No) by Linux and others.
    key("IFMarker", Kind.AND, 0, 0, "No");
    key("OFMarker", Kind.AND, 0, 0, "No");
  }

  private Negotiation() {}

  private static void key(String name, Kind kind, long min, long max, String defaultValue) {
    OPERATIONAL.put(name, new Key(name, kind, min, max, defaultValue));
  }

  /**
   * The responder's answer to {@code offered} when its own preference is {@code ours} (for a list, the
   * values it supports in any order); {@link #REJECT} for a value outside the key's range or syntax.
   */
  static String respond(Key key, String offered, String ours) {
    switch (key.kind) {
      case LIST -> {
        List<String> supported = Arrays.asList(ours.split(","));
        for (String v : offered.split(",")) {
          if (supported.contains(v)) {
            return v;
          }
        }
        return REJECT;
      }
      case AND, OR -> {
        Boolean a = bool(offered);
        if (a == null) {
          return REJECT;
        }
        boolean b = "Yes".equals(ours);
        return yesNo(key.kind == Kind.AND ? a && b : a || b);
      }
      case MIN, MAX -> {
        long a = number(key, offered);
        if (a < 0) {
          return REJECT;
        }
        long b = Long.parseLong(ours);
        return Long.toString(key.kind == Kind.MIN ? Math.min(a, b) : Math.max(a, b));
      }
      default -> {
        return number(key, offered) < 0 ? REJECT : ours;
      }
    }
  }

  /**
   * The originator's check of {@code answer} to its {@code offered} value: the settled value, or a
   * {@link ProtocolException} when the answer is not one the key's rule allows.
   */
  static String settle(Key key, String offered, String answer) throws ProtocolException {
    boolean ok = switch (key.kind) {
      case LIST -> Arrays.asList(offered.split(",")).contains(answer);
      case AND -> bool(answer) != null && !(answer.equals("Yes") && offered.equals("No"));
      case OR -> bool(answer) != null && !(answer.equals("No") && offered.equals("Yes"));
      case MIN -> number(key, answer) >= 0 && number(key, answer) <= Long.parseLong(offered);
      case MAX -> number(key, answer) >= Long.parseLong(offered);
      case DECLARATIVE -> number(key, answer) >= 0;
    };
    if (!ok) {
      throw new ProtocolException(ProtocolException.PROTOCOL_ERROR,
          "the target answered " + key.name + "=" + answer + " to our offer " + offered
              + ", which the key's rule does not allow");
    }
    return answer;
  }

  private static Boolean bool(String v) {
    return v.equals("Yes") ? Boolean.TRUE : v.equals("No") ? Boolean.FALSE : null;
  }

  static String yesNo(boolean v) {
    return v ? "Yes" : "No";
  }

  /** The number of a numeric key's value, or -1 when it is not a decimal in the key's range. */
  static long number(Key key, String v) {
    if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long n = Long.parseLong(v);
    return n < key.min || n > key.max ? -1 : n;
  }
}
