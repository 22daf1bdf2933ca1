package dev.tapekit.backup.media;

import dev.tapekit.catalog.policy.DriveOccupancy;
import dev.tapekit.changer.MediaChanger;
import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.changer.MtxSemantics;
import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.DeviceLockKey;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One drive of a tape library, with the changer that feeds it: tapes are asked for by their label
 * text (the barcode). {@link #load} puts a tape in the drive, first returning the tape that is there
 * to the slot it came from; {@link #unload} returns it.
 *
 * <p>Contract: a changer move or an unload is never retried (a move that failed may have moved the
 * cartridge: the error goes to the caller, and the next call reads the changer's status afresh). Not
 * thread-safe: a job holds the drive (its catalog lock) while it uses this.
 */
public final class LibraryDrive implements TapeLoader {
  private final MediaChanger changer;
  private final String name;
  private final int number;
  private final TapeDrive drive;
  private final Duration readyTimeout;
  private final Consumer<String> progress;
  private Optional<DeviceLocking> locking = Optional.empty();
  private Optional<DeviceLockKey> changerKey = Optional.empty();
  private Closeable driveLock = () -> {};

  /**
   * Opens drive {@code number} of the library behind {@code changer} for a job that holds their lock
   * files ({@link DeviceLocking}): the drive's for as long as this is open (taken before the drive is
   * opened, so another holder's pending drive state is left alone), the changer's around each move.
   *
   * @throws dev.tapekit.scsi.DeviceLockedException when another job or tool holds the drive
   */
  public static LibraryDrive open(ScsiTransport changer, String name, int number, ScsiTransport drive,
      Duration readyTimeout, Consumer<String> progress, DeviceLocking locking) throws IOException {
    Closeable lock = locking.lockDrive(drive);
    try {
      Optional<DeviceLockKey> changerKey = DeviceLocking.changerKey(changer);
      LibraryDrive d = new LibraryDrive(SmcChanger.open(changer), name, number, ScsiTapeDrive.open(drive),
          readyTimeout, progress);
      d.locking = Optional.of(locking);
      d.changerKey = changerKey;
      d.driveLock = lock;
      return d;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** As the full constructor, telling nobody about calibrations. */
  public LibraryDrive(MediaChanger changer, String name, int number, TapeDrive drive, Duration readyTimeout) {
    this(changer, name, number, drive, readyTimeout, line -> {});
  }

  /**
   * @param name the changer's name in the catalog (tape locations are {@code online-<name>})
   * @param number the drive's number in the changer, mtx style (0 = first data transfer element)
   * @param readyTimeout how long a loaded tape may take to become ready; a drive that says it is
   *     calibrating (an LTO-9 tape's first load, up to two hours) is waited for longer
   * @param progress hears a line when a load waits for a calibrating drive, and every 10 minutes after
   */
  public LibraryDrive(MediaChanger changer, String name, int number, TapeDrive drive, Duration readyTimeout,
      Consumer<String> progress) {
    this.changer = Objects.requireNonNull(changer, "changer");
    this.name = Objects.requireNonNull(name, "name");
    this.number = number;
    this.drive = Objects.requireNonNull(drive, "drive");
    this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  @Override
  public TapeDrive drive() {
    return drive;
  }

  @Override
  public String driveName() {
    return name + ":" + number;
  }

  @Override
  public Optional<String> changer() {
    return Optional.of(name);
  }

  /** The changer's name in the catalog, for tape locations ({@code online-<name>}). */
  public String changerName() {
    return name;
  }

  private MtxSemantics mtx() throws IOException {
    return MtxSemantics.open(changer, Writer.nullWriter());
  }

  /** The barcode of the tape in the drive, if it has one. */
  @Override
  public Optional<String> loaded() throws IOException {
    MtxLibrary.Drive d = mtx().library().drive(number);
    return d.barcode();
  }

  @Override
  public DriveOccupancy occupancy() throws IOException {
    MtxLibrary library = mtx().library();
    Set<String> others = new LinkedHashSet<>();
    library.drives().stream().filter(d -> d.number() != number).forEach(d -> d.barcode().ifPresent(others::add));
    return new DriveOccupancy(library.drive(number).barcode(), others);
  }

  /** Every barcode in the changer's slots and drives. */
  @Override
  public Set<String> reachable() throws IOException {
    MtxLibrary library = mtx().library();
    Set<String> out = new LinkedHashSet<>();
    library.slots().stream().filter(s -> !s.importExport() && !s.isCleaning())
        .forEach(s -> s.barcode().ifPresent(out::add));
    library.drives().stream().filter(d -> !d.isCleaning()).forEach(d -> d.barcode().ifPresent(out::add));
    return out;
  }

  /**
   * Makes the tape labelled {@code label} the drive's tape and waits until it is ready.
   *
   * @throws MediaException.NotInLibrary when no slot of the changer holds it (or another drive does:
   *     that drive is not unloaded from here, it may be another job's or host's)
   */
  @Override
  public TapeDrive load(String label) throws IOException {
    MtxSemantics mtx = mtx();
    MtxLibrary.Drive here = mtx.library().drive(number);
    if (here.full() && here.barcode().map(label::equals).orElse(false)) {
      awaitReady(label);
      return drive;
    }
    for (MtxLibrary.Drive other : mtx.library().drives()) {
      if (other.number() != number && other.full() && other.barcode().map(label::equals).orElse(false)) {
        // Taking it needs that drive's own UNLOAD, and that drive may be another job's or another host's.
        throw new MediaException.NotInLibrary(changer.deviceName() + ": tape " + label + " is in drive "
            + other.number() + ", not in a slot: another job or host left it there. Unload it (pmtx -f "
            + changer.deviceName() + " unload " + other.number() + ", or tape unload --drive D on the host that "
            + "uses that drive) and run again; jobs that share a library should end with --eject-media");
      }
    }
    MtxLibrary.Slot slot = mtx.library().findSlot(label).orElseThrow(() -> new MediaException.NotInLibrary(
        changer.deviceName() + ": no slot holds tape " + label + ": put it into the library (through an "
            + "import/export slot, then pmtx transfer to a storage slot)"));
    if (slot.importExport()) {
      throw new MediaException.NotInLibrary(changer.deviceName() + ": tape " + label + " is in import/export slot "
          + slot.number() + ": move it into a storage slot first (pmtx transfer " + slot.number() + " <empty slot>)");
    }
    try (Closeable move = moveLock()) {
      if (here.full()) {
        unload(mtx);
        mtx = mtx();
      }
      try {
        mtx.load(slot.number(), OptionalInt.of(number));
      } catch (dev.tapekit.scsi.ScsiException e) {
        if (refusedOutright(e)) {
          throw new MediaException.CannotLoad(e.getMessage(), e);
        }
        throw e; // the move may have begun: never tried again here
      }
    }
    awaitReady(label);
    return drive;
  }

  /** Whether {@code e} is (or wraps) an ILLEGAL REQUEST: a command refused before anything moved. */
  private static boolean refusedOutright(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.tapekit.scsi.ScsiCommandException c
          && c.sense().map(x -> x.key() == dev.tapekit.scsi.sense.SenseKey.ILLEGAL_REQUEST).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private void awaitReady(String label) throws IOException {
    drive.waitUntilReady(readyTimeout, new LoadProgress(label + " in " + driveName(), progress));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each into the first free import/export slot, as PBS exports: from its storage slot by a
   * transfer, or from this drive by an unload (rewound and ejected first). A tape in another drive, or
   * not in the library, stays; so do all once the import/export slots are full. Moves are not retried.
   */
  @Override
  public Exported export(List<String> labels) throws IOException {
    Map<String, String> done = new LinkedHashMap<>();
    Map<String, String> not = new LinkedHashMap<>();
    for (String label : labels) {
      try (Closeable move = moveLock()) {
        MtxSemantics mtx = mtx();
        MtxLibrary lib = mtx.library();
        Optional<MtxLibrary.Slot> to = lib.slots().stream().filter(s -> s.importExport() && !s.full()).findFirst();
        boolean inDrive = lib.drive(number).barcode().map(label::equals).orElse(false);
        Optional<MtxLibrary.Slot> from = lib.findSlot(label).filter(s -> !s.importExport());
        if (!inDrive && from.isEmpty()) {
          not.put(label, lib.findSlot(label).isPresent() ? "already in an import/export slot"
              : "not in a storage slot of " + changer.deviceName() + " or in drive " + number);
          continue;
        }
        if (to.isEmpty()) {
          not.put(label, "no free import/export slot in " + changer.deviceName() + ": empty them and export again");
          continue;
        }
        if (inDrive) {
          try {
            drive.unload();
          } catch (NoMediumException e) {
            // ejected already
          }
          mtx.unload(OptionalInt.of(to.get().number()), OptionalInt.of(number));
        } else {
          mtx.transfer(from.get().number(), to.get().number());
        }
        done.put(label, "import/export slot " + to.get().number());
      }
    }
    return new Exported(done, not);
  }

  /** The changer's slots and drives as mtx numbers them, read afresh. */
  MtxLibrary library() throws IOException {
    return mtx().library();
  }

  /** Moves the cartridge in {@code slot} into the empty drive; does not wait for it (a cleaner never gets ready). */
  void loadSlot(int slot) throws IOException {
    try (Closeable move = moveLock()) {
      mtx().load(slot, OptionalInt.of(number));
    }
  }

  /** The changer's lock for one move, when this drive was opened with locking. */
  private Closeable moveLock() throws IOException {
    return locking.isPresent() ? locking.get().lockChanger(changerKey, changer.deviceName()) : () -> {};
  }

  /** Returns the drive's tape to its slot (the one it came from, else the first empty one); nothing if empty. */
  @Override
  public void unload() throws IOException {
    try (Closeable move = moveLock()) {
      unload(mtx());
    }
  }

  private void unload(MtxSemantics mtx) throws IOException {
    if (!mtx.library().drive(number).full()) {
      return;
    }
    try {
      drive.unload(); // rewind and eject: libraries take a tape from a drive only once it is ejected
    } catch (NoMediumException e) {
      // the drive ejected it already (a cleaner when done): the changer just takes it
    }
    mtx.unload(OptionalInt.empty(), OptionalInt.of(number));
  }

  @Override
  public void close() throws IOException {
    try {
      drive.close();
    } finally {
      driveLock.close();
    }
  }
}
