package dev.tapekit.tools.tape;

import dev.tapekit.backup.media.TapeLoader;
import dev.tapekit.crypto.Fingerprint;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.KeyInfo;
import dev.tapekit.crypto.KeyStoreException;
import dev.tapekit.crypto.PaperKey;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKeyStore;
import dev.tapekit.format.block.DriveBlockSource;
import dev.tapekit.format.label.MediaSetLabel;
import dev.tapekit.format.label.PbsMediaSetLabel;
import dev.tapekit.format.label.Recognition;
import dev.tapekit.format.label.TapeRecognizer;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.OutputFormat;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tape key}: the tape encryption keys of this host's key store (PBS: {@code proxmox-tape key}).
 * Passphrases never come from arguments: see {@link Passwords}.
 */
@Command(name = "key", description = "Tape encryption keys: create, list, change, print on paper, restore, remove.",
    subcommands = {KeyCommands.Create.class, KeyCommands.ListKeys.class, KeyCommands.Show.class,
        KeyCommands.ChangePassphrase.class, KeyCommands.Paperkey.class, KeyCommands.Restore.class,
        KeyCommands.Remove.class, KeyCommands.Export.class},
    footer = {"", "Passphrases come from --password-file FILE (its first line; - is standard input), else the "
        + "environment variable " + Passwords.ENV + " (the least safe way), else the terminal."})
final class KeyCommands {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX");

  private KeyCommands() {}

  /** {@code --password-file}: where a key's (current) passphrase comes from. */
  static final class PasswordFile {
    @Option(names = "--password-file", paramLabel = "FILE",
        description = "read the key's passphrase from the first line of FILE (- is standard input) instead of "
            + "$" + Passwords.ENV + " or the terminal")
    Path file;

    Passwords.Source source() {
      return new Passwords.Source(Optional.ofNullable(file), "--password-file", Passwords.ENV);
    }
  }

  /** PBS's key information, kebab-case; created and modified in seconds since the epoch as PBS. */
  static Map<String, Object> json(KeyInfo k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", k.fingerprint().toString());
    k.hint().ifPresent(h -> m.put("hint", h));
    m.put("kdf", k.kdf().text());
    if (k.created() != null) {
      m.put("created", k.created().toEpochSecond());
    }
    if (k.modified() != null) {
      m.put("modified", k.modified().toEpochSecond());
    }
    return m;
  }

  static String time(OffsetDateTime t) {
    return t == null ? "" : TIME.format(t);
  }

  /** Checks a passphrase hint before any passphrase is asked for. */
  static void checkHint(String hint) throws ToolFailure {
    if (hint.isBlank() || hint.codePointCount(0, hint.length()) > 64) {
      throw new ToolFailure(ExitCode.USAGE, "--hint needs 1 to 64 characters");
    }
  }

  /** Writes {@code text} to {@code file}, readable by its owner only (a key config, even protected, is a secret's wrapper). */
  static void writePrivate(Path file, String text) throws ToolFailure {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing was written where asked; a leftover temporary file is named after it
      }
      throw new ToolFailure(ExitCode.FAILED, List.of("cannot write " + file + ": "
          + (e instanceof NoSuchFileException ? "its directory does not exist" : e.getMessage())), e);
    }
  }

  /** Prints {@code text}, or writes it to {@code output} when given and says so on stderr. */
  static void emit(Session s, Path output, String text, String what) throws ToolFailure {
    if (output == null) {
      s.out().print(text);
      s.out().flush();
    } else {
      writePrivate(output, text);
      s.progress(what + " written to " + output);
    }
  }

  /** Stores a key a file, paper or tape carried, after its passphrase opened it. */
  static Fingerprint store(Session s, KeyConfig config, String source, boolean replace, PasswordFile password)
      throws Exception {
    String fp = config.fingerprint().map(Fingerprint::toString).orElse("without a fingerprint");
    if (!replace && config.fingerprint().isPresent() && s.keys().find(config.fingerprint().get()).isPresent()) {
      throw new ToolFailure(ExitCode.REFUSED, "key " + fp + " from " + source + " is already in the key store "
          + s.keys().directory() + " (give --force to replace it, or tape key change-passphrase)");
    }
    String what = "key " + config.fingerprint().map(Fingerprint::shortForm).orElse(fp) + " from " + source
        + config.hint().map(h -> " (hint: " + h + ")").orElse("");
    try (Passphrase p = Passwords.of(s).existing(password.source(), what)) {
      return s.keys().importKey(config, p, replace);
    }
  }

  @Command(name = "create", description = "Creates a new random tape key, protected by a passphrase (asked twice).")
  static final class Create extends TapeCommand {
    @Option(names = "--hint", required = true, paramLabel = "TEXT",
        description = "a reminder of the passphrase, stored with the key (1 to 64 characters)")
    String hint;

    @Option(names = "--kdf", paramLabel = "KDF", defaultValue = "scrypt",
        description = "how the passphrase protects the key: scrypt (default) or pbkdf2")
    String kdf;

    @Mixin
    PasswordFile password = new PasswordFile();

    @Override
    int run(Session s) throws Exception {
      KdfType type = KdfType.parse(kdf);
      if (type == KdfType.NONE) {
        throw new ToolFailure(ExitCode.USAGE, "--kdf none would store the key unprotected: use scrypt or pbkdf2");
      }
      checkHint(hint);
      TapeKeyStore store = s.keys();
      Fingerprint fp;
      try (Passphrase p = Passwords.of(s).fresh(password.source(), "the new key")) {
        fp = store.create(p, type, hint);
      }
      KeyInfo k = store.find(fp).orElseThrow();
      s.print(() -> json(k), () -> fp + "\n");
      s.progress("Keep a copy of the key away from this host (tape key paperkey " + fp.shortForm()
          + "): tapes written with it cannot be read without it.");
      return 0;
    }
  }

  @Command(name = "list", description = "Lists the keys of the key store.")
  static final class ListKeys extends TapeCommand {
    @Override
    int run(Session s) throws Exception {
      List<Object> all = new ArrayList<>();
      Table t = new Table("fingerprint", "hint", "kdf", "created", "modified");
      for (KeyInfo k : s.keys().list()) {
        all.add(json(k));
        t.row(k.fingerprint(), k.hint().orElse(""), k.kdf().text(), time(k.created()), time(k.modified()));
      }
      s.print(() -> all, t::render);
      return 0;
    }
  }

  @Command(name = "show", description = "Shows one key: its fingerprint, hint, protection and dates.")
  static final class Show extends TapeCommand {
    @Parameters(paramLabel = "FINGERPRINT", description = "the key's fingerprint, or enough of its start")
    String fingerprint;

    @Override
    int run(Session s) throws Exception {
      KeyInfo k = s.keys().find(s.keys().resolve(fingerprint)).orElseThrow();
      Table t = new Table("Name", "Value");
      t.row("fingerprint", k.fingerprint());
      t.row("hint", k.hint().orElse(""));
      t.row("kdf", k.kdf().text());
      t.row("created", time(k.created()));
      t.row("modified", time(k.modified()));
      t.row("copies", k.wrapped() && k.plain() ? "protected and plain (unattended jobs can use it)"
          : k.wrapped() ? "protected only (jobs need the passphrase)" : "plain only (no passphrase-protected copy)");
      s.print(() -> {
        Map<String, Object> m = json(k);
        m.put("protected", k.wrapped());
        m.put("plain", k.plain());
        return m;
      }, t::render);
      return 0;
    }
  }

  @Command(name = "change-passphrase", description = "Protects a key with a new passphrase (asked twice).")
  static final class ChangePassphrase extends TapeCommand {
    @Parameters(paramLabel = "FINGERPRINT", description = "the key's fingerprint, or enough of its start")
    String fingerprint;

    @Option(names = "--hint", paramLabel = "TEXT", description = "a new passphrase hint")
    String hint;

    @Option(names = "--force", description = "do not ask for the old passphrase: re-protect the plain copy of the key "
        + "(for an administrator who lost the passphrase)")
    boolean force;

    @Mixin
    PasswordFile password = new PasswordFile();

    @Option(names = "--new-password-file", paramLabel = "FILE",
        description = "read the new passphrase from the first line of FILE (- is standard input) instead of $"
            + Passwords.NEW_ENV + " or the terminal")
    Path newFile;

    @Override
    int run(Session s) throws Exception {
      if (hint != null) {
        checkHint(hint);
      }
      if (password.file != null && newFile != null && password.file.equals(newFile)) {
        throw new ToolFailure(ExitCode.USAGE, "--password-file and --new-password-file name the same file");
      }
      TapeKeyStore store = s.keys();
      Fingerprint fp = s.keys().resolve(fingerprint);
      Passwords passwords = Passwords.of(s);
      Passwords.Source newSource = new Passwords.Source(Optional.ofNullable(newFile), "--new-password-file",
          Passwords.NEW_ENV);
      if (force) {
        try (Passphrase n = passwords.fresh(newSource, "key " + fp.shortForm())) {
          store.resetPassphrase(fp, n);
        }
      } else {
        String hinted = "key " + fp.shortForm() + store.find(fp).flatMap(KeyInfo::hint).map(h -> " (hint: " + h + ")")
            .orElse("");
        try (Passphrase old = passwords.existing(password.source(), hinted);
            Passphrase n = passwords.fresh(newSource, "key " + fp.shortForm())) {
          store.changePassphrase(fp, old, n);
        }
      }
      if (hint != null) {
        store.setHint(fp, hint);
      }
      KeyInfo k = store.find(fp).orElseThrow();
      s.print(() -> json(k), () -> "");
      s.progress("The passphrase of key " + fp.shortForm() + " is changed. Paper copies and tapes keep the old one: "
          + "print a new paper key (tape key paperkey " + fp.shortForm() + ").");
      return 0;
    }
  }

  /**
   * {@code key paperkey}: not a {@link TapeCommand}, as its {@code --output-format} is PBS's {@code
   * text|html} for the sheet rather than the common {@code text|json}: a paper key is already the key
   * config's JSON, and {@code key export} gives that alone.
   */
  @Command(name = "paperkey", description = {"Prints a key for safekeeping on paper: its protected key config and "
      + "a QR code of it. PBS's format, so PBS restores it too; the passphrase is still needed to use it.",
      "Its --output-format is PBS's: html (default, a page to print) or text (the QR code in block "
          + "characters; for a dark terminal on stdout, for paper with --output)."})
  static final class Paperkey implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FINGERPRINT", description = "the key's fingerprint, or enough of its start")
    String fingerprint;

    @Option(names = "--subject", paramLabel = "TEXT", description = "a line printed above the key (what it is for)")
    String subject;

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "html",
        description = "html (default, as PBS) or text")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "write to FILE (mode 0600) instead of stdout")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "no messages on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
      TapeEnvironment env = ((Tape) spec.root().userObject()).environment();
      try (Session s = new Session(env, spec.commandLine().getOut(), spec.commandLine().getErr(), OutputFormat.TEXT,
          quiet)) {
        boolean html = switch (format) {
          case "html" -> true;
          case "text" -> false;
          default -> throw new ToolFailure(ExitCode.USAGE, "--output-format of paperkey is html (default) or text, not '"
              + format + "' (tape key export prints the key config's JSON)");
        };
        Fingerprint fp = s.keys().resolve(fingerprint);
        KeyConfig config = s.keys().export(fp);
        String sheet;
        try {
          sheet = html ? PaperKey.html(config, subject)
              : PaperKey.text(config, subject, output == null ? PaperKey.Background.DARK : PaperKey.Background.LIGHT);
        } catch (IllegalArgumentException e) {
          throw new ToolFailure(ExitCode.USAGE, "cannot print key " + fp.shortForm() + " on paper: " + e.getMessage());
        }
        emit(s, output, sheet, "paper key of " + fp.shortForm());
        return 0;
      } catch (IllegalArgumentException e) {
        throw new ToolFailure(ExitCode.USAGE, List.of(String.valueOf(e.getMessage())), e);
      }
    }
  }

  @Command(name = "restore", description = {"Adds a key to the key store from a tape (the media set label of the tape "
      + "in the drive carries the protected key), a key file or a paper key; its passphrase opens it first."})
  static final class Restore extends TapeCommand {
    static final class From {
      @Option(names = "--drive", paramLabel = "DRIVE",
          description = "read the key from the media set label of the tape in DRIVE")
      String drive;

      @Option(names = "--key-file", paramLabel = "FILE",
          description = "a key file (PBS's key config JSON) or a paper key (text or HTML); - is standard input")
      Path keyFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    @Option(names = "--force", description = "replace a key of the same fingerprint already in the store")
    boolean force;

    @Mixin
    PasswordFile password = new PasswordFile();

    @Override
    int run(Session s) throws Exception {
      if (from.keyFile != null && from.keyFile.toString().equals("-") && password.file != null
          && password.file.toString().equals("-")) {
        throw new ToolFailure(ExitCode.USAGE, "--key-file - and --password-file - cannot both read standard input");
      }
      Fingerprint fp = from.drive != null ? fromDrive(s) : fromFile(s);
      KeyInfo k = s.keys().find(fp).orElseThrow();
      s.print(() -> json(k), () -> fp + "\n");
      return 0;
    }

    private Fingerprint fromFile(Session s) throws Exception {
      Path f = from.keyFile;
      boolean stdin = f.toString().equals("-");
      String source = stdin ? "standard input" : "key file " + f;
      String text;
      try {
        byte[] bytes = stdin ? s.environment().stdin().readNBytes(1 << 20) : Files.readAllBytes(f);
        text = new String(bytes, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new ToolFailure(ExitCode.NOT_FOUND, "no key file " + f);
      } catch (IOException e) {
        throw new ToolFailure(ExitCode.FAILED, List.of("cannot read " + source + ": " + e.getMessage()), e);
      }
      KeyConfig config;
      try {
        config = PaperKey.parse(text, source);
      } catch (dev.tapekit.crypto.KeyFileException e) {
        throw new ToolFailure(ExitCode.USAGE, List.of("not a key: " + e.getMessage(),
            "give a key file (tape key export, PBS's key config) or a paper key (tape key paperkey)"), e);
      }
      if (!config.isProtected()) {
        throw new ToolFailure(ExitCode.USAGE, source + " holds a key without a passphrase: the key store keeps only "
            + "passphrase-protected keys (protect it with proxmox-backup-client key change-passphrase first)");
      }
      return store(s, config, source, force, password);
    }

    /**
     * The key in the media set label of the tape in the drive: tapekit's, or PBS's ({@code key-config}),
     * read in the clear without loading any key.
     */
    private Fingerprint fromDrive(Session s) throws Exception {
      TapeConfig.Drive d = s.drive(Optional.of(from.drive));
      TapeLoader loader = s.loader(d, "key-restore");
      Optional<String> barcode = loader.loaded();
      String where = barcode.map(l -> "tape " + l + " in drive " + d.name()).orElse("the tape in drive " + d.name());
      TapeDrive drive = loader.drive();
      Recognition found;
      try {
        drive.clearEncryptionKey(); // labels are written in the clear
        found = TapeRecognizer.recognize(new DriveBlockSource(drive, barcode.orElse(d.name())));
      } catch (NoMediumException e) {
        throw new ToolFailure(ExitCode.NO_MEDIUM, List.of("drive " + d.name() + " holds no tape: load a tape of the "
            + "encrypted media set first" + (d.changer().isPresent() ? " (tape load-media LABEL)" : "")), e);
      }
      Optional<KeyConfig> key;
      if (found instanceof Recognition.Tapekit t) {
        where = "tape " + t.media().label() + " in drive " + d.name();
        key = t.mediaSet().flatMap(MediaSetLabel::encryption).map(MediaSetLabel.Encryption::keyConfig);
      } else if (found instanceof Recognition.Pbs p) {
        where = "PBS tape " + p.media().labelText() + " in drive " + d.name();
        key = p.mediaSet().flatMap(PbsMediaSetLabel::keyConfig);
      } else if (found instanceof Recognition.Blank) {
        throw new ToolFailure(ExitCode.NOT_FOUND, where + " is blank: it carries no key");
      } else if (found instanceof Recognition.TapekitDamaged || found instanceof Recognition.PbsDamaged) {
        throw new ToolFailure(ExitCode.FAILED, where + ": " + found.describe());
      } else {
        throw new ToolFailure(ExitCode.NOT_FOUND, where + " is no tapekit or PBS tape (" + found.describe()
            + "): it carries no key");
      }
      if (key.isEmpty()) {
        throw new ToolFailure(ExitCode.NOT_FOUND, where + ": " + found.describe() + "; it carries no key");
      }
      return store(s, key.get(), where, force, password);
    }
  }

  @Command(name = "remove", description = "Removes a key (give its whole fingerprint) from the key store. Tapes written with it cannot be read "
      + "without a copy (a paper key, an exported key file, or a tape of its media set and the passphrase).")
  static final class Remove extends TapeCommand {
    @Parameters(paramLabel = "FINGERPRINT", description = "the key's full fingerprint")
    String fingerprint;

    @Override
    int run(Session s) throws Exception {
      Fingerprint fp = Fingerprint.parse(fingerprint); // the whole of it: removing is not undone
      for (TapeConfig.PoolConfig p : s.config().pools().values()) {
        if (p.encrypt().map(e -> e.equals(fp.toString())).orElse(false)) {
          throw new ToolFailure(ExitCode.REFUSED, "key " + fp.shortForm() + " encrypts pool '" + p.name()
              + "': tape pool update " + p.name() + " --encrypt '' (or another key) first");
        }
      }
      s.keys().remove(fp);
      return 0;
    }
  }

  @Command(name = "export", description = "Prints a key's passphrase-protected key config (PBS's key file JSON).")
  static final class Export extends TapeCommand {
    @Parameters(paramLabel = "FINGERPRINT", description = "the key's fingerprint, or enough of its start")
    String fingerprint;

    @Option(names = "--output", paramLabel = "FILE", description = "write to FILE (mode 0600) instead of stdout")
    Path output;

    @Override
    int run(Session s) throws Exception {
      Fingerprint fp = s.keys().resolve(fingerprint);
      KeyConfig config = s.keys().export(fp);
      String json = (s.format() == OutputFormat.JSON ? config.toJson() : config.toPrettyJson()) + "\n";
      emit(s, output, json, "key " + fp.shortForm());
      return 0;
    }
  }
}
