package dev.tapekit.backup.media;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.tape.DeferredErrorException;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a job does right after a tape is loaded and ready, before it reads or writes: checks the
 * drive's TapeAlert flags, and tags the cartridge memory ({@link CartridgeTags}).
 *
 * <p>Which flags make a tape damaged: the ones PBS aborts a backup for and marks the tape Damaged
 * ({@link TapeAlertFlag#MEDIA_CRITICAL}, its 20-flag critical mask: media, read and write failure,
 * write protect, unrecoverable cartridge failure, forced eject, expired or invalid cleaning media,
 * hardware A and B, eject media, predictive failure, two loader flags, tape system area read and write
 * failure, no start of data, loading and unload failure, automation interface failure). Other set flags,
 * whatever their TapeAlert severity (cleaning required is critical for the drive, not the tape), are
 * warnings. Unlike PBS, a damaged tape does not end the job: the job records the damage ({@link
 * #recordDamage}) and asks its session for another tape.
 *
 * <p>Contract: a damaged tape and every warning are a {@link Result}, not an exception; a drive that
 * cannot report TapeAlert flags (no log page 12h) gives a warning, as PBS ignores it. Thrown are a
 * deferred error, a missing cartridge and an unreachable device. A damaged tape is not tagged.
 */
public final class LoadCheck {
  private LoadCheck() {}

  /** Whether the tape may be used. */
  public enum Verdict {
    /** Use it; the result may still carry warnings. */
    OK,
    /** Critical TapeAlert flags: do not use it, mark it damaged, take another. */
    DAMAGED
  }

  /**
   * What the check found.
   *
   * @param label the tape's label text
   * @param verdict OK or DAMAGED
   * @param flags every TapeAlert flag set after the load
   * @param warnings one line each: flags that are not critical for the tape, a drive without TapeAlert,
   *     cartridge memory attributes not written
   */
  public record Result(String label, Verdict verdict, Set<TapeAlertFlag> flags, List<String> warnings) {
    public Result {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(verdict, "verdict");
      flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
      warnings = List.copyOf(warnings);
    }

    public boolean damaged() {
      return verdict == Verdict.DAMAGED;
    }

    /** The flags that made the tape damaged; empty when OK. */
    public Set<TapeAlertFlag> critical() {
      return flags.stream().filter(TapeAlertFlag.MEDIA_CRITICAL::contains)
          .collect(Collectors.toCollection(() -> EnumSet.noneOf(TapeAlertFlag.class)));
    }

    /** One line for the job's log: what was found and, for a damaged tape, what happens next. */
    public String describe() {
      if (!damaged()) {
        return label + ": TapeAlert " + (flags.isEmpty() ? "clear" : names(flags)) + ", usable";
      }
      return label + " is damaged, TapeAlert reports " + names(critical())
          + ": it is marked damaged and another tape is used; check the drive's log, clean the drive, and "
          + "retire the tape (or set its status back once the cause is fixed)";
    }
  }

  /**
   * Checks the tape in {@code drive} (loaded and ready) that the catalog has as {@code media}, and
   * unless it is damaged tags its cartridge memory with its label text and pool.
   */
  public static Result afterLoad(TapeDrive drive, Media media, CartridgeTags.Application application)
      throws IOException {
    List<String> warnings = new ArrayList<>();
    Set<TapeAlertFlag> flags;
    try {
      flags = drive.tapeAlertFlags();
    } catch (DeferredErrorException | NoMediumException e) {
      throw e;
    } catch (ScsiCommandException e) {
      flags = Set.of();
      warnings.add(media.label() + " in " + drive.deviceName() + ": TapeAlert flags not readable, the tape is used"
          + " unchecked: " + e.getMessage());
    }
    boolean damaged = flags.stream().anyMatch(TapeAlertFlag.MEDIA_CRITICAL::contains);
    for (TapeAlertFlag f : flags) {
      if (!TapeAlertFlag.MEDIA_CRITICAL.contains(f)) {
        warnings.add(media.label() + " in " + drive.deviceName() + ": TapeAlert " + f + hint(f));
      }
    }
    if (damaged) {
      return new Result(media.label(), Verdict.DAMAGED, flags, warnings);
    }
    warnings.addAll(CartridgeTags.write(drive, media.label(), media.pool(), application));
    return new Result(media.label(), Verdict.OK, flags, warnings);
  }

  /**
   * Records in the catalog that the tape of {@code result} is damaged: it is allocated no more until an
   * operator changes its status.
   *
   * @throws IllegalArgumentException when the result is not DAMAGED or is another tape's
   */
  public static Media recordDamage(CatalogStore store, Media media, Result result) throws CatalogException {
    if (!result.damaged() || !result.label().equals(media.label())) {
      throw new IllegalArgumentException("the check of " + result.label() + " found it " + result.verdict()
          + "; not recording damage for " + media.label());
    }
    return store.updateMedia(media.uuid(), m -> m.withStatus(MediaStatus.DAMAGED));
  }

  private static String hint(TapeAlertFlag f) {
    if (TapeAlertFlag.CLEANING_FLAGS.contains(f)) {
      return ": clean the drive (DriveCleaning)";
    }
    if (TapeAlertFlag.MEDIA_LIFE_FLAGS.contains(f)) {
      return ": the tape is wearing out; retire it once its data has expired";
    }
    return "";
  }

  private static String names(Set<TapeAlertFlag> flags) {
    return flags.stream().map(TapeAlertFlag::toString).collect(Collectors.joining(", "));
  }
}
