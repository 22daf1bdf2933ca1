package dev.tapekit.backup.job;

import dev.tapekit.backup.media.DriveKeys;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.archive.CatalogRebuild;
import dev.tapekit.crypto.KeyResolver;
import dev.tapekit.crypto.TapeCryptoException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.catalog.TapeScanner;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A restore without a catalog: the catalog of a media set is rebuilt from its tapes alone, and the
 * set's key is opened from the wrapped copy on the tape with its passphrase, so that {@link
 * TreeRestore} can run on the rebuilt catalog.
 *
 * <p>The tapes are read in the order given. Each is read fast when it can be (its last catalog
 * archive describes it and the tapes before it) and scanned file by file otherwise. Give the set's
 * last tape first: its catalog archive describes the whole set, and no other tape needs reading
 * until the restore asks for it. A tape of another set is refused; what stays missing is reported.
 */
public final class SetRecovery {
  /**
   * What the recovery found.
   *
   * @param mediaSet the set
   * @param tapesRead the tapes read, in order
   * @param described the set's tapes whose content the catalog now has
   * @param missing tapes up to the highest one read whose content the catalog still lacks (the
   *     restore reports what it cannot read from them)
   * @param unreadable files of scanned tapes that could not be read whole
   * @param key the set's tape key, when the set is encrypted
   */
  public record Result(UUID mediaSet, List<String> tapesRead, SortedSet<Integer> described, SortedSet<Integer> missing,
      List<TapeScanner.Unreadable> unreadable, Optional<TapeKey> key) {}

  private SetRecovery() {}

  /** The set's key, opened through {@code keys} with the wrapped copy in the set label; none for a plain set. */
  private static Optional<TapeKey> key(MediaSetLabel label, Optional<KeyResolver> keys) throws TapeCryptoException {
    if (label.encryption().isEmpty()) {
      return Optional.empty();
    }
    MediaSetLabel.Encryption e = label.encryption().get();
    KeyResolver resolver = keys.orElseThrow(() -> new IllegalArgumentException("media set " + label.mediaSet()
        + " is encrypted with key " + e.fingerprint() + ": give a passphrase prompt (the wrapped key is on the "
        + "tape) or a key store"));
    return Optional.of(resolver.key(e.fingerprint(), e.keyConfig()));
  }

  /**
   * Rebuilds into {@code store} the catalog of the media set of the tapes labelled {@code labels}.
   *
   * @param keys opens the set's key (a passphrase prompt, with the key in the set label); needed only
   *     for an encrypted set
   * @throws CatalogException.NotFound for a blank tape, or one in no media set
   * @throws IllegalArgumentException for a tape of another media set than the first one's
   * @throws TapeCryptoException when the set is encrypted and its key cannot be opened
   */
  public static Result recover(CatalogStore store, TapeLoader loader, List<String> labels, Optional<KeyResolver> keys)
      throws IOException, TapeCryptoException {
    Objects.requireNonNull(keys, "keys");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("name at least one tape of the media set (its last tape is best)");
    }
    UUID set = null;
    int highest = -1;
    SortedSet<Integer> described = new TreeSet<>();
    List<TapeScanner.Unreadable> unreadable = new ArrayList<>();
    List<String> read = new ArrayList<>();
    Optional<TapeKey> key = Optional.empty();
    try {
      for (String label : labels) {
        TapeDrive drive = loader.load(label);
        DriveBlockSource tape = new DriveBlockSource(drive, label);
        read.add(label);
        drive.clearEncryptionKey(); // the labels are in the clear
        MediaSetLabel setLabel = TapeLabels.readLabels(tape).flatMap(TapeLabels::mediaSet).orElseThrow(() ->
            new CatalogException.NotFound(label + " is blank or in no media set: there is no catalog on it"));
        if (set == null) {
          set = setLabel.mediaSet();
          key = key(setLabel, keys);
        } else if (!set.equals(setLabel.mediaSet())) {
          throw new IllegalArgumentException(label + " is tape " + setLabel.sequence() + " of media set "
              + setLabel.mediaSet() + ", not of " + set + " (the first tape's): give the tapes of one set");
        }
        if (setLabel.encryption().map(e -> e.mode() == EncryptionMode.DRIVE).orElse(false)) {
          DriveKeys.set(drive, key.orElseThrow(), set); // the archives are encrypted by the drive
        }
        CatalogRebuild.Result r;
        try {
          r = CatalogRebuild.fromCatalogArchive(store, tape);
        } catch (CatalogException.NotFound noArchive) {
          r = CatalogRebuild.scan(store, tape);
        }
        described.addAll(r.described());
        unreadable.addAll(r.unreadable());
        highest = Math.max(highest, r.tape());
      }
    } catch (IOException | RuntimeException | TapeCryptoException e) {
      key.ifPresent(TapeKey::close);
      throw e;
    } finally {
      loader.drive().clearEncryptionKey();
    }
    SortedSet<Integer> missing = CatalogRebuild.needed(store, set, highest);
    return new Result(set, List.copyOf(read), described, missing, List.copyOf(unreadable), key);
  }
}
