package dev.tapekit.backup.job;

import dev.tapekit.backup.media.MediaException;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies a media set without restoring it: every tape is loaded once, in set order, and read
 * forward from its labels to end of data. Every block's CRC32C and every file's header and footer
 * are checked; every chunk's stored-bytes CRC, and with the plain data its SHA-256 against its
 * digest; every snapshot and catalog archive to its index and footer. Each chunk archive is compared
 * with the catalog (chunks it lists that the tape lacks, chunks on tape it does not list). The
 * drive's wear counters are read for each tape. This is the scrub job PBS lacks.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Problems on tape are results, not exceptions: a read error is reported as an {@link
 *       Region unreadable region} (tape, file, blocks, error); the verify skips past it (LOCATE to the
 *       next readable block, at most 16 blocks on, else to the next
 *       file) and goes on. In a chunk archive, the chunks the catalog places after the region are
 *       still read, each by LOCATE.
 *   <li>A software-encrypted set is decrypted with its tape key, and every digest checked. Without
 *       the key only the CRCs of blocks and stored chunk bytes are checked; {@link
 *       Result#digestsChecked()} says so.
 *   <li>The catalog learns: each tape's load is counted ({@link Media#loads()}, location updated),
 *       and each unreadable region adds one to {@link Media#errors()}. Nothing else changes.
 *   <li>Holds the media set shared (backups wait, restores run beside it) and the drive exclusively.
 *   <li>Exceptions: catalog failures; a drive or changer that stops answering. A tape the library
 *       cannot reach is reported and skipped. Not thread-safe.
 * </ul>
 */
public final class SetVerify {
  /** Findings of one kind are listed up to this many; their count is always complete. */
  public static final int LISTED = 1000;

  /**
   * What a verify found.
   *
   * @param mediaSet the set verified
   * @param digestsChecked whether chunk digests were checked (false: an encrypted set verified without
   *     its key, so only CRCs were)
   * @param tapes each tape of the set, in sequence order
   * @param missingTapes sequence numbers the catalog has no tape for (an incomplete set)
   */
  public record Result(UUID mediaSet, boolean digestsChecked, List<TapeResult> tapes, List<Integer> missingTapes) {
    public Result {
      tapes = List.copyOf(tapes);
      missingTapes = List.copyOf(missingTapes);
    }

    /** Whether every tape is there and verified without a finding. */
    public boolean clean() {
      return missingTapes.isEmpty() && tapes.stream().allMatch(TapeResult::clean);
    }
  }

  /**
   * What the verify found on one tape.
   *
   * @param label the tape's label text
   * @param sequence its number in the set
   * @param filesChecked data files (2 and on) read
   * @param chunksChecked chunks read and checked (CRC, and digest when {@link Result#digestsChecked()})
   * @param badChunks chunks read whose check failed: stored CRC, authentication, decompression, or a
   *     SHA-256 of the plain data that is not their digest
   * @param missingOnTape chunks the catalog lists for a file that the file, read whole, does not hold
   *     (or a file the catalog lists and the tape lacks)
   * @param notInCatalog chunks on tape that the catalog does not list for their file
   * @param chunksUnreadable catalogued chunks that lie in an unreadable region, so were not checked
   * @param unreadable regions that could not be read or failed their checks, in tape order
   * @param problems other disagreements of tape and catalog (labels, files, snapshot counts)
   * @param wear what the drive reports about the cartridge's wear
   */
  public record TapeResult(String label, int sequence, long filesChecked, long chunksChecked, Findings badChunks,
      Findings missingOnTape, Findings notInCatalog, long chunksUnreadable, List<Region> unreadable,
      List<String> problems, TapeWear wear) {
    public TapeResult {
      unreadable = List.copyOf(unreadable);
      problems = List.copyOf(problems);
    }

    /** Whether nothing was found. */
    public boolean clean() {
      return badChunks.count() == 0 && missingOnTape.count() == 0 && notInCatalog.count() == 0
          && chunksUnreadable == 0 && unreadable.isEmpty() && problems.isEmpty();
    }
  }

  /**
   * One chunk finding.
   *
   * @param file the tape file (chunk archive) it is in, or the catalog places it in
   * @param block its first block within the file
   * @param digest its SHA-256 digest, hex
   * @param detail what is wrong, and where
   */
  public record Chunk(long file, long block, String digest, String detail) {}

  /**
   * Findings of one kind: how many, and the first {@value SetVerify#LISTED}.
   *
   * @param count all of them
   * @param listed the first ones, in tape order
   */
  public record Findings(long count, List<Chunk> listed) {
    public Findings {
      listed = List.copyOf(listed);
    }
  }

  /**
   * Blocks of a tape file that could not be read, or whose checks failed.
   *
   * @param tape the tape's label text
   * @param file the tape file
   * @param firstBlock the first such block within the file (-1 when the drive could not say)
   * @param lastBlock the last such block; -1 when the verify gave up on the rest of the file
   * @param error the first error, as the drive or the format reader reported it
   */
  public record Region(String tape, long file, long firstBlock, long lastBlock, String error) {
    @Override
    public String toString() {
      return "tape " + tape + ", file " + file + ", blocks " + (firstBlock < 0 ? "?" : firstBlock) + ".."
          + (lastBlock < 0 ? "end of file" : lastBlock) + ": " + error;
    }
  }

  private final CatalogStore store;
  private final TapeLoader library;
  private final Optional<TapeKey> key;
  private final Duration lockTimeout;
  private final Clock clock;

  /**
   * @param key the tape key of a software-encrypted set; without it such a set is checked by CRCs only
   * @param lockTimeout how long to wait for the drive and the media set
   */
  public SetVerify(CatalogStore store, TapeLoader library, Optional<TapeKey> key, Duration lockTimeout, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.library = Objects.requireNonNull(library, "library");
    this.key = Objects.requireNonNull(key, "key");
    this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Verifies media set {@code set}; see the class contract. */
  public Result verify(UUID set) throws IOException {
    MediaSet ms = store.mediaSet(set).orElseThrow(() -> new CatalogException.NotFound(store.describe()
        + ": no media set " + set + ": list the pool's media sets"));
    Optional<MediaSetKey> setKey = SetKeys.open(ms, key);
    boolean digests = ms.encryption().isEmpty() || setKey.isPresent();
    String job = "verify " + set;
    try (CatalogLock drive = store.lock(LockTarget.drive(library.driveName()), LockHolder.thisProcess(job,
        clock.instant(), LockHolder.Mode.EXCLUSIVE), lockTimeout);
        CatalogLock media = store.lock(LockTarget.mediaSet(set), LockHolder.thisProcess(job, clock.instant(),
            LockHolder.Mode.SHARED), lockTimeout)) {
      List<TapeResult> tapes = new ArrayList<>();
      List<Integer> missing = new ArrayList<>();
      for (int seq = 0; seq < ms.nextSequence(); seq++) {
        UUID id = ms.members().get(seq);
        Optional<Media> tape = id == null ? Optional.empty() : store.media(id);
        if (tape.isEmpty()) {
          missing.add(seq);
          continue;
        }
        tapes.add(verifyTape(tape.get(), seq, ms, setKey));
      }
      return new Result(set, digests, tapes, missing);
    } finally {
      setKey.ifPresent(MediaSetKey::close);
    }
  }

  private TapeResult verifyTape(Media tape, int seq, MediaSet set, Optional<MediaSetKey> setKey) throws IOException {
    TapeDrive drive;
    try {
      drive = library.load(tape.label());
    } catch (MediaException.NotInLibrary e) {
      TapeVerifier none = new TapeVerifier(store, tape, seq, set.uuid(), null, setKey);
      none.problem("not verified: " + e.getMessage());
      return none.result(TapeWear.unknown("the tape was not loaded"));
    }
    TapePreparation.loaded(store, tape, library.location());
    drive.setBlockSize(0);
    boolean driveKey = SetKeys.afterLoad(drive, tape.label(), set.uuid(), key);
    TapeResult r;
    try {
      TapeVerifier v = new TapeVerifier(store, tape, seq, set.uuid(), new DriveBlockSource(drive, tape.label()),
          setKey);
      v.run();
      r = v.result(TapeWear.read(drive));
    } finally {
      if (driveKey) {
        drive.clearEncryptionKey();
      }
    }
    if (!r.unreadable().isEmpty()) {
      store.updateMedia(tape.uuid(), m -> m.withCounters(m.loads(), m.errors() + r.unreadable().size()));
    }
    return r;
  }
}
