package dev.tapekit.backup.media;

import dev.tapekit.changer.MtxLibrary;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.tape.DeferredErrorException;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Cleans a library's drive with a cleaning cartridge (barcode {@code CLN…}) from the library's storage
 * slots, the way PBS does: the drive's tape goes back to its slot, the cleaner is loaded, and it goes
 * back to its slot when the drive is done. Then, beyond PBS: the cleaner's uses are read from its
 * cartridge memory, and an expired cleaner is reported and the next one tried.
 *
 * <p>When the drive is done: the drive must first say it holds a cleaning cartridge (NOT READY 30/03) or
 * has already ejected it; then it is done as soon as its DT device activity (log page 11h) is not
 * "cleaning". A drive that does not report its activity is taken at its word that the cartridge is in,
 * as PBS does: the library's move back waits for the drive to let go of it.
 *
 * <p>A cleaner is expired when loading it sets TapeAlert flag 16h (expired cleaning media) or 17h
 * (invalid cleaning tape), or when the drive takes it for a data cartridge.
 *
 * <p>Contract: an expired cleaner, and a library whose cleaners are all expired, are a {@link Result};
 * no cleaner at all is a {@link MediaException.NotInLibrary}. Moves are never retried (see {@link
 * LibraryDrive}). Not thread-safe: the caller holds the drive.
 */
public final class DriveCleaning {
  /** How often the drive is asked whether it is still cleaning. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private static final Set<TapeAlertFlag> EXPIRED = EnumSet.of(TapeAlertFlag.EXPIRED_CLEANING_MEDIA,
      TapeAlertFlag.INVALID_CLEANING_TAPE);

  private final LibraryDrive library;
  private final Duration timeout;
  private final Polling polling;

  /**
   * @param timeout how long one cleaning may take (LTO drives need a few minutes)
   * @param clock and {@code sleeper}: how the cleaning is waited for, every {@link #POLL_INTERVAL}
   */
  public DriveCleaning(LibraryDrive library, Duration timeout, Clock clock, Sleeper sleeper) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a cleaning takes time; the timeout must be positive, not " + timeout);
    }
    this.library = Objects.requireNonNull(library, "library");
    this.timeout = timeout;
    this.polling = new Polling(clock, sleeper, POLL_INTERVAL);
  }

  /**
   * One cleaning cartridge as this cleaning found it.
   *
   * @param barcode its barcode
   * @param slot its slot, mtx numbering
   * @param uses its LOAD COUNT (MAM 0003h), this load included; empty when the drive did not say
   * @param usesLeft cleanings left after this one: MAM 0409h (the maximum, for a cleaning medium) minus the
   *     load count; empty when not known
   * @param expired it did not clean: see the class comment
   */
  public record Cleaner(String barcode, int slot, OptionalLong uses, OptionalLong usesLeft, boolean expired) {
    /** One line: barcode, slot, uses. */
    public String describe() {
      return barcode + " (slot " + slot + (expired ? ", expired" : "") + (uses.isPresent() ? ", " + uses.getAsLong()
          + " uses" : "") + (usesLeft.isPresent() ? ", " + usesLeft.getAsLong() + " left" : "") + ")";
    }
  }

  /**
   * What a cleaning did.
   *
   * @param cleanedWith the cleaner that cleaned the drive; empty when every one was expired
   * @param expired the expired cleaners tried before, in slot order; they are back in their slots
   */
  public record Result(Optional<Cleaner> cleanedWith, List<Cleaner> expired) {
    public Result {
      Objects.requireNonNull(cleanedWith, "cleanedWith");
      expired = List.copyOf(expired);
    }

    public boolean cleaned() {
      return cleanedWith.isPresent();
    }

    /** One line for the operator. */
    public String describe() {
      StringBuilder b = new StringBuilder(cleanedWith.map(c -> "cleaned with " + c.describe())
          .orElse("not cleaned: every cleaning cartridge is expired; replace them"));
      if (!expired.isEmpty()) {
        b.append("; expired, replace: ");
        b.append(String.join(", ", expired.stream().map(Cleaner::describe).toList()));
      }
      return b.toString();
    }
  }

  /**
   * Cleans the drive; its tape, if any, is back in its slot afterwards (load it again to go on).
   *
   * @throws MediaException.NotInLibrary when no storage slot holds a cleaning cartridge
   * @throws MediaException when the drive is still cleaning after the timeout (the cleaner stays in it)
   */
  public Result clean() throws IOException {
    MtxLibrary status = library.library();
    List<MtxLibrary.Slot> cleaners = status.slots().stream().filter(s -> !s.importExport() && s.isCleaning()).toList();
    if (cleaners.isEmpty()) {
      throw new MediaException.NotInLibrary(library.driveName() + ": no cleaning cartridge (barcode CLN…) in a "
          + "storage slot of " + library.changerName() + ": import one into the library and update the inventory");
    }
    library.unload();
    List<Cleaner> expired = new ArrayList<>();
    for (MtxLibrary.Slot slot : cleaners) {
      Cleaner c = cleanWith(slot);
      library.unload();
      if (!c.expired()) {
        return new Result(Optional.of(c), expired);
      }
      expired.add(c);
    }
    return new Result(Optional.empty(), expired);
  }

  private Cleaner cleanWith(MtxLibrary.Slot slot) throws IOException {
    String barcode = slot.barcode().orElseThrow();
    TapeDrive drive = library.drive();
    Set<TapeAlertFlag> before = flags(drive);
    library.loadSlot(slot.number());
    Optional<Boolean> installed = cleanerInstalled(drive, barcode);
    if (installed.isEmpty()) {
      return new Cleaner(barcode, slot.number(), OptionalLong.empty(), OptionalLong.empty(), true);
    }
    OptionalLong uses = OptionalLong.empty();
    OptionalLong left = OptionalLong.empty();
    if (installed.get()) {
      List<Attribute> mam = memory(drive);
      uses = number(mam, MamAttribute.LOAD_COUNT);
      OptionalLong maximum = number(mam, MamAttribute.MEDIUM_TYPE).equals(OptionalLong.of(1))
          ? number(mam, MamAttribute.MEDIUM_TYPE_INFORMATION) : OptionalLong.empty();
      if (uses.isPresent() && maximum.isPresent()) {
        left = OptionalLong.of(Math.max(0, maximum.getAsLong() - uses.getAsLong()));
      }
      awaitCleaning(drive, barcode);
    }
    Set<TapeAlertFlag> after = EnumSet.noneOf(TapeAlertFlag.class);
    after.addAll(flags(drive));
    after.removeAll(before);
    after.retainAll(EXPIRED);
    return new Cleaner(barcode, slot.number(), uses, left, !after.isEmpty());
  }

  /**
   * Whether the drive holds the cleaner (true) or has already cleaned and ejected it (false); empty
   * when it took it for a data cartridge.
   */
  private Optional<Boolean> cleanerInstalled(TapeDrive drive, String barcode) throws IOException {
    try {
      drive.waitUntilReady(timeout);
      return Optional.empty();
    } catch (NoMediumException e) {
      return Optional.of(false);
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> s.additionalSense().equals(AdditionalSense.CLEANING_CARTRIDGE_INSTALLED)).orElse(false)) {
        return Optional.of(true);
      }
      throw new MediaException(library.driveName() + ": the cleaning cartridge " + barcode + " is in the drive, "
          + "but the drive does not clean with it: " + e.getMessage() + "; check the drive and return the "
          + "cartridge to its slot");
    }
  }

  private void awaitCleaning(TapeDrive drive, String barcode) throws IOException {
    Instant start = polling.now();
    while (activity(drive) == DeviceActivity.CLEANING) {
      Duration waited = polling.since(start);
      if (waited.compareTo(timeout) >= 0) {
        throw new MediaException(library.driveName() + " is still cleaning with " + barcode + " after "
            + waited.toSeconds() + " s; the cleaner is still in the drive: check the drive's display and logs");
      }
      polling.pause(library.driveName() + " cleaning with " + barcode + " (the cleaner is still in the drive)");
    }
  }

  private static DeviceActivity activity(TapeDrive drive) throws IOException {
    try {
      return drive.deviceActivity().orElse(DeviceActivity.NONE);
    } catch (DeferredErrorException e) {
      throw e;
    } catch (ScsiCommandException e) {
      return DeviceActivity.NONE; // no page 11h: the drive does not say
    }
  }

  private static Set<TapeAlertFlag> flags(TapeDrive drive) throws IOException {
    try {
      return drive.tapeAlertFlags();
    } catch (DeferredErrorException e) {
      throw e;
    } catch (ScsiCommandException e) {
      return Set.of(); // no page 12h: expiry shows only when the drive refuses the cartridge
    }
  }

  private static List<Attribute> memory(TapeDrive drive) throws IOException {
    try {
      return drive.readAttributes(MamAttribute.LOAD_COUNT.id(), MamAttribute.MEDIUM_TYPE.id(),
          MamAttribute.MEDIUM_TYPE_INFORMATION.id());
    } catch (DeferredErrorException e) {
      throw e;
    } catch (ScsiCommandException e) {
      return List.of(); // uses unknown
    }
  }

  private static OptionalLong number(List<Attribute> mam, MamAttribute id) {
    for (Attribute a : mam) {
      if (a.id() == id.id()) {
        try {
          return OptionalLong.of(a.number());
        } catch (IOException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
