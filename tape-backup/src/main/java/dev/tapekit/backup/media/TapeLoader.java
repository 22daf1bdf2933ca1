package dev.tapekit.backup.media;

import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.policy.DriveOccupancy;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts tapes into one drive, asked for by label text (the barcode): a library's changer ({@link
 * LibraryDrive}) or an operator at a standalone drive ({@link StandaloneDrive}). Jobs use a drive
 * only through this, and call {@link LoadCheck#afterLoad} after each {@link #load}.
 *
 * <p>Contract: a load or unload that fails is never retried (a move that failed may have moved the
 * cartridge); the next call reads the state afresh. Not thread-safe: a job holds the drive (its
 * lock) while it uses this.
 */
public interface TapeLoader extends Closeable {
  /** The drive. */
  TapeDrive drive();

  /** A name for the drive that is the same in every process: {@code <changer>:<device>}, or the device. */
  String driveName();

  /** The changer's name in the catalog (tape locations are {@code online-<name>}); empty for a standalone drive. */
  Optional<String> changer();

  /** Where a tape in this drive is: online in the changer, or offline (a standalone drive's tape). */
  default MediaLocation location() {
    return changer().<MediaLocation>map(MediaLocation.Online::new).orElse(MediaLocation.OFFLINE);
  }

  /**
   * The labels the loader can reach without an operator: the changer's barcodes in its storage slots
   * and drives (not its import/export slots, not cleaning cartridges, as PBS counts them online);
   * none for a standalone drive.
   */
  Set<String> reachable() throws IOException;

  /** The label of the tape in the drive, when it is known. */
  Optional<String> loaded() throws IOException;

  /**
   * What the drives hold, read afresh: this drive's tape and the tapes in the changer's other drives
   * (another job's or host's, not to be taken); nothing known for a standalone drive.
   */
  default DriveOccupancy occupancy() throws IOException {
    return DriveOccupancy.UNKNOWN;
  }

  /**
   * Makes the tape labelled {@code label} the drive's tape and waits until it is ready.
   *
   * @throws MediaException.NotInLibrary when the loader cannot get it
   */
  TapeDrive load(String label) throws IOException;

  /** Takes the drive's tape out (back to its slot, or ejected for the operator); nothing if empty. */
  void unload() throws IOException;

  /**
   * Moves the tapes labelled {@code labels} out of the loader's reach, as PBS exports a media set: a
   * library's into free import/export slots (the one in this drive unloaded there directly); a
   * standalone drive ejects the one it holds. A tape that cannot go is reported, the others go.
   */
  Exported export(List<String> labels) throws IOException;

  /**
   * What {@link #export} did.
   *
   * @param exported per label, where it went (e.g. {@code import/export slot 40}, {@code ejected})
   * @param notExported per label, why it stayed
   */
  record Exported(Map<String, String> exported, Map<String, String> notExported) {
    public Exported {
      exported = Map.copyOf(exported);
      notExported = Map.copyOf(notExported);
    }
  }
}
