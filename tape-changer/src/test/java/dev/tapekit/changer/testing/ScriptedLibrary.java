package dev.tapekit.changer.testing;

import static dev.tapekit.changer.testing.ElementStatusEncoder.sense;

import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A scripted SMC changer for tests: answers CDBs from a list of {@link SimElement}s with replies built
 * by {@link ElementStatusEncoder}, applies moves, and can be told to misbehave the way real libraries
 * do. Every CDB received is logged as hex.
 */
public final class ScriptedLibrary implements ScsiTransport {
  public final List<SimElement> transports = new ArrayList<>();
  public final List<SimElement> storage = new ArrayList<>();
  public final List<SimElement> mailSlots = new ArrayList<>();
  public final List<SimElement> drives = new ArrayList<>();
  public final List<String> log = new ArrayList<>();
  /** Sense for the next command other than REPORT SUPPORTED OPERATION CODES (the one a test aims it at). */
  public final Deque<byte[]> pendingSense = new ArrayDeque<>();
  /** The timeout of every command received, in the order of {@link #log}. */
  public final List<Duration> timeouts = new ArrayList<>();
  /**
   * The REPORT SUPPORTED OPERATION CODES reply; null answers ILLEGAL REQUEST (invalid command
   * operation code), as libraries without it do. Answered before pending sense and readiness.
   */
  public byte[] supportedOperationCodes;

  public boolean assignmentPage = true;
  /** When set, MODE SENSE returns these bytes instead of a well-formed page 0x1D. */
  public byte[] modeSenseReply;
  public boolean barcodeReader = true;
  /** How many more READ ELEMENT STATUS requests with VOLTAG answer NOT READY 04/00 (inventory running). */
  public int voltagNotReady;
  public boolean voltagWithDvcidRefused;
  public boolean dvcidSupported = true;
  public boolean twoByteAllocationOnly = true;
  public boolean exactAllocationOnly;
  public boolean exchangeSupported = true;
  public boolean alternateTags;
  /** The raw primary tag an element reports once a move empties it (null: 36 zero bytes). */
  public byte[] emptyTag;
  public int maxElementsPerReply = Integer.MAX_VALUE;
  public Clock clock;
  public Instant readyAt;
  public Boolean prevented;

  private final String name;

  public ScriptedLibrary(String name) {
    this.name = name;
  }

  /** A library with transport 0, storage slots from 1000, mail slots from 10, drives from 500. */
  public static ScriptedLibrary standard(int slotCount, int mailSlotCount, int driveCount) {
    ScriptedLibrary lib = new ScriptedLibrary("/dev/sg5");
    lib.transports.add(new SimElement(ElementType.MEDIUM_TRANSPORT, 0));
    for (int i = 0; i < slotCount; i++) {
      lib.storage.add(new SimElement(ElementType.STORAGE, 1000 + i));
    }
    for (int i = 0; i < mailSlotCount; i++) {
      lib.mailSlots.add(new SimElement(ElementType.IMPORT_EXPORT, 10 + i));
    }
    for (int i = 0; i < driveCount; i++) {
      lib.drives.add(new SimElement(ElementType.DATA_TRANSFER, 500 + i).serial(String.format("XYZZY_A%d", i + 1)));
    }
    return lib;
  }

  public SimElement slot(int index0) {
    return storage.get(index0);
  }

  /** The CDBs whose first byte is {@code opcode}, as hex. */
  public List<String> commands(int opcode) {
    String prefix = String.format("%02x", opcode);
    return log.stream().filter(s -> s.startsWith(prefix)).toList();
  }

  @Override
  public String deviceName() {
    return name;
  }

  @Override
  public void close() {}

  private List<SimElement> all() {
    List<SimElement> all = new ArrayList<>(transports);
    all.addAll(storage);
    all.addAll(mailSlots);
    all.addAll(drives);
    return all;
  }

  private Optional<SimElement> at(int address) {
    return all().stream().filter(e -> e.address == address).findFirst();
  }

  private static ScsiResult check(int requested, byte[] sense) {
    return ScsiResult.checkCondition(requested, requested, sense);
  }

  private static ScsiResult illegal(int requested, int asc, int ascq, int cdbByte) {
    return check(requested, sense(5, asc, ascq, 0xC0, cdbByte >> 8, cdbByte & 0xFF));
  }

  private static ScsiResult reply(ByteBuffer buf, byte[] data) {
    int n = Math.min(buf.remaining(), data.length);
    for (int i = 0; i < n; i++) {
      buf.put(buf.position() + i, data[i]);
    }
    return new ScsiResult(0, 0, 0, buf.remaining(), buf.remaining() - n, null, Duration.ZERO);
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout) {
    log.add(HexFormat.of().formatHex(cdb));
    timeouts.add(timeout);
    int requested = data == null ? 0 : data.remaining();
    if ((cdb[0] & 0xFF) == 0xA3) {
      return supportedOperationCodes == null ? illegal(requested, 0x20, 0x00, 0) : reply(data, supportedOperationCodes);
    }
    if (readyAt != null && clock.instant().isBefore(readyAt)) {
      return check(requested, sense(2, 0x04, 0x01));
    }
    if (!pendingSense.isEmpty()) {
      return check(requested, pendingSense.poll());
    }
    int op = cdb[0] & 0xFF;
    switch (op) {
      case 0x00:
        return ScsiResult.good(0);
      case 0x12:
        return reply(data, inquiry());
      case 0x1A:
        return modeSense(cdb, data);
      case 0xB8:
        return readElementStatus(cdb, data);
      case 0xA5:
        return move(cdb, u16(cdb, 4), u16(cdb, 6));
      case 0xA6:
        if (!exchangeSupported) {
          return illegal(0, 0x20, 0x00, 0);
        }
        return exchange(cdb);
      case 0x07:
      case 0xE7:
      case 0x2B:
        return ScsiResult.good(0);
      case 0x1E:
        prevented = (cdb[4] & 1) != 0;
        return ScsiResult.good(0);
      case 0x1B:
        return mailSlots.stream().anyMatch(e -> e.address == u16(cdb, 2)) ? ScsiResult.good(0) : illegal(0, 0x21, 0x01, 2);
      default:
        return illegal(requested, 0x20, 0x00, 0);
    }
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  private static byte[] inquiry() {
    byte[] d = new byte[56];
    d[0] = 8;
    d[2] = 5;
    d[4] = 51;
    byte[] id = "STK     L700            0105".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, d, 8, id.length);
    return d;
  }

  private ScsiResult modeSense(byte[] cdb, ByteBuffer data) {
    if (modeSenseReply != null) {
      return reply(data, modeSenseReply);
    }
    int page = cdb[2] & 0x3F;
    if (page == 0x1E) {
      return reply(data, Hex.bytes("07 00 00 00 1E 02 00 00"));
    }
    if (page == 0x1F) {
      return reply(data, Hex.bytes("17 00 00 00 1F 12 0E 00 0E 0E 0E 0E 00000000 00 00 00 00 00000000"));
    }
    if (!assignmentPage || page != 0x1D) {
      return illegal(data.remaining(), 0x24, 0x00, 2);
    }
    return reply(data, ElementStatusEncoder.assignmentPage(
        first(transports), transports.size(), first(storage), storage.size(),
        first(mailSlots), mailSlots.size(), first(drives), drives.size()));
  }

  private static int first(List<SimElement> list) {
    return list.isEmpty() ? 0 : list.get(0).address;
  }

  private ScsiResult readElementStatus(byte[] cdb, ByteBuffer data) {
    int requested = data.remaining();
    int type = cdb[1] & 0x0F;
    boolean voltag = (cdb[1] & 0x10) != 0;
    int start = u16(cdb, 2);
    int count = u16(cdb, 4);
    boolean dvcid = (cdb[6] & 0x01) != 0;
    int alloc = ((cdb[7] & 0xFF) << 16) | u16(cdb, 8);
    if (twoByteAllocationOnly && cdb[7] != 0) {
      return illegal(requested, 0x24, 0x00, 7);
    }
    if (voltag && voltagNotReady > 0) {
      voltagNotReady--;
      return check(requested, sense(2, 0x04, 0x00));
    }
    if (voltag && !barcodeReader) {
      return illegal(requested, 0x24, 0x00, 1);
    }
    if (dvcid && (!dvcidSupported || (voltag && voltagWithDvcidRefused))) {
      return illegal(requested, 0x24, 0x00, 6);
    }
    List<SimElement> selected = all().stream()
        .filter(e -> type == 0 || e.type.code() == type)
        .filter(e -> e.address >= start)
        .sorted(Comparator.comparingInt(e -> e.address))
        .limit(Math.min(count, maxElementsPerReply))
        .toList();
    if (selected.isEmpty() && all().stream().noneMatch(e -> e.address >= start)) {
      return illegal(requested, 0x21, 0x01, 2);
    }
    List<byte[]> pages = new ArrayList<>();
    int i = 0;
    while (i < selected.size()) {
      int j = i;
      while (j < selected.size() && selected.get(j).type == selected.get(i).type) {
        j++;
      }
      pages.add(ElementStatusEncoder.page(selected.get(i).type, selected.subList(i, j), voltag, voltag && alternateTags, dvcid));
      i = j;
    }
    byte[] report = ElementStatusEncoder.report(
        selected.isEmpty() ? start : selected.get(0).address, selected.size(), pages.toArray(new byte[0][]));
    if (exactAllocationOnly && alloc != 8 && alloc != report.length) {
      return illegal(requested, 0x24, 0x00, 7);
    }
    return reply(data, report);
  }

  private ScsiResult move(byte[] cdb, int from, int to) {
    int picker = u16(cdb, 2);
    if (picker != 0 && transports.stream().noneMatch(e -> e.address == picker)) {
      return illegal(0, 0x21, 0x01, 2);
    }
    Optional<SimElement> src = at(from);
    Optional<SimElement> dst = at(to);
    if (src.isEmpty()) {
      return illegal(0, 0x21, 0x01, 4);
    }
    if (dst.isEmpty()) {
      return illegal(0, 0x21, 0x01, 6);
    }
    SimElement s = src.get();
    SimElement d = dst.get();
    if (!s.full) {
      return check(0, sense(5, 0x3B, 0x0E));
    }
    if (d.full) {
      return check(0, sense(5, 0x3B, 0x0D));
    }
    if (s.removalPrevented) {
      return check(0, sense(5, 0x53, 0x02));
    }
    d.full = true;
    d.tag = s.tag;
    d.rawTag = s.rawTag;
    d.sourceAddress = d.type == ElementType.DATA_TRANSFER ? s.address : 0;
    d.sourceValid = d.type == ElementType.DATA_TRANSFER;
    s.full = false;
    s.tag = null;
    s.rawTag = emptyTag;
    s.sourceValid = false;
    return ScsiResult.good(0);
  }

  private ScsiResult exchange(byte[] cdb) {
    Optional<SimElement> a = at(u16(cdb, 4));
    Optional<SimElement> b = at(u16(cdb, 6));
    Optional<SimElement> c = at(u16(cdb, 8));
    if (a.isEmpty() || b.isEmpty() || c.isEmpty()) {
      return illegal(0, 0x21, 0x01, 4);
    }
    if (!a.get().full || !b.get().full) {
      return check(0, sense(5, 0x3B, 0x0E));
    }
    String ta = a.get().tag;
    String tb = b.get().tag;
    byte[] ra = a.get().rawTag;
    byte[] rb = b.get().rawTag;
    a.get().full = false;
    a.get().tag = null;
    a.get().rawTag = emptyTag;
    c.get().full = true;
    c.get().tag = tb;
    c.get().rawTag = rb;
    b.get().tag = ta;
    b.get().rawTag = ra;
    return ScsiResult.good(0);
  }
}
