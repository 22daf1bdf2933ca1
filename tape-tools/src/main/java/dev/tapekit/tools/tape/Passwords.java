package dev.tapekit.tools.tape;

import dev.tapekit.crypto.Passphrase;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the passphrases of tape keys come from; never from a command-line argument, which every user
 * of the host can see. In this order:
 *
 * <ol>
 *   <li>a file named by an option ({@code --password-file F}; {@code -} is standard input): its first
 *       line, without the line end;
 *   <li>an environment variable ({@value #ENV}, for a new passphrase {@value #NEW_ENV}): the least safe
 *       way, as the process's environment is readable by the user's other processes and often logged;
 *   <li>the terminal, without echo: a new passphrase is asked twice and both must match.
 * </ol>
 *
 * <p>With none of them (no option, no variable, no terminal) the command fails with {@link
 * ExitCode#USAGE}, naming the three ways. A new passphrase must be {@link Passphrase#requireStrongEnough
 * strong enough} whichever way it came. The caller closes the passphrases it gets.
 */
final class Passwords {
  /** The variable holding a key's passphrase. */
  static final String ENV = "TAPEKIT_KEY_PASSWORD";
  /** The variable holding the new passphrase of {@code key change-passphrase}. */
  static final String NEW_ENV = "TAPEKIT_KEY_NEW_PASSWORD";
  /** The longest passphrase file read, in bytes: a passphrase is a line, not a document. */
  static final int MAX_FILE = 64 << 10;

  /** A terminal to ask on, without echo. */
  interface Terminal {
    /** What the user typed after {@code prompt}, without the line end; null at end of input. */
    char[] readPassword(String prompt);
  }

  /** Where one passphrase may come from. */
  record Source(Optional<Path> file, String fileOption, String variable) {}

  private final Map<String, String> env;
  private final InputStream stdin;
  private final Optional<Terminal> terminal;

  Passwords(Map<String, String> env, InputStream stdin, Optional<Terminal> terminal) {
    this.env = env;
    this.stdin = stdin;
    this.terminal = terminal;
  }

  /** The passwords of {@code s}'s environment, asking on this process's console when it has one. */
  static Passwords of(Session s) {
    Console c = System.console();
    return new Passwords(s.environment().env(), s.environment().stdin(),
        Optional.ofNullable(c).map(console -> prompt -> console.readPassword("%s", prompt)));
  }

  /** A key's passphrase, to open it: asked once. {@code what} says which key, for the prompt and errors. */
  Passphrase existing(Source source, String what) throws ToolFailure {
    return read(source, what, false);
  }

  /** A new passphrase for {@code what}: asked twice on a terminal, and strong enough. */
  Passphrase fresh(Source source, String what) throws ToolFailure {
    Passphrase p = read(source, what, true);
    try {
      p.requireStrongEnough();
      return p;
    } catch (IllegalArgumentException e) {
      p.close();
      throw new ToolFailure(ExitCode.USAGE, "new passphrase for " + what + ": " + e.getMessage());
    }
  }

  private Passphrase read(Source source, String what, boolean fresh) throws ToolFailure {
    String kind = fresh ? "new passphrase" : "passphrase";
    if (source.file().isPresent()) {
      return fromFile(source.file().get(), source.fileOption(), kind + " for " + what);
    }
    String value = env.get(source.variable());
    if (value != null && !value.isEmpty()) {
      char[] chars = value.toCharArray();
      try {
        return Passphrase.of(chars);
      } finally {
        Arrays.fill(chars, '\0');
      }
    }
    if (terminal.isPresent()) {
      return fromTerminal(terminal.get(), kind, what, fresh);
    }
    throw new ToolFailure(ExitCode.USAGE, List.of("no " + kind + " for " + what + ", and no terminal to ask on. Give it:",
        "  " + source.fileOption() + " FILE   its first line (- reads standard input)",
        "  " + source.variable() + "=...   in the environment (least safe: other processes may read it)",
        "  or run the command on a terminal, which asks for it"), null);
  }

  private static Passphrase fromTerminal(Terminal t, String kind, String what, boolean fresh) throws ToolFailure {
    String prompt = Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " for " + what + ": ";
    char[] first = t.readPassword(prompt);
    if (first == null) {
      throw new ToolFailure(ExitCode.USAGE, "no " + kind + " for " + what + ": the terminal input ended");
    }
    try {
      if (!fresh) {
        return Passphrase.of(first);
      }
      char[] again = t.readPassword("Again, to be sure: ");
      try {
        if (again == null || !Arrays.equals(first, again)) {
          throw new ToolFailure(ExitCode.USAGE, "the two " + kind + "s for " + what + " differ; nothing was changed");
        }
        return Passphrase.of(first);
      } finally {
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    } finally {
      Arrays.fill(first, '\0');
    }
  }

  private Passphrase fromFile(Path file, String option, String what) throws ToolFailure {
    boolean standardInput = file.toString().equals("-");
    String where = standardInput ? "standard input" : "file " + file + " (" + option + ")";
    byte[] bytes = null;
    char[] chars = null;
    try {
      bytes = standardInput ? firstLine(stdin) : readSmall(file, where);
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      chars = decoded.array();
      int end = 0;
      int limit = decoded.limit();
      while (end < limit && chars[end] != '\n' && chars[end] != '\r') {
        end++;
      }
      if (end == 0) {
        throw new ToolFailure(ExitCode.USAGE, "the " + what + " is missing: the first line of " + where + " is empty");
      }
      char[] line = Arrays.copyOf(chars, end);
      try {
        return Passphrase.of(line);
      } finally {
        Arrays.fill(line, '\0');
      }
    } catch (CharacterCodingException e) {
      throw new ToolFailure(ExitCode.USAGE, "the " + what + " in " + where + " is not UTF-8 text");
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
      throw new ToolFailure(ExitCode.USAGE, List.of("cannot read the " + what + " from " + where + ": " + why), e);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
      if (chars != null) {
        Arrays.fill(chars, '\0');
      }
    }
  }

  private static byte[] readSmall(Path file, String where) throws IOException, ToolFailure {
    if (Files.size(file) > MAX_FILE) {
      throw new ToolFailure(ExitCode.USAGE, where + " has more than " + MAX_FILE + " bytes: it holds no passphrase");
    }
    return Files.readAllBytes(file);
  }

  /** The bytes of standard input up to its first line end, which stays unread beyond. */
  private static byte[] firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n' && line.size() < MAX_FILE) {
      line.write(b);
    }
    byte[] out = line.toByteArray();
    // ByteArrayOutputStream keeps its own buffer: overwrite it with as many zeros
    line.reset();
    line.write(new byte[out.length], 0, out.length);
    return out;
  }
}
