package dev.tapekit.vtl.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reservation state of one virtual device: persistent reservation keys per initiator, the
 * persistent reservation, and the SPC-2 RESERVE(6) holder. Runs under the device's lock.
 *
 * <p>Simplifications, documented in the README: logical-unit scope only; no APTPL (refused), no
 * transport IDs, no REGISTER AND MOVE, REPLACE LOST RESERVATION or READ FULL STATUS; PREEMPT AND
 * ABORT behaves as PREEMPT (an in-process device has no other commands to abort); unit attentions
 * for preempted initiators are not queued (unit attentions are per device here, not per initiator).
 */
final class Reservations {
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

  private final Map<Integer, Long> keys = new TreeMap<>();
  private long generation;
  /** The persistent reservation's holder (for types 7 and 8 the one that reserved), or -1. */
  private int holder = -1;
  private int type;
  /** The RESERVE(6) holder, or -1. */
  private int unitHolder = -1;

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

  /** PERSISTENT RESERVE IN: READ KEYS, READ RESERVATION, REPORT CAPABILITIES. */
  void reserveIn(Command c) {
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
      boolean allRegistrants = type == 7 || type == 8;
      if (holder >= 0 && ((!allRegistrants && holder == initiator) || (allRegistrants && keys.isEmpty()))) {
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
    boolean holds = holder >= 0 && (holder == initiator || ((type == 7 || type == 8) && keys.containsKey(initiator)));
    if (!holds) {
      return;
    }
    if (oldType != type) {
      throw new CheckCondition(0x05, 0x26, 0x04); // invalid release of persistent reservation
    }
    holder = -1;
  }

  private void preempt(int initiator, long victimKey, int newType) {
    boolean allRegistrants = holder >= 0 && (type == 7 || type == 8);
    if (victimKey == 0) {
      if (!allRegistrants) {
        throw CheckCondition.invalidParameterField(8, -1);
      }
      keys.keySet().removeIf(i -> i != initiator);
    } else {
      boolean holderPreempted = holder >= 0 && !allRegistrants && keys.get(holder) == victimKey;
      if (!keys.values().removeIf(k -> k == victimKey)) {
        throw new Conflict();
      }
      if (!holderPreempted) {
        if (holder >= 0 && !keys.containsKey(holder)) {
          holder = keys.isEmpty() ? -1 : keys.keySet().iterator().next(); // an all-registrants holder left
        }
        generation++;
        return;
      }
    }
    if (holder >= 0) {
      holder = initiator;
      type = newType;
    }
    generation++;
  }

  private static long u64(byte[] p, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (p[off + i] & 0xFF);
    }
    return v;
  }
}
