package dev.tapekit.vtl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.changer.ElementState;
import dev.tapekit.vtl.changer.ElementType;
import dev.tapekit.vtl.changer.VirtualChanger;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.vtl.drive.DriveThrottle;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One virtual library on disk, opened: its changer and drives as in-process SCSI devices over
 * cartridge files. The directory {@code <home>/<name>/} holds:
 *
 * <ul>
 *   <li>{@code library.toml} — the {@link LibraryLayout};
 *   <li>{@code state.toml} — where every cartridge is (element address, barcode, source address),
 *       rewritten atomically (temp file, fsync, rename) after every move; the throttled drives'
 *       counters ({@code [[throttle]]}, cumulative) with it; at close also the drive sessions;
 *   <li>{@code cartridges/<barcode>.tkc} — one {@link CartridgeFile} per cartridge;
 *   <li>{@code lock} — held with an exclusive file lock while the library is open, so a second
 *       process cannot open it and corrupt it.
 * </ul>
 *
 * <p>Thread safety: the changer and each drive serialize their own commands; drives run in parallel.
 * Prefer {@link VirtualLibraries#open(String)}, which shares one open library per directory.
 */
public final class VirtualLibrary implements Closeable {
  private final Path dir;
  private final LibraryLayout layout;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<VirtualTapeDrive> drives = new ArrayList<>();
  private final VirtualChanger changer;

  private VirtualLibrary(Path dir, LibraryLayout layout, FileChannel lockChannel, FileLock lock) throws IOException {
    this.dir = dir;
    this.layout = layout;
    this.lockChannel = lockChannel;
    this.lock = lock;
    for (int i = 0; i < layout.drives().size(); i++) {
      LibraryLayout.DriveSpec d = layout.drives().get(i);
      VirtualTapeDrive drive = new VirtualTapeDrive("vtl:" + layout.name() + ":" + i, d.personality(), d.serial(), d.naa(), new FaultPlan());
      d.throttleSettings().ifPresent(t -> drive.setThrottle(new DriveThrottle(t, System::nanoTime, Sleeper.SYSTEM)));
      drives.add(drive);
    }
    JsonNode state = readStateFile();
    for (JsonNode t : state.path("throttle")) {
      int index = t.path("index").asInt(-1);
      if (index >= 0 && index < drives.size()) {
        drives.get(index).throttle().ifPresent(m -> m.restore(new DriveThrottle.Counters(t.path("underruns").asLong(0),
            t.path("read_stops").asLong(0), t.path("bytes_written").asLong(0), t.path("bytes_read").asLong(0),
            t.path("blocked_ns").asLong(0), t.path("read_wait_ns").asLong(0), t.path("sync_wait_ns").asLong(0),
            t.path("speed_mb_s").asDouble(0))));
      }
    }
    changer = new VirtualChanger("vtl:" + layout.name(), layout.changer(), drives, this::openCartridge, new FaultPlan(), readState(state));
    changer.setStateListener(this::writeState);
    readSessions(state).forEach((index, session) -> {
      if (index >= 0 && index < drives.size()) {
        drives.get(index).resume(session);
      }
    });
  }

  /**
   * Opens library {@code name} under {@code home}. A missing built-in default (L700, L80) is created; a
   * library directory with a {@code library.toml} and no {@code state.toml} (written by hand, or left
   * by a crash during creation) gets its layout's cartridges, files and state. Both happen under the
   * library's lock, so two processes opening a new library at once cannot both create it.
   *
   * @throws IOException when it does not exist and is no built-in, or another process holds it
   */
  public static VirtualLibrary open(Path home, String name) throws IOException {
    Path dir = home.resolve(name);
    Path toml = dir.resolve("library.toml");
    Optional<LibraryLayout> builtIn = LibraryLayout.builtIn(name);
    if (!Files.exists(toml) && builtIn.isEmpty()) {
      throw new IOException("no virtual library '" + name + "' under " + home
          + " (create it with VirtualLibrary.create or a library.toml)");
    }
    Files.createDirectories(dir);
    return lockAndOpen(dir, name, () -> {
      LibraryLayout layout;
      if (Files.exists(toml)) {
        layout = LibraryLayout.parse(Files.readString(toml));
      } else {
        layout = builtIn.get();
        writeAtomically(toml, layout.toToml());
      }
      if (!Files.exists(dir.resolve("state.toml"))) {
        initialize(dir, layout, Clock.systemUTC());
      }
      return layout;
    });
  }

  /**
   * Creates library {@code layout.name()} under {@code home}: its directory, layout file, one cartridge
   * file per initial cartridge (capacity from the layout, manufacture date from {@code clock}) and the
   * initial state; then opens it. All of it under the library's lock.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the library exists
   */
  public static VirtualLibrary create(Path home, LibraryLayout layout, Clock clock) throws IOException {
    Path dir = home.resolve(layout.name());
    Files.createDirectories(dir);
    return lockAndOpen(dir, layout.name(), () -> {
      if (Files.exists(dir.resolve("library.toml"))) {
        throw new java.nio.file.FileAlreadyExistsException(dir.resolve("library.toml").toString());
      }
      initialize(dir, layout, clock);
      writeAtomically(dir.resolve("library.toml"), layout.toToml());
      return layout;
    });
  }

  /**
   * The cartridge files of the layout's cartridges (those not there yet) and the initial state, written
   * last: a crash before it leaves no state, and the next open initializes again.
   */
  private static void initialize(Path dir, LibraryLayout layout, Clock clock) throws IOException {
    Files.createDirectories(dir.resolve("cartridges"));
    String date = LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
    for (LibraryLayout.CartridgeSpec c : layout.cartridges()) {
      Path f = dir.resolve("cartridges").resolve(c.barcode() + ".tkc");
      if (!Files.exists(f)) {
        CartridgeFile.create(f, CartridgeInfo.fresh(Barcode.parse(c.barcode()), layout.capacityMiB() << 20, date)).close();
      }
    }
    List<ElementState> initial = new ArrayList<>();
    for (LibraryLayout.CartridgeSpec c : layout.cartridges()) {
      ChangerLayout cl = layout.changer();
      int address = c.slot() > 0 ? cl.storageStart() + c.slot() - 1 : cl.importExportStart() + c.mailSlot() - 1;
      initial.add(new ElementState(address, c.slot() > 0 ? ElementType.STORAGE : ElementType.IMPORT_EXPORT, 0, c.barcode(), -1, c.mailSlot() > 0));
    }
    writeStateFile(dir, initial);
  }

  /** What is done under the lock before the library opens: reads (or makes) the layout. */
  private interface UnderLock {
    LibraryLayout layout() throws IOException;
  }

  private static VirtualLibrary lockAndOpen(Path dir, String name, UnderLock underLock) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new IOException("virtual library " + name + " at " + dir
          + " is in use by another process or instance (lock file " + dir.resolve("lock") + "); close it there first");
    }
    try {
      return new VirtualLibrary(dir, underLock.layout(), ch, l);
    } catch (IOException | RuntimeException e) {
      l.release();
      ch.close();
      throw e;
    }
  }

  public LibraryLayout layout() {
    return layout;
  }

  public Path directory() {
    return dir;
  }

  /** The changer ({@code vtl:<name>}). */
  public VirtualChanger changer() {
    return changer;
  }

  /** Drive {@code index} in data transfer element order ({@code vtl:<name>:<index>}). */
  public VirtualTapeDrive drive(int index) {
    if (index < 0 || index >= drives.size()) {
      throw new IllegalArgumentException("library " + layout.name() + " has drives 0.." + (drives.size() - 1) + ", not " + index);
    }
    return drives.get(index);
  }

  public List<VirtualTapeDrive> drives() {
    return List.copyOf(drives);
  }

  /** The file of cartridge {@code barcode} (it need not exist yet). */
  public Path cartridgePath(String barcode) {
    return dir.resolve("cartridges").resolve(Barcode.parse(barcode).label() + ".tkc");
  }

  /**
   * Creates a new cartridge file on the shelf (not yet in the library; import it with {@link
   * VirtualChanger#importCartridge}).
   */
  public void createCartridge(String barcode, long capacityBytes) throws IOException {
    CartridgeFile.create(cartridgePath(barcode),
        CartridgeInfo.fresh(Barcode.parse(barcode), capacityBytes, LocalDate.now(Clock.systemUTC()).format(DateTimeFormatter.BASIC_ISO_DATE))).close();
  }

  private CartridgeFile openCartridge(String barcode) throws IOException {
    Path p = cartridgePath(barcode);
    if (!Files.exists(p)) {
      CartridgeFile.create(p, CartridgeInfo.fresh(Barcode.parse(barcode), layout.capacityMiB() << 20,
          LocalDate.now(Clock.systemUTC()).format(DateTimeFormatter.BASIC_ISO_DATE))).close();
    }
    return CartridgeFile.open(p);
  }

  // ---- state.toml

  /** The drive sessions saved at the last close ({@code [[drive]]} tables) by drive index. */
  /** {@code state.toml}, read once per open; an empty tree when there is none. */
  private JsonNode readStateFile() throws IOException {
    Path p = dir.resolve("state.toml");
    return Files.exists(p) ? LibraryLayout.TOML.readTree(Files.readString(p)) : LibraryLayout.TOML.createObjectNode();
  }

  private static Map<Integer, VirtualTapeDrive.Session> readSessions(JsonNode state) {
    Map<Integer, VirtualTapeDrive.Session> sessions = new LinkedHashMap<>();
    for (JsonNode d : state.path("drive")) {
      VirtualTapeDrive.Session s = new VirtualTapeDrive.Session(d.path("barcode").asText(""), d.path("threaded").asBoolean(false),
          d.path("position").asLong(0), d.path("block_size").asInt(0), d.path("compression").asBoolean(true), d.path("prevent").asBoolean(false));
      sessions.put(d.path("index").asInt(-1), s);
    }
    return sessions;
  }

  private Map<Integer, ElementState> readState(JsonNode state) throws IOException {
    Path p = dir.resolve("state.toml");
    Map<Integer, ElementState> m = new LinkedHashMap<>();
    for (JsonNode e : state.path("element")) {
      int address = e.path("address").asInt(-1);
      String barcode = e.path("barcode").asText(null);
      if (address < 0 || barcode == null) {
        throw new IOException(p + ": element entry without address or barcode: " + e);
      }
      m.put(address, new ElementState(address, ElementType.STORAGE, 0, barcode, e.path("source").asInt(-1), e.path("imported").asBoolean(false)));
    }
    return m;
  }

  private void writeState(List<ElementState> elements) {
    try {
      writeStateFile(dir, elements, drives, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist state of library " + layout.name(), e);
    }
  }

  private static void writeStateFile(Path dir, List<ElementState> elements) throws IOException {
    writeStateFile(dir, elements, List.of(), false);
  }

  /**
   * Writes {@code state.toml}: the elements, the throttled drives' counters, and with {@code sessions}
   * the drive sessions (at close).
   */
  private static void writeStateFile(Path dir, List<ElementState> elements, List<VirtualTapeDrive> drives,
      boolean sessions) throws IOException {
    StringBuilder sb = new StringBuilder("# where each cartridge is; rewritten after every move\nversion = 1\n");
    for (ElementState e : elements) {
      if (e.full()) {
        sb.append("\n[[element]]\naddress = ").append(e.address()).append("\nbarcode = \"").append(e.barcode())
            .append("\"\nsource = ").append(e.sourceAddress()).append("\nimported = ").append(e.imported()).append('\n');
      }
    }
    for (int i = 0; i < drives.size() && sessions; i++) {
      int index = i;
      drives.get(i).session().ifPresent(s -> sb.append("\n[[drive]]\nindex = ").append(index).append("\nbarcode = \"")
          .append(s.barcode()).append("\"\nthreaded = ").append(s.threaded()).append("\nposition = ").append(s.position())
          .append("\nblock_size = ").append(s.blockSize()).append("\ncompression = ").append(s.compression()).append("\nprevent = ").append(s.prevent()).append('\n'));
    }
    for (int i = 0; i < drives.size(); i++) {
      int index = i;
      drives.get(i).throttle().map(DriveThrottle::counters).ifPresent(c -> sb.append("\n[[throttle]]\nindex = ").append(index)
          .append("\nunderruns = ").append(c.underruns()).append("\nread_stops = ").append(c.readStops())
          .append("\nbytes_written = ").append(c.bytesWritten()).append("\nbytes_read = ").append(c.bytesRead())
          .append("\nblocked_ns = ").append(c.blockedNanos()).append("\nread_wait_ns = ").append(c.readWaitNanos())
          .append("\nsync_wait_ns = ").append(c.syncWaitNanos()).append("\nspeed_mb_s = ").append(c.speedMBps()).append('\n'));
    }
    writeAtomically(dir.resolve("state.toml"), sb.toString());
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Closes the devices, syncs and closes the cartridges in drives, and releases the lock. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    try {
      writeStateFile(dir, changer.elements(), drives, true);   // with the drive sessions, for the next open
    } catch (IOException e) {
      first = e;
    }
    changer.close();
    for (VirtualTapeDrive d : drives) {
      d.close();
      CartridgeFile f = d.cartridge();
      if (f != null) {
        try {
          f.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    lock.release();
    lockChannel.close();
    if (first != null) {
      throw first;
    }
  }
}
