package dev.tapekit.vtl.internal;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.FaultPlan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SPC part shared by the virtual drive and changer: command serialization, unit attentions,
 * INQUIRY and VPD pages 0x00/0x80/0x83, REQUEST SENSE, REPORT LUNS, REPORT SUPPORTED OPERATION CODES,
 * fault injection, and the conversion of {@link CheckCondition} into a {@link ScsiResult}.
 *
 * <p>Initiators: the device object itself is initiator 0; {@link #newInitiator()} makes anonymous
 * in-process initiators and {@link #initiator(String, boolean)} the I_T nexus of a named initiator
 * port (an iSCSI target passes "iqn...,i,0x&lt;ISID&gt;"). Each is its own reservation identity. Unit
 * attentions are queued per I_T nexus: every named nexus has its own queue, while initiator 0 and
 * the anonymous initiators share one (in-process callers see each condition once, whichever asks
 * first, as they always have) that gets device events but no reservation events.
 *
 * <p>Thread safety: commands on one device run one at a time under {@link #lock}.
 */
public abstract class VirtualDevice implements ScsiTransport {
  /** The longest initiator port name: an iSCSI name (223 bytes) plus ",i,0x" and 12 ISID digits. */
  public static final int MAX_INITIATOR_NAME = 240;

  protected final String name;
  protected final ReentrantLock lock = new ReentrantLock();
  protected final FaultPlan faults;
  protected final DeviceIdentity identity;
  /** The unit attentions of initiator 0 and of every anonymous initiator; guarded by {@link #lock}. */
  private final Deque<CheckCondition> localAttentions = new ArrayDeque<>();
  private final Nexus self = new Nexus(0, null, localAttentions);
  private final Reservations reservations = new Reservations(this::reservationAttention);
  /** The open I_T nexus of each named initiator; guarded by {@link #lock}. */
  private final Map<String, Nexus> openNamed = new HashMap<>();
  /** Reservation identity of each named initiator that is open or holds reservation state; guarded by {@link #lock}. */
  private final Map<String, Integer> namedIds = new HashMap<>();
  private final Map<Integer, String> idNames = new HashMap<>();
  /**
   * The named I_T nexuses that hold PREVENT MEDIUM REMOVAL (SPC-4: each nexus's prevention ends with its
   * own ALLOW, its nexus loss or a reset); guarded by {@link #lock}.
   */
  private final Set<Integer> preventing = new HashSet<>();
  /** Whether {@link #preventing} is not empty, for readers outside {@link #lock}. */
  private volatile boolean preventedByNamed;
  /**
   * The prevention of initiator 0 and the anonymous initiators, which share it (a drive's library
   * keeps it across processes, as pmt lock and unlock in separate processes need).
   */
  private volatile boolean preventedLocally;
  /** The next reservation identity to hand out; guarded by {@link #lock}. */
  private int nextInitiator = 1;
  /**
   * D_SENSE of the control mode page: CHECK CONDITION carries descriptor-format sense; guarded by
   * {@link #lock}.
   */
  protected boolean descriptorSense;
  /** TapeAlert flags, bit n-1 = flag n; guarded by {@link #lock}. */
  protected long tapeAlert;
  private volatile boolean closed;

  protected VirtualDevice(String name, FaultPlan faults, DeviceIdentity identity) {
    this.name = name;
    this.faults = faults;
    this.identity = identity;
    localAttentions.add(new CheckCondition(0x06, 0x29, 0x00)); // power on, reset
  }

  @Override
  public String deviceName() {
    return name;
  }

  /** The fault plan consulted on every command; change it at any time. */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * A transport to this device as another, anonymous initiator: reservations tell it from the
   * device itself and from every other transport made here; it shares the unit attention queue of
   * the device's own transport. Closing it is an I_T nexus loss (its RESERVE(6) is released) and
   * does not close the device.
   */
  public ScsiTransport newInitiator() {
    lock.lock();
    try {
      return new Nexus(nextInitiator++, null, localAttentions);
    } finally {
      lock.unlock();
    }
  }

  /** The I_T nexus of initiator port {@code initiatorName}, without a power-on unit attention. */
  public ScsiTransport initiator(String initiatorName) {
    return initiator(initiatorName, false);
  }

  /**
   * The I_T nexus of initiator port {@code initiatorName} (an iSCSI target passes
   * "iqn...,i,0x&lt;ISID&gt;"), with its own unit attention queue.
   *
   * <ul>
   *   <li>The same name is always the same reservation identity: an initiator that logs in again
   *       finds its persistent reservation registrations and reservation (SPC-4: they survive I_T
   *       nexus loss).
   *   <li>Closing the transport is I_T nexus loss: that initiator's RESERVE(6) is released,
   *       persistent reservations and registrations stay, later commands throw {@code UNAVAILABLE}.
   *   <li>A second call with a name whose nexus is still open ends the old one first (I_T nexus
   *       loss, as iSCSI session reinstatement does).
   *   <li>{@code powerOnAttention}: the new nexus starts with UNIT ATTENTION 06/29/00, reported to its
   *       first command other than INQUIRY, REPORT LUNS and REQUEST SENSE, as a real device (and
   *       Linux tgt) does for a new initiator. Conditions posted before the nexus existed are not
   *       queued to it.
   * </ul>
   *
   * @throws IllegalArgumentException for a blank name, one longer than {@link #MAX_INITIATOR_NAME}
   *     characters, or one with characters outside printable ASCII
   */
  public ScsiTransport initiator(String initiatorName, boolean powerOnAttention) {
    checkInitiatorName(initiatorName);
    lock.lock();
    try {
      Nexus old = openNamed.get(initiatorName);
      if (old != null) {
        nexusLoss(old);
      }
      Integer id = namedIds.get(initiatorName);
      if (id == null) {
        id = nextInitiator++;
        namedIds.put(initiatorName, id);
        idNames.put(id, initiatorName);
      }
      Nexus n = new Nexus(id, initiatorName, new ArrayDeque<>());
      if (powerOnAttention) {
        n.attentions.add(new CheckCondition(0x06, 0x29, 0x00));
      }
      openNamed.put(initiatorName, n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  private static void checkInitiatorName(String initiatorName) {
    if (initiatorName == null || initiatorName.isBlank()) {
      throw new IllegalArgumentException("initiator name is empty: give the initiator port name, e.g. iqn.1994-05.com.redhat:host1,i,0x23d000000000");
    }
    if (initiatorName.length() > MAX_INITIATOR_NAME) {
      throw new IllegalArgumentException("initiator name of " + initiatorName.length() + " characters is longer than "
          + MAX_INITIATOR_NAME + " (an iSCSI name has at most 223 bytes, plus \",i,0x\" and 12 ISID digits)");
    }
    for (int i = 0; i < initiatorName.length(); i++) {
      char ch = initiatorName.charAt(i);
      if (ch <= 0x20 || ch >= 0x7F) {
        throw new IllegalArgumentException("initiator name '" + initiatorName + "' has character 0x"
            + Integer.toHexString(ch) + " at index " + i + ": only printable ASCII without spaces is accepted");
      }
    }
  }

  /** I_T nexus loss, under {@link #lock}: the nexus refuses further commands and its RESERVE(6) is released. */
  private void nexusLoss(Nexus n) {
    if (!n.open) {
      return;
    }
    n.open = false;
    reservations.nexusLost(n.id);
    preventing.remove(n.id);
    preventedByNamed = !preventing.isEmpty();
    if (n.initiatorName != null) {
      openNamed.remove(n.initiatorName);
      forgetIdleNames();
    }
  }

  /** Drops the identities of named initiators that have no open nexus and no reservation state. */
  private void forgetIdleNames() {
    namedIds.entrySet().removeIf(e -> {
      boolean idle = !openNamed.containsKey(e.getKey()) && !reservations.involves(e.getValue());
      if (idle) {
        idNames.remove(e.getValue());
      }
      return idle;
    });
  }

  /**
   * Queues a reservation event's unit attention to the open nexus of named initiator {@code
   * initiator}. Initiator 0 and the anonymous initiators get none: they share one queue, so the
   * condition would reach whichever of them asks first, the preempting one included.
   */
  private void reservationAttention(int initiator, int asc, int ascq) {
    String initiatorName = idNames.get(initiator);
    Nexus n = initiatorName == null ? null : openNamed.get(initiatorName);
    if (n != null) {
      queue(n.attentions, asc, ascq);
    }
  }

  /** The initiator port name of reservation identity {@code initiator} for READ FULL STATUS; under {@link #lock}. */
  private String initiatorName(int initiator) {
    String named = idNames.get(initiator);
    return named != null ? named : "local-" + initiator;
  }

  /** Executes a command as initiator 0, the device's own transport. */
  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    return execute(self, cdb, direction, data, timeout);
  }

  private ScsiResult execute(Nexus nexus, byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    if (cdb == null || cdb.length < 6 || cdb.length > 16) {
      throw new ScsiTransportException(name, ScsiTransportException.Kind.HOST_ERROR,
          "CDB length " + (cdb == null ? "null" : cdb.length) + " is not 6..16");
    }
    if (direction != DataDirection.NONE && data == null) {
      throw new IllegalArgumentException("direction " + direction + " needs a data buffer");
    }
    if (closed) {
      throw new ScsiTransportException(name, ScsiTransportException.Kind.UNAVAILABLE, "device is closed");
    }
    int requested = direction == DataDirection.NONE || data == null ? 0 : data.remaining();
    lock.lock();
    try {
      if (!nexus.open) {
        throw new ScsiTransportException(name, ScsiTransportException.Kind.UNAVAILABLE,
            "the I_T nexus of " + nexus.describe() + " is closed: open a new one");
      }
      FaultPlan.Outcome fault = faults.beforeCommand(cdb[0] & 0xFF, timeout);
      if (fault == FaultPlan.Outcome.TIMEOUT) {
        throw new ScsiTransportException(name, ScsiTransportException.Kind.TIMEOUT,
            "command 0x" + Integer.toHexString(cdb[0] & 0xFF) + " timed out (injected fault)");
      }
      if (fault == FaultPlan.Outcome.BUSY) {
        return new ScsiResult(ScsiStatus.BUSY.code(), 0, 0, requested, requested, null, Duration.ZERO);
      }
      Command c = new Command(cdb.clone(), direction, data);
      try {
        if (fault == FaultPlan.Outcome.OFFLINE) {
          throw new CheckCondition(0x02, 0x04, 0x12);
        }
        int expected = cdbLength(c.opcode());
        if (expected > cdb.length) {
          throw CheckCondition.invalidCdbField(0, 7);
        }
        prepare();
        if (!exemptFromUnitAttention(c.opcode())) { // before reservations, as LIO and tgt check them
          CheckCondition ua = nexus.attentions.poll();
          if (ua != null) {
            throw ua;
          }
        }
        reservations.check(nexus.id, c.opcode());
        dispatch(c, nexus);
        return new ScsiResult(0, 0, 0, requested, requested - c.transferred(), null, Duration.ZERO);
      } catch (Reservations.Conflict conflict) {
        return new ScsiResult(ScsiStatus.RESERVATION_CONFLICT.code(), 0, 0, requested, requested, null, Duration.ZERO);
      } catch (CheckCondition cc) {
        int moved = Math.max(cc.transferred, c.transferred());
        return ScsiResult.checkCondition(requested, requested - Math.min(moved, requested), cc.sense(descriptorSense));
      } catch (Command.DataPhaseMismatch e) {
        throw new ScsiTransportException(name, ScsiTransportException.Kind.HOST_ERROR, e.getMessage());
      }
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(Command c, Nexus nexus) {
    switch (c.opcode()) {
      case 0x12 -> inquiry(c);
      case 0x16 -> reservations.reserve6(nexus.id);
      case 0x1E -> preventAllow(c, nexus);
      case 0x17 -> reservations.release6(nexus.id);
      case 0x5E -> reservations.reserveIn(c, this::initiatorName);
      case 0x5F -> {
        reservations.reserveOut(c, nexus.id);
        forgetIdleNames();
      }
      case 0x03 -> requestSense(c, nexus);
      case 0xA0 -> reportLuns(c);
      case 0xA3 -> {
        if ((c.u8(1) & 0x1F) != 0x0C) {
          throw CheckCondition.invalidCdbField(1, 4);
        }
        reportSupportedOpcodes(c);
      }
      default -> {
        if (!handle(c)) {
          throw new CheckCondition(0x05, 0x20, 0x00);
        }
      }
    }
  }

  /** Executes a device-specific command; returns false for an unsupported opcode. Runs under {@link #lock}. */
  protected abstract boolean handle(Command c);

  /** Device-specific VPD pages beyond 0x00, 0x80 and 0x83, in ascending order of page code. */
  protected List<Integer> deviceVpdPages() {
    return List.of();
  }

  /** The device-specific VPD page {@code code} including its 4-byte header. */
  protected byte[] deviceVpdPage(int code) {
    throw new IllegalArgumentException("no VPD page " + code);
  }

  /** The sense REQUEST SENSE reports when nothing is pending (e.g. NOT READY without medium), or null. */
  protected CheckCondition currentCondition() {
    return null;
  }

  /**
   * Queues a unit attention condition to every open I_T nexus (initiator 0 and the anonymous
   * initiators count as one), reported to each one's next command that is not INQUIRY/REPORT
   * LUNS/REQUEST SENSE. A nexus opened later does not see it.
   */
  public void postUnitAttention(int asc, int ascq) {
    lock.lock();
    try {
      for (Deque<CheckCondition> q : attentionQueues()) {
        queue(q, asc, ascq);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Every unit attention queue: the local one, then each open named nexus's; under {@link #lock}. */
  private List<Deque<CheckCondition>> attentionQueues() {
    List<Deque<CheckCondition>> all = new ArrayList<>();
    all.add(localAttentions);
    openNamed.values().forEach(n -> all.add(n.attentions));
    return all;
  }

  /** Adds 06/asc/ascq to {@code q}, replacing an older copy of the same condition. */
  private static void queue(Deque<CheckCondition> q, int asc, int ascq) {
    q.removeIf(u -> u.asc == asc && u.ascq == ascq);
    q.add(new CheckCondition(0x06, asc, ascq));
  }

  /** Sets TapeAlert flag {@code n} (1..64), as the device's firmware would; reading LOG page 0x2E clears it. */
  public void raiseTapeAlert(int n) {
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException("TapeAlert flag " + n + " is not 1..64");
    }
    lock.lock();
    try {
      tapeAlert |= 1L << (n - 1);
    } finally {
      lock.unlock();
    }
  }

  /** TapeAlert flags, bit n-1 = flag n. */
  public long tapeAlertFlags() {
    return underLock(() -> tapeAlert);
  }

  /** {@code read} evaluated under {@link #lock}, for accessors of command state. */
  protected final <T> T underLock(java.util.function.Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /** LOG SENSE page 0x2E: every flag as a parameter; reading the page clears the flags. Under {@link #lock}. */
  protected LogPages.Params readTapeAlertPage(int pointer) {
    LogPages.Params p = LogPages.tapeAlert(tapeAlert, pointer);
    tapeAlert = 0;
    return p;
  }

  /**
   * Simulates a bus reset: clears device state (see {@link #onReset()}) and the RESERVE(6)
   * reservation, keeps persistent reservations, and replaces every nexus's pending unit attentions
   * with 06/29/00 (POWER ON, RESET, OR BUS DEVICE RESET OCCURRED).
   */
  public void reset() {
    resetWith(0x00);
  }

  /**
   * The LOGICAL UNIT RESET task management function (SAM-5): the same device reset as {@link
   * #reset()}, the RESERVE(6) reservation released, persistent reservations kept, and every open
   * nexus's pending unit attentions replaced with 06/29/03 (BUS DEVICE RESET FUNCTION OCCURRED),
   * the issuing nexus's included. No task is aborted: commands run one at a time under the device
   * lock, so none is in progress while this holds it; a command another thread has submitted but
   * that has not yet taken the lock runs afterwards and meets the unit attention.
   */
  public void logicalUnitReset() {
    resetWith(0x03);
  }

  private void resetWith(int ascq) {
    lock.lock();
    try {
      onReset();
      clearPrevention();
      reservations.reset();
      for (Deque<CheckCondition> q : attentionQueues()) {
        q.clear();
        q.add(new CheckCondition(0x06, 0x29, ascq));
      }
    } finally {
      lock.unlock();
    }
  }

  /** PREVENT ALLOW MEDIUM REMOVAL (0x1E): this nexus's prevention, or the local initiators' shared one. */
  private void preventAllow(Command c, Nexus nexus) {
    int p = c.u8(4) & 0x03;
    if (p > 1) {
      throw CheckCondition.invalidCdbField(4, 1);
    }
    if (nexus.initiatorName == null) {
      preventedLocally = p == 1;
      return;
    }
    if (p == 1) {
      preventing.add(nexus.id);
    } else {
      preventing.remove(nexus.id);
    }
    preventedByNamed = !preventing.isEmpty();
  }

  /** Whether any initiator holds PREVENT MEDIUM REMOVAL. Readable without {@link #lock}. */
  protected boolean removalPrevented() {
    return preventedLocally || preventedByNamed;
  }

  /** The local initiators' prevention, as a drive's library saves it between processes. */
  protected boolean preventedLocally() {
    return preventedLocally;
  }

  /** Restores the local initiators' prevention a drive's library saved; under {@link #lock}. */
  protected void restoreLocalPrevention(boolean prevent) {
    preventedLocally = prevent;
  }

  /** Ends every prevention (a reset; a cartridge taken out anyway); under {@link #lock}. */
  protected void clearPrevention() {
    preventedLocally = false;
    preventing.clear();
    preventedByNamed = false;
  }

  /** Runs under {@link #lock} before unit attentions are checked (a drive threads a newly inserted cartridge here). */
  protected void prepare() {}

  /** Device-specific reset behaviour, under {@link #lock}. */
  protected void onReset() {}

  @Override
  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  private static boolean exemptFromUnitAttention(int opcode) {
    return opcode == 0x12 || opcode == 0x03 || opcode == 0xA0;
  }

  /** CDB length by SCSI opcode group: 0 → 6, 1/2 → 10, 4 → 16, 5 → 12, others 10. */
  static int cdbLength(int opcode) {
    return switch (opcode >>> 5) {
      case 0 -> 6;
      case 4 -> 16;
      case 5 -> 12;
      default -> 10;
    };
  }

  // ---- helpers shared by the drive and the changer

  /**
   * A decoded MODE SENSE (6) (opcode 0x1A) or (10) (0x5A) CDB: DBD (byte 1 bit 3), page control and
   * page code (byte 2), subpage (byte 3), allocation length (byte 4, or bytes 7..8).
   */
  protected record ModeSense(boolean ten, boolean dbd, int pc, int page, int subpage, long allocation) {
    /** Decodes the CDB; saved values (PC = 3) are refused with 05/39/00. */
    public static ModeSense of(Command c) {
      boolean ten = c.opcode() == 0x5A;
      ModeSense m = new ModeSense(ten, c.bit(1, 3), c.u8(2) >>> 6, c.u8(2) & 0x3F, c.u8(3), ten ? c.u16(7) : c.u8(4));
      if (m.pc == 3) {
        throw new CheckCondition(0x05, 0x39, 0x00); // saving parameters not supported
      }
      return m;
    }

    /**
     * Sends the mode parameter header (4 bytes for (6): length, medium type, device-specific, block
     * descriptor length; 8 bytes for (10) with 2-byte lengths), the block descriptor and the pages.
     */
    public void reply(Command c, int deviceSpecific, byte[] blockDescriptor, byte[] pages) {
      Out o = new Out();
      if (ten) {
        o.u16(0).u8(0).u8(deviceSpecific).u8(0).u8(0).u16(blockDescriptor.length);
      } else {
        o.u8(0).u8(0).u8(deviceSpecific).u8(blockDescriptor.length);
      }
      o.bytes(blockDescriptor).bytes(pages);
      if (ten) {
        o.set16(0, o.length() - 2);
      } else {
        o.set8(0, o.length() - 1);
      }
      c.dataIn(o.toArray(), allocation);
    }
  }

  /**
   * A MODE SELECT (6) (opcode 0x15) or (10) (0x55) parameter list: a mode parameter header of 4 or 8
   * bytes (block descriptor length in byte 3, or bytes 6..7), block descriptors, then pages.
   *
   * @param bytes the list
   * @param header header length
   * @param blockDescriptorLength the header's block descriptor length
   */
  protected record ModeSelectList(byte[] bytes, int header, int blockDescriptorLength) {
    /**
     * Decodes the CDB (SP refused with 05/24/00; parameter list length in byte 4, or bytes 7..8) and
     * reads the list; null when it is empty; 05/1A/00 when it is shorter than its header.
     */
    public static ModeSelectList of(Command c) {
      if (c.bit(1, 0)) {
        throw CheckCondition.invalidCdbField(1, 0); // SP: saving not supported
      }
      boolean ten = c.opcode() == 0x55;
      int length = ten ? c.u16(7) : c.u8(4);
      if (length == 0) {
        return null;
      }
      byte[] p = c.dataOutBytes(length);
      int header = ten ? 8 : 4;
      if (p.length < header) {
        throw new CheckCondition(0x05, 0x1A, 0x00); // parameter list length error
      }
      return new ModeSelectList(p, header, ten ? ((p[6] & 0xFF) << 8) | (p[7] & 0xFF) : p[3] & 0xFF);
    }

    /** 05/26/00 pointing at the header's block descriptor length. */
    public CheckCondition invalidBlockDescriptorLength() {
      return CheckCondition.invalidParameterField(header == 8 ? 6 : 3, -1);
    }

    /** Where the pages start; 05/1A/00 when the block descriptors run past the list. */
    public int pagesStart() {
      if (header + blockDescriptorLength > bytes.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      return header + blockDescriptorLength;
    }
  }


  // ---- SPC commands

  private void inquiry(Command c) {
    boolean evpd = c.bit(1, 0);
    int page = c.u8(2);
    int alloc = c.u16(3);
    if ((c.u8(1) & 0xFE) != 0) {
      throw CheckCondition.invalidCdbField(1, 1);
    }
    if (!evpd) {
      if (page != 0) {
        throw CheckCondition.invalidCdbField(2, -1);
      }
      c.dataIn(inquiryData(), alloc);
      return;
    }
    byte[] body;
    if (page == 0x00) {
      Out o = new Out().u8(identity.type()).u8(0x00).u16(0).u8(0x00).u8(0x80).u8(0x83); // 0x00 lists itself first
      for (int p : deviceVpdPages()) {
        o.u8(p);
      }
      o.set16(2, o.length() - 4);
      body = o.toArray();
    } else if (page == 0x80) {
      body = serialPage(0x80);
    } else if (page == 0x83) {
      body = deviceIdentificationPage();
    } else {
      body = deviceVpdPages().contains(page) ? deviceVpdPage(page) : null;
    }
    if (body == null) {
      throw CheckCondition.invalidCdbField(2, -1);
    }
    c.dataIn(body, alloc);
  }

  /** A VPD page holding the serial number as ASCII: 0x80 (unit serial) or the SSC 0xB1 (manufacturer-assigned). */
  protected byte[] serialPage(int code) {
    String serial = identity.serial();
    return new Out().u8(identity.type()).u8(code).u16(serial.length()).ascii(serial, serial.length()).toArray();
  }

  /**
   * VPD 0x83 with two designators: T10 vendor ID (ASCII: vendor 8 + product 16 + serial) and NAA
   * (binary, 8 bytes), both associated with the logical unit.
   */
  private byte[] deviceIdentificationPage() {
    DeviceIdentity id = identity;
    Out o = new Out().u8(id.type()).u8(0x83).u16(0);
    int t10Length = 24 + id.serial().length();
    o.u8(0x02).u8(0x01).u8(0).u8(t10Length).ascii(id.vendor(), 8).ascii(id.product(), 16).ascii(id.serial(), id.serial().length());
    o.u8(0x01).u8(0x03).u8(0).u8(8).bytes(id.naa());
    o.set16(2, o.length() - 4);
    return o.toArray();
  }

  /** REQUEST SENSE: DESC (byte 1 bit 0) asks for descriptor format, whatever D_SENSE says. */
  private void requestSense(Command c, Nexus nexus) {
    if ((c.u8(1) & 0xFE) != 0) {
      throw CheckCondition.invalidCdbField(1, 7);
    }
    CheckCondition pending = nexus.attentions.poll();
    if (pending == null) {
      pending = currentCondition();
    }
    CheckCondition reported = pending != null ? pending : new CheckCondition(0, 0, 0);
    c.dataIn(reported.sense(c.bit(1, 0)), c.u8(4));
  }

  private void reportLuns(Command c) {
    long alloc = c.u32(6);
    if (alloc < 4) {
      throw CheckCondition.invalidCdbField(6, -1);
    }
    if (c.u8(2) > 2) {
      throw CheckCondition.invalidCdbField(2, -1);
    }
    byte[] r = new Out().u32(8).u32(0).u64(0).toArray();
    c.dataIn(r, alloc);
  }

  private void reportSupportedOpcodes(Command c) {
    boolean rctd = c.bit(2, 7);
    int options = c.u8(2) & 0x07;
    int opcode = c.u8(3);
    int sa = c.u16(4);
    long alloc = c.u32(6);
    List<OpInfo> ops = identity.operations();
    Out o = new Out();
    switch (options) {
      case 0 -> {
        o.u32(0);
        for (OpInfo op : ops) {
          o.u8(op.opcode()).u8(0).u16(Math.max(0, op.serviceAction())).u8(0)
              .u8((rctd ? 0x02 : 0) | (op.serviceAction() >= 0 ? 0x01 : 0)).u16(op.cdbLength());
          if (rctd) {
            timeouts(o, op);
          }
        }
        o.set32(0, o.length() - 4);
      }
      case 1, 2 -> {
        OpInfo found = null;
        boolean hasSa = false;
        for (OpInfo op : ops) {
          if (op.opcode() == opcode) {
            hasSa |= op.serviceAction() >= 0;
            if (options == 1 ? op.serviceAction() < 0 : op.serviceAction() == sa) {
              found = op;
            }
          }
        }
        if ((options == 1 && hasSa) || (options == 2 && !hasSa && found == null && isKnownOpcode(ops, opcode))) {
          throw CheckCondition.invalidCdbField(2, 0);
        }
        if (found == null) {
          o.u8(0).u8(0x01).u16(0); // SUPPORT = 001b: not supported
        } else {
          byte[] map = found.usageMap();
          o.u8(0).u8((rctd ? 0x80 : 0) | 0x03).u16(map.length).bytes(map);
          if (rctd) {
            timeouts(o, found);
          }
        }
      }
      default -> throw CheckCondition.invalidCdbField(2, 2);
    }
    c.dataIn(o.toArray(), alloc);
  }

  private static boolean isKnownOpcode(List<OpInfo> ops, int opcode) {
    return ops.stream().anyMatch(op -> op.opcode() == opcode);
  }

  /** Command timeouts descriptor: length 0x0A, reserved, command specific 0, nominal and recommended seconds. */
  private static void timeouts(Out o, OpInfo op) {
    o.u16(0x0A).u8(0).u8(0).u32(op.nominalSeconds()).u32(op.recommendedSeconds());
  }

  /**
   * Standard INQUIRY data, 74 bytes: type, RMB (tape only), version 0x06 (SPC-4), response format 2,
   * additional length 69, flags (CMDQUE), vendor/product/revision, vendor-specific 36..57 (zeros),
   * version descriptors 58..73 (SPC-4, the command set, then zeros).
   */
  private byte[] inquiryData() {
    DeviceIdentity id = identity;
    Out o = new Out().u8(id.type()).u8(id.type() == 0x01 ? 0x80 : 0x00).u8(0x06).u8(0x02).u8(0).u8(0).u8(0).u8(0x02);
    o.ascii(id.vendor(), 8).ascii(id.product(), 16).ascii(id.revision(), 4);
    o.zeros(22);
    o.u16(0x0460).u16(id.commandSetVersion()).zeros(12);
    o.set8(4, o.length() - 5);
    return o.toArray();
  }

  /** One I_T nexus: a reservation identity and the unit attention queue its commands consume. */
  private final class Nexus implements ScsiTransport {
    final int id;
    /** The initiator port name, or null for initiator 0 and the anonymous initiators. */
    final String initiatorName;
    final Deque<CheckCondition> attentions;
    /** Whether commands are accepted; guarded by the device's lock. */
    boolean open = true;

    Nexus(int id, String initiatorName, Deque<CheckCondition> attentions) {
      this.id = id;
      this.initiatorName = initiatorName;
      this.attentions = attentions;
    }

    String describe() {
      return (initiatorName != null ? "initiator " + initiatorName : "local initiator " + id) + " to " + name;
    }

    @Override
    public String deviceName() {
      return name;
    }

    @Override
    public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
        throws ScsiTransportException {
      return VirtualDevice.this.execute(this, cdb, direction, data, timeout);
    }

    /** I_T nexus loss; the device stays open. */
    @Override
    public void close() {
      lock.lock();
      try {
        nexusLoss(this);
      } finally {
        lock.unlock();
      }
    }
  }
}
