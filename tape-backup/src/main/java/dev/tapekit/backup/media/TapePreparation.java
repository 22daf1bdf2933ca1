package dev.tapekit.backup.media;

import dev.tapekit.scsi.tape.ReadResult;

import dev.tapekit.format.TapeFormatException;

import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.block.DriveBlockSink;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.MediaLabel;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.Recognition;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.label.TapeRecognizer;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a tape between loading it and writing archives to it.
 *
 * <ul>
 *   <li>{@link #label}: a blank tape gets its media label (file 0), its cartridge memory tags ({@link
 *       CartridgeTags}; a drive that refuses them is logged as a warning) and joins the inventory.
 *   <li>{@link #format}: a tape is made blank again and its tags cleared.
 *   <li>{@link #prepare}: a tape the catalog gave a write session is checked (its media label must be
 *       the catalog's: same UUID) and positioned for appending. A tape that has just joined its set
 *       gets the set's media set label as file 1, which ends what was on it before. A tape that was
 *       already in the set is positioned at its end of data. A tape whose set label's write failed
 *       (file 1 empty and the last file: nothing of the set is on it) gets the label again.
 * </ul>
 *
 * The drive is in variable-block mode afterwards; labels are written unencrypted.
 */
public final class TapePreparation {
  private static final Logger LOG = LoggerFactory.getLogger(TapePreparation.class);

  private TapePreparation() {}

  /**
   * Labels the blank tape in {@code drive} with {@code barcode} and adds it to the catalog, online in
   * {@code changer} when it is in one.
   *
   * @param pool the pool it is reserved for, or empty for a free tape
   * @throws MediaException.WrongTape when the tape is not blank (it is never overwritten here)
   */
  public static Media label(CatalogStore store, TapeDrive drive, String barcode, Optional<String> pool,
      Optional<String> changer, int blockSize, Clock clock) throws IOException {
    drive.setBlockSize(0);
    if (DriveKeys.supported(drive)) {
      // a set's drive key may still be on (a blank tape labelled in the middle of a job): labels are in the clear
      try {
        drive.clearEncryptionKey();
      } catch (dev.tapekit.scsi.tape.TapeDriveException | dev.tapekit.scsi.ScsiCommandException managedElsewhere) {
        LOG.info("{}: the drive's encryption is managed elsewhere ({}); labelling as it is", barcode,
            managedElsewhere.getMessage());
      }
    }
    drive.rewind();
    Recognition found = TapeRecognizer.recognize(new DriveBlockSource(drive, barcode));
    if (found.kind() != Recognition.Kind.BLANK) {
      throw new MediaException.WrongTape(barcode + " is not blank: it holds " + found.describe()
          + "; erase it first if its contents may go");
    }
    drive.rewind();
    MediaLabel label = new MediaLabel(barcode, UUID.randomUUID(), clock.instant(), pool, blockSize);
    label.write(new DriveBlockSink(drive, barcode), blockSize);
    drive.writeFilemarks(0, false); // the label is on tape before the catalog says so
    Media media = Media.newTape(label.media(), barcode, label.ctime(), pool, false)
        .withLocation(changer.<MediaLocation>map(MediaLocation.Online::new).orElse(MediaLocation.OFFLINE));
    store.addMedia(media);
    for (String warning : CartridgeTags.write(drive, barcode, pool, CartridgeTags.Application.tapekit())) {
      LOG.warn(warning);
    }
    return media;
  }

  /**
   * Makes the tape in {@code drive} blank ({@link TapeDrive#format(boolean)}: FORMAT MEDIUM or ERASE as
   * its generation wants) and clears its cartridge memory tags ({@link CartridgeTags#clear}), as PBS's
   * format does. Whatever was on it is gone; its catalog entry is the caller's to remove.
   *
   * @param label the tape's label text or barcode, for messages
   * @param fast a quick format; false overwrites every track (hours)
   * @return warnings for tags the drive would not clear; the format itself succeeded
   */
  public static List<String> format(TapeDrive drive, String label, boolean fast) throws IOException {
    drive.format(fast);
    return CartridgeTags.clear(drive, label);
  }

  /**
   * Makes the tape in {@code drive} ready for a write session of {@code set}: see the class contract.
   *
   * @param media the tape as the catalog has it now (its membership: the set and its sequence number)
   * @return the tape's media set label
   */
  public static MediaSetLabel prepare(TapeDrive drive, Media media, MediaSet set, int blockSize, Clock clock)
      throws IOException {
    return prepare(drive, media, set, blockSize, Optional.empty(), clock);
  }

  /**
   * As {@link #prepare(TapeDrive, Media, MediaSet, int, Clock)} for an encrypted set: a new set label
   * carries {@code encryption}; a tape already in the set must carry a key of the same fingerprint.
   */
  public static MediaSetLabel prepare(TapeDrive drive, Media media, MediaSet set, int blockSize,
      Optional<MediaSetLabel.Encryption> encryption, Clock clock) throws IOException {
    Media.Membership membership = media.membership().orElseThrow(() -> new IllegalArgumentException(media
        + " is in no media set: allocate it to the session first"));
    if (!membership.mediaSet().equals(set.uuid())) {
      throw new IllegalArgumentException(media + " is in media set " + membership.mediaSet() + ", not " + set.uuid());
    }
    drive.setBlockSize(0);
    drive.rewind();
    DriveBlockSource source = new DriveBlockSource(drive, media.label());
    TapeLabels labels;
    try {
      labels = TapeLabels.readLabels(source).orElseThrow(() -> new MediaException.WrongTape(media.label()
          + " is blank, but the catalog has it labelled (" + media.uuid() + "): a different cartridge with that "
          + "barcode, or an erased tape; label it again"));
    } catch (TapeFormatException e) {
      if (!interruptedSetLabel(e, drive, source)) {
        throw e;
      }
      // The set label's write failed when the tape joined its set (the file was then closed with a
      // filemark): file 1 is empty and nothing follows, so nothing of the set is on the tape. It joins
      // again: its media label is checked below and the set label written anew.
      LOG.warn("{}: file 1 is empty at the end of data (an interrupted media set label); writing it again",
          media.label());
      labels = new TapeLabels(MediaLabel.read(source, 0), Optional.empty());
    }
    if (!labels.media().media().equals(media.uuid())) {
      throw new MediaException.WrongTape(media.label() + " carries media UUID " + labels.media().media()
          + ", the catalog's tape of that label is " + media.uuid() + ": update the inventory");
    }
    Optional<MediaSetLabel> onTape = labels.mediaSet();
    if (onTape.isPresent() && onTape.get().mediaSet().equals(set.uuid())
        && onTape.get().sequence() == membership.sequence()) {
      Optional<String> was = onTape.get().encryption().map(e -> e.fingerprint().toString());
      Optional<String> now = encryption.map(e -> e.fingerprint().toString());
      if (!was.equals(now)) {
        throw new MediaException.WrongTape(media.label() + " of set " + set.name() + " is encrypted with "
            + was.orElse("no key") + ", the session with " + now.orElse("no key") + ": a set keeps one key; "
            + "start a new media set");
      }
      drive.moveToEndOfData(true);
      return onTape.get();
    }
    MediaSetLabel label = new MediaSetLabel(set.pool(), set.uuid(), membership.sequence(), clock.instant(), blockSize,
        encryption);
    drive.locateFile(1);
    label.write(new DriveBlockSink(drive, media.label()), blockSize);
    drive.writeFilemarks(0, false);
    return label;
  }

  /**
   * Whether {@code e} is the reader's complaint about an empty file 1 that is the tape's last file: a
   * filemark at file 1's start, then end of data. Leaves the tape at file 0's start.
   */
  private static boolean interruptedSetLabel(TapeFormatException e, TapeDrive drive, DriveBlockSource source)
      throws IOException {
    if (e.kind() != TapeFormatException.Kind.TRUNCATED || e.location() == null || e.location().file() != 1
        || e.location().block() != 0) {
      return false;
    }
    source.locateFile(1);
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(4096);
    boolean empty = source.read(buffer).kind() == ReadResult.Kind.FILEMARK;
    buffer.clear();
    boolean last = empty && source.read(buffer).kind() == ReadResult.Kind.END_OF_DATA;
    source.locateFile(0);
    return last;
  }

  /** The tape's catalog entry after a load: one more load, online where it is. */
  public static Media loaded(CatalogStore store, Media media, MediaLocation where) throws CatalogException {
    return store.updateMedia(media.uuid(), m -> m.withCounters(m.loads() + 1, m.errors()).withLocation(where));
  }
}
