package dev.tapekit.tools.tape;

import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaLocation;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.SnapshotLocation;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape media}: the tapes the catalog knows, their content, their place (PBS: {@code proxmox-tape media}). */
@Command(name = "media", description = "Tapes in the catalog: list, content, status, move, destroy.",
    subcommands = {MediaCommands.ListMedia.class, MediaCommands.Content.class, MediaCommands.Status.class,
        MediaCommands.Move.class, MediaCommands.Destroy.class})
final class MediaCommands {
  private MediaCommands() {}

  static ZoneId zone(Session s) {
    return s.clock().getZone();
  }

  /** The media set {@code text} names: its UUID, or its name (unique within the catalog's pools). */
  static MediaSet mediaSet(Session s, String text) throws Exception {
    CatalogStore c = s.catalog();
    try {
      UUID u = UUID.fromString(text);
      return c.mediaSet(u).orElseThrow(() -> new ToolFailure(ExitCode.NOT_FOUND, "no media set " + text
          + " in the catalog (tape media list shows the sets; tape catalog --scan reads one from tape)"));
    } catch (IllegalArgumentException notUuid) {
      List<MediaSet> named = new ArrayList<>();
      for (var p : c.pools()) {
        for (MediaSet m : c.mediaSets(p.name())) {
          if (m.name().equals(text)) {
            named.add(m);
          }
        }
      }
      if (named.size() == 1) {
        return named.get(0);
      }
      throw new ToolFailure(ExitCode.NOT_FOUND, named.isEmpty()
          ? "no media set named '" + text + "' (give its name or UUID: tape media list)"
          : named.size() + " media sets are named '" + text + "': give the UUID (tape media list)");
    }
  }

  static Media media(Session s, String labelOrUuid) throws Exception {
    try {
      return s.catalog().resolve(labelOrUuid);
    } catch (dev.tapekit.catalog.CatalogException e) {
      throw new ToolFailure(ExitCode.NOT_FOUND, List.of(e.getMessage() + " (tape media list shows the tapes)"), e);
    }
  }

  /** A tape's row: PBS's media list fields. */
  static Map<String, Object> json(Session s, Media m, Map<UUID, MediaSet> sets, Map<String, MediaPool> pools)
      throws Exception {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("label-text", m.label());
    j.put("uuid", m.uuid().toString());
    j.put("ctime", m.labelled().getEpochSecond());
    m.pool().ifPresent(p -> j.put("pool", p));
    Optional<MediaPool> pool = m.pool().map(pools::get);
    j.put("status", (pool.isPresent() ? pool.get().status(m) : m.status()).text());
    j.put("location", m.location().text());
    // as PBS: whether the catalog has the tape's content (a tape in no set has none to have)
    j.put("catalog", m.membership().isEmpty() || !s.catalog().files(m.uuid()).isEmpty());
    j.put("expired", false);
    if (m.membership().isPresent()) {
      Media.Membership ms = m.membership().get();
      j.put("media-set-uuid", ms.mediaSet().toString());
      MediaSet set = sets.get(ms.mediaSet());
      if (set != null) {
        j.put("media-set-name", set.name());
        j.put("media-set-ctime", set.created().getEpochSecond());
      }
      j.put("seq-nr", ms.sequence());
      if (pool.isPresent()) {
        Optional<Instant> expiry = pool.get().expiry(m);
        j.put("expired", pool.get().expired(m));
        expiry.ifPresent(e -> j.put("expire-time", e.getEpochSecond()));
      }
    }
    j.put("bytes-used", m.bytesUsed());
    j.put("loads", m.loads());
    j.put("errors", m.errors());
    return j;
  }

  static Map<String, MediaPool> pools(Session s) throws Exception {
    Map<String, MediaPool> pools = new HashMap<>();
    for (var p : s.catalog().pools()) {
      pools.put(p.name(), new MediaPool(s.catalog(), p.name(), Availability.standalone(), s.clock(), zone(s)));
    }
    return pools;
  }

  static Map<UUID, MediaSet> sets(Session s) throws Exception {
    Map<UUID, MediaSet> sets = new HashMap<>();
    for (var p : s.catalog().pools()) {
      for (MediaSet m : s.catalog().mediaSets(p.name())) {
        sets.put(m.uuid(), m);
      }
    }
    return sets;
  }

  static String time(Session s, long epochSecond) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone(s))
        .format(Instant.ofEpochSecond(epochSecond));
  }

  @Command(name = "list", description = "Lists the tapes of the catalog with their pool, media set, status and location.")
  static final class ListMedia extends TapeCommand {
    @Option(names = "--pool", paramLabel = "POOL", description = "only this pool's tapes")
    String pool;

    @Override
    int run(Session s) throws Exception {
      Map<UUID, MediaSet> sets = sets(s);
      Map<String, MediaPool> pools = pools(s);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Media m : s.catalog().media()) {
        if (pool == null || m.pool().equals(Optional.of(pool))) {
          rows.add(json(s, m, sets, pools));
        }
      }
      rows.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.getOrDefault("pool", "")))
          .thenComparing(r -> String.valueOf(r.getOrDefault("media-set-ctime", "")))
          .thenComparing(r -> String.valueOf(r.getOrDefault("seq-nr", "")))
          .thenComparing(r -> String.valueOf(r.get("label-text"))));
      Table t = new Table("pool", "media-set-name", "seq-nr", "label-text", "status", "location", "bytes-used");
      for (Map<String, Object> r : rows) {
        t.row(r.getOrDefault("pool", ""), r.getOrDefault("media-set-name", ""), r.getOrDefault("seq-nr", ""),
            r.get("label-text"), r.get("status"), r.get("location"), Units.bytes((Long) r.get("bytes-used")));
      }
      s.print(() -> rows, t::render);
      return 0;
    }
  }

  @Command(name = "content", description = "Lists the snapshots on tape: which tape of which media set holds each.")
  static final class Content extends TapeCommand {
    @Option(names = "--pool", paramLabel = "POOL")
    String pool;

    @Option(names = "--label-text", paramLabel = "LABEL")
    String label;

    @Option(names = "--media-set", paramLabel = "SET", description = "a media set's name or UUID")
    String mediaSet;

    @Override
    int run(Session s) throws Exception {
      CatalogStore c = s.catalog();
      List<MediaSet> chosen = new ArrayList<>();
      if (mediaSet != null) {
        chosen.add(mediaSet(s, mediaSet));
      } else {
        for (var p : c.pools()) {
          if (pool == null || p.name().equals(pool)) {
            chosen.addAll(c.mediaSets(p.name()));
          }
        }
      }
      chosen.sort(Comparator.comparing(MediaSet::created));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (MediaSet set : chosen) {
        for (SnapshotLocation l : c.snapshots(set.uuid())) {
          Optional<Media> m = c.media(l.media());
          String text = m.map(Media::label).orElse(l.media().toString());
          if (label != null && !label.equals(text)) {
            continue;
          }
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("label-text", text);
          j.put("uuid", l.media().toString());
          j.put("media-set-name", set.name());
          j.put("media-set-uuid", set.uuid().toString());
          j.put("media-set-ctime", set.created().getEpochSecond());
          j.put("seq-nr", l.snapshot().tapeSequence());
          j.put("pool", set.pool());
          j.put("snapshot", l.snapshot().name());
          j.put("source", l.snapshot().source());
          j.put("backup-time", l.snapshot().created().getEpochSecond());
          j.put("entries", l.snapshot().entries());
          j.put("file-number", l.snapshot().fileNumber());
          rows.add(j);
        }
      }
      Table t = new Table("label-text", "pool", "media-set-name", "seq-nr", "snapshot", "entries", "backup-time");
      for (Map<String, Object> r : rows) {
        t.row(r.get("label-text"), r.get("pool"), r.get("media-set-name"), r.get("seq-nr"), r.get("snapshot"),
            r.get("entries"), time(s, (Long) r.get("backup-time")));
      }
      s.print(() -> rows, t::render);
      return 0;
    }
  }

  @Command(name = "status", description = "Shows one tape's catalog record and status.")
  static final class Status extends TapeCommand {
    @Parameters(paramLabel = "LABEL|UUID")
    String tape;

    @Override
    int run(Session s) throws Exception {
      Map<String, Object> j = json(s, media(s, tape), sets(s), pools(s));
      Table t = new Table("Name", "Value");
      j.forEach((k, v) -> t.row(k, k.endsWith("ctime") || k.equals("expire-time") ? time(s, (Long) v) : v));
      s.print(() -> j, t::render);
      return 0;
    }
  }

  @Command(name = "move", description = "Records where a tape is that is not in a library: offline, or in a vault.")
  static final class Move extends TapeCommand {
    @Parameters(paramLabel = "LABEL|UUID")
    String tape;

    @Option(names = "--location", required = true, paramLabel = "WHERE", description = "offline, or vault-NAME")
    String location;

    @Override
    int run(Session s) throws Exception {
      MediaLocation to;
      if (location.equals("offline")) {
        to = MediaLocation.OFFLINE;
      } else if (location.startsWith("vault-") && location.length() > "vault-".length()) {
        to = new MediaLocation.Vault(location.substring("vault-".length()));
      } else {
        throw new ToolFailure(ExitCode.USAGE, "--location is offline or vault-NAME, not '" + location
            + "' (a tape comes online by being loaded: tape inventory)");
      }
      Media m = media(s, tape);
      if (m.location() instanceof MediaLocation.Online o) {
        throw new ToolFailure(ExitCode.REFUSED, m.label() + " is in library " + o.changer()
            + ": export it first (tape export-media " + m.label() + ")");
      }
      s.catalog().updateMedia(m.uuid(), x -> new Media(x.uuid(), x.label(), x.labelled(), x.pool(), x.membership(),
          x.status(), to, x.bytesUsed(), x.loads(), x.errors(), x.worm()));
      return 0;
    }
  }

  @Command(name = "destroy", description = "Removes a tape from the catalog (its content records too); "
      + "refuses a tape of a media set that has not expired unless --force.")
  static final class Destroy extends TapeCommand {
    @Parameters(paramLabel = "LABEL|UUID")
    String tape;

    @Option(names = "--force", description = "also when its media set is kept")
    boolean force;

    @Override
    int run(Session s) throws Exception {
      Media m = media(s, tape);
      if (!force && m.membership().isPresent() && m.pool().isPresent()) {
        MediaPool pool = new MediaPool(s.catalog(), m.pool().get(), Availability.standalone(), s.clock(), zone(s));
        if (!pool.expired(m)) {
          throw new ToolFailure(ExitCode.REFUSED, m.label() + " holds media set " + m.membership().get().mediaSet()
              + " of pool " + m.pool().get() + ", which is kept" + pool.expiry(m).map(e -> " until " + e).orElse("")
              + ": tape media destroy " + m.label() + " --force to forget it anyway");
        }
      }
      s.catalog().removeMedia(m.uuid());
      return 0;
    }
  }
}
