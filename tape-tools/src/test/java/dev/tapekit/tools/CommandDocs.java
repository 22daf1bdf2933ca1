package dev.tapekit.tools;

import dev.tapekit.tools.pmt.Pmt;
import dev.tapekit.tools.pmtx.Pmtx;
import dev.tapekit.tools.tape.Tape;
import dev.tapekit.tools.tape.TapeEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashSet;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the bash completion scripts and man pages of {@code tape}, {@code pmt} and {@code pmtx} from
 * their picocli models, so that a command added to a tool appears in both without anyone writing
 * them: {@code share/bash-completion/completions/TOOL} (picocli's {@link AutoComplete}) and {@code
 * share/man/man1/TOOL.1} with one page per subcommand ({@code TOOL-COMMAND.1}, see {@link ManPage}).
 * The build runs it before the assembly (package phase, see the POM), which puts {@code share/} into
 * {@code target/dist} and the tarball. A build step, it lives with the tests, out of the tools' jar.
 */
public final class CommandDocs {
  private CommandDocs() {}

  /** {@code CommandDocs DIR VERSION}: writes {@code DIR/share/...} for tapekit VERSION. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CommandDocs DIR VERSION");
      System.exit(2);
    }
    write(Path.of(args[0]), args[1]);
  }

  /** The tools' command lines, by the name they are installed as. */
  static Map<String, CommandLine> tools() {
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
    return Map.of(
        "tape", Tool.commandLine(new Tape(TapeEnvironment.ofProcess()), discard, discard),
        "pmt", Tool.commandLine(new Pmt(Map.of(), InputStream.nullInputStream(), OutputStream.nullOutputStream()),
            discard, discard),
        "pmtx", Tool.commandLine(new Pmtx(Map.of(), Devices::open), discard, discard));
  }

  /** Writes the completion scripts and man pages of every tool under {@code dir/share}. */
  public static void write(Path dir, String version) throws IOException {
    Path completions = Files.createDirectories(dir.resolve("share/bash-completion/completions"));
    Path man1 = Files.createDirectories(dir.resolve("share/man/man1"));
    for (Map.Entry<String, CommandLine> tool : tools().entrySet()) {
      Files.writeString(completions.resolve(tool.getKey()), AutoComplete.bash(tool.getKey(), tool.getValue()));
      writePages(tool.getValue(), man1, version);
    }
  }

  /** The page of {@code command} and of each of its subcommands, theirs too. */
  private static void writePages(CommandLine command, Path man1, String version) throws IOException {
    Files.writeString(man1.resolve(ManPage.name(command.getCommandSpec()) + ".1"),
        ManPage.of(command.getCommandSpec(), version));
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) { // aliases map to one
      writePages(sub, man1, version);
    }
  }
}
