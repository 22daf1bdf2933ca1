package dev.tapekit.vtl.changer;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.MediumKind;
import dev.tapekit.vtl.drive.DrivePersonality.Compatibility;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.DeviceIdentity;
import dev.tapekit.vtl.internal.LogPages;
import dev.tapekit.vtl.internal.OpInfo;
import dev.tapekit.vtl.internal.Out;
import dev.tapekit.vtl.internal.VirtualDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A virtual SMC medium changer: an in-process {@link dev.tapekit.scsi.ScsiTransport} that decodes raw
 * CDBs for READ ELEMENT STATUS, MOVE MEDIUM, EXCHANGE MEDIUM, INITIALIZE ELEMENT STATUS (with range),
 * POSITION TO ELEMENT, PREVENT/ALLOW, OPEN/CLOSE IMPORT/EXPORT ELEMENT, MODE SENSE and MODE SELECT
 * pages 0x1D/0x1E/0x1F, LOG SENSE pages 0x00/0x0D/0x2E, and moves cartridges between slots, mail
 * slots and {@link VirtualTapeDrive}s.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A move into a drive opens the cartridge file from the {@link CartridgeShelf} and inserts it; the
 *       drive threads it at its next command. A move out of a drive follows {@link
 *       ChangerLayout#threadedRemoval()} when the cartridge is still threaded, and closes the file.
 *   <li>The changer never waits for a drive's command: a drive busy with a command while the changer
 *       must unload it yields NOT READY 02/04/07.
 *   <li>Every change of placement is reported to the state listener (the library persists it).
 *   <li>Operator actions ({@link #importCartridge}, {@link #exportCartridge}) are thread-safe and
 *       serialized with SCSI commands; they work whether or not the host has opened the import/export
 *       station (an operator can open it from the front panel).
 * </ul>
 */
public final class VirtualChanger extends VirtualDevice {

  private static final List<OpInfo> OPS = List.of(
      OpInfo.of(0x07, 6, "INITIALIZE ELEMENT STATUS", 1800),
      OpInfo.of(0x15, 6, "MODE SELECT(6)", 60),
      OpInfo.of(0x1A, 6, "MODE SENSE(6)", 60),
      OpInfo.of(0x1B, 6, "OPEN/CLOSE IMPORT/EXPORT ELEMENT", 300),
      OpInfo.of(0x1E, 6, "PREVENT ALLOW MEDIUM REMOVAL", 60),
      OpInfo.of(0x2B, 10, "POSITION TO ELEMENT", 300),
      OpInfo.of(0x4D, 10, "LOG SENSE", 60),
      OpInfo.of(0x55, 10, "MODE SELECT(10)", 60),
      OpInfo.of(0x5A, 10, "MODE SENSE(10)", 60),
      OpInfo.of(0xA5, 12, "MOVE MEDIUM", 600),
      OpInfo.of(0xA6, 12, "EXCHANGE MEDIUM", 900),
      OpInfo.of(0xB8, 12, "READ ELEMENT STATUS", 300),
      OpInfo.of(0xE7, 10, "INITIALIZE ELEMENT STATUS WITH RANGE", 1800));

  /** A mutable element. */
  private static final class Element {
    final int address;
    final ElementType type;
    final int ordinal;
    String barcode;
    int source = -1;
    boolean imported;

    Element(int address, ElementType type, int ordinal) {
      this.address = address;
      this.type = type;
      this.ordinal = ordinal;
    }

    ElementState state() {
      return new ElementState(address, type, ordinal, barcode, source, imported);
    }
  }

  private final ChangerLayout layout;
  private final List<VirtualTapeDrive> drives;
  private final CartridgeShelf shelf;
  /** Width of the serial field in DVCID identifiers: IBM's 10 characters, or the longest drive serial. */
  private final int serialWidth;
  private final TreeMap<Integer, Element> elements = new TreeMap<>();
  private volatile Consumer<List<ElementState>> listener = s -> {};
  /** The import/export station's door: open for the operator, out of the picker's reach. */
  private boolean stationOpen;
  private int temperature = 25;
  private Duration currentTimeout;

  /**
   * @param name device name, e.g. {@code vtl:L700}
   * @param layout identity and element addresses
   * @param drives the drives, in data transfer element order
   * @param shelf opens cartridge files by barcode
   * @param faults fault plan (slow moves, offline, busy, timeouts)
   * @param placements initial contents: element address → state (barcode, source); others are empty
   */
  public VirtualChanger(
      String name,
      ChangerLayout layout,
      List<VirtualTapeDrive> drives,
      CartridgeShelf shelf,
      FaultPlan faults,
      Map<Integer, ElementState> placements) {
    super(name, faults, new DeviceIdentity(0x08, layout.vendor(), layout.product(), layout.revision(), layout.serial(),
        layout.naa(), 0x0480, OPS)); // SMC-3
    this.layout = layout;
    this.drives = List.copyOf(drives);
    this.shelf = shelf;
    this.serialWidth = Math.max(10, drives.stream().mapToInt(d -> d.serial().length()).max().orElse(0));
    add(layout.transportAddress(), ElementType.TRANSPORT, 1);
    add(layout.importExportStart(), ElementType.IMPORT_EXPORT, layout.importExportCount());
    add(layout.driveStart(), ElementType.DATA_TRANSFER, drives.size());
    add(layout.storageStart(), ElementType.STORAGE, layout.storageCount());
    for (ElementState s : placements.values()) {
      Element e = elements.get(s.address());
      if (e == null || e.type == ElementType.TRANSPORT) {
        throw new IllegalArgumentException("no element at address " + s.address() + " for " + s.barcode());
      }
      e.barcode = s.barcode();
      e.source = s.sourceAddress();
      e.imported = s.imported();
      if (e.type == ElementType.DATA_TRANSFER) {
        try {
          drives.get(e.ordinal).insert(shelf.open(s.barcode()));
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot reload " + s.barcode() + " into drive " + e.ordinal, ex);
        }
      }
    }
  }

  private void add(int start, ElementType type, int count) {
    for (int i = 0; i < count; i++) {
      Element e = new Element(start + i, type, i);
      if (elements.put(e.address, e) != null) {
        throw new IllegalArgumentException("element addresses overlap at " + e.address);
      }
    }
  }

  public ChangerLayout layout() {
    return layout;
  }

  public List<VirtualTapeDrive> drives() {
    return drives;
  }

  /** Receives the full element list after every change of placement. */
  public void setStateListener(Consumer<List<ElementState>> l) {
    listener = l;
  }

  /** The current contents of every element, in address order. */
  public List<ElementState> elements() {
    lock.lock();
    try {
      return elements.values().stream().map(Element::state).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException {
    lock.lock();
    try {
      currentTimeout = timeout;
      ScsiResult r = super.execute(cdb, direction, data, timeout);
      if (moveTimedOut) {
        moveTimedOut = false;
        throw new ScsiTransportException(name, ScsiTransportException.Kind.TIMEOUT,
            "move did not complete within " + timeout + " (injected slow move)");
      }
      return r;
    } finally {
      lock.unlock();
    }
  }

  private boolean moveTimedOut;

  // ---- operator API

  /**
   * Puts a cartridge into import/export element {@code ordinal} (0-based) as an operator would; the
   * cartridge file must exist on the shelf.
   *
   * @throws IllegalStateException when the mail slot is full or the barcode is already in the library
   */
  public void importCartridge(int ordinal, String barcode) {
    lock.lock();
    try {
      Barcode.parse(barcode);
      Element e = byOrdinal(ElementType.IMPORT_EXPORT, ordinal);
      if (e.barcode != null) {
        throw new IllegalStateException(name + ": mail slot " + ordinal + " already holds " + e.barcode);
      }
      for (Element x : elements.values()) {
        if (barcode.equals(x.barcode)) {
          throw new IllegalStateException(name + ": " + barcode + " is already in element " + x.address);
        }
      }
      e.barcode = barcode;
      e.source = -1;
      e.imported = true;
      postUnitAttention(0x28, 0x01); // import or export element accessed
      changed();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the cartridge out of import/export element {@code ordinal}; returns its barcode, or null
   * when the slot is empty.
   *
   * @throws IllegalStateException when the host has prevented medium removal
   */
  public String exportCartridge(int ordinal) {
    lock.lock();
    try {
      Element e = byOrdinal(ElementType.IMPORT_EXPORT, ordinal);
      if (e.barcode == null) {
        return null;
      }
      if (removalPrevented()) {
        throw new IllegalStateException(name + ": the host has prevented medium removal (PREVENT ALLOW MEDIUM REMOVAL)");
      }
      String b = e.barcode;
      e.barcode = null;
      e.source = -1;
      e.imported = false;
      postUnitAttention(0x28, 0x01);
      changed();
      return b;
    } finally {
      lock.unlock();
    }
  }

  private Element byOrdinal(ElementType type, int ordinal) {
    for (Element e : elements.values()) {
      if (e.type == type && e.ordinal == ordinal) {
        return e;
      }
    }
    throw new IllegalArgumentException(name + " has no " + type + " element " + ordinal);
  }

  private void changed() {
    listener.accept(elements.values().stream().map(Element::state).toList());
  }

  // ---- SCSI

  @Override
  protected boolean handle(Command c) {
    switch (c.opcode()) {
      case 0x00 -> { }
      case 0x07 -> { }
      case 0xE7 -> initializeWithRange(c);
      case 0x1A, 0x5A -> modeSense(c);
      case 0x15, 0x55 -> modeSelect(c);
      case 0x1B -> openCloseImportExport(c);
      case 0x4D -> logSense(c);
      case 0x2B -> {
        transport(c, 2);
        reachable(c, 4);
        if (c.bit(8, 0)) {
          throw CheckCondition.invalidCdbField(8, 0);
        }
      }
      case 0xA5 -> moveMedium(c);
      case 0xA6 -> exchangeMedium(c);
      case 0xB8 -> readElementStatus(c);
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * OPEN/CLOSE IMPORT/EXPORT ELEMENT (0x1B): bytes 2..3 an import/export element address, byte 4 bits
   * 4..0 the action (0 open, 1 close). All mail slots share one station door: while it is open the
   * picker cannot reach them (moves 05/3B/11, ACCESS=0 in READ ELEMENT STATUS); closing it posts
   * UNIT ATTENTION 06/28/01 as the operator may have changed its contents. Opening while the host
   * prevents medium removal is refused with 05/53/02; opening an open or closing a closed door is GOOD.
   * {@code mtx eject} (LOAD UNLOAD semantics: address 0, byte 4 = 2) gets 05/21/01.
   */
  private void openCloseImportExport(Command c) {
    Element e = elements.get(c.u16(2));
    if (e == null || e.type != ElementType.IMPORT_EXPORT) {
      throw invalidAddress(2);
    }
    int action = c.u8(4);
    if (action > 1) {
      throw CheckCondition.invalidCdbField(4, action > 0x1F ? 7 : 4);
    }
    if (action == 0) {
      if (removalPrevented() && !stationOpen) {
        throw new CheckCondition(0x05, 0x53, 0x02);
      }
      stationOpen = true;
    } else if (stationOpen) {
      stationOpen = false;
      postUnitAttention(0x28, 0x01); // import or export element accessed
    }
  }

  /** True while the import/export station's door is open (OPEN IMPORT/EXPORT ELEMENT). */
  public boolean isImportExportOpen() {
    return underLock(() -> stationOpen);
  }

  private void initializeWithRange(Command c) {
    if (c.bit(1, 0)) {
      element(c, 2);
    }
  }

  private void transport(Command c, int at) {
    int a = c.u16(at);
    if (a != 0 && a != layout.transportAddress()) {
      throw invalidAddress(at);
    }
  }

  private Element element(Command c, int at) {
    Element e = elements.get(c.u16(at));
    if (e == null || e.type == ElementType.TRANSPORT) {
      throw invalidAddress(at);
    }
    return e;
  }

  /** The element at CDB bytes {@code at..at+1}, which the picker must be able to reach. */
  private Element reachable(Command c, int at) {
    Element e = element(c, at);
    if (e.type == ElementType.IMPORT_EXPORT && stationOpen) {
      throw new CheckCondition(0x05, 0x3B, 0x11); // medium magazine not accessible
    }
    return e;
  }

  private static CheckCondition invalidAddress(int at) {
    return new CheckCondition(0x05, 0x21, 0x01).fieldPointer(true, at, -1);
  }

  private void moveMedium(Command c) {
    transport(c, 2);
    Element src = reachable(c, 4);
    Element dst = reachable(c, 6);
    if (c.bit(10, 0)) {
      throw CheckCondition.invalidCdbField(10, 0); // INVERT: cartridges have one side
    }
    if (src.barcode == null) {
      throw new CheckCondition(0x05, 0x3B, 0x0E);
    }
    if (src == dst) {
      return;
    }
    if (dst.barcode != null) {
      throw new CheckCondition(0x05, 0x3B, 0x0D);
    }
    checkDriveAccepts(dst, src.barcode);
    slowMove();
    String barcode = takeFrom(src);
    putInto(dst, barcode, src.address);
    changed();
  }

  private void exchangeMedium(Command c) {
    transport(c, 2);
    Element src = reachable(c, 4);
    Element first = reachable(c, 6);
    Element second = reachable(c, 8);
    if ((c.u8(10) & 0x03) != 0) {
      throw CheckCondition.invalidCdbField(10, c.bit(10, 1) ? 1 : 0);
    }
    if (src.barcode == null || first.barcode == null) {
      throw new CheckCondition(0x05, 0x3B, 0x0E);
    }
    if (second != src && second.barcode != null) {
      throw new CheckCondition(0x05, 0x3B, 0x0D);
    }
    if (first == src) {
      throw CheckCondition.invalidCdbField(6, -1);
    }
    checkDriveAccepts(first, src.barcode);
    checkDriveAccepts(second, first.barcode);
    slowMove();
    String a = takeFrom(src);
    String b;
    try {
      b = takeFrom(first);
    } catch (CheckCondition cc) {
      putInto(src, a, src.source);
      throw cc;
    }
    int aSource = src.address;
    putInto(first, a, aSource);
    putInto(second, b, first.address);
    changed();
  }

  private void checkDriveAccepts(Element dst, String barcode) {
    if (dst.type != ElementType.DATA_TRANSFER) {
      return;
    }
    Barcode b = Barcode.parse(barcode);
    VirtualTapeDrive d = drives.get(dst.ordinal);
    boolean sameFamily = b.generation().family() == d.personality().nativeGeneration().family();
    boolean ok = b.kind() == MediumKind.CLEANING
        ? sameFamily
        : d.personality().compatibility(b.generation()) != Compatibility.UNSUPPORTED;
    if (!ok) {
      throw new CheckCondition(0x05, 0x30, 0x00); // incompatible medium installed
    }
  }

  private void slowMove() {
    try {
      if (!faults.delayMove(currentTimeout)) {
        moveTimedOut = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckCondition(0x0B, 0x00, 0x00); // aborted command
    }
  }

  private String takeFrom(Element e) {
    if (e.type == ElementType.DATA_TRANSFER) {
      CartridgeFile f = drives.get(e.ordinal).takeCartridge(layout.threadedRemoval());
      if (f != null) {
        try {
          f.close();
        } catch (IOException ex) {
          throw new CheckCondition(0x04, 0x53, 0x00); // media load or eject failed
        }
      }
    }
    String b = e.barcode;
    e.barcode = null;
    e.source = -1;
    e.imported = false;
    return b;
  }

  private void putInto(Element e, String barcode, int from) {
    if (e.type == ElementType.DATA_TRANSFER) {
      try {
        drives.get(e.ordinal).insert(shelf.open(barcode));
      } catch (IOException ex) {
        throw new CheckCondition(0x04, 0x53, 0x00);
      }
    }
    e.barcode = barcode;
    e.source = from;
    e.imported = false;
  }

  // ---- READ ELEMENT STATUS

  /**
   * Element status data: 8-byte header (first address reported(2), number of elements(2), reserved,
   * byte count of report available(3) — the full count even when the allocation length cuts the
   * transfer), then one page per run of same-type elements: type code, PVOLTAG(7), descriptor
   * length(2), reserved, byte count of descriptors(3), then descriptors: address(2), flags, reserved,
   * ASC, ASCQ, 3 bytes bus info, SVALID(7)|medium type(2..0), source address(2), [36-byte primary
   * volume tag], then for drives with DVCID a 4-byte designator header (code set 2, type 1, reserved,
   * length 24 + w) and vendor(8)+product(16)+serial(w), where w is 10 (IBM's serial length) or the
   * longest drive serial if longer, space-padded, or 4 reserved bytes otherwise.
   *
   * <p>CDB byte 6: CURDATA (bit 1) is accepted and changes nothing, as the virtual library's element
   * status is always current without moving the picker; DVCID (bit 0); other bits reserved (05/24/00).
   */
  private void readElementStatus(Command c) {
    if ((c.u8(6) & 0xFC) != 0) {
      throw CheckCondition.invalidCdbField(6, 31 - Integer.numberOfLeadingZeros(c.u8(6) & 0xFC));
    }
    boolean voltag = c.bit(1, 4);
    int typeCode = c.u8(1) & 0x0F;
    int start = c.u16(2);
    int count = c.u16(4);
    boolean dvcid = c.bit(6, 0);
    long alloc = c.u24(7);
    if (typeCode > 4) {
      throw CheckCondition.invalidCdbField(1, 3);
    }
    if (c.u8(10) != 0) {
      throw CheckCondition.invalidCdbField(10, -1);
    }
    if (start > elements.lastKey()) {
      throw invalidAddress(2);
    }
    List<Element> chosen = new ArrayList<>();
    for (Element e : elements.tailMap(start, true).values()) {
      if (chosen.size() == count) {
        break;
      }
      if (typeCode == 0 || e.type.code() == typeCode) {
        chosen.add(e);
      }
    }
    Out o = new Out().u16(chosen.isEmpty() ? 0 : chosen.get(0).address).u16(chosen.size()).u8(0).u24(0);
    int i = 0;
    while (i < chosen.size()) {
      ElementType type = chosen.get(i).type;
      int j = i;
      while (j < chosen.size() && chosen.get(j).type == type) {
        j++;
      }
      boolean ids = dvcid && type == ElementType.DATA_TRANSFER;
      int descLength = 12 + (voltag ? 36 : 0) + (ids ? 4 + 24 + serialWidth : 4);
      o.u8(type.code()).u8(voltag ? 0x80 : 0).u16(descLength).u8(0).u24(descLength * (j - i));
      for (int k = i; k < j; k++) {
        descriptor(o, chosen.get(k), voltag, ids);
      }
      i = j;
    }
    o.set24(5, o.length() - 8);
    c.dataIn(o.toArray(), alloc);
  }

  private void descriptor(Out o, Element e, boolean voltag, boolean ids) {
    boolean full = e.barcode != null;
    int flags = full ? 0x01 : 0;
    switch (e.type) {
      case STORAGE, DATA_TRANSFER -> flags |= 0x08;
      case IMPORT_EXPORT -> flags |= (stationOpen ? 0 : 0x08) | 0x20 | 0x10 | (e.imported ? 0x02 : 0);
      case TRANSPORT -> { }
    }
    int mediumType = 0;
    if (full) {
      MediumKind k = Barcode.tryParse(e.barcode).map(Barcode::kind).orElse(MediumKind.DATA);
      mediumType = switch (k) {
        case DATA -> 1;
        case CLEANING -> 2;
        case WORM -> 4;
      };
    }
    boolean svalid = full && e.source >= 0;
    o.u16(e.address).u8(flags).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0)
        .u8((svalid ? 0x80 : 0) | mediumType).u16(svalid ? e.source : 0);
    if (voltag) {
      if (full || layout.blankEmptyTags()) {
        o.ascii(full ? e.barcode : "", 32).u16(0).u16(0);
      } else {
        o.zeros(36); // as mhvtl: mtx then prints no tag for the empty element
      }
    }
    if (ids) {
      VirtualTapeDrive d = drives.get(e.ordinal);
      o.u8(0x02).u8(0x01).u8(0).u8(24 + serialWidth)
          .ascii(d.personality().vendor(), 8).ascii(d.personality().product(), 16).ascii(d.serial(), serialWidth);
    } else {
      o.zeros(4);
    }
  }

  // ---- MODE SENSE / MODE SELECT

  private static final List<Integer> MODE_PAGES = List.of(0x1D, 0x1E, 0x1F);

  private void modeSense(Command c) {
    ModeSense m = ModeSense.of(c);
    int page = m.page();
    if (m.subpage() != 0 && m.subpage() != 0xFF) { // 0xFF: all subpages, of which the changer has none
      throw CheckCondition.invalidCdbField(3, -1);
    }
    Out pages = new Out();
    for (int code : MODE_PAGES) {
      if (page == code || page == 0x3F) {
        pages.bytes(modePage(code, m.pc() == 1));
      }
    }
    if (pages.length() == 0) {
      throw CheckCondition.invalidCdbField(2, 5);
    }
    m.reply(c, 0, new byte[0], pages.toArray());
  }

  /**
   * Mode page {@code code} with its 2-byte header: the current values, or with {@code mask} the
   * changeable-values mask (all zeros: nothing on these pages can be changed).
   *
   * <pre>
   * 0x1D element address assignment, length 0x12: first transport, count, first storage, count,
   *      first import/export, count, first data transfer, count (2 bytes each), reserved(2)
   * 0x1E transport geometry, length 0x02: ROTATE(0) of the one transport, member number 0
   * 0x1F device capabilities, length 0x12: STORxx (byte 2), reserved, then the MOVE FROM and
   *      EXCHANGE FROM bytes for transport, storage, import/export and data transfer (bit 0 MT, 1 ST,
   *      2 I/E, 3 DT)
   * </pre>
   */
  private byte[] modePage(int code, boolean mask) {
    Out o = new Out();
    switch (code) {
      case 0x1D -> {
        o.u8(0x1D).u8(0x12);
        if (mask) {
          o.zeros(18);
        } else {
          o.u16(layout.transportAddress()).u16(1)
              .u16(layout.storageStart()).u16(layout.storageCount())
              .u16(layout.importExportStart()).u16(layout.importExportCount())
              .u16(layout.driveStart()).u16(drives.size()).u16(0);
        }
      }
      case 0x1E -> o.u8(0x1E).u8(0x02).u8(0).u8(0);
      case 0x1F -> {
        o.u8(0x1F).u8(0x12);
        if (mask) {
          o.zeros(18);
        } else {
          // STORxx: cartridges may rest in DT, I/E and storage; moves and exchanges between those three
          o.u8(0x0E).u8(0).u8(0x0E).u8(0x0E).u8(0x0E).u8(0x0E).zeros(4).u8(0x0E).u8(0x0E).u8(0x0E).u8(0x0E).zeros(4);
        }
      }
      default -> throw new IllegalArgumentException("no mode page " + code);
    }
    return o.toArray();
  }

  /**
   * MODE SELECT (6)/(10): a mode parameter header without block descriptors, then pages 0x1D, 0x1E
   * and 0x1F exactly as MODE SENSE reports them. Nothing on them is changeable, so a page that differs
   * from the current values in any byte is refused with 05/26/00 pointing at that byte; a page that
   * matches is accepted and changes nothing. The header's mode data length, medium type and
   * device-specific byte are ignored (initiators echo MODE SENSE data), as is the PS bit of a page.
   */
  private void modeSelect(Command c) {
    ModeSelectList list = ModeSelectList.of(c);
    if (list == null) {
      return;
    }
    if ((c.u8(1) & 0x10) == 0) {
      throw CheckCondition.invalidCdbField(1, 4); // PF=0: vendor-specific page format
    }
    if (list.blockDescriptorLength() != 0) {
      throw list.invalidBlockDescriptorLength(); // a changer has no block descriptors
    }
    byte[] p = list.bytes();
    int at = list.pagesStart();
    while (at < p.length) {
      if (at + 2 > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      int code = p[at] & 0x3F;
      if ((p[at] & 0x40) != 0 || !MODE_PAGES.contains(code)) {
        throw CheckCondition.invalidParameterField(at, (p[at] & 0x40) != 0 ? 6 : 5); // SPF or unknown page
      }
      byte[] current = modePage(code, false);
      if ((p[at + 1] & 0xFF) != current.length - 2) {
        throw CheckCondition.invalidParameterField(at + 1, -1);
      }
      if (at + current.length > p.length) {
        throw new CheckCondition(0x05, 0x1A, 0x00);
      }
      for (int i = 2; i < current.length; i++) {
        if (p[at + i] != current[i]) {
          throw CheckCondition.invalidParameterField(at + i, -1);
        }
      }
      at += current.length;
    }
  }

  // ---- LOG SENSE

  private static final List<Integer> LOG_PAGES = List.of(0x00, 0x0D, 0x2E);

  /**
   * LOG SENSE pages 0x00 (supported pages), 0x0D (temperature: parameter 0 the current temperature,
   * parameter 1 the reference temperature, each reserved byte + degrees Celsius) and 0x2E (the
   * library's TapeAlert flags as SMC-3 numbers them; reading clears them).
   */
  private void logSense(Command c) {
    LogPages.Request r = LogPages.Request.of(c, LOG_PAGES);
    LogPages.Params p = switch (r.page()) {
      case 0x00 -> LogPages.supportedPages(LOG_PAGES);
      case 0x0D -> new LogPages.Params(r.pointer())
          .param(0x0000, LogPages.BINARY, new byte[] {0, (byte) temperature})
          .param(0x0001, LogPages.BINARY, new byte[] {0, (byte) REFERENCE_TEMPERATURE});
      default -> readTapeAlertPage(r.pointer());
    };
    r.reply(c, p);
  }

  /** The highest temperature (degrees Celsius) the library is rated for, reported as the reference. */
  public static final int REFERENCE_TEMPERATURE = 40;

  /**
   * Sets the temperature LOG SENSE page 0x0D reports (default 25 degrees Celsius); above {@link
   * #REFERENCE_TEMPERATURE} the library also raises TapeAlert flag 10 (library temperature limits).
   */
  public void setTemperature(int celsius) {
    if (celsius < 0 || celsius > 254) {
      throw new IllegalArgumentException("temperature " + celsius + " is not 0..254 degrees Celsius");
    }
    lock.lock();
    try {
      temperature = celsius;
      if (celsius > REFERENCE_TEMPERATURE) {
        tapeAlert |= 1L << (10 - 1);
      }
    } finally {
      lock.unlock();
    }
  }
}
