package dev.tapekit.changer;

import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.VolumeTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A changer's elements numbered the way mtx 1.3.12 numbers them, so that slot and drive numbers typed
 * by operators and scripts mean the same thing here.
 *
 * <p>Numbering rules:
 *
 * <ul>
 *   <li>Slots are numbered from 1: storage elements in the order the changer reports them, then the
 *       import/export elements. Storage elements reporting ASC/ASCQ 83/02 ("not installed",
 *       ATL/Exabyte) are skipped.
 *   <li>Drives are numbered from 0 in reported order; drives reporting 83/04 (Exabyte phantom drive)
 *       are skipped.
 *   <li>The transport used for moves is the first reported medium transport, or 0 when there is none.
 *   <li>A full drive's "loaded slot" is mtx's translation, not the raw source: pass 1 takes the drive's
 *       source address field (SVALID is not consulted, as in mtx) if it is a slot that is currently
 *       empty; pass 2 gives each full drive still without one the next empty storage slot (not a mail
 *       slot) in slot order — the shared list can hand out a slot pass 1 already used, exactly as mtx
 *       does. A drive left without one shows as "Unknown Storage Element Loaded".
 * </ul>
 *
 * <p>Immutable; the {@code after...} methods return the view after a move, for chained commands: a
 * loaded drive's source becomes the slot it came from and every loaded slot is numbered afresh by the
 * rules above, as a new read would number it. An
 * element a move empties takes the volume tags this library reports for an empty element (learnt from
 * the status: an empty slot's, else an empty drive's; none when nothing was empty), so the view after a
 * move prints what a fresh READ ELEMENT STATUS would — e.g. 32 blanks on libraries that blank-fill the
 * tags of empty slots, nothing on those that leave them out.
 */
public final class MtxLibrary {
  private static final int ASC_VENDOR_NOT_INSTALLED = 0x83;
  private static final int NO_SOURCE = -1;

  /**
   * A slot (storage or import/export element).
   *
   * @param number the mtx slot number, from 1
   * @param address the element address
   * @param importExport true for a mail slot
   * @param full a medium is present
   * @param primaryTag the primary volume tag, when read
   * @param alternateTag the alternate volume tag, when read
   */
  public record Slot(
      int number, int address, boolean importExport, boolean full,
      Optional<VolumeTag> primaryTag, Optional<VolumeTag> alternateTag) {

    /** The trimmed barcode of a full slot. */
    public Optional<String> barcode() {
      return full ? primaryTag.map(VolumeTag::identifier).filter(s -> !s.isEmpty()) : Optional.empty();
    }

    /** Holds a cleaning cartridge (barcode starting with CLN). */
    public boolean isCleaning() {
      return full && primaryTag.map(VolumeTag::isCleaning).orElse(false);
    }

    Slot with(boolean nowFull, Optional<VolumeTag> tag, Optional<VolumeTag> alt) {
      return new Slot(number, address, importExport, nowFull, tag, alt);
    }
  }

  /**
   * A drive (data transfer element).
   *
   * @param number the mtx drive number, from 0
   * @param address the element address
   * @param full a medium is loaded
   * @param loadedSlot mtx's slot number the medium came from (see the class comment); empty when unknown
   * @param primaryTag the primary volume tag, when read
   * @param alternateTag the alternate volume tag, when read
   * @param serialNumber the drive serial from DVCID, when the changer reported it
   */
  public record Drive(
      int number, int address, boolean full, OptionalInt loadedSlot,
      Optional<VolumeTag> primaryTag, Optional<VolumeTag> alternateTag, Optional<String> serialNumber) {

    /** The trimmed barcode of the loaded medium. */
    public Optional<String> barcode() {
      return full ? primaryTag.map(VolumeTag::identifier).filter(s -> !s.isEmpty()) : Optional.empty();
    }

    /** Holds a cleaning cartridge (barcode starting with CLN). */
    public boolean isCleaning() {
      return full && primaryTag.map(VolumeTag::isCleaning).orElse(false);
    }

    Drive with(boolean nowFull, OptionalInt slot, Optional<VolumeTag> tag, Optional<VolumeTag> alt) {
      return new Drive(number, address, nowFull, slot, tag, alt, serialNumber);
    }
  }

  /** The volume tags an empty element reports (both absent when the changer sends none). */
  private record EmptyTags(Optional<VolumeTag> primary, Optional<VolumeTag> alternate) {
    static final EmptyTags NONE = new EmptyTags(Optional.empty(), Optional.empty());

    static Optional<EmptyTags> of(List<ElementDescriptor> elements) {
      return elements.stream().filter(e -> !e.full()).findFirst().map(e -> new EmptyTags(e.primaryTag(), e.alternateTag()));
    }
  }

  private final String device;
  private final List<Slot> slots;
  private final List<Drive> drives;
  /** Each drive's source element address as the changer would report it now ({@link #NO_SOURCE} when empty). */
  private final int[] sources;
  private final int storageCount;
  private final int transportAddress;
  private final EmptyTags emptySlot;
  private final EmptyTags emptyDrive;

  private MtxLibrary(String device, List<Slot> slots, List<Drive> drives, int[] sources, int storageCount,
      int transportAddress, EmptyTags emptySlot, EmptyTags emptyDrive) {
    this.device = device;
    this.slots = List.copyOf(slots);
    this.drives = List.copyOf(drives);
    this.sources = sources;
    this.storageCount = storageCount;
    this.transportAddress = transportAddress;
    this.emptySlot = emptySlot;
    this.emptyDrive = emptyDrive;
  }

  /** The view with these elements, loaded slots numbered afresh as a new read would number them. */
  private MtxLibrary with(List<Slot> newSlots, List<Drive> newDrives, int[] newSources) {
    return new MtxLibrary(device, newSlots, withLoadedSlots(newSlots, storageCount, newDrives, newSources), newSources,
        storageCount, transportAddress, emptySlot, emptyDrive);
  }

  /**
   * Numbers a changer status the mtx way.
   *
   * @throws MtxException {@code no Data Transfer Element reported} / {@code no Storage Elements
   *     reported} when the changer has no drive or no slot (mtx refuses to work then)
   */
  public static MtxLibrary of(ChangerStatus status) throws MtxException {
    List<Slot> slots = new ArrayList<>();
    for (ElementDescriptor e : status.storage()) {
      if (e.asc() == ASC_VENDOR_NOT_INSTALLED && e.ascq() == 0x02) {
        continue;
      }
      slots.add(new Slot(slots.size() + 1, e.address(), false, e.full(), e.primaryTag(), e.alternateTag()));
    }
    int storageCount = slots.size();
    for (ElementDescriptor e : status.importExport()) {
      slots.add(new Slot(slots.size() + 1, e.address(), true, e.full(), e.primaryTag(), e.alternateTag()));
    }
    List<ElementDescriptor> driveElements = status.drives().stream()
        .filter(e -> !(e.asc() == ASC_VENDOR_NOT_INSTALLED && e.ascq() == 0x04))
        .toList();
    if (driveElements.isEmpty()) {
      throw MtxException.of(status.device(), MtxException.Kind.NO_ELEMENTS, "no Data Transfer Element reported");
    }
    if (slots.isEmpty()) {
      throw MtxException.of(status.device(), MtxException.Kind.NO_ELEMENTS, "no Storage Elements reported");
    }
    List<Drive> drives = new ArrayList<>();
    int[] sources = new int[driveElements.size()];
    for (ElementDescriptor e : driveElements) {
      sources[drives.size()] = e.full() ? e.sourceAddress() : NO_SOURCE;
      drives.add(new Drive(drives.size(), e.address(), e.full(), OptionalInt.empty(), e.primaryTag(), e.alternateTag(),
          e.serialNumber()));
    }
    Optional<EmptyTags> slotTags = EmptyTags.of(status.storage()).or(() -> EmptyTags.of(status.importExport()));
    Optional<EmptyTags> driveTags = EmptyTags.of(driveElements);
    return new MtxLibrary(status.device(), slots, withLoadedSlots(slots, storageCount, drives, sources), sources,
        storageCount, status.transportAddress(), slotTags.or(() -> driveTags).orElse(EmptyTags.NONE),
        driveTags.or(() -> slotTags).orElse(EmptyTags.NONE));
  }

  /**
   * mtx's loaded slot of every full drive (see the class comment): its source address if that is an
   * empty slot, else the next empty storage slot from one list shared by all drives, else none.
   */
  private static List<Drive> withLoadedSlots(List<Slot> slots, int storageCount, List<Drive> drives, int[] sources) {
    Map<Integer, Slot> byAddress = new HashMap<>();
    for (Slot s : slots) {
      byAddress.putIfAbsent(s.address(), s);
    }
    List<Integer> emptyStorage = slots.subList(0, storageCount).stream().filter(s -> !s.full()).map(Slot::number).toList();
    List<Drive> out = new ArrayList<>();
    for (Drive d : drives) {
      Slot source = d.full() ? byAddress.get(sources[d.number()]) : null;
      OptionalInt loaded = source != null && !source.full() ? OptionalInt.of(source.number()) : OptionalInt.empty();
      out.add(d.with(d.full(), loaded, d.primaryTag(), d.alternateTag()));
    }
    int nextEmpty = 0;
    for (int i = 0; i < out.size(); i++) {
      Drive d = out.get(i);
      if (d.full() && d.loadedSlot().isEmpty() && nextEmpty < emptyStorage.size()) {
        out.set(i, d.with(true, OptionalInt.of(emptyStorage.get(nextEmpty++)), d.primaryTag(), d.alternateTag()));
      }
    }
    return out;
  }

  /** The device name of the status this view was made from. */
  public String device() {
    return device;
  }

  /** All slots, storage then import/export, numbered from 1. */
  public List<Slot> slots() {
    return slots;
  }

  /** All drives, numbered from 0. */
  public List<Drive> drives() {
    return drives;
  }

  /** The number of slots including import/export elements (mtx's "Slots" in the status header). */
  public int slotCount() {
    return slots.size();
  }

  /** The number of storage slots (not import/export); the last of them is mtx's "last" slot. */
  public int storageSlotCount() {
    return storageCount;
  }

  /** The number of import/export slots. */
  public int importExportCount() {
    return slots.size() - storageCount;
  }

  /** The transport element address used for moves. */
  public int transportAddress() {
    return transportAddress;
  }

  /** Slot {@code number} (1-based). */
  public Slot slot(int number) {
    if (number < 1 || number > slots.size()) {
      throw new IndexOutOfBoundsException("slot " + number + " (the library has slots 1.." + slots.size() + ")");
    }
    return slots.get(number - 1);
  }

  /** Drive {@code number} (0-based). */
  public Drive drive(int number) {
    if (number < 0 || number >= drives.size()) {
      throw new IndexOutOfBoundsException("drive " + number + " (the library has drives 0.." + (drives.size() - 1) + ")");
    }
    return drives.get(number);
  }

  /** The slot holding the medium with this barcode (trimmed comparison). */
  public Optional<Slot> findSlot(String barcode) {
    return slots.stream().filter(s -> s.barcode().filter(barcode::equals).isPresent()).findFirst();
  }

  /** The first empty storage slot (not import/export). */
  public Optional<Slot> firstEmptyStorageSlot() {
    return slots.subList(0, storageCount).stream().filter(s -> !s.full()).findFirst();
  }

  /** The first slot holding a cleaning cartridge (storage slots only). */
  public Optional<Slot> firstCleaningSlot() {
    return slots.subList(0, storageCount).stream().filter(Slot::isCleaning).findFirst();
  }

  /**
   * Maps drive numbers to device nodes by serial number: each drive's DVCID serial is looked up in
   * {@code nodesBySerial} (typically VPD page 0x80 serials of the host's tape devices, from discovery).
   * Serials are compared trimmed; when no exact match exists, a unique candidate where one serial ends
   * with the other is accepted (libraries and drives disagree about leading zeros and vendor prefixes).
   * Drives without a serial or a match are absent from the result.
   */
  public Map<Integer, String> driveNodes(Map<String, String> nodesBySerial) {
    Map<String, String> trimmed = new HashMap<>();
    nodesBySerial.forEach((k, v) -> trimmed.put(k.strip(), v));
    Map<Integer, String> out = new TreeMap<>();
    for (Drive d : drives) {
      Optional<String> serial = d.serialNumber().map(String::strip).filter(s -> !s.isEmpty());
      if (serial.isEmpty()) {
        continue;
      }
      String s = serial.get();
      String node = trimmed.get(s);
      if (node == null) {
        List<String> candidates = trimmed.keySet().stream()
            .filter(k -> !k.isEmpty() && (k.endsWith(s) || s.endsWith(k)))
            .toList();
        node = candidates.size() == 1 ? trimmed.get(candidates.get(0)) : null;
      }
      if (node != null) {
        out.put(d.number(), node);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- local updates after moves

  /** The view after loading slot {@code slot} into drive {@code drive}. */
  public MtxLibrary afterLoad(int slot, int drive) {
    Slot s = slot(slot);
    Drive d = drive(drive);
    return withChanges(emptied(s), d.with(true, OptionalInt.of(slot), s.primaryTag(), s.alternateTag()), s.address());
  }

  /** The view after unloading drive {@code drive} into slot {@code slot}. */
  public MtxLibrary afterUnload(int drive, int slot) {
    Slot s = slot(slot);
    Drive d = drive(drive);
    return withChanges(s.with(true, d.primaryTag(), d.alternateTag()),
        d.with(false, OptionalInt.empty(), emptyDrive.primary(), emptyDrive.alternate()), NO_SOURCE);
  }

  private Slot emptied(Slot s) {
    return s.with(false, emptySlot.primary(), emptySlot.alternate());
  }

  private MtxLibrary withChanges(Slot slot, Drive drive, int driveSource) {
    List<Slot> newSlots = new ArrayList<>(slots);
    List<Drive> newDrives = new ArrayList<>(drives);
    newSlots.set(slot.number() - 1, slot);
    newDrives.set(drive.number(), drive);
    int[] newSources = sources.clone();
    newSources[drive.number()] = driveSource;
    return with(newSlots, newDrives, newSources);
  }

  /** The view after moving the medium of slot {@code from} to slot {@code to}. */
  public MtxLibrary afterTransfer(int from, int to) {
    Slot a = slot(from);
    Slot b = slot(to);
    List<Slot> newSlots = new ArrayList<>(slots);
    newSlots.set(from - 1, emptied(a));
    newSlots.set(to - 1, b.with(true, a.primaryTag(), a.alternateTag()));
    return with(newSlots, drives, sources);
  }

  /**
   * The view after EXCHANGE MEDIUM: the medium of {@code source} goes to {@code first}, the medium of
   * {@code first} to {@code second}.
   */
  public MtxLibrary afterExchange(int source, int first, int second) {
    Slot a = slot(source);
    Slot b = slot(first);
    List<Slot> newSlots = new ArrayList<>(slots);
    newSlots.set(source - 1, emptied(a));
    newSlots.set(second - 1, slot(second).with(b.full(), b.primaryTag(), b.alternateTag()));
    newSlots.set(first - 1, b.with(a.full(), a.primaryTag(), a.alternateTag()));
    return with(newSlots, drives, sources);
  }
}
