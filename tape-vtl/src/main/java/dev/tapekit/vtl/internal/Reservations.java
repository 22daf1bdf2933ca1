package dev.tapekit.vtl.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The reservation state of one virtual device: persistent reservation keys per initiator, the
 * persistent reservation, and the SPC-2 RESERVE(6) holder. Runs under the device's lock.
 *
 * <p>Reservation events queue unit attentions through {@link Attention} (SPC-4 5.12.11, as spc4r17
 * 5.7.11 quoted in Linux LIO's target_core_pr.c): RESERVATIONS RELEASED (2A/04) to the other
 * registrants when the holder releases a registrants-only or all-registrants reservation, and when
 * the holder of a registrants-only one unregisters; RESERVATIONS PREEMPTED (2A/03) to every other
 * registrant on CLEAR; REGISTRATIONS PREEMPTED (2A/05) to every nexus whose registration a PREEMPT
 * removed, and RESERVATIONS RELEASED to the remaining registrants when a PREEMPT of the holder
 * changes the reservation's type.
 *
 * <p>Simplifications, documented in the README: logical-unit scope only; no APTPL (refused), no
 * transport IDs in PERSISTENT RESERVE OUT, no REGISTER AND MOVE or REPLACE LOST RESERVATION;
 * PREEMPT AND ABORT aborts nothing because no other command can be running (commands execute one at
 * a time under the device's lock).
 */
final class Reservations {
  /** Queues unit attention 06/asc/ascq for the I_T nexus of {@code initiator}, if it has one open. */
  interface Attention {
    void post(int initiator, int asc, int ascq);
  }

  static final int RESERVATIONS_PREEMPTED = 0x03;
  static final int RESERVATIONS_RELEASED = 0x04;
  static final int REGISTRATIONS_PREEMPTED = 0x05;

  /** Thrown to end a command with status RESERVATION CONFLICT (18h). */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict() {
      super(null, null, false, false);
    }
  }

  /** Commands every initiator may send whatever is reserved. */
  private static final Set<Integer> ALWAYS_ALLOWED = Set.of(0x12, 0x03, 0xA0, 0xA3, 0x17);
  /** Also allowed by persistent reservations: TEST UNIT READY, LOG SENSE, PERSISTENT RESERVE IN/OUT. */
  private static final Set<Integer> ALLOWED_BY_PERSISTENT = Set.of(0x00, 0x4D, 0x5E, 0x5F);
  /**
   * What a Write Exclusive reservation keeps from others: commands that write the medium, its memory
   * or the device settings, load, unload or hold the cartridge, or move one in a changer.
   */
  private static final Set<Integer> WRITES = Set.of(0x0A, 0x10, 0x19, 0x04, 0x15, 0x55, 0x4C, 0x8D, 0xB5, 0x82,
      0x1B, 0x1E, 0x16, 0xA5, 0xA6);

  private final Attention attention;
  private final Map<Integer, Long> keys = new TreeMap<>();
  private long generation;
  /** The persistent reservation's holder (for types 7 and 8 the one that reserved), or -1. */
  private int holder = -1;
  private int type;
  /** The RESERVE(6) holder, or -1. */
  private int unitHolder = -1;

  Reservations(Attention attention) {
    this.attention = attention;
  }

  /** Throws {@link Conflict} when a reservation keeps {@code initiator} from {@code opcode}. */
  void check(int initiator, int opcode) {
    if (ALWAYS_ALLOWED.contains(opcode)) {
      return;
    }
    if (unitHolder >= 0 && unitHolder != initiator) {
      throw new Conflict();
    }
    if (holder < 0 || ALLOWED_BY_PERSISTENT.contains(opcode) || hasAccess(initiator)) {
      return;
    }
    boolean exclusiveAccess = type == 3 || type == 6 || type == 8;
    if (exclusiveAccess || WRITES.contains(opcode)) {
      throw new Conflict();
    }
  }

  private boolean hasAccess(int initiator) {
    return type == 1 || type == 3 ? initiator == holder : keys.containsKey(initiator);
  }

  /** A bus or logical unit reset drops the RESERVE(6) reservation; persistent reservations stay. */
  void reset() {
    unitHolder = -1;
  }

  /**
   * I_T nexus loss of {@code initiator}: its RESERVE(6) reservation is released (SPC-2 7.21: a
   * reservation is released on logout); its registration and persistent reservation stay (SPC-4).
   */
  void nexusLost(int initiator) {
    if (unitHolder == initiator) {
      unitHolder = -1;
    }
  }

  /** Whether {@code initiator} is registered or holds a reservation. */
  boolean involves(int initiator) {
    return keys.containsKey(initiator) || holder == initiator || unitHolder == initiator;
  }

  private boolean allRegistrantsType() {
    return type == 7 || type == 8;
  }

  /** Queues 06/2A/{@code ascq} to every registrant but {@code except}. */
  private void tellRegistrants(int except, int ascq) {
    for (int i : keys.keySet()) {
      if (i != except) {
        attention.post(i, 0x2A, ascq);
      }
    }
  }

  /** RESERVE(6): conflicts with another initiator's RESERVE(6) and with any persistent reservation. */
  void reserve6(int initiator) {
    if ((unitHolder >= 0 && unitHolder != initiator) || holder >= 0) {
      throw new Conflict();
    }
    unitHolder = initiator;
  }

  /** RELEASE(6): releases the initiator's own RESERVE(6); GOOD without effect otherwise. */
  void release6(int initiator) {
    if (unitHolder == initiator) {
      unitHolder = -1;
    }
  }

  /**
   * PERSISTENT RESERVE IN: READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS
   * ({@code names} gives each registrant's initiator port name for its TransportID).
   */
  void reserveIn(Command c, IntFunction<String> names) {
    int action = c.u8(1) & 0x1F;
    Out o = new Out();
    switch (action) {
      case 0x00 -> {
        o.u32(generation).u32(8L * keys.size());
        keys.values().forEach(o::u64);
      }
      case 0x01 -> {
        o.u32(generation).u32(holder < 0 ? 0 : 16);
        if (holder >= 0) {
          long key = type == 7 || type == 8 ? 0 : keys.get(holder);
          o.u64(key).u32(0).u8(0).u8(type).u16(0);
        }
      }
      // CRH 0, PTPL_C 0; TMV 1, ALLOW COMMANDS 0; every type but the obsolete ones
      case 0x02 -> o.u16(8).u8(0).u8(0x80).u8(0xEA).u8(0x01).u16(0);
      case 0x03 -> {
        o.u32(generation).u32(0);
        for (Map.Entry<Integer, Long> e : keys.entrySet()) {
          boolean holds = holder >= 0 && (allRegistrantsType() || holder == e.getKey());
          byte[] id = iscsiTransportId(names.apply(e.getKey()));
          // key, reserved, ALL_TG_PT 0 | R_HOLDER, scope 0 | type, reserved, relative target port 1
          o.u64(e.getValue()).u32(0).u8(holds ? 0x01 : 0).u8(holds ? type : 0).u32(0).u16(1);
          o.u32(id.length).bytes(id);
        }
        o.set32(4, o.length() - 8);
      }
      default -> throw CheckCondition.invalidCdbField(1, 4);
    }
    c.dataIn(o.toArray(), c.u16(7));
  }

  /** PERSISTENT RESERVE OUT: REGISTER, RESERVE, RELEASE, CLEAR, PREEMPT (AND ABORT), REGISTER AND IGNORE. */
  void reserveOut(Command c, int initiator) {
    int action = c.u8(1) & 0x1F;
    if (action > 0x06) {
      throw CheckCondition.invalidCdbField(1, 4);
    }
    if ((c.u8(2) >>> 4) != 0) {
      throw CheckCondition.invalidCdbField(2, 7); // scope other than the logical unit
    }
    int newType = c.u8(2) & 0x0F;
    boolean typed = action == 0x01 || action == 0x02 || action == 0x04 || action == 0x05;
    if (typed && !(newType == 1 || newType == 3 || (newType >= 5 && newType <= 8))) {
      throw CheckCondition.invalidCdbField(2, 3);
    }
    if (c.u32(5) != 24) {
      throw new CheckCondition(0x05, 0x1A, 0x00); // parameter list length error
    }
    byte[] p = c.dataOutBytes(24);
    long key = u64(p, 0);
    long serviceActionKey = u64(p, 8);
    if ((p[20] & 0x0D) != 0) {
      throw CheckCondition.invalidParameterField(20, -1); // APTPL, ALL_TG_PT, SPEC_I_PT
    }
    if (unitHolder >= 0 && unitHolder != initiator) {
      throw new Conflict();
    }
    Long own = keys.get(initiator);
    if (action == 0x06) {
      register(initiator, serviceActionKey);
      return;
    }
    if (action == 0x00 && own == null) {
      if (key != 0) {
        throw new Conflict();
      }
      register(initiator, serviceActionKey);
      return;
    }
    if (own == null || own != key) {
      throw new Conflict();
    }
    switch (action) {
      case 0x00 -> register(initiator, serviceActionKey);
      case 0x01 -> reserve(initiator, newType);
      case 0x02 -> release(initiator, newType);
      case 0x03 -> {
        tellRegistrants(initiator, RESERVATIONS_PREEMPTED);
        keys.clear();
        holder = -1;
        generation++;
      }
      default -> preempt(initiator, serviceActionKey, newType);
    }
  }

  private void register(int initiator, long newKey) {
    if (newKey == 0) {
      keys.remove(initiator);
      boolean allRegistrants = allRegistrantsType();
      if (holder >= 0 && !allRegistrants && holder == initiator) {
        holder = -1;
        if (type == 5 || type == 6) {
          tellRegistrants(initiator, RESERVATIONS_RELEASED);
        }
      } else if (holder >= 0 && allRegistrants && keys.isEmpty()) {
        holder = -1;
      } else if (holder == initiator) {
        holder = keys.keySet().iterator().next(); // another registrant still holds an all-registrants one
      }
    } else {
      keys.put(initiator, newKey);
    }
    generation++;
  }

  private void reserve(int initiator, int newType) {
    if (holder < 0) {
      holder = initiator;
      type = newType;
    } else if (!(hasAccess(initiator) && type == newType && (holder == initiator || type == 7 || type == 8))) {
      throw new Conflict();
    }
  }

  private void release(int initiator, int oldType) {
    boolean holds = holder >= 0 && (holder == initiator || (allRegistrantsType() && keys.containsKey(initiator)));
    if (!holds) {
      return;
    }
    if (oldType != type) {
      throw new CheckCondition(0x05, 0x26, 0x04); // invalid release of persistent reservation
    }
    holder = -1;
    if (type != 1 && type != 3) {
      tellRegistrants(initiator, RESERVATIONS_RELEASED);
    }
  }

  /**
   * PREEMPT: with the key 0 under an all-registrants reservation, or the holder's key under another
   * type, the reservation passes to {@code initiator} with {@code newType}; otherwise only the
   * registrations with {@code victimKey} go (the caller's own included).
   */
  private void preempt(int initiator, long victimKey, int newType) {
    boolean allRegistrants = holder >= 0 && allRegistrantsType();
    if (victimKey == 0) {
      if (!allRegistrants) {
        throw CheckCondition.invalidParameterField(8, -1);
      }
      removeRegistrations(i -> i != initiator, initiator);
      holder = initiator;
      type = newType;
    } else if (holder >= 0 && !allRegistrants && keys.get(holder) == victimKey) {
      int oldType = type;
      removeRegistrations(i -> i != initiator && keys.get(i) == victimKey, initiator);
      holder = initiator;
      type = newType;
      if (oldType != newType) {
        tellRegistrants(initiator, RESERVATIONS_RELEASED);
      }
    } else {
      if (removeRegistrations(i -> keys.get(i) == victimKey, initiator).isEmpty()) {
        throw new Conflict();
      }
      if (holder >= 0 && !keys.containsKey(holder)) {
        holder = keys.isEmpty() ? -1 : keys.keySet().iterator().next(); // an all-registrants holder left
      }
    }
    generation++;
  }

  /** Removes the registrations {@code which} selects; each initiator but {@code caller} gets 06/2A/05. */
  private List<Integer> removeRegistrations(IntPredicate which, int caller) {
    List<Integer> removed = new ArrayList<>();
    for (int i : keys.keySet()) {
      if (which.test(i)) {
        removed.add(i);
      }
    }
    for (int i : removed) {
      keys.remove(i);
      if (i != caller) {
        attention.post(i, 0x2A, REGISTRATIONS_PREEMPTED);
      }
    }
    return removed;
  }

  /**
   * An iSCSI TransportID (SPC-4 7.6.4.6): protocol identifier 5h with format code 01b (initiator
   * port: "name,i,0x&lt;ISID&gt;") or 00b (initiator device: the name alone), the name null-terminated
   * and null-padded to a multiple of 4 bytes, at least 20.
   *
   * <pre>
   * 0 FORMAT CODE(7..6) | PROTOCOL IDENTIFIER   1 reserved   2..3 ADDITIONAL LENGTH   4.. name, NULs
   * </pre>
   */
  static byte[] iscsiTransportId(String initiatorName) {
    byte[] n = initiatorName.getBytes(StandardCharsets.US_ASCII);
    int length = Math.max(20, (n.length + 1 + 3) & ~3);
    boolean port = initiatorName.contains(",i,0x");
    return new Out().u8(port ? 0x45 : 0x05).u8(0).u16(length).bytes(n).zeros(length - n.length).toArray();
  }

  private static long u64(byte[] p, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (p[off + i] & 0xFF);
    }
    return v;
  }
}
