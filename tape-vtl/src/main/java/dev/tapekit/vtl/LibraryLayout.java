package dev.tapekit.vtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.DriveThrottle;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration of one virtual library: changer identity and element addresses, drives, and the
 * cartridges it starts with. Read from and written to {@code library.toml}:
 *
 * <pre>{@code
 * [library]
 * name = "L700"                      # the address is vtl:L700
 * vendor = "STK"
 * product = "L700"
 * revision = "0107"
 * serial = "XYZZY_A"
 * naa = "50:22:33:44:ab:00:00:00"
 * transport = 1                      # element addresses
 * import_export_start = 10
 * import_export_count = 4
 * drive_start = 500
 * storage_start = 1000
 * storage_count = 39
 * threaded_removal = "unload-unless-prevented"   # or "unload-always" (mhvtl), "refuse" (strict)
 * empty_volume_tags = "none"         # empty elements' volume tag: "none" (zeros, mhvtl) or "blank"
 * capacity_mb = 500                  # capacity of cartridges created for this library, MiB
 *
 * [[drive]]                          # in data transfer element order: vtl:L700:0, vtl:L700:1, ...
 * model = "IBM ULT3580-TD8"
 * revision = "0107"                  # optional; default per model
 * serial = "XYZZY_A1"
 * naa = "50:22:33:44:ab:00:01:00"
 * throttle = true                    # optional: emulate the model's streaming (see DriveThrottle)
 * throttle_native_mb_s = 400         # optional overrides of the generation's defaults: MB/s (10^6 bytes)
 * throttle_floor_mb_s = 177
 * throttle_steps = 12
 * throttle_buffer_mib = 1024
 * throttle_backhitch_ms = 2000
 *
 * [[cartridge]]
 * barcode = "E01001L8"
 * slot = 1                           # 1-based storage slot; or mail_slot = 1
 * }</pre>
 *
 * @param name library name (letters, digits, '-', '_')
 * @param changer changer identity, element addresses and removal policy
 * @param capacityMiB capacity of created cartridges in MiB
 * @param drives drive definitions
 * @param cartridges initial cartridges
 */
public record LibraryLayout(
    String name,
    ChangerLayout changer,
    long capacityMiB,
    List<DriveSpec> drives,
    List<CartridgeSpec> cartridges) {
  /**
   * The TOML reader of the virtual library's files ({@code library.toml}, {@code state.toml}). Made
   * once: building a mapper is most of what reading a small file costs, and every tool start reads
   * both. Thread-safe once built.
   */
  static final TomlMapper TOML = new TomlMapper();

  /**
   * The revision every device of mhvtl 1.7's default libraries reports: its generated device.conf
   * gives the library no revision and comments the drives' line out, so each daemon falls back to its
   * own version, 1.7, formatted {@code %02d%02d} (mhvtl usr/vtllib.c get_version). mhvtl 1.8 writes
   * 2160 and 550V instead; those stay the drive models' defaults.
   */
  static final String MHVTL_REVISION = "0107";


  /**
   * One drive: model (see {@link DrivePersonality#byModel}), optional revision override, serial, NAA,
   * and its throttle (null: not throttled, the default).
   */
  public record DriveSpec(String model, String revision, String serial, byte[] naa, ThrottleSpec throttle) {
    /** An unthrottled drive. */
    public DriveSpec(String model, String revision, String serial, byte[] naa) {
      this(model, revision, serial, naa, null);
    }

    /** The personality with the revision override applied. */
    public DrivePersonality personality() {
      DrivePersonality p = DrivePersonality.byModel(model);
      return revision == null ? p
          : new DrivePersonality(p.vendor(), p.product(), revision, p.nativeGeneration(), p.readWrite(), p.readOnly(), p.maxBlockLength());
    }

    /** This drive, throttled as {@code t} says (null: not throttled). */
    public DriveSpec withThrottle(ThrottleSpec t) {
      return new DriveSpec(model, revision, serial, naa, t);
    }

    /**
     * What the throttled drive emulates: its model generation's defaults with the overrides applied;
     * empty when it is not throttled.
     *
     * @throws IllegalArgumentException when a value is out of range, or the model has no defaults and
     *     the native rate or floor is not given
     */
    public java.util.Optional<DriveThrottle.Settings> throttleSettings() {
      return throttle == null ? java.util.Optional.empty()
          : java.util.Optional.of(throttle.settings(personality().nativeGeneration(), model));
    }
  }

  /**
   * The {@code throttle} keys of a {@code [[drive]]}: each override null where the model's generation
   * gives the value ({@link DriveThrottle.Settings#forGeneration}).
   */
  public record ThrottleSpec(Double nativeMBps, Double floorMBps, Integer steps, Long bufferMiB, Long backhitchMs) {
    /** {@code throttle = true} and nothing else: the generation's defaults. */
    public static final ThrottleSpec DEFAULTS = new ThrottleSpec(null, null, null, null, null);

    DriveThrottle.Settings settings(dev.tapekit.vtl.cartridge.MediumGeneration g, String model) {
      java.util.Optional<DriveThrottle.Settings> base = DriveThrottle.Settings.forGeneration(g);
      if (base.isEmpty() && (nativeMBps == null || floorMBps == null)) {
        throw new IllegalArgumentException("library.toml: drive " + model + " has no throttle defaults (LTO-2..LTO-9 "
            + "have them): give throttle_native_mb_s and throttle_floor_mb_s");
      }
      double nat = nativeMBps != null ? nativeMBps : base.get().nativeMBps();
      double floor = floorMBps != null ? floorMBps : base.map(DriveThrottle.Settings::floorMBps).orElse(nat);
      int n = steps != null ? steps : base.map(DriveThrottle.Settings::steps).orElse(12);
      long buffer = bufferMiB != null ? bufferMiB << 20 : base.map(DriveThrottle.Settings::bufferBytes).orElse(1L << 30);
      java.time.Duration backhitch = backhitchMs != null ? java.time.Duration.ofMillis(backhitchMs)
          : DriveThrottle.Settings.DEFAULT_BACKHITCH;
      try {
        return new DriveThrottle.Settings(nat, floor, n, buffer, backhitch);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("library.toml: drive " + model + " throttle: " + e.getMessage(), e);
      }
    }
  }

  /** One initial cartridge, either in storage slot {@code slot} or mail slot {@code mailSlot} (1-based; the other is 0). */
  public record CartridgeSpec(String barcode, int slot, int mailSlot) {}

  public LibraryLayout {
    if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("library name '" + name + "' must be 1..32 letters, digits, '-' or '_'");
    }
    drives = List.copyOf(drives);
    cartridges = List.copyOf(cartridges);
    Set<String> seen = new HashSet<>();
    Set<Integer> slots = new HashSet<>();
    Set<Integer> mail = new HashSet<>();
    for (CartridgeSpec c : cartridges) {
      Barcode.parse(c.barcode());
      if (!seen.add(c.barcode())) {
        throw new IllegalArgumentException("barcode " + c.barcode() + " appears twice in library " + name);
      }
      boolean inSlot = c.slot() >= 1 && c.slot() <= changer.storageCount() && c.mailSlot() == 0;
      boolean inMail = c.mailSlot() >= 1 && c.mailSlot() <= changer.importExportCount() && c.slot() == 0;
      if (!inSlot && !inMail) {
        throw new IllegalArgumentException("cartridge " + c.barcode() + " needs slot 1.." + changer.storageCount()
            + " or mail_slot 1.." + changer.importExportCount());
      }
      if (!(inSlot ? slots.add(c.slot()) : mail.add(c.mailSlot()))) {
        throw new IllegalArgumentException("two cartridges in the same slot as " + c.barcode());
      }
    }
    for (DriveSpec d : drives) {
      d.personality();
      d.throttleSettings();
    }
  }

  /**
   * mhvtl's generated default library 10: STK L700 with 2 x IBM ULT3580-TD8 and 2 x ULT3580-TD6, 39
   * slots (E01001L8..E01020L8 in 1..20, CLN101L8 in 22, CLN102L6 in 23, F01030L6..F01039L6 in 30..39),
   * 4 mail slots, addresses picker 1, mail 10, drives 500, storage 1000.
   */
  public static LibraryLayout l700() {
    List<DriveSpec> drives = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      drives.add(new DriveSpec(i <= 2 ? "IBM ULT3580-TD8" : "IBM ULT3580-TD6", MHVTL_REVISION, "XYZZY_A" + i, naa(i)));
    }
    List<CartridgeSpec> carts = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      carts.add(new CartridgeSpec(String.format("E010%02dL8", i), i, 0));
    }
    carts.add(new CartridgeSpec("CLN101L8", 22, 0));
    carts.add(new CartridgeSpec("CLN102L6", 23, 0));
    for (int i = 30; i <= 39; i++) {
      carts.add(new CartridgeSpec(String.format("F010%02dL6", i), i, 0));
    }
    return new LibraryLayout("L700", new ChangerLayout("STK", "L700", MHVTL_REVISION, "XYZZY_A", naa(0), 1, 10, 4, 500, 1000, 39,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED), 500, drives, carts);
  }

  /**
   * mhvtl's generated default library 30: STK L80 with 4 x STK T10000B, 40 slots (G03001TA..G03039TA in
   * 1..39, CLN303TA in 40), 4 mail slots, same addresses as L700.
   */
  public static LibraryLayout l80() {
    List<DriveSpec> drives = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      drives.add(new DriveSpec("STK T10000B", MHVTL_REVISION, "XYZZY_B" + i, naa(8 + i)));
    }
    List<CartridgeSpec> carts = new ArrayList<>();
    for (int i = 1; i <= 39; i++) {
      carts.add(new CartridgeSpec(String.format("G030%02dTA", i), i, 0));
    }
    carts.add(new CartridgeSpec("CLN303TA", 40, 0));
    return new LibraryLayout("L80", new ChangerLayout("STK", "L80", MHVTL_REVISION, "XYZZY_B", naa(8), 1, 10, 4, 500, 1000, 40,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED), 500, drives, carts);
  }

  /** The built-in default layout called {@code name}, if any. */
  public static java.util.Optional<LibraryLayout> builtIn(String name) {
    return switch (name) {
      case "L700" -> java.util.Optional.of(l700());
      case "L80" -> java.util.Optional.of(l80());
      default -> java.util.Optional.empty();
    };
  }

  /**
   * mhvtl's NAA scheme {@code 10:22:33:44:ab:<channel 00>:<target>:<lun 00>} (target written as decimal
   * digits), except that the first byte is 0x50: mhvtl's 0x10 declares NAA type 1, which is not a
   * valid 8-byte NAA format (sg_vpd reports "unexpected NAA"); type 5 (IEEE Registered) is.
   */
  private static byte[] naa(int target) {
    return new byte[] {0x50, 0x22, 0x33, 0x44, (byte) 0xab, 0, (byte) Integer.parseInt(Integer.toString(target), 16), 0};
  }

  // ---- TOML

  /**
   * Parses {@code library.toml} text.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static LibraryLayout parse(String toml) {
    JsonNode root;
    try {
      root = TOML.readTree(toml);
    } catch (IOException e) {
      throw new IllegalArgumentException("library.toml is not valid TOML: " + e.getMessage(), e);
    }
    JsonNode lib = required(root, "library", "");
    List<DriveSpec> drives = new ArrayList<>();
    for (JsonNode d : root.path("drive")) {
      drives.add(new DriveSpec(text(d, "model", "drive."), d.hasNonNull("revision") ? d.get("revision").asText() : null,
          text(d, "serial", "drive."), parseNaa(text(d, "naa", "drive.")), throttle(d)));
    }
    List<CartridgeSpec> carts = new ArrayList<>();
    for (JsonNode c : root.path("cartridge")) {
      carts.add(new CartridgeSpec(text(c, "barcode", "cartridge."), c.path("slot").asInt(0), c.path("mail_slot").asInt(0)));
    }
    ChangerLayout changer = new ChangerLayout(
        text(lib, "vendor", "library."), text(lib, "product", "library."),
        text(lib, "revision", "library."), text(lib, "serial", "library."), parseNaa(text(lib, "naa", "library.")),
        integer(lib, "transport"), integer(lib, "import_export_start"), integer(lib, "import_export_count"),
        integer(lib, "drive_start"), integer(lib, "storage_start"), integer(lib, "storage_count"),
        removal(lib.path("threaded_removal").asText("unload-unless-prevented")),
        emptyTags(lib.path("empty_volume_tags").asText("none")));
    return new LibraryLayout(text(lib, "name", "library."), changer, lib.path("capacity_mb").asLong(500), drives, carts);
  }

  /** This layout as {@code library.toml} text that {@link #parse} reads back to an equal layout. */
  public String toToml() {
    StringBuilder sb = new StringBuilder("# tapekit virtual library layout\n[library]\n");
    ChangerLayout cl = changer;
    kv(sb, "name", name);
    kv(sb, "vendor", cl.vendor());
    kv(sb, "product", cl.product());
    kv(sb, "revision", cl.revision());
    kv(sb, "serial", cl.serial());
    kv(sb, "naa", formatNaa(cl.naa()));
    sb.append("transport = ").append(cl.transportAddress()).append('\n');
    sb.append("import_export_start = ").append(cl.importExportStart()).append('\n');
    sb.append("import_export_count = ").append(cl.importExportCount()).append('\n');
    sb.append("drive_start = ").append(cl.driveStart()).append('\n');
    sb.append("storage_start = ").append(cl.storageStart()).append('\n');
    sb.append("storage_count = ").append(cl.storageCount()).append('\n');
    kv(sb, "threaded_removal", cl.threadedRemoval().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    kv(sb, "empty_volume_tags", cl.blankEmptyTags() ? "blank" : "none");
    sb.append("capacity_mb = ").append(capacityMiB).append('\n');
    for (DriveSpec d : drives) {
      sb.append("\n[[drive]]\n");
      kv(sb, "model", d.model());
      if (d.revision() != null) {
        kv(sb, "revision", d.revision());
      }
      kv(sb, "serial", d.serial());
      kv(sb, "naa", formatNaa(d.naa()));
      ThrottleSpec t = d.throttle();
      if (t != null) {
        sb.append("throttle = true\n");
        optional(sb, "throttle_native_mb_s", t.nativeMBps());
        optional(sb, "throttle_floor_mb_s", t.floorMBps());
        optional(sb, "throttle_steps", t.steps());
        optional(sb, "throttle_buffer_mib", t.bufferMiB());
        optional(sb, "throttle_backhitch_ms", t.backhitchMs());
      }
    }
    for (CartridgeSpec c : cartridges) {
      sb.append("\n[[cartridge]]\n");
      kv(sb, "barcode", c.barcode());
      sb.append(c.slot() > 0 ? "slot = " + c.slot() : "mail_slot = " + c.mailSlot()).append('\n');
    }
    return sb.toString();
  }

  private static StringBuilder kv(StringBuilder sb, String key, String value) {
    return sb.append(key).append(" = \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
  }

  private static void optional(StringBuilder sb, String key, Number value) {
    if (value != null) {
      sb.append(key).append(" = ").append(value).append('\n');
    }
  }

  private static final List<String> THROTTLE_KEYS = List.of("throttle_native_mb_s", "throttle_floor_mb_s",
      "throttle_steps", "throttle_buffer_mib", "throttle_backhitch_ms");

  /** The throttle keys of a {@code [[drive]]}: null when {@code throttle} is absent or false. */
  private static ThrottleSpec throttle(JsonNode d) {
    JsonNode on = d.get("throttle");
    if (on != null && !on.isBoolean()) {
      throw new IllegalArgumentException("library.toml: drive.throttle must be true or false");
    }
    boolean enabled = on != null && on.asBoolean();
    if (!enabled) {
      for (String k : THROTTLE_KEYS) {
        if (d.has(k)) {
          throw new IllegalArgumentException("library.toml: drive." + k + " needs throttle = true");
        }
      }
      return null;
    }
    Double nat = positiveNumber(d, "throttle_native_mb_s");
    Double floor = positiveNumber(d, "throttle_floor_mb_s");
    Long steps = wholeNumber(d, "throttle_steps");
    Long buffer = wholeNumber(d, "throttle_buffer_mib");
    Long backhitch = wholeNumber(d, "throttle_backhitch_ms");
    if (steps != null && (steps < 1 || steps > 64)) {
      throw new IllegalArgumentException("library.toml: drive.throttle_steps " + steps + " is not 1..64");
    }
    if (buffer != null && (buffer < 1 || buffer > 1 << 20)) {
      throw new IllegalArgumentException("library.toml: drive.throttle_buffer_mib " + buffer + " is not 1..1048576");
    }
    if (backhitch != null && backhitch > 60_000) {
      throw new IllegalArgumentException("library.toml: drive.throttle_backhitch_ms " + backhitch + " is not 0..60000");
    }
    return new ThrottleSpec(nat, floor, steps == null ? null : steps.intValue(), buffer, backhitch);
  }

  private static Double positiveNumber(JsonNode d, String key) {
    JsonNode v = d.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber() || !(v.asDouble() > 0)) {
      throw new IllegalArgumentException("library.toml: drive." + key + " must be a number above 0 (MB/s, 10^6 bytes)");
    }
    return v.asDouble();
  }

  private static Long wholeNumber(JsonNode d, String key) {
    JsonNode v = d.get(key);
    if (v == null) {
      return null;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException("library.toml: drive." + key + " must be a whole number, 0 or more");
    }
    return v.asLong();
  }

  private static JsonNode required(JsonNode n, String key, String prefix) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("library.toml: missing " + prefix + key);
    }
    return v;
  }

  private static String text(JsonNode n, String key, String prefix) {
    JsonNode v = required(n, key, prefix);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("library.toml: " + prefix + key + " must be a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, String key) {
    JsonNode v = required(n, key, "library.");
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException("library.toml: library." + key + " must be an integer");
    }
    return v.asInt();
  }

  /** {@code empty_volume_tags}: "none" (36 zero bytes, mhvtl) or "blank" (32 spaces, some real libraries). */
  private static boolean emptyTags(String s) {
    return switch (s) {
      case "none" -> false;
      case "blank" -> true;
      default -> throw new IllegalArgumentException(
          "library.toml: empty_volume_tags must be none or blank, not '" + s + "'");
    };
  }

  private static ThreadedRemoval removal(String s) {
    try {
      return ThreadedRemoval.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "library.toml: threaded_removal must be unload-always, unload-unless-prevented or refuse, not '" + s + "'");
    }
  }

  static byte[] parseNaa(String s) {
    String[] parts = s.split(":");
    if (parts.length != 8) {
      throw new IllegalArgumentException("NAA '" + s + "' must be 8 hex bytes separated by ':'");
    }
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return b;
  }

  static String formatNaa(byte[] naa) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < naa.length; i++) {
      sb.append(i == 0 ? "" : ":").append(String.format("%02x", naa[i] & 0xFF));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LibraryLayout l && l.toToml().equals(toToml());
  }

  @Override
  public int hashCode() {
    return toToml().hashCode();
  }
}
