package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.sql.SqliteCatalogStore;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolHarness;
import dev.tapekit.tools.VtlHomeExtension;
import dev.tapekit.vtl.VirtualLibraries;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tape drive} and the drive operations at the top level ({@code status}, {@code load-media},
 * {@code unload}, {@code eject}, {@code export-media}, {@code format}, {@code clean}): golden
 * transcripts against a virtual library, and bad input.
 */
@ExtendWith(VtlHomeExtension.class)
class DriveCommandsTest {
  @Test
  void configureDrives() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    ToolHarness.Result r = t.tape("drive", "scan");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("│ vtl:lib:2 │ IBM    │ ULT3580-TD6 │ lib_3  │"), r.out());
    t.tape("drive", "scan", "--output-format", "json");
    t.tape("drive", "list");
    assertEquals(0, t.tape("drive", "remove", "lib-3").exit());
    r = t.tape("drive", "create", "solo", "--path", "vtl:lib:3");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, t.tape("drive", "update", "lib-2", "--changer", "").exit());
    t.tape("drive", "config", "lib-2");
    assertEquals(0, t.tape("drive", "update", "lib-2", "--changer", "lib", "--changer-drivenum", "2").exit());
    t.tape("drive", "config", "lib-2", "--output-format", "json");
    t.tape("drive", "list", "--output-format", "json");
    t.harness.assertGolden("tape-drive");
  }

  @Test
  void driveOperations() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    assertEquals(0, t.tape("pool", "create", "daily").exit());
    ToolHarness.Result r = t.tape("status", "--drive", "lib-0");
    assertEquals(0, r.exit(), r.err());
    r = t.tape("load-media", "E01001L8", "--drive", "lib-0", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    t.tape("changer", "status", "lib", "--output-format", "json");
    t.tape("drive", "status", "--drive", "lib-0", "--output-format", "json-pretty");
    r = t.tape("unload", "--drive", "lib-0", "--target-slot", "21", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(t.tape("changer", "status", "lib").out().contains("│ slot          │ 21       │ E01001L8   │"));
    assertEquals(0, t.tape("load-media", "E01001L8", "--drive", "lib-0").exit());
    r = t.tape("eject", "--drive", "lib-0", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(t.tape("changer", "status", "lib").out().contains("│ slot          │ 21       │ E01001L8   │"));
    assertEquals(0, t.tape("unload", "--drive", "lib-0").exit(), "an empty drive is no failure");
    assertEquals(0, t.tape("load-media", "E01006L8", "--drive", "lib-0").exit());
    assertEquals(0, t.tape("unload", "--drive", "lib-0").exit());
    r = t.tape("export-media", "E01002L8", "--drive", "lib-0");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, t.tape("vtl", "export", "lib", "E01002L8").exit());

    // a blank tape is formatted without asking
    assertEquals(0, t.tape("load-media", "E01003L8", "--drive", "lib-0").exit());
    r = t.tape("format", "--drive", "lib-0");
    assertEquals(0, r.exit(), r.err());

    // a tape of the pool's current set, whose retention is keep: refused unless forced
    labelIntoSet(t, "E01003L8", "daily", "set-1", Instant.parse("2026-01-05T10:00:00Z"));
    r = t.tape("format", "--drive", "lib-0");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), r.err());
    assertTrue(r.err().contains("the current set of pool daily"), r.err());
    r = t.tape("format", "--drive", "lib-0", "--force", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    try (CatalogStore store = SqliteCatalogStore.open(t.home.resolve("catalog.db"), Clock.systemUTC())) {
      assertEquals(Optional.empty(), store.mediaByLabel("E01003L8"));
    }
    // a tape of an older set of a pool that overwrites each set when the next begins: expired, formatted
    assertEquals(0, t.tape("pool", "create", "scratch", "--allocation", "always", "--retention", "overwrite").exit());
    assertEquals(0, t.tape("load-media", "E01004L8", "--drive", "lib-0", "--quiet").exit());
    labelIntoSet(t, "E01004L8", "scratch", "scratch-1", Instant.parse("2026-01-05T10:00:00Z"));
    assertEquals(0, t.tape("load-media", "E01005L8", "--drive", "lib-0", "--quiet").exit());
    labelIntoSet(t, "E01005L8", "scratch", "scratch-2", Instant.parse("2026-01-06T10:00:00Z"));
    r = t.tape("format", "--drive", "lib-0");
    assertEquals(ExitCode.REFUSED.code(), r.exit(), "the current set of the pool: " + r.err());
    r = t.tape("format", "--drive", "lib-0", "--label-text", "E01004L8");
    assertEquals(0, r.exit(), r.err());
    r = t.tape("clean", "--drive", "lib-0");
    assertEquals(0, r.exit(), r.err());
    r = t.tape("clean", "--drive", "lib-1", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());

    // an exported tape the catalog knows is offline there
    r = t.tape("export-media", "E01005L8", "--drive", "lib-0", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    try (CatalogStore store = SqliteCatalogStore.open(t.home.resolve("catalog.db"), Clock.systemUTC())) {
      assertEquals(MediaLocation.OFFLINE, store.mediaByLabel("E01005L8").orElseThrow().location());
    }
    assertTrue(t.tape("changer", "status", "lib").out().contains("│ slot          │ 22       │ CLN101L8   │"));
    t.harness.assertGolden("tape-drive-operations");
  }

  /**
   * Labels the tape in drive lib-0 for {@code pool} and starts media set {@code name} with it at {@code at},
   * as a backup would.
   */
  private static Media labelIntoSet(TapeHome t, String label, String pool, String name, Instant at) throws Exception {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    try (CatalogStore store = SqliteCatalogStore.open(t.home.resolve("catalog.db"), clock);
        ScsiTransport transport = VirtualLibraries.open("vtl:lib:0", t.vtl);
        TapeDrive drive = ScsiTapeDrive.open(transport)) {
      TapeConfig config = TapeConfig.load(t.environment.paths());
      store.putPool(config.pools().get(pool).pool());
      Media m = TapePreparation.label(store, drive, label, Optional.of(pool), Optional.of("lib"), 65536, clock);
      MediaSet set = new MediaSet(UUID.randomUUID(), pool, name, clock.instant(), Optional.empty(), new TreeMap<>());
      assertTrue(store.startMediaSet(set, m.uuid(), Optional.empty(), clock.instant()));
      t.harness.mask(m.uuid().toString(), "$MEDIA_UUID_" + label);
      t.harness.mask(set.uuid().toString(), "$SET_UUID_" + name);
      TapePreparation.prepare(drive, store.media(m.uuid()).orElseThrow(), store.mediaSet(set.uuid()).orElseThrow(),
          65536, clock);
      return m;
    }
  }

  @Test
  void driveFromEnvironment() throws Exception {
    TapeHome t = new TapeHome();
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    Map<String, String> env = new HashMap<>(t.environment.env());
    env.put("TAPEKIT_DRIVE", "lib-2");
    TapeEnvironment e = t.environment;
    ToolHarness h = new ToolHarness().tapeEnvironment(new TapeEnvironment(env, e.paths(), e.clock(), e.sleeper(),
        e.stdin(), e.operatorStream()));
    ToolHarness.Result r = h.tape("status", "--output-format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("{\"drive\":\"lib-2\",\"vendor\":\"IBM\",\"product\":\"ULT3580-TD6\""), r.out());
    r = h.tape("status", "--drive", "lib-0", "--output-format", "json");
    assertTrue(r.out().startsWith("{\"drive\":\"lib-0\""), "--drive wins: " + r.out());
    env.put("TAPEKIT_DRIVE", "nope");
    h = new ToolHarness().tapeEnvironment(new TapeEnvironment(env, e.paths(), e.clock(), e.sleeper(), e.stdin(),
        e.operatorStream()));
    assertEquals(ExitCode.NOT_FOUND.code(), h.tape("status").exit());
  }

  @Test
  void badInput() throws Exception {
    TapeHome t = new TapeHome();
    ToolHarness.Result r = t.tape("status");
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    assertEquals(0, t.tape("vtl", "create", "lib", "--quiet").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("status").exit(), "four drives: which one?");
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("status", "--drive", "nope").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("drive", "config", "nope").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib:0",
        "--changer-drivenum", "1").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib:0").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("drive", "create", "lib-0", "--path", "vtl:lib:0").exit());
    assertEquals(ExitCode.WRONG_DEVICE.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib").exit());
    assertEquals(ExitCode.NO_DEVICE.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib:7").exit());
    assertEquals(0, t.tape("drive", "remove", "lib-3").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib:3",
        "--changer", "nope").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("drive", "create", "d1", "--path", "vtl:lib:3", "--changer", "lib",
        "--changer-drivenum", "7").exit());
    assertEquals(0, t.tape("drive", "create", "solo", "--path", "vtl:lib:3").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("unload", "--drive", "solo").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("export-media", "E01001L8", "--drive", "solo").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("clean", "--drive", "solo").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("load-media", "E01001L8", "--drive", "solo").exit());
    assertEquals(ExitCode.TAPE_NEEDED.code(), t.tape("load-media", "E01099L8", "--drive", "lib-0").exit());
    assertEquals(ExitCode.NOT_FOUND.code(), t.tape("export-media", "E01099L8", "--drive", "lib-0").exit());
    assertEquals(ExitCode.NO_MEDIUM.code(), t.tape("format", "--drive", "lib-0").exit());
    assertEquals(0, t.tape("load-media", "E01001L8", "--drive", "lib-0").exit());
    assertEquals(ExitCode.DESTINATION_FULL.code(), t.tape("unload", "--drive", "lib-0", "--target-slot", "2").exit());
    assertEquals(ExitCode.USAGE.code(), t.tape("unload", "--drive", "lib-0", "--target-slot", "99").exit());
    assertEquals(0, t.tape("pool", "create", "daily", "--drive", "lib-1").exit());
    assertEquals(ExitCode.REFUSED.code(), t.tape("drive", "remove", "lib-1").exit());
    t.harness.assertGolden("tape-drive-errors");
  }
}
