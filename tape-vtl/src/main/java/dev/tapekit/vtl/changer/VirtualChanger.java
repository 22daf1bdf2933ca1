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
 * POSITION TO ELEMENT, PREVENT/ALLOW, MODE SENSE pages 0x1D/0x1E/0x1F, and moves cartridges between
 * slots, mail slots and {@link VirtualTapeDrive}s.
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
 *       serialized with SCSI commands.
 * </ul>
 */
public final class VirtualChanger extends VirtualDevice {

  private static final List<OpInfo> OPS = List.of(
      OpInfo.of(0x07, 6, "INITIALIZE ELEMENT STATUS", 1800),
      OpInfo.of(0x1A, 6, "MODE SENSE(6)", 60),
      OpInfo.of(0x1E, 6, "PREVENT ALLOW MEDIUM REMOVAL", 60),
      OpInfo.of(0x2B, 10, "POSITION TO ELEMENT", 300),
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
  private boolean prevent;
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
      if (prevent) {
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
      case 0x1E -> prevent = preventRequested(c);
      case 0x2B -> {
        transport(c, 2);
        element(c, 4);
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

  private static CheckCondition invalidAddress(int at) {
    return new CheckCondition(0x05, 0x21, 0x01).fieldPointer(true, at, -1);
  }

  private void moveMedium(Command c) {
    transport(c, 2);
    Element src = element(c, 4);
    Element dst = element(c, 6);
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
    Element src = element(c, 4);
    Element first = element(c, 6);
    Element second = element(c, 8);
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
   */
  private void readElementStatus(Command c) {
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
      case IMPORT_EXPORT -> flags |= 0x08 | 0x20 | 0x10 | (e.imported ? 0x02 : 0);
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
      o.ascii(full ? e.barcode : "", 32).u16(0).u16(0);
    }
    if (ids) {
      VirtualTapeDrive d = drives.get(e.ordinal);
      o.u8(0x02).u8(0x01).u8(0).u8(24 + serialWidth)
          .ascii(d.personality().vendor(), 8).ascii(d.personality().product(), 16).ascii(d.serial(), serialWidth);
    } else {
      o.zeros(4);
    }
  }

  // ---- MODE SENSE

  private void modeSense(Command c) {
    ModeSense m = ModeSense.of(c);
    int page = m.page();
    if (m.subpage() != 0) {
      throw CheckCondition.invalidCdbField(3, -1);
    }
    Out pages = new Out();
    boolean mask = m.pc() == 1;
    if (page == 0x1D || page == 0x3F) {
      pages.u8(0x1D).u8(0x12);
      if (mask) {
        pages.zeros(18);
      } else {
        pages.u16(layout.transportAddress()).u16(1)
            .u16(layout.storageStart()).u16(layout.storageCount())
            .u16(layout.importExportStart()).u16(layout.importExportCount())
            .u16(layout.driveStart()).u16(drives.size()).u16(0);
      }
    }
    if (page == 0x1E || page == 0x3F) {
      pages.u8(0x1E).u8(0x02).u8(0).u8(0);
    }
    if (page == 0x1F || page == 0x3F) {
      pages.u8(0x1F).u8(0x12);
      if (mask) {
        pages.zeros(18);
      } else {
        // STORxx: cartridges may rest in DT, I/E and storage; moves and exchanges between those three
        pages.u8(0x0E).u8(0).u8(0x0E).u8(0x0E).u8(0x0E).u8(0x0E).zeros(4).u8(0x0E).u8(0x0E).u8(0x0E).u8(0x0E).zeros(4);
      }
    }
    if (pages.length() == 0) {
      throw CheckCondition.invalidCdbField(2, 5);
    }
    m.reply(c, 0, new byte[0], pages.toArray());
  }
}
