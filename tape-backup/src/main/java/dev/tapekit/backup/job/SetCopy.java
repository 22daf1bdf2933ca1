package dev.tapekit.backup.job;

import dev.tapekit.backup.media.MediaException;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkArchiveReader;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.format.label.TapeLabels;
import dev.tapekit.format.snapshot.SnapshotArchiveHeader;
import dev.tapekit.format.snapshot.SnapshotArchiveReader;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Copies a media set to another pool's tapes, for off-site rotation: the source set's tapes are read
 * in set order in one drive, and a {@link PoolWriter} writes the copy in another drive, as a new media
 * set of the target pool. When it is finished the catalog links it to the original ({@link
 * MediaSet#copyOf()}).
 *
 * <ul>
 *   <li>Chunk archives: every chunk is read, decoded (decrypted with the source set's key if it is
 *       software-encrypted) and checked against its digest, and given to the writer under its
 *       archive's source name; the writer encrypts it under the target pool's key if it has one, and
 *       writes each chunk once.
 *   <li>Snapshot archives: their entries go to the writer as they are read, in their order, after the
 *       chunks they name (which come earlier in the set).
 *   <li>Catalog archives are not copied: the writer writes the copy's own.
 * </ul>
 *
 * <p>Contract: the source set must be complete and in the catalog, and hold only what {@link
 * PoolWriter} writes (whole chunk and snapshot archives, catalog archives); anything else is refused
 * before a tape moves. The target pool must not be the source's: a copy in the source's pool would
 * become its current set, and the next backup would append to it. The copy stops at the first error
 * (a read error, a chunk that fails its checks): nothing is linked, and the tapes written so far stay
 * an unlinked media set of the target pool, which expires as the pool's policy says. Holds the source
 * set shared and both drives exclusively. Not thread-safe.
 */
public final class SetCopy {
  /**
   * What a copy did.
   *
   * @param source the original media set
   * @param target the copy, a media set of the target pool
   * @param tapesRead the original's tapes, in the order read
   * @param tapesWritten the copy's tapes, in the order written
   * @param chunksRead chunks read from the original
   * @param chunksWritten chunks written to the copy (fewer when the original held a chunk twice)
   * @param snapshots snapshot archives copied
   */
  public record Result(UUID source, UUID target, List<String> tapesRead, List<String> tapesWritten, long chunksRead,
      long chunksWritten, long snapshots) {
    public Result {
      tapesRead = List.copyOf(tapesRead);
      tapesWritten = List.copyOf(tapesWritten);
    }
  }

  private final CatalogStore store;
  private final TapeLoader source;
  private final Optional<TapeKey> sourceKey;
  private final Clock clock;
  private TapeDrive keyed; // the source drive, while it holds a drive-encrypted set's key

  /**
   * @param source the drive the original's tapes are read in
   * @param sourceKey the tape key of a software-encrypted original; an encrypted set is not copied
   *     without it
   */
  public SetCopy(CatalogStore store, TapeLoader source, Optional<TapeKey> sourceKey, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.source = Objects.requireNonNull(source, "source");
    this.sourceKey = Objects.requireNonNull(sourceKey, "sourceKey");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A tape of the original and the files of it that are copied, in file order. */
  private record Plan(Media tape, List<FilePart> files) {}

  /**
   * Copies media set {@code set} into a new media set of {@code targetPool}, written in drive {@code
   * target}; see the class contract.
   *
   * @param encryption the target pool's key, when it has one (as for {@link PoolWriter})
   */
  public Result copy(UUID set, MediaPool targetPool, TapeLoader target, WriterOptions options,
      Optional<SetEncryption> encryption) throws IOException {
    MediaSet original = store.mediaSet(set).orElseThrow(() -> new CatalogException.NotFound(store.describe()
        + ": no media set " + set + ": list the pool's media sets"));
    if (targetPool.pool().name().equals(original.pool())) {
      throw new IllegalArgumentException("media set " + original.name() + " is of pool " + original.pool()
          + ", the copy's pool: a copy goes to a pool of its own (e.g. an off-site pool), or backups would append "
          + "to it");
    }
    if (original.encryption().isPresent() && sourceKey.isEmpty()) {
      throw new IllegalArgumentException("media set " + original.name() + " (" + set + ") is encrypted with key "
          + original.encryption().get() + ": give the copy that tape key");
    }
    List<Plan> plan = plan(original);
    String job = "copy " + set;
    List<String> read = new ArrayList<>();
    long[] counts = new long[3]; // chunks read, chunks written, snapshots
    try (CatalogLock drive = store.lock(LockTarget.drive(source.driveName()), LockHolder.thisProcess(job,
        clock.instant(), LockHolder.Mode.EXCLUSIVE), options.lockTimeout());
        CatalogLock shared = store.lock(LockTarget.mediaSet(set), LockHolder.thisProcess(job, clock.instant(),
            LockHolder.Mode.SHARED), options.lockTimeout());
        PoolWriter writer = new PoolWriter(store, targetPool, target, options, encryption, clock)) {
      Optional<MediaSetKey> key = SetKeys.open(original, sourceKey);
      try {
        writer.begin(job, true);
        for (Plan p : plan) {
          read.add(p.tape().label());
          DriveBlockSource tape = load(p.tape());
          for (FilePart f : p.files()) {
            BlockAddress start = new BlockAddress(f.file().fileNumber(), 0, f.file().firstLogicalObject());
            if (f.file().contentType() == ContentType.CHUNK_ARCHIVE.magic()) {
              copyChunks(tape, start, key, writer, counts);
            } else {
              copySnapshot(tape, start, writer);
              counts[2]++;
            }
          }
        }
        writer.finish();
      } finally {
        key.ifPresent(MediaSetKey::close);
        if (keyed != null) {
          keyed.clearEncryptionKey(); // the source set's drive key leaves with the job
          keyed = null;
        }
      }
      store.linkCopy(writer.mediaSet(), set);
      return new Result(set, writer.mediaSet(), read, writer.tapesUsed(), counts[0], counts[1], counts[2]);
    }
  }

  /** The tapes and files to read; refuses what a copy cannot carry before anything moves. */
  private List<Plan> plan(MediaSet original) throws IOException {
    if (!original.complete() || original.members().isEmpty()) {
      throw new CatalogException.NotFound(store.describe() + ": media set " + original.name() + " ("
          + original.uuid() + ") lacks tapes in the inventory (it has " + original.members().keySet()
          + "): a copy needs every tape; rebuild the catalog from the missing tapes first");
    }
    List<Plan> plan = new ArrayList<>();
    for (UUID id : original.members().values()) {
      Media tape = store.media(id).orElseThrow(() -> new CatalogException.NotFound(store.describe() + ": tape " + id
          + " of media set " + original.uuid() + " is not in the inventory"));
      List<FilePart> files = new ArrayList<>();
      for (FilePart f : store.files(id)) {
        CatalogRecord.TapeFile r = f.file();
        boolean archive = r.contentType() == ContentType.CHUNK_ARCHIVE.magic()
            || r.contentType() == ContentType.SNAPSHOT_ARCHIVE.magic();
        if (r.contentType() == ContentType.CATALOG_ARCHIVE.magic()) {
          continue;
        }
        if (!archive || r.part() != 0 || r.continued()) {
          throw new IllegalArgumentException(tape.label() + " file " + r.fileNumber() + " is a " + describe(r)
              + ": a copy carries whole chunk and snapshot archives only (what PoolWriter writes); this set "
              + "cannot be copied by SetCopy");
        }
        files.add(f);
      }
      plan.add(new Plan(tape, files));
    }
    return plan;
  }

  private static String describe(CatalogRecord.TapeFile r) {
    return TapeVerifier.type(r.contentType()) + (r.part() > 0 || r.continued() ? " (part " + r.part()
        + " of a file spanning tapes)" : "");
  }

  /** Loads an original's tape, counts the load, and checks that it is the catalog's cartridge. */
  private DriveBlockSource load(Media tape) throws IOException {
    TapeDrive drive = source.load(tape.label());
    TapePreparation.loaded(store, tape, source.location());
    drive.setBlockSize(0);
    DriveBlockSource in = new DriveBlockSource(drive, tape.label());
    UUID found = TapeLabels.readLabels(in).orElseThrow(() -> new MediaException.WrongTape(tape.label()
        + " is blank, but the catalog has it in a media set: a different cartridge with that barcode, or an erased "
        + "tape")).media().media();
    if (!found.equals(tape.uuid())) {
      throw new MediaException.WrongTape(tape.label() + " carries media UUID " + found + ", the catalog's tape of "
          + "that label is " + tape.uuid() + ": update the inventory");
    }
    if (SetKeys.afterLoad(drive, tape.label(), tape.membership().orElseThrow().mediaSet(), sourceKey)) {
      keyed = drive;
    }
    return in;
  }

  private static void copyChunks(DriveBlockSource tape, BlockAddress start, Optional<MediaSetKey> key,
      PoolWriter writer, long[] counts) throws IOException {
    try (ChunkArchiveReader r = ChunkArchiveReader.open(tape, start, key)) {
      String sourceName = r.header().store();
      ChunkArchiveIndex.Entry e;
      while ((e = r.nextEntry()) != null) {
        counts[0]++;
        if (writer.addChunk(sourceName, e.digest(), r.data())) {
          counts[1]++;
        }
      }
    } catch (PayloadAuthenticationException e) {
      throw new IOException(tape.volume() + " file " + start.file() + ": " + e.getMessage()
          + ": the chunk cannot be copied; verify the set (SetVerify)", e);
    }
  }

  private static void copySnapshot(DriveBlockSource tape, BlockAddress start, PoolWriter writer) throws IOException {
    SnapshotArchiveReader r = SnapshotArchiveReader.open(tape, start);
    SnapshotArchiveHeader h = r.header();
    try {
      writer.snapshot(h.snapshot(), h.source(), h.created(), () -> entries(r));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The archive's entries as the writer iterates them, read from tape one at a time (once). */
  private static Iterator<SnapshotEntry> entries(SnapshotArchiveReader r) {
    return new Iterator<>() {
      private SnapshotEntry next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          try {
            next = r.next(); // the index and footer are checked after the last entry
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          done = next == null;
        }
        return next != null;
      }

      @Override
      public SnapshotEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SnapshotEntry e = next;
        next = null;
        return e;
      }
    };
  }
}
