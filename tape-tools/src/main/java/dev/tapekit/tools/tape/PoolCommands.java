package dev.tapekit.tools.tape;

import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.time.CalendarEvent;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tape pool}: media pools, kept in {@code media-pool.toml} (PBS: {@code proxmox-tape pool}). */
@Command(name = "pool", description = "Media pools: which tapes a backup writes to, and their policies.",
    subcommands = {PoolCommands.Create.class, PoolCommands.Update.class, PoolCommands.ListPools.class,
        PoolCommands.Config.class, PoolCommands.Remove.class})
final class PoolCommands {
  private PoolCommands() {}

  /** The options create and update share; null: not given. */
  static final class Settings {
    @Option(names = "--drive", paramLabel = "DRIVE", description = "the drive backups of this pool use by default")
    String drive;

    @Option(names = "--allocation", paramLabel = "POLICY",
        description = "when a new media set begins: continue (default), always, or a calendar event (daily, 'mon..fri 02:00')")
    String allocation;

    @Option(names = "--retention", paramLabel = "POLICY",
        description = "how long a set is kept: keep (default), overwrite, or a time span (30d, '1 week')")
    String retention;

    @Option(names = "--encrypt", paramLabel = "FINGERPRINT",
        description = "encrypt with this key of the key store (tape key list); '' for no encryption")
    String encrypt;

    @Option(names = "--template", paramLabel = "TEMPLATE", description = "media set name: strftime fields and %%id%% (default %%c)")
    String template;

    @Option(names = "--comment", paramLabel = "TEXT")
    String comment;

    TapeConfig.PoolConfig apply(Session s, TapeConfig.PoolConfig p) throws Exception {
      Optional<String> d = drive == null ? p.drive() : Optional.of(drive).filter(x -> !x.isEmpty());
      if (d.isPresent() && !s.config().drives().containsKey(d.get())) {
        throw new ToolFailure(ExitCode.NOT_FOUND, "no drive '" + d.get() + "' (tape drive list)");
      }
      Optional<String> fp = p.encrypt();
      if (encrypt != null) {
        if (encrypt.isEmpty()) {
          fp = Optional.empty();
        } else {
          Fingerprint f = s.keys().resolve(encrypt);
          fp = Optional.of(f.toString());
        }
      }
      TapeConfig.PoolConfig n = new TapeConfig.PoolConfig(p.name(), d, allocation == null ? p.allocation() : allocation,
          retention == null ? p.retention() : retention, fp, template == null ? p.template() : template,
          comment == null ? p.comment() : comment);
      try {
        n.pool();
      } catch (IllegalArgumentException e) {
        throw new ToolFailure(ExitCode.USAGE, "pool " + p.name() + ": " + e.getMessage());
      }
      return n;
    }
  }

  static Map<String, Object> json(TapeConfig.PoolConfig p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    p.drive().ifPresent(d -> m.put("drive", d));
    m.put("allocation", p.allocation());
    m.put("retention", p.retention());
    p.encrypt().ifPresent(e -> m.put("encrypt", e));
    m.put("template", p.template());
    if (!p.comment().isEmpty()) {
      m.put("comment", p.comment());
    }
    return m;
  }

  static TapeConfig.PoolConfig existing(Session s, String name) throws ToolFailure {
    return TapeConfig.named("pool", name, s.config().pools(), s.paths().poolToml(), "tape pool create NAME");
  }

  @Command(name = "create", description = "Creates a media pool.")
  static final class Create extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Mixin
    Settings settings = new Settings();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.checkName("pool", name);
      if (s.config().pools().containsKey(name)) {
        throw new ToolFailure(ExitCode.REFUSED, "pool '" + name + "' exists already (tape pool update " + name + ")");
      }
      TapeConfig.PoolConfig p = settings.apply(s, new TapeConfig.PoolConfig(name, Optional.empty(), "continue", "keep",
          Optional.empty(), Pool.DEFAULT_TEMPLATE, ""));
      s.config().pools().put(name, p);
      s.config().savePools();
      return 0;
    }
  }

  @Command(name = "update", description = "Changes a media pool's settings (an empty value clears --drive and --encrypt).")
  static final class Update extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Mixin
    Settings settings = new Settings();

    @Override
    int run(Session s) throws Exception {
      TapeConfig.PoolConfig p = settings.apply(s, existing(s, name));
      s.config().pools().put(name, p);
      s.config().savePools();
      return 0;
    }
  }

  @Command(name = "list", description = "Lists the media pools.")
  static final class ListPools extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Object> all = new ArrayList<>();
      Table t = new Table("name", "drive", "allocation", "retention", "template", "encrypt");
      for (TapeConfig.PoolConfig p : s.config().pools().values()) {
        all.add(json(p));
        t.row(p.name(), p.drive().orElse(""), p.allocation(), p.retention(), p.template(), p.encrypt().orElse(""));
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "config", description = "Shows a media pool's settings.")
  static final class Config extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      Map<String, Object> m = json(existing(s, name));
      Table t = new Table("Name", "Value");
      m.forEach(t::row);
      s.print(() -> m, t::render);
      return 0;
    }
  }

  @Command(name = "remove", description = "Removes a media pool from the configuration (its tapes and sets stay in the catalog).")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Session s) throws Exception {
      existing(s, name);
      for (TapeConfig.Job j : s.config().jobs().values()) {
        if (j.pool().equals(name)) {
          throw new ToolFailure(ExitCode.REFUSED, "pool '" + name + "' is used by backup job '" + j.id()
              + "': remove or update the job first");
        }
      }
      s.config().pools().remove(name);
      s.config().savePools();
      return 0;
    }
  }

  /** Checks a calendar event given on the command line. */
  static void checkEvent(String event) throws ToolFailure {
    try {
      CalendarEvent.parse(event);
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.USAGE, "bad calendar event '" + event + "': " + e.getMessage());
    }
  }
}
