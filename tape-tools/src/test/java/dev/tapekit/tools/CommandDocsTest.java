package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The completion scripts and man pages {@link CommandDocs} writes, as bash and man read them. */
class CommandDocsTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void write() throws IOException {
    CommandDocs.write(dir, "1.2.3");
  }

  private static Path completion(String tool) {
    return dir.resolve("share/bash-completion/completions").resolve(tool);
  }

  private static Path man1() {
    return dir.resolve("share/man/man1");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("tapekit-docs-out", ".txt");
    Path err = Files.createTempFile("tapekit-docs-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }

  /** What the tool's completion offers for the last of {@code words} (bash's COMPREPLY, sorted). */
  static Set<String> complete(Path script, String tool, String... words) throws Exception {
    String program = """
        source "$0" || exit 3
        spec=$(complete -p "$1") || exit 4
        fn=${spec#*-F }; fn=${fn%% *}
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        "$fn"
        printf '%s\\n' "${COMPREPLY[@]}"
        """;
    List<String> command = new ArrayList<>(List.of("bash", "-c", program, script.toString(), tool));
    command.addAll(List.of(words));
    Run r = run(Map.of(), command.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    return new TreeSet<>(r.out().lines().filter(l -> !l.isEmpty()).toList());
  }

  @Test
  void theCompletionScriptLoadsInBashAndCompletesCommandsAndOptions() throws Exception {
    assumeTrue(onPath("bash"), "no bash on the PATH");
    Run loaded = run(Map.of(), "bash", "-c", "source \"$0\" && complete -p tape", completion("tape").toString());
    assertEquals(0, loaded.exit(), loaded.err());
    assertTrue(loaded.out().startsWith("complete ") && loaded.out().strip().endsWith(" tape"), loaded.out());
    assertEquals("", loaded.err());

    assertEquals(Set.of("pool"), complete(completion("tape"), "tape", "po"));
    assertTrue(complete(completion("tape"), "tape", "pool", "").containsAll(Set.of("create", "list", "remove")));
    assertEquals(Set.of("--comment"), complete(completion("tape"), "tape", "pool", "create", "--com"));
    assertEquals(Set.of("read", "retension", "rewind", "rewoffl"), complete(completion("pmt"), "pmt", "re"),
        "aliases (rewoffl: offline) too");
  }

  /** A page for every command and subcommand of each tool, so that commands added later get theirs. */
  @Test
  void everyCommandHasAPage() throws Exception {
    Set<String> expected = new TreeSet<>();
    for (CommandLine tool : CommandDocs.tools().values()) {
      addPages(tool, expected);
    }
    try (Stream<Path> files = Files.list(man1())) {
      assertEquals(expected, new TreeSet<>(files.map(f -> f.getFileName().toString()).toList()));
    }
    assertTrue(expected.containsAll(List.of("tape.1", "tape-pool.1", "tape-pool-create.1", "pmt.1", "pmt-rewind.1",
        "pmtx.1")), expected.toString());
  }

  private static void addPages(CommandLine command, Set<String> pages) {
    pages.add(command.getCommandSpec().qualifiedName("-") + ".1");
    new LinkedHashSet<>(command.getSubcommands().values()).forEach(sub -> addPages(sub, pages));
  }

  @Test
  void aSubcommandsPageSaysWhatHelpSays() throws Exception {
    String page = Files.readString(man1().resolve("tape-pool-create.1"));
    assertTrue(page.startsWith(".TH \"TAPE\\-POOL\\-CREATE\" 1 \"\" \"tapekit 1.2.3\" \"tapekit manual\"\n.nh\n.ad l\n"
        + ".SH NAME\ntape\\-pool\\-create \\- Creates a media pool\n.SH SYNOPSIS\n.B tape pool create\n"), page);
    assertTrue(page.contains(".TP\n\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR\nno progress on stderr\n"), page);
    assertTrue(page.contains(".TP\n\\fB\\-\\-template\\fR=\\fITEMPLATE\\fR\nmedia set name: strftime fields and %id% "
        + "(default %c)\n"), "a description that is no valid format is shown as it is: " + page);
    assertTrue(page.endsWith(".SH \"SEE ALSO\"\n\\fBtape\\-pool\\fR(1)\n"), page);

    String tape = Files.readString(man1().resolve("tape.1"));
    assertTrue(tape.contains(".TP\n\\fBpool\\fR\nMedia pools: which tapes a backup writes to, and their policies.\n"), tape);
    assertTrue(tape.contains(".SH \"EXIT STATUS\"\n.TP\n0\nsuccess\n"), tape);
    String pmtx = Files.readString(man1().resolve("pmtx.1"));
    assertTrue(pmtx.contains(".SH \"COMMANDS\"\n.nf\n  status "), "pmtx's footer, as it is: " + pmtx);
  }

  @CommandLine.Command(name = "demo", description = {"Does @|bold one|@ thing. Then another.%nSecond line",
      ".starts with a dot"})
  static final class Demo implements Runnable {
    @CommandLine.Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "3",
        description = "how many (default ${DEFAULT-VALUE}), 100%% sure")
    int count;

    @CommandLine.Option(names = "--tag", paramLabel = "TAG", description = "repeatable")
    List<String> tags;

    @CommandLine.Option(names = "--secret", hidden = true)
    boolean secret;

    @CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "files")
    List<String> files;

    @Override
    public void run() {}
  }

  /** Defaults, format specifiers, markup, hidden and repeatable options, as --help shows them. */
  @Test
  void aPageSaysWhatHelpSays() {
    String page = ManPage.of(new CommandLine(new Demo()).getCommandSpec(), "1.2.3");
    assertEquals("""
        .TH "DEMO" 1 "" "tapekit 1.2.3" "tapekit manual"
        .nh
        .ad l
        .SH NAME
        demo \\- Does one thing
        .SH SYNOPSIS
        .B demo
        [\\fB\\-n\\fR=\\fIN\\fR] [\\fB\\-\\-tag\\fR=\\fITAG\\fR...] \\fIFILE\\fR...
        .SH DESCRIPTION
        Does one thing. Then another.
        .PP
        Second line
        .PP
        \\&.starts with a dot
        .SH OPTIONS
        .TP
        \\fB\\-n\\fR=\\fIN\\fR, \\fB\\-\\-count\\fR=\\fIN\\fR
        how many (default 3), 100% sure
        .TP
        \\fB\\-\\-tag\\fR=\\fITAG\\fR
        repeatable
        .SH ARGUMENTS
        .TP
        \\fIFILE\\fR
        files
        """, page);
  }

  @Test
  void escapesRoff() {
    assertEquals("\\-\\-lock\\-dir a\\eb \\[u00B2] \\[u1F4BE]", ManPage.escape("--lock-dir a\\b ² \uD83D\uDCBE"));
  }

  /** Every page renders without a warning from groff (all warnings on), and man reads tape.1. */
  @Test
  void thePagesRenderWithoutWarnings() throws Exception {
    boolean groff = onPath("groff");
    boolean man = onPath("man");
    assumeTrue(groff || man, "neither groff nor man is installed (Debian packages groff-base, man-db)");
    List<Path> pages;
    try (Stream<Path> files = Files.list(man1())) {
      pages = files.sorted().toList();
    }
    if (groff) {
      for (Path page : pages) {
        Run r = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
        assertEquals(0, r.exit(), page + ": " + r.err());
        assertEquals("", r.err(), page + ": groff's warnings");
      }
    }
    if (man) {
      Run r = run(Map.of("MANWIDTH", "80", "MANPAGER", "cat", "PAGER", "cat", "LC_ALL", "C.UTF-8"),
          "man", "--warnings", "-l", man1().resolve("tape.1").toString());
      assertEquals(0, r.exit(), r.err());
      assertEquals("", r.err(), "man's warnings");
      String text = r.out().replaceAll(".\b", ""); // overstrike (bold, underline), if man makes any
      assertTrue(text.contains("NAME\n       tape - Tape backup administration\n"), text);
      assertTrue(text.contains("tape-pool(1)"), text);
    }
    String pool = new String(Files.readAllBytes(man1().resolve("tape-pool.1")), StandardCharsets.US_ASCII);
    assertTrue(pool.chars().allMatch(c -> c < 0x80), "pages are ASCII (groff reads them without preconv)");
  }
}
