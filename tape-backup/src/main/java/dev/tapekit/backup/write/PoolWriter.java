package dev.tapekit.backup.write;

import dev.tapekit.backup.media.CartridgeTags;
import dev.tapekit.backup.media.DriveKeys;
import dev.tapekit.backup.media.LoadCheck;
import dev.tapekit.backup.media.MediaException;
import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.CatalogException;
import dev.tapekit.catalog.CatalogLock;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.ChunkSet;
import dev.tapekit.catalog.Locations;
import dev.tapekit.catalog.LockHolder;
import dev.tapekit.catalog.LockTarget;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaStatus;
import dev.tapekit.catalog.PendingContent;
import dev.tapekit.catalog.archive.CatalogArchives;
import dev.tapekit.catalog.policy.DriveOccupancy;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.catalog.policy.WriteSession;
import dev.tapekit.crypto.MediaSetKey;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.block.BufferedBlockSink;
import dev.tapekit.format.block.DriveBlockSink;
import dev.tapekit.format.catalog.CatalogArchiveWriter;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.chunk.ChunkCompressor;
import dev.tapekit.format.label.EncryptionMode;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.chunk.ChunkArchiveOptions;
import dev.tapekit.format.chunk.ChunkArchiveWriter;
import dev.tapekit.format.snapshot.SnapshotArchiveOptions;
import dev.tapekit.format.snapshot.SnapshotArchiveWriter;
import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotIndex;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.log.SequentialAccessDevicePage;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapeDriveException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes a backup to a pool's tapes in one library drive, as PBS's pool writer does, with tapekit's
 * format: chunk archives that continue on the next tape at early warning, snapshot archives, the
 * catalog on every tape.
 *
 * <ol>
 *   <li>{@link #begin}: takes the drive (catalog lock), records what the changer holds, starts a
 *       write session (the media set, locked), loads its tape and prepares it (labels checked, the set
 *       label written to a tape that just joined, positioned at end of data).
 *   <li>{@link #addChunk}: a chunk the set does not have yet goes into the current chunk archive;
 *       at early warning the archive is finished, committed, the tape marked full, the next tape loaded
 *       and prepared (it first gets the catalog of the set's earlier tapes), and the chunk goes into a
 *       new archive there. Nothing written is written again.
 *   <li>{@link #snapshot}: the snapshot archive, written whole (into the early-warning zone if need
 *       be; the next write then changes tapes).
 *   <li>{@link #finish}: the last archive, a commit, the catalog archive of the set up to this tape.
 * </ol>
 *
 * <p>Commits keep the catalog a prefix of the tapes ({@link PendingContent}: tape sync, then
 * catalog). A failure leaves the catalog at the last commit; the caller closes the writer. Not
 * thread-safe.
 *
 * <p>With {@link WriterOptions#driveBuffer()} the blocks go through a {@link BufferedBlockSink}: a
 * queue in memory and a thread that feeds the drive. Every filemark, and so every archive's end and
 * every commit, first waits until the queue is on tape; a drive error is thrown at the next write or
 * commit. Up to the whole buffer may reach the tape after early warning came, so near early warning
 * the buffer holds at most half of the early-warning zone the drive reports for the tape (log page
 * 0Ch); see {@link #driveBuffer()}.
 */
public final class PoolWriter implements AutoCloseable {
  private final CatalogStore store;
  private final MediaPool pool;
  private final TapeLoader library;
  private final WriterOptions options;
  private final Optional<SetEncryption> encryption;
  private final Clock clock;
  private CatalogLock driveLock;
  private WriteSession session;
  private ChunkSet chunks;
  private Media tape;
  private TapeDrive drive;
  private BlockSink sink;
  /** The sink's buffer in front of the drive, when there is one; drained at every commit. */
  private BufferedBlockSink buffer;
  private PendingContent pending;
  private ChunkArchiveWriter archive;
  private String archiveStore;
  private long archiveBytes;
  private long uncommitted;
  private boolean full;
  private MediaSetKey setKey; // software encryption of the set's chunks
  private EncryptionMode mode; // of the set, once chosen; null without encryption
  private String encryptionReport = "none";
  private final List<String> tapesUsed = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<String> notBlank = new java.util.HashSet<>(); // unknown tapes found written

  /** A writer for a pool without encryption. */
  public PoolWriter(CatalogStore store, MediaPool pool, TapeLoader library, WriterOptions options, Clock clock) {
    this(store, pool, library, options, Optional.empty(), clock);
  }

  /**
   * A writer that encrypts with {@code encryption} when the pool names a key: its fingerprint must be
   * the pool's, and a pool with a key gets no writer without it (never silently unencrypted).
   */
  public PoolWriter(CatalogStore store, MediaPool pool, TapeLoader library, WriterOptions options,
      Optional<SetEncryption> encryption, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.library = Objects.requireNonNull(library, "library");
    this.options = Objects.requireNonNull(options, "options");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes the drive and the media set for {@code job}, and the first tape; see the class contract. */
  public void begin(String job, boolean forceNewSet) throws IOException {
    if (session != null) {
      throw new IllegalStateException("the writer has begun");
    }
    Optional<String> wanted = pool.pool().encryption();
    Optional<String> have = encryption.map(e -> e.key().fingerprint().toString());
    if (!wanted.equals(have)) {
      throw new IllegalStateException("pool " + pool.pool().name() + " is encrypted with " + wanted.orElse("no key")
          + ", the writer was given " + have.orElse("no key") + ": give it the pool's key (tape key store), or "
          + "change the pool");
    }
    LockHolder holder = LockHolder.thisProcess(job, clock.instant(), LockHolder.Mode.EXCLUSIVE);
    driveLock = store.lock(LockTarget.drive(library.driveName()), holder, options.lockTimeout());
    if (library.changer().isPresent()) {
      Locations.updateOnline(store, library.changer().get(), library.reachable());
    }
    session = pool.startWriteSession(holder, forceNewSet, options.lockTimeout());
    useTape(allocate(true));
    chunks = ChunkSet.load(store, session.set().uuid());
  }

  /** The media set being written. */
  public java.util.UUID mediaSet() {
    return session.set().uuid();
  }

  /**
   * How the set's data is protected, as the tools report it: {@code none}, {@code software}, {@code
   * drive}, or none by tapekit with the drive's encryption managed elsewhere (a library's key manager).
   */
  public String encryption() {
    return encryptionReport;
  }

  /** The set's encryption mode; empty for an unencrypted pool. */
  public Optional<EncryptionMode> encryptionMode() {
    return Optional.ofNullable(mode);
  }

  /**
   * What the job should report but did not stop for: TapeAlert warnings, tapes found damaged after a
   * load (marked so in the catalog, another tape used), cartridge memory not tagged.
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The labels of the tapes written to, in order. */
  public List<String> tapesUsed() {
    return List.copyOf(tapesUsed);
  }

  /** Whether the set already has chunk {@code digest} (written earlier, or by this session). */
  public boolean has(byte[] digest) {
    return chunks.contains(digest);
  }

  /**
   * Writes chunk {@code digest} with its plain bytes {@code data} into a chunk archive of source
   * {@code sourceName}, unless the set has it.
   *
   * @return whether it was written (false: the set had it)
   */
  public boolean addChunk(String sourceName, byte[] digest, ByteBuffer data) throws IOException {
    return store(sourceName, digest, data, null);
  }

  /**
   * As {@link #addChunk(String, byte[], ByteBuffer)}, with the chunk's compression decided by a {@link
   * ChunkCompressor} elsewhere (on a worker thread: {@code ParallelCompressor}); here the chunk is only
   * encrypted when the set is software-encrypted, checksummed and written. Ask {@link #has} first, so
   * that no chunk the set has is compressed.
   *
   * @param compression decided for {@code data} at {@link #compressionLevel()}
   * @return whether it was written (false: the set had it)
   * @throws IllegalArgumentException when {@code compression} is of another level or for other data
   */
  public boolean addChunk(String sourceName, byte[] digest, ByteBuffer data, ChunkCompressor.Result compression)
      throws IOException {
    return store(sourceName, digest, data, Objects.requireNonNull(compression, "compression"));
  }

  /** The zstd level of this writer's chunk archives: give a {@link ChunkCompressor} this level. */
  public int compressionLevel() {
    return ChunkArchiveOptions.DEFAULT_COMPRESSION_LEVEL;
  }

  /** {@code compression} null: the archive compresses. */
  private boolean store(String sourceName, byte[] digest, ByteBuffer data, ChunkCompressor.Result compression)
      throws IOException {
    if (chunks.contains(digest)) {
      return false;
    }
    int length = data.remaining();
    if (archive != null && (!archiveStore.equals(sourceName) || archiveBytes >= options.archiveBytes())) {
      closeArchive();
    }
    if (full) {
      nextTape();
    }
    if (archive == null) {
      openArchive(sourceName);
    }
    if (!add(digest, data, compression)) { // early warning: this tape takes no more chunks
      closeArchive();
      nextTape();
      openArchive(sourceName);
      if (!add(digest, data, compression)) {
        throw new IOException(tape.label() + ": early warning right at the start of a tape: the tape is too small");
      }
    }
    chunks.add(digest);
    archiveBytes += length;
    return true;
  }

  private boolean add(byte[] digest, ByteBuffer data, ChunkCompressor.Result compression) throws IOException {
    return compression == null ? archive.add(digest, data) : archive.add(digest, data, compression);
  }

  private void openArchive(String sourceName) throws IOException {
    ChunkArchiveOptions o = ChunkArchiveOptions.of(sourceName, session.set().uuid(), sequence(), clock);
    if (setKey != null) {
      o = o.withEncryption(setKey);
    }
    archive = ChunkArchiveWriter.begin(sink, options.blockSize(), o);
    archiveStore = sourceName;
    archiveBytes = 0;
  }

  /** Finishes the current chunk archive, if one is open, and records it as pending. */
  public void closeArchive() throws IOException {
    if (archive == null) {
      return;
    }
    ChunkArchiveWriter w = archive;
    archive = null;
    ChunkArchiveIndex index = w.finish();
    full |= w.earlyWarning();
    CatalogRecord.TapeFile file = w.tapeFile();
    List<CatalogRecord> records = new ArrayList<>();
    records.add(file);
    records.addAll(CatalogRecord.Chunks.of(file.tapeSequence(), file.fileNumber(), index.entries()));
    pending.add(records);
    uncommitted += archiveBytes;
    if (uncommitted >= options.commitBytes()) {
      commit();
    }
  }

  /**
   * Writes a snapshot archive: {@code entries} in ascending path order, their chunks already added.
   * It is written whole, into the early-warning zone if need be.
   */
  public CatalogRecord.Snapshot snapshot(String name, String source, Instant created, Iterable<SnapshotEntry> entries)
      throws IOException {
    closeArchive();
    if (full) {
      nextTape();
    }
    try (SnapshotArchiveWriter w = SnapshotArchiveWriter.begin(sink, options.blockSize(),
        new SnapshotArchiveOptions(session.set().uuid(), sequence(), clock, name, source, created))) {
      for (SnapshotEntry e : entries) {
        w.add(e);
      }
      SnapshotIndex index = w.finish();
      full |= w.earlyWarning();
      CatalogRecord.TapeFile file = w.tapeFile();
      CatalogRecord.Snapshot record = new CatalogRecord.Snapshot(sequence(), file.fileNumber(), name, source,
          created, index.entries(), index.indexBlock(), index.indexOffset());
      pending.add(List.of(file, record));
      return record;
    }
  }

  /** Finishes the archive, commits, and writes the catalog archive of the set up to this tape. */
  public void finish() throws IOException {
    closeArchive();
    commit();
    writeCatalog();
  }

  private int sequence() {
    return tape.membership().orElseThrow().sequence();
  }

  /** Tape sync (the host buffer drained first), then catalog. */
  private void commit() throws IOException {
    if (buffer != null) {
      buffer.flush();
    }
    pending.commit(() -> {
      drive.writeFilemarks(0, false);
      return bytesUsed();
    });
    uncommitted = 0;
  }

  /**
   * The tape's used capacity: the drive's own figure (volume statistics, LOG SENSE 17h, "total used
   * native capacity", as PBS records it), else an upper bound from the position and block size.
   */
  private long bytesUsed() throws IOException {
    try {
      OptionalLong used = drive.volumeStatistics().bytes(VolumeStatistic.TOTAL_USED_NATIVE_CAPACITY);
      if (used.isPresent()) {
        return used.getAsLong();
      }
    } catch (ScsiCommandException | MalformedResponseException notThere) {
      // a drive without the page, or without that statistic
    }
    return drive.position().logicalObject() * (long) options.blockSize();
  }

  /** After {@link #finish}: the drive's tape back to its slot (a standalone drive ejects it), as PBS's eject-media. */
  public void eject() throws IOException {
    library.unload();
  }

  /**
   * After {@link #finish}: every tape of the media set into the library's import/export slots (a
   * standalone drive ejects its tape), as PBS's export-media-set; the tapes exported are offline in
   * the catalog. What could not go (no free slot, a tape in another drive) is in the result.
   */
  public TapeLoader.Exported exportSet() throws IOException {
    List<String> labels = new ArrayList<>();
    for (java.util.UUID m : store.mediaSet(session.set().uuid()).orElseThrow().members().values()) {
      store.media(m).ifPresent(t -> labels.add(t.label()));
    }
    TapeLoader.Exported done = library.export(labels);
    for (String label : done.exported().keySet()) {
      Optional<Media> t = store.mediaByLabel(label);
      if (t.isPresent()) {
        store.updateMedia(t.get().uuid(), m -> m.withLocation(MediaLocation.OFFLINE));
      }
    }
    return done;
  }

  /** The catalog of the set's tapes up to this one, as a catalog archive on this tape; recorded too. */
  private void writeCatalog() throws IOException {
    try (CatalogArchiveWriter w = CatalogArchiveWriter.begin(sink, options.blockSize(),
        CatalogArchives.options(store, session.set().uuid(), sequence(), clock))) {
      CatalogArchives.export(store, w);
      full |= w.earlyWarning();
      pending.add(List.of(w.tapeFile()));
    }
    commit();
  }

  private void nextTape() throws IOException {
    commit();
    store.updateMedia(tape.uuid(), m -> m.withStatus(MediaStatus.FULL));
    useTape(allocate(false));
    if (sequence() > 0) {
      writeCatalog(); // a set's every tape starts with the catalog of the tapes before it
    }
  }

  private void useTape(Media first) throws IOException {
    closeBuffer(); // the previous tape's: drained by the commit before the tape change
    Media next = first;
    while (true) { // a damaged tape is marked so and another one allocated: the job goes on
      drive = library.load(next.label());
      tape = TapePreparation.loaded(store, next, library.location());
      LoadCheck.Result check = LoadCheck.afterLoad(drive, tape, CartridgeTags.Application.tapekit());
      warnings.addAll(check.warnings());
      if (!check.damaged()) {
        break;
      }
      LoadCheck.recordDamage(store, tape, check);
      warnings.add(check.describe());
      next = allocate(false);
    }
    if (encryption.isEmpty()) {
      noEncryption();
      TapePreparation.prepare(drive, tape, session.set(), options.blockSize(), Optional.empty(), clock);
    } else {
      drive.clearEncryptionKey(); // labels are written and read in the clear
      EncryptionMode chosen = mode != null ? mode : encryption.get().allowDrive() && DriveKeys.supported(drive)
          ? EncryptionMode.DRIVE : EncryptionMode.SOFTWARE;
      MediaSetLabel label = TapePreparation.prepare(drive, tape, session.set(), options.blockSize(),
          Optional.of(encryption.get().label(chosen)), clock);
      EncryptionMode onTape = label.encryption().orElseThrow().mode();
      if (mode != null && onTape != mode) {
        throw new MediaException.WrongTape(tape.label() + " of set " + session.set().name() + " is encrypted by "
            + onTape.text() + ", this session by " + mode.text() + ": a set keeps one mode; start a new media set");
      }
      useMode(onTape);
    }
    DriveBlockSink direct = new DriveBlockSink(drive, tape.label());
    buffer = buffer(direct);
    sink = buffer != null ? buffer : direct;
    pending = new PendingContent(store, tape.uuid());
    full = false;
    tapesUsed.add(tape.label());
  }

  /**
   * The buffer for the loaded tape, from the drive's sequential-access device page (0Ch): the
   * options' size while early warning is far ahead (parameters 0005h and 0007h: bytes from the
   * beginning to early warning and to the position), and at most half of the minimum capacity
   * between early warning and the end of the partition (0006h) from a buffer's length before it on,
   * so that what is queued when early warning comes, and the archive's end after it, still fit.
   * Without the distance to early warning, that half throughout; without the page, the options'
   * size (LTO zones are gigabytes). Less than a block: no buffer.
   */
  private BufferedBlockSink buffer(DriveBlockSink direct) throws IOException {
    long size = options.driveBuffer();
    if (size == 0) {
      return null;
    }
    OptionalLong zone = OptionalLong.empty();
    OptionalLong toEarlyWarning = OptionalLong.empty();
    try {
      SequentialAccessDevicePage page = drive.sequentialAccessDevice();
      zone = page.minimumNativeCapacityEwToEopMegabytes();
      OptionalLong ew = page.nativeCapacityBopToEwMegabytes();
      OptionalLong at = page.nativeCapacityBopToPositionMegabytes();
      if (ew.isPresent() && at.isPresent()) { // whole 10^6 bytes, rounded down: one less for the position's
        toEarlyWarning = OptionalLong.of(Math.max(0, ew.getAsLong() - at.getAsLong() - 1) * 1_000_000L);
      }
    } catch (ScsiCommandException | MalformedResponseException notThere) {
      // a drive without the page or the parameters: the configured size
    }
    if (zone.isEmpty()) {
      return new BufferedBlockSink(direct, size);
    }
    long nearEnd = zone.getAsLong() * 1_000_000L / 2;
    nearEnd = nearEnd < options.blockSize() ? 0 : nearEnd;
    if (toEarlyWarning.isEmpty() || nearEnd >= size) {
      long only = Math.min(size, nearEnd);
      return only == 0 ? null : new BufferedBlockSink(direct, only);
    }
    BufferedBlockSink b = new BufferedBlockSink(direct, size);
    b.reduceAfter(Math.max(0, toEarlyWarning.getAsLong() - size), nearEnd);
    return b;
  }

  /**
   * The size of the buffer in front of the drive now, in bytes; 0: none. Near early warning it is
   * smaller than the options' size (see the class comment).
   */
  public long driveBuffer() {
    BufferedBlockSink b = buffer;
    return b == null ? 0 : b.capacityNow();
  }

  private void closeBuffer() throws IOException {
    if (buffer != null) {
      BufferedBlockSink b = buffer;
      buffer = null;
      b.close();
    }
  }

  /**
   * The session's first or next tape. When the pool has none, and the options allow it, a blank tape
   * of the library that the catalog does not know is labelled into the pool (its barcode as label
   * text, as PBS labels) and allocated; a tape found not blank is left alone and reported.
   */
  private Media allocate(boolean first) throws IOException {
    try {
      return allocateNow(first);
    } catch (CatalogException.NotFound none) {
      if (!options.labelBlankTapes() || !labelBlankTape()) {
        throw none;
      }
      return allocateNow(first); // the tape just labelled is in this drive: it goes first
    }
  }

  /** Never a tape in another drive (another job's or host's on a shared library). */
  private Media allocateNow(boolean first) throws IOException {
    DriveOccupancy drives = library.occupancy();
    return first ? session.tape(drives) : session.nextTape(drives);
  }

  private boolean labelBlankTape() throws IOException {
    if (library.changer().isEmpty()) {
      return false;
    }
    for (String barcode : library.reachable()) {
      if (notBlank.contains(barcode) || store.mediaByLabel(barcode).isPresent()) {
        continue;
      }
      TapeDrive d;
      try {
        d = library.load(barcode);
      } catch (MediaException.CannotLoad refused) { // nothing moved: another blank tape may do
        notBlank.add(barcode);
        warnings.add(barcode + " cannot be loaded in " + library.driveName() + ": " + refused.getMessage());
        continue;
      } catch (MediaException.NotInLibrary elsewhere) {
        // in another drive (another job or host may be labelling it), or gone: the load moved nothing
        continue;
      }
      try {
        TapePreparation.label(store, d, barcode, Optional.of(pool.pool().name()), library.changer(),
            options.blockSize(), clock);
        warnings.add(barcode + ": a blank tape, labelled into pool " + pool.pool().name());
        return true;
      } catch (MediaException.WrongTape notEmpty) {
        notBlank.add(barcode);
        warnings.add(barcode + " is not in the catalog and not blank: left alone (" + notEmpty.getMessage() + ")");
      }
    }
    return false;
  }

  /** The set's mode, from its first tape on: a drive key set after each load, or the software key. */
  private void useMode(EncryptionMode onTape) throws IOException {
    SetEncryption e = encryption.orElseThrow();
    if (onTape == EncryptionMode.DRIVE) {
      if (!DriveKeys.supported(drive)) {
        throw new MediaException.WrongTape(tape.label() + " of set " + session.set().name() + " is encrypted by the "
            + "drive, and " + drive.deviceName() + " has no hardware AES-256-GCM: use a drive with encryption");
      }
      DriveKeys.set(drive, e.key(), session.set().uuid());
      encryptionReport = "drive (AES-256-GCM in " + drive.deviceName() + ", key " + e.key().fingerprint() + ")";
    } else {
      if (setKey == null) {
        setKey = e.key().mediaSetKey(session.set().uuid());
      }
      encryptionReport = "software (AES-256-GCM per chunk, key " + e.key().fingerprint() + ")";
    }
    mode = onTape;
  }

  /**
   * An unencrypted pool: a key left in the drive (by a job that ended badly) is dropped. A drive whose
   * encryption a library's key manager controls refuses that; it is no error, and reported.
   */
  private void noEncryption() throws IOException {
    try {
      drive.clearEncryptionKey();
      encryptionReport = "none";
    } catch (TapeDriveException | ScsiCommandException managed) {
      encryptionReport = "none by tapekit; the drive's encryption is managed elsewhere (" + managed.getMessage() + ")";
    }
  }

  /** Releases the media set and the drive; an unfinished archive stays out of the catalog. */
  @Override
  public void close() throws IOException {
    try {
      try {
        if (archive != null) {
          archive.close();
          archive = null;
        }
      } finally {
        closeBuffer(); // stops its thread; a drive error not yet thrown is thrown here
      }
    } finally {
      if (setKey != null) {
        setKey.close();
      }
      if (mode == EncryptionMode.DRIVE && drive != null) {
        try {
          drive.clearEncryptionKey(); // the key is for this job: it leaves the drive with it
        } catch (IOException e) {
          // the job's outcome stands; a later job clears or sets its own key after each load
        }
      }
      if (session != null) {
        session.close();
      }
      if (driveLock != null) {
        driveLock.close();
      }
    }
  }

  /** The label of the tape being written, once there is one (cheap: for progress). */
  public Optional<String> tapeLabel() {
    Media t = tape;
    return t == null ? Optional.empty() : Optional.of(t.label());
  }

  /** For tests and progress: the tape being written. */
  public Optional<Media> currentTape() throws CatalogException {
    return tape == null ? Optional.empty() : store.media(tape.uuid());
  }
}
