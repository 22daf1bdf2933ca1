package dev.tapekit.tools.tape;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.time.CalendarEvent;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code tape}'s configuration: three TOML files in the configuration directory ({@link TapePaths}),
 * read whole, checked, and written back whole (through a temporary file and a rename) by the commands
 * that change them.
 *
 * <pre>
 * # tape.toml
 * [catalog]
 * url = "jdbc:postgresql://db.example/tapekit?user=tape"   # optional; else SQLite in the state directory
 *
 * [changer.L700]
 * path = "vtl:L700"               # /dev/sgN, /dev/tape/by-id/..., or vtl:NAME
 * export-slots = [15, 16]          # optional: storage slots used as export slots
 *
 * [drive.lto0]
 * path = "vtl:L700:0"
 * changer = "L700"                 # optional: the drive's library
 * changer-drivenum = 0             # its data transfer element number (default 0)
 * buffer = "64MiB"                 # optional: host buffer in front of the drive (default 64MiB; 0: none)
 *
 * # media-pool.toml
 * [pool.daily]
 * drive = "lto0"                   # optional
 * allocation = "continue"          # continue | always | a calendar event
 * retention = "keep"               # keep | overwrite | a time span
 * encrypt = "b4:2f:..."            # optional: a key fingerprint of the key store
 * template = "%c"                  # media set name (strftime, %id%)
 * comment = ""
 *
 * # tape-job.toml
 * [job.nightly]
 * source = ["/etc", "/home"]
 * pool = "daily"
 * drive = "lto0"                   # optional
 * schedule = "daily"               # optional: a calendar event
 * exclude = ["*.tmp"]              # optional
 * one-file-system = false
 * eject-media = false
 * export-media-set = false
 * notify-command = "/usr/local/bin/notify"   # optional
 * comment = ""
 * </pre>
 *
 * <p>A file that is missing is empty. A mistake in a hand-edited file is a {@link ToolFailure} with
 * {@link ExitCode#CONFIG} that names the file, the key and what is allowed.
 */
public final class TapeConfig {
  /** PBS's SAFE_ID: the names of drives, changers, pools and jobs. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._\\-]{1,31}");

  public record Changer(String name, String path, List<Integer> exportSlots) {
    public Changer {
      exportSlots = List.copyOf(exportSlots);
    }
  }

  /**
   * A drive of tape.toml.
   *
   * @param buffer bytes of the host-side buffer in front of the drive when it writes a backup
   *     (tape-backup's {@code WriterOptions.driveBuffer}); empty: the default
   */
  public record Drive(String name, String path, Optional<String> changer, int changerDrivenum, OptionalLong buffer) {
    public Drive(String name, String path, Optional<String> changer, int changerDrivenum) {
      this(name, path, changer, changerDrivenum, OptionalLong.empty());
    }

    /** The buffer a backup to this drive uses: the configured size, else 64 MiB. */
    public long writeBuffer() {
      return buffer.orElse(WriterOptions.DEFAULT_DRIVE_BUFFER);
    }
  }

  /** The largest {@code buffer}: it is direct memory, counted against the JVM's heap size by default. */
  static final long MAX_BUFFER = 4L << 30;

  public record PoolConfig(String name, Optional<String> drive, String allocation, String retention,
      Optional<String> encrypt, String template, String comment) {
    /** The catalog's pool of this configuration (policies parsed). */
    public Pool pool() {
      return new Pool(name, Pool.Allocation.parse(allocation), Pool.Retention.parse(retention), encrypt, template,
          comment);
    }
  }

  public record Job(String id, List<String> sources, String pool, Optional<String> drive, Optional<String> schedule,
      List<String> exclude, boolean oneFileSystem, boolean ejectMedia, boolean exportMediaSet,
      Optional<String> notifyCommand, String comment) {
    public Job {
      sources = List.copyOf(sources);
      exclude = List.copyOf(exclude);
    }
  }

  private static final TomlMapper TOML = new TomlMapper();

  private final TapePaths paths;
  private Optional<String> catalogUrl = Optional.empty();
  private final Map<String, Changer> changers = new TreeMap<>();
  private final Map<String, Drive> drives = new TreeMap<>();
  private final Map<String, PoolConfig> pools = new TreeMap<>();
  private final Map<String, Job> jobs = new TreeMap<>();

  private TapeConfig(TapePaths paths) {
    this.paths = paths;
  }

  /** Reads the three files under {@code paths.config()}. */
  public static TapeConfig load(TapePaths paths) throws ToolFailure {
    TapeConfig c = new TapeConfig(paths);
    c.readTape(paths.tapeToml());
    c.readPools(paths.poolToml());
    c.readJobs(paths.jobToml());
    c.checkReferences();
    return c;
  }

  public TapePaths paths() {
    return paths;
  }

  public Optional<String> catalogUrl() {
    return catalogUrl;
  }

  public Map<String, Changer> changers() {
    return changers;
  }

  public Map<String, Drive> drives() {
    return drives;
  }

  public Map<String, PoolConfig> pools() {
    return pools;
  }

  public Map<String, Job> jobs() {
    return jobs;
  }

  // ---- reading ----

  private void readTape(Path file) throws ToolFailure {
    ObjectNode root = read(file);
    allowed(file, "", root, Set.of("catalog", "changer", "drive"));
    if (root.has("catalog")) {
      ObjectNode c = table(file, "catalog", root.get("catalog"));
      allowed(file, "[catalog]", c, Set.of("url"));
      catalogUrl = optionalString(file, "[catalog]", c, "url");
      if (catalogUrl.isPresent() && !catalogUrl.get().startsWith("jdbc:postgresql:")) {
        throw mistake(file, "[catalog] url", "is '" + catalogUrl.get() + "'",
            "a PostgreSQL JDBC URL (jdbc:postgresql://HOST/DB?user=U), or no url for SQLite in the state directory");
      }
    }
    for (var e : tables(file, "changer", root)) {
      String where = "[changer." + e.getKey() + "]";
      ObjectNode t = e.getValue();
      allowed(file, where, t, Set.of("path", "export-slots"));
      List<Integer> slots = new ArrayList<>();
      JsonNode s = t.get("export-slots");
      if (s != null) {
        if (!s.isArray()) {
          throw mistake(file, where + " export-slots", "is not a list", "a list of slot numbers, as [15, 16]");
        }
        for (JsonNode n : s) {
          if (!n.canConvertToInt() || n.asInt() < 1 || !n.isIntegralNumber()) {
            throw mistake(file, where + " export-slots", "holds " + n, "slot numbers from 1");
          }
          slots.add(n.asInt());
        }
      }
      changers.put(e.getKey(), new Changer(e.getKey(), requiredString(file, where, t, "path"), slots));
    }
    for (var e : tables(file, "drive", root)) {
      String where = "[drive." + e.getKey() + "]";
      ObjectNode t = e.getValue();
      allowed(file, where, t, Set.of("path", "changer", "changer-drivenum", "buffer"));
      int n = 0;
      JsonNode d = t.get("changer-drivenum");
      if (d != null) {
        if (!d.isIntegralNumber() || d.asInt() < 0) {
          throw mistake(file, where + " changer-drivenum", "is " + d, "a drive number from 0");
        }
        n = d.asInt();
      }
      drives.put(e.getKey(), new Drive(e.getKey(), requiredString(file, where, t, "path"),
          optionalString(file, where, t, "changer"), n, buffer(file, where, t.get("buffer"))));
    }
  }

  private void readPools(Path file) throws ToolFailure {
    ObjectNode root = read(file);
    allowed(file, "", root, Set.of("pool"));
    for (var e : tables(file, "pool", root)) {
      String where = "[pool." + e.getKey() + "]";
      ObjectNode t = e.getValue();
      allowed(file, where, t, Set.of("drive", "allocation", "retention", "encrypt", "template", "comment"));
      PoolConfig p = new PoolConfig(e.getKey(), optionalString(file, where, t, "drive"),
          optionalString(file, where, t, "allocation").orElse("continue"),
          optionalString(file, where, t, "retention").orElse("keep"), optionalString(file, where, t, "encrypt"),
          optionalString(file, where, t, "template").orElse(Pool.DEFAULT_TEMPLATE),
          optionalString(file, where, t, "comment").orElse(""));
      try {
        p.pool();
      } catch (IllegalArgumentException ex) {
        throw mistake(file, where, ex.getMessage(), "allocation continue, always or a calendar event; retention "
            + "keep, overwrite or a time span; a template of strftime fields and %id%");
      }
      pools.put(e.getKey(), p);
    }
  }

  private void readJobs(Path file) throws ToolFailure {
    ObjectNode root = read(file);
    allowed(file, "", root, Set.of("job"));
    for (var e : tables(file, "job", root)) {
      String where = "[job." + e.getKey() + "]";
      ObjectNode t = e.getValue();
      allowed(file, where, t, Set.of("source", "pool", "drive", "schedule", "exclude", "one-file-system",
          "eject-media", "export-media-set", "notify-command", "comment"));
      List<String> sources = strings(file, where, t, "source");
      if (sources.isEmpty()) {
        throw mistake(file, where + " source", "is missing or empty", "a list of directories, as [\"/etc\"]");
      }
      Optional<String> schedule = optionalString(file, where, t, "schedule");
      try {
        schedule.ifPresent(CalendarEvent::parse);
      } catch (IllegalArgumentException ex) {
        throw mistake(file, where + " schedule", "is not a calendar event (" + ex.getMessage() + ")",
            "a calendar event, as \"daily\" or \"mon..fri 02:00\"");
      }
      jobs.put(e.getKey(), new Job(e.getKey(), sources, requiredString(file, where, t, "pool"),
          optionalString(file, where, t, "drive"), schedule,
          strings(file, where, t, "exclude"), bool(file, where, t, "one-file-system"),
          bool(file, where, t, "eject-media"), bool(file, where, t, "export-media-set"),
          optionalString(file, where, t, "notify-command"), optionalString(file, where, t, "comment").orElse("")));
    }
  }

  private void checkReferences() throws ToolFailure {
    for (Drive d : drives.values()) {
      if (d.changer().isPresent() && !changers.containsKey(d.changer().get())) {
        throw mistake(paths.tapeToml(), "[drive." + d.name() + "] changer", "names '" + d.changer().get() + "'",
            "a changer of this file: " + (changers.isEmpty() ? "none is configured (tape changer create)"
                : String.join(", ", changers.keySet())));
      }
    }
    for (PoolConfig p : pools.values()) {
      if (p.drive().isPresent() && !drives.containsKey(p.drive().get())) {
        throw mistake(paths.poolToml(), "[pool." + p.name() + "] drive", "names '" + p.drive().get() + "'",
            "a drive of tape.toml: " + names(drives.keySet()));
      }
    }
    for (Job j : jobs.values()) {
      if (!pools.containsKey(j.pool())) {
        throw mistake(paths.jobToml(), "[job." + j.id() + "] pool", "names '" + j.pool() + "'",
            "a pool of media-pool.toml: " + names(pools.keySet()));
      }
      if (j.drive().isPresent() && !drives.containsKey(j.drive().get())) {
        throw mistake(paths.jobToml(), "[job." + j.id() + "] drive", "names '" + j.drive().get() + "'",
            "a drive of tape.toml: " + names(drives.keySet()));
      }
    }
  }

  private static String names(Set<String> names) {
    return names.isEmpty() ? "none is configured" : String.join(", ", names);
  }

  private static ObjectNode read(Path file) throws ToolFailure {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      throw new ToolFailure(ExitCode.CONFIG, List.of(file + ": cannot read it: " + e.getMessage()), e);
    }
    try {
      JsonNode n = TOML.readTree(text);
      return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    } catch (JacksonException e) {
      throw new ToolFailure(ExitCode.CONFIG, List.of(file + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""),
          "fix the file by hand, or remove it and recreate its entries with the tape commands"), e);
    }
  }

  private static List<Map.Entry<String, ObjectNode>> tables(Path file, String kind, ObjectNode root) throws ToolFailure {
    List<Map.Entry<String, ObjectNode>> out = new ArrayList<>();
    JsonNode all = root.get(kind);
    if (all == null) {
      return out;
    }
    ObjectNode o = table(file, kind, all);
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!NAME.matcher(e.getKey()).matches()) {
        throw mistake(file, "[" + kind + "." + e.getKey() + "]", "has a name tape does not take",
            "names of 2 to 32 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
      }
      out.add(Map.entry(e.getKey(), table(file, kind + "." + e.getKey(), e.getValue())));
    }
    return out;
  }

  private static ObjectNode table(Path file, String where, JsonNode n) throws ToolFailure {
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw mistake(file, where, "is not a table", "[" + where + "] with keys below it");
  }

  private static void allowed(Path file, String where, ObjectNode t, Set<String> keys) throws ToolFailure {
    for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw mistake(file, (where.isEmpty() ? "" : where + " ") + k, "is not a key tape knows",
            String.join(", ", new java.util.TreeSet<>(keys)));
      }
    }
  }

  private static String requiredString(Path file, String where, ObjectNode t, String key) throws ToolFailure {
    return optionalString(file, where, t, key).orElseThrow(() -> mistake(file, where + " " + key, "is missing",
        "a string"));
  }

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

  /** A drive's {@code buffer}: "64MiB", "1GiB", "512KiB", a number of bytes, or 0 for none. */
  private static OptionalLong buffer(Path file, String where, JsonNode v) throws ToolFailure {
    if (v == null) {
      return OptionalLong.empty();
    }
    long bytes = v.isIntegralNumber() && v.canConvertToLong() ? bufferBytes(v.asText())
        : v.isTextual() ? bufferBytes(v.asText()) : -1;
    if (bytes < 0) {
      throw mistake(file, where + " buffer", "is " + v, BUFFER_SIZES);
    }
    return OptionalLong.of(bytes);
  }

  /** What a drive's buffer may be, for messages. */
  static final String BUFFER_SIZES = "0 (no buffer), or a size from 1MiB to 4GiB, as \"64MiB\" or \"1GiB\"";

  /** A buffer size ("64MiB", "1GiB", "512KiB", bytes, 0) in bytes, or -1 when it is not one ({@link #BUFFER_SIZES}). */
  static long bufferBytes(String text) {
    java.util.regex.Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return -1;
    }
    int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      default -> 0;
    };
    long bytes;
    try {
      bytes = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
    bytes = bytes > (MAX_BUFFER >> shift) ? Long.MAX_VALUE : bytes << shift;
    return bytes != 0 && (bytes < (1L << 20) || bytes > MAX_BUFFER) ? -1 : bytes;
  }

  /** {@code bytes} as tape.toml writes a buffer size: in the largest binary unit that divides it. */
  static String sizeText(long bytes) {
    for (var u : List.of(Map.entry(30, "GiB"), Map.entry(20, "MiB"), Map.entry(10, "KiB"))) {
      if (bytes != 0 && bytes % (1L << u.getKey()) == 0) {
        return (bytes >> u.getKey()) + u.getValue();
      }
    }
    return Long.toString(bytes);
  }

  private static Optional<String> optionalString(Path file, String where, ObjectNode t, String key) throws ToolFailure {
    JsonNode n = t.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw mistake(file, where + " " + key, "is " + n, "a string in quotes");
    }
    return Optional.of(n.asText());
  }

  private static List<String> strings(Path file, String where, ObjectNode t, String key) throws ToolFailure {
    JsonNode n = t.get(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isTextual()) {
      out.add(n.asText());
      return out;
    }
    if (!n.isArray()) {
      throw mistake(file, where + " " + key, "is " + n, "a list of strings, as [\"a\", \"b\"]");
    }
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw mistake(file, where + " " + key, "holds " + e, "a list of strings, as [\"a\", \"b\"]");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static boolean bool(Path file, String where, ObjectNode t, String key) throws ToolFailure {
    JsonNode n = t.get(key);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw mistake(file, where + " " + key, "is " + n, "true or false");
    }
    return n.asBoolean();
  }

  static ToolFailure mistake(Path file, String key, String what, String allowed) {
    return new ToolFailure(ExitCode.CONFIG, List.of(file + ": " + key + " " + what + "; allowed: " + allowed), null);
  }

  // ---- writing ----

  /** Writes {@code tape.toml}. */
  public void saveTape() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    catalogUrl.ifPresent(u -> root.putObject("catalog").put("url", u));
    if (!changers.isEmpty()) {
      ObjectNode all = root.putObject("changer");
      for (Changer c : changers.values()) {
        ObjectNode t = all.putObject(c.name());
        t.put("path", c.path());
        if (!c.exportSlots().isEmpty()) {
          ArrayNode a = t.putArray("export-slots");
          c.exportSlots().forEach(a::add);
        }
      }
    }
    if (!drives.isEmpty()) {
      ObjectNode all = root.putObject("drive");
      for (Drive d : drives.values()) {
        ObjectNode t = all.putObject(d.name());
        t.put("path", d.path());
        d.changer().ifPresent(c -> t.put("changer", c));
        if (d.changer().isPresent()) {
          t.put("changer-drivenum", d.changerDrivenum());
        }
        if (d.buffer().isPresent()) {
          t.put("buffer", sizeText(d.buffer().getAsLong()));
        }
      }
    }
    write(paths.tapeToml(), root);
  }

  /** Writes {@code media-pool.toml}. */
  public void savePools() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (!pools.isEmpty()) {
      ObjectNode all = root.putObject("pool");
      for (PoolConfig p : pools.values()) {
        ObjectNode t = all.putObject(p.name());
        p.drive().ifPresent(d -> t.put("drive", d));
        t.put("allocation", p.allocation());
        t.put("retention", p.retention());
        p.encrypt().ifPresent(f -> t.put("encrypt", f));
        t.put("template", p.template());
        if (!p.comment().isEmpty()) {
          t.put("comment", p.comment());
        }
      }
    }
    write(paths.poolToml(), root);
  }

  /** Writes {@code tape-job.toml}. */
  public void saveJobs() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (!jobs.isEmpty()) {
      ObjectNode all = root.putObject("job");
      for (Job j : jobs.values()) {
        ObjectNode t = all.putObject(j.id());
        ArrayNode s = t.putArray("source");
        j.sources().forEach(s::add);
        t.put("pool", j.pool());
        j.drive().ifPresent(d -> t.put("drive", d));
        j.schedule().ifPresent(d -> t.put("schedule", d));
        if (!j.exclude().isEmpty()) {
          ArrayNode x = t.putArray("exclude");
          j.exclude().forEach(x::add);
        }
        t.put("one-file-system", j.oneFileSystem());
        t.put("eject-media", j.ejectMedia());
        t.put("export-media-set", j.exportMediaSet());
        j.notifyCommand().ifPresent(c -> t.put("notify-command", c));
        if (!j.comment().isEmpty()) {
          t.put("comment", j.comment());
        }
      }
    }
    write(paths.jobToml(), root);
  }

  /**
   * Writes {@code root} (kind -> name -> key -> value) as TOML, one {@code [kind.name]} table per
   * entry, through a temporary file and a rename.
   */
  private static void write(Path file, ObjectNode root) throws IOException {
    StringBuilder sb = new StringBuilder("# written by tape: valid hand edits stay, comments do not\n");
    for (Iterator<Map.Entry<String, JsonNode>> kinds = root.fields(); kinds.hasNext(); ) {
      Map.Entry<String, JsonNode> kind = kinds.next();
      if (kind.getKey().equals("catalog")) {
        sb.append("\n[catalog]\n");
        keys(sb, kind.getValue());
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = kind.getValue().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("\n[").append(kind.getKey()).append('.').append(e.getKey()).append("]\n");
        keys(sb, e.getValue());
      }
    }
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, sb);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void keys(StringBuilder sb, JsonNode table) {
    for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sb.append(e.getKey()).append(" = ").append(value(e.getValue())).append('\n');
    }
  }

  private static String value(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(value(i)));
      return "[" + String.join(", ", items) + "]";
    }
    if (v.isTextual()) {
      return quote(v.asText());
    }
    return v.toString(); // numbers and booleans
  }

  /** A TOML basic string. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * The entry {@code name} of {@code entries} (the {@code kind}s of {@code file}), or a NOT_FOUND
   * failure that lists the ones configured, or says how to create one ({@code create}) when there are none.
   */
  static <T> T named(String kind, String name, Map<String, T> entries, Path file, String create) throws ToolFailure {
    T found = entries.get(name);
    if (found == null) {
      throw new ToolFailure(ExitCode.NOT_FOUND, "no " + kind + " '" + name + "' in " + file + (entries.isEmpty()
          ? ": none is configured (" + create + ")" : ": configured are " + String.join(", ", entries.keySet())));
    }
    return found;
  }

  /** Checks a new name for a drive, changer, pool or job. */
  public static void checkName(String kind, String name) throws ToolFailure {
    if (!NAME.matcher(name).matches()) {
      throw new ToolFailure(ExitCode.USAGE, List.of(kind + " name '" + name + "' is not allowed: use 2 to 32 letters, "
          + "digits, '_', '.' and '-', not starting with '.' or '-'"), null);
    }
  }
}
