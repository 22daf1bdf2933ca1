package dev.tapekit.changer;

import dev.tapekit.changer.MtxException.Kind;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * mtx 1.3.12's commands as an API: slot numbers from 1, drive numbers from 0 (see {@link MtxLibrary}),
 * mtx's argument checks, error texts and progress lines, over any {@link MediaChanger}.
 *
 * <p>Each command checks its arguments against the current {@link #library()} view exactly as mtx does
 * and throws {@link MtxException} with mtx's message when they are wrong; it then sends MOVE MEDIUM (or
 * EXCHANGE MEDIUM, POSITION TO ELEMENT) and maps the changer's refusal to mtx's message: 3B/0E
 * {@code Source Element Address %d is Empty}, 3B/0D {@code Destination Element Address %d is Already
 * Full}, 30/03 {@code Cleaning Cartridge Installed and Ejected}, 3A/00 {@code Drive needs offline
 * before move}, anything else the sense printout followed by {@code MOVE MEDIUM from Element Address %d
 * to %d Failed}. Progress text ({@code Loading media from Storage Element 3 into drive 0...done}) goes
 * to the {@code out} given at construction, flushed before each move as mtx does.
 *
 * <p>After each successful command the view is updated locally (the changer is not re-read), so
 * chained commands see the effect. Deliberate differences from mtx, where mtx reads past its arrays or
 * forgets state: the local update also moves volume tags and numbers loaded slots afresh (so the view is
 * what a new READ ELEMENT STATUS would show, see {@link MtxLibrary});
 * {@code transfer} and {@code exchange} update the view too; {@code previous} on an empty drive starts
 * at the last storage slot (mtx starts at the first mail slot); {@code unload} into slot 0 and
 * first/next/previous on a drive whose source is unknown fail with mtx's messages instead of
 * undefined behaviour; {@code position} with a slot outside the library positions at slot 1 as mtx
 * does for out-of-range numbers.
 *
 * <p>Not thread-safe: one instance per command line.
 */
public final class MtxSemantics {
  private final MediaChanger changer;
  private final Appendable out;
  private MoveOptions options;
  private MtxLibrary library;

  /**
   * @param changer the changer to move media with
   * @param library the current view, normally {@code MtxLibrary.of(changer.status())}
   * @param out where progress text goes (stdout for a tool)
   */
  public MtxSemantics(MediaChanger changer, MtxLibrary library, Appendable out) {
    this.changer = Objects.requireNonNull(changer, "changer");
    this.library = Objects.requireNonNull(library, "library");
    this.out = Objects.requireNonNull(out, "out");
    this.options = MoveOptions.DEFAULT;
  }

  /**
   * Reads the changer's status and numbers it. A refusal becomes mtx's sense printout and {@code READ
   * ELEMENT STATUS Command Failed}.
   */
  public static MtxSemantics open(MediaChanger changer, Appendable out) throws ScsiException {
    ChangerStatus status;
    try {
      status = changer.status();
    } catch (ChangerException e) {
      throw withSenseReport(changer, e, "READ ELEMENT STATUS Command Failed");
    }
    return new MtxSemantics(changer, MtxLibrary.of(status), out);
  }

  /**
   * {@code mtx inquiry}: the text to print; a refusal becomes mtx's sense printout and {@code INQUIRY
   * Command Failed}.
   */
  public static String inquiry(MediaChanger changer) throws ScsiException {
    try {
      return MtxText.inquiry(changer.inquiry());
    } catch (ChangerException e) {
      throw withSenseReport(changer, e, "INQUIRY Command Failed");
    }
  }

  private static MtxException withSenseReport(MediaChanger changer, ChangerException e, String mtxMessage) {
    List<String> report = e.sense().map(MtxText::requestSense).orElse(List.of());
    return new MtxException(changer.deviceName(), Kind.CHANGER_ERROR, mtxMessage, e.detail(), report, e);
  }

  /** The current view. */
  public MtxLibrary library() {
    return library;
  }

  /** The options of later moves (mtx's {@code invert}, {@code invert2}, {@code eepos}). */
  public MtxSemantics options(MoveOptions newOptions) {
    this.options = Objects.requireNonNull(newOptions);
    return this;
  }

  private MtxException fail(Kind kind, String mtxMessage) {
    return MtxException.of(changer.deviceName(), kind, mtxMessage);
  }

  private void print(String text) {
    try {
      out.append(text);
      if (out instanceof Flushable f) {
        f.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int driveOrFirst(OptionalInt drive) {
    int d = drive.orElse(0);
    return d >= 0 && d < library.drives().size() ? d : 0;
  }

  /**
   * {@code mtx load <slot> [<drive>]}: drive defaults to 0. Errors: {@code No source specified} (slot
   * below 1), {@code Invalid <storage-element-number> argument '%d' to 'load' command}, {@code illegal
   * <drive-number> argument '%d' to 'load' command}, {@code Drive %d Full (Storage Element %d loaded)}.
   */
  public void load(int slot, OptionalInt drive) throws ScsiException {
    if (slot < 1) {
      throw fail(Kind.INVALID_ARGUMENT, "No source specified");
    }
    int d = drive.orElse(0);
    if (slot > library.slotCount()) {
      throw fail(Kind.INVALID_ARGUMENT, "Invalid <storage-element-number> argument '" + slot + "' to 'load' command");
    }
    if (d < 0 || d >= library.drives().size()) {
      throw fail(Kind.INVALID_ARGUMENT, "illegal <drive-number> argument '" + d + "' to 'load' command");
    }
    MtxLibrary.Drive target = library.drive(d);
    if (target.full()) {
      throw fail(Kind.DRIVE_FULL,
          "Drive " + d + " Full (Storage Element " + target.loadedSlot().orElse(0) + " loaded)");
    }
    print(MtxText.loading(slot, d));
    move(library.slot(slot).address(), target.address());
    print(MtxText.DONE);
    library = library.afterLoad(slot, d);
  }

  /**
   * {@code mtx unload [<slot>] [<drive>]}: drive defaults to 0, slot to the drive's loaded slot (see
   * {@link MtxLibrary}). Errors: {@code No Source for tape in drive %d!}, {@code illegal
   * <storage-element-number> argument '%d' to 'unload' command}, {@code illegal <drive-number> argument
   * '%d' to 'unload' command}, {@code Data Transfer Element %d is Empty}, {@code Storage Element %d is
   * Already Full}.
   */
  public void unload(OptionalInt slot, OptionalInt drive) throws ScsiException {
    int d = drive.orElse(0);
    boolean driveValid = d >= 0 && d < library.drives().size();
    String badDrive = "illegal <drive-number> argument '" + d + "' to 'unload' command";
    int s;
    if (slot.isPresent()) {
      s = slot.getAsInt();
    } else {
      if (!driveValid) {
        throw fail(Kind.INVALID_ARGUMENT, badDrive);
      }
      MtxLibrary.Drive loaded = library.drive(d);
      if (!loaded.full()) {
        throw fail(Kind.DRIVE_EMPTY, "Data Transfer Element " + d + " is Empty");
      }
      s = requireSource(loaded);
    }
    if (s < 1 || s > library.slotCount()) {
      throw fail(Kind.INVALID_ARGUMENT, "illegal <storage-element-number> argument '" + s + "' to 'unload' command");
    }
    if (!driveValid) {
      throw fail(Kind.INVALID_ARGUMENT, badDrive);
    }
    MtxLibrary.Drive source = library.drive(d);
    if (!source.full()) {
      throw fail(Kind.DRIVE_EMPTY, "Data Transfer Element " + d + " is Empty");
    }
    MtxLibrary.Slot target = library.slot(s);
    if (target.full()) {
      throw fail(Kind.SLOT_FULL, "Storage Element " + s + " is Already Full");
    }
    print(MtxText.unloading(d, s));
    move(source.address(), target.address());
    print(MtxText.DONE);
    library = library.afterUnload(d, s);
  }

  /**
   * {@code mtx transfer <slot> <slot>} (slot numbers include mail slots; 0 means "not given"). Errors:
   * {@code No source specified}, {@code No destination specified}, {@code Invalid source}, {@code Invalid
   * destination}. Prints nothing on success.
   */
  public void transfer(int from, int to) throws ScsiException {
    checkSlotPair(from, to);
    move(library.slot(from).address(), library.slot(to).address());
    library = library.afterTransfer(from, to);
  }

  /**
   * {@code mtx exchange <slot> <slot> [<slot>]}: the medium in {@code from} goes to {@code to}, the one
   * in {@code to} goes to {@code second} (default: {@code from}). Same argument errors as {@link
   * #transfer}; a {@code second} outside the library is {@code Invalid destination}.
   */
  public void exchange(int from, int to, OptionalInt second) throws ScsiException {
    checkSlotPair(from, to);
    int back = second.orElse(from);
    if (back < 1 || back > library.slotCount()) {
      throw fail(Kind.INVALID_ARGUMENT, "Invalid destination");
    }
    int src = library.slot(from).address();
    int dst = library.slot(to).address();
    try {
      changer.exchange(src, dst, library.slot(back).address(), options);
    } catch (ChangerException e) {
      throw translate(e, "EXCHANGE MEDIUM", src, dst);
    }
    library = library.afterExchange(from, to, back);
  }

  private void checkSlotPair(int from, int to) throws MtxException {
    if (from < 1) {
      throw fail(Kind.INVALID_ARGUMENT, "No source specified");
    }
    if (to < 1) {
      throw fail(Kind.INVALID_ARGUMENT, "No destination specified");
    }
    if (from > library.slotCount()) {
      throw fail(Kind.INVALID_ARGUMENT, "Invalid source");
    }
    if (to > library.slotCount()) {
      throw fail(Kind.INVALID_ARGUMENT, "Invalid destination");
    }
  }

  /**
   * {@code mtx first [<drive>]}: load storage slot 1 (a drive number outside the library means drive 0).
   * If the drive is full it is unloaded first, unless it already holds slot 1's medium, in which case
   * only {@code loading...done.} is printed.
   */
  public void first(OptionalInt drive) throws ScsiException {
    int d = driveOrFirst(drive);
    MtxLibrary.Drive current = library.drive(d);
    if (current.full()) {
      if (current.loadedSlot().orElse(0) == 1) {
        print(MtxText.ALREADY_LOADED);
        return;
      }
      unload(current.loadedSlot(), OptionalInt.of(d));
    }
    load(1, OptionalInt.of(d));
  }

  /**
   * {@code mtx last [<drive>]}: load the last storage slot (mail slots excluded); like {@link #first},
   * prints {@code loading...done.} when the drive already holds a medium from that slot or beyond.
   */
  public void last(OptionalInt drive) throws ScsiException {
    int d = driveOrFirst(drive);
    int lastSlot = library.storageSlotCount();
    MtxLibrary.Drive current = library.drive(d);
    if (current.full()) {
      if (current.loadedSlot().orElse(0) >= lastSlot) {
        print(MtxText.ALREADY_LOADED);
        return;
      }
      unload(current.loadedSlot(), OptionalInt.of(d));
    }
    load(lastSlot, OptionalInt.of(d));
  }

  /**
   * {@code mtx next [<drive>]}: unload the drive to its slot, then load the next full storage slot after
   * it (from slot 1 when the drive was empty); {@code No More Media} when there is none.
   */
  public void next(OptionalInt drive) throws ScsiException {
    int d = driveOrFirst(drive);
    MtxLibrary.Drive current = library.drive(d);
    int after = 0;
    if (current.full()) {
      after = requireSource(current);
      unload(current.loadedSlot(), OptionalInt.of(d));
    }
    for (int s = after + 1; s <= library.storageSlotCount(); s++) {
      if (library.slot(s).full()) {
        load(s, OptionalInt.of(d));
        return;
      }
    }
    throw fail(Kind.NO_MORE_MEDIA, "No More Media");
  }

  /**
   * {@code mtx previous [<drive>]}: unload the drive to its slot, then load the nearest full storage
   * slot before it (from the last storage slot when the drive was empty); {@code No More Media} when
   * there is none — before unloading, if the drive holds slot 1's medium.
   */
  public void previous(OptionalInt drive) throws ScsiException {
    int d = driveOrFirst(drive);
    MtxLibrary.Drive current = library.drive(d);
    int before = library.storageSlotCount() + 1;
    if (current.full()) {
      before = requireSource(current);
      if (before == 1) {
        throw fail(Kind.NO_MORE_MEDIA, "No More Media");
      }
      unload(current.loadedSlot(), OptionalInt.of(d));
    }
    for (int s = Math.min(before, library.storageSlotCount() + 1) - 1; s >= 1; s--) {
      if (library.slot(s).full()) {
        load(s, OptionalInt.of(d));
        return;
      }
    }
    throw fail(Kind.NO_MORE_MEDIA, "No More Media");
  }

  private int requireSource(MtxLibrary.Drive drive) throws MtxException {
    if (drive.loadedSlot().isEmpty()) {
      throw fail(Kind.NO_SOURCE, "No Source for tape in drive " + drive.number() + "!");
    }
    return drive.loadedSlot().getAsInt();
  }

  /**
   * {@code mtx position <slot>}: POSITION TO ELEMENT in front of the slot (slot 1 when the number is
   * outside the library); failure is {@code Could not position transport}.
   */
  public void position(int slot) throws ScsiException {
    int s = slot >= 1 && slot <= library.slotCount() ? slot : 1;
    try {
      changer.position(library.slot(s).address());
    } catch (ChangerException e) {
      throw new MtxException(changer.deviceName(), Kind.CHANGER_ERROR, "Could not position transport",
          e.detail(), List.of(), e);
    }
  }

  /** {@code mtx inventory}: INITIALIZE ELEMENT STATUS; failure is {@code mtx:inventory failed}. */
  public static void inventory(MediaChanger changer) throws ScsiException {
    try {
      changer.inventory();
    } catch (ChangerException e) {
      throw new MtxException(changer.deviceName(), Kind.CHANGER_ERROR, "mtx:inventory failed", e.detail(), List.of(), e);
    }
  }

  private void move(int source, int destination) throws ScsiException {
    try {
      changer.move(source, destination, options);
    } catch (ChangerException e) {
      throw translate(e, "MOVE MEDIUM", source, destination);
    }
  }

  /** mtx's mapping of a refused MOVE/EXCHANGE to its message. */
  private MtxException translate(ChangerException e, String command, int source, int destination) {
    Optional<SenseData> sense = e.sense();
    AdditionalSense a = sense.map(SenseData::additionalSense).orElse(null);
    String device = changer.deviceName();
    if (AdditionalSense.CLEANING_CARTRIDGE_INSTALLED.equals(a)) {
      return new MtxException(device, Kind.CHANGER_ERROR, "Cleaning Cartridge Installed and Ejected", e.detail(), List.of(), e);
    }
    if (AdditionalSense.MEDIUM_NOT_PRESENT.equals(a)) {
      return new MtxException(device, Kind.CHANGER_ERROR, "Drive needs offline before move", e.detail(), List.of(), e);
    }
    if (AdditionalSense.MEDIUM_DESTINATION_ELEMENT_FULL.equals(a)) {
      return new MtxException(device, Kind.DESTINATION_FULL,
          "Destination Element Address " + destination + " is Already Full", e.detail(), List.of(), e);
    }
    if (AdditionalSense.MEDIUM_SOURCE_ELEMENT_EMPTY.equals(a)) {
      return new MtxException(device, Kind.SOURCE_EMPTY,
          "Source Element Address " + source + " is Empty", e.detail(), List.of(), e);
    }
    return withSenseReport(changer, e, command + " from Element Address " + source + " to " + destination + " Failed");
  }
}
