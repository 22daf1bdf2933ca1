package dev.tapekit.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IllegalFormatException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The man page (roff, man macros) of one picocli command: NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
 * ARGUMENTS, COMMANDS, the footer's section (e.g. pmtx's command list), EXIT STATUS and SEE ALSO, from
 * the command's model as its {@code --help} shows it. A subcommand's page is named after its qualified
 * name with dashes ({@code tape pool create}: {@code tape-pool-create(1)}).
 */
final class ManPage {
  private ManPage() {}

  /** The page's name, without section: {@code tape-pool-create}. */
  static String name(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** The page of {@code spec}, for the tools of tapekit {@code version}. */
  static String of(CommandSpec spec, String version) {
    StringBuilder r = new StringBuilder();
    UsageMessageSpec usage = spec.usageMessage();
    List<String> description = lines(usage.description());
    r.append(".TH ").append(quote(name(spec).toUpperCase(Locale.ROOT))).append(" 1 \"\" ")
        .append(quote("tapekit " + version)).append(' ').append(quote("tapekit manual")).append('\n');
    r.append(".nh\n.ad l\n"); // options and paths are not hyphenated, nor the lines stretched

    r.append(".SH NAME\n").append(escape(name(spec))).append(" \\- ").append(escape(title(summary(spec))))
        .append('\n');

    r.append(".SH SYNOPSIS\n").append(synopsis(spec));

    if (!description.isEmpty()) {
      r.append(".SH DESCRIPTION\n");
      paragraphs(r, description);
    }

    List<OptionSpec> options = options(spec);
    if (!options.isEmpty()) {
      r.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
          names.add(bold(n) + (takesValue(o) ? "=" + italic(o.paramLabel()) : ""));
        }
        r.append(".TP\n").append(String.join(", ", names)).append('\n');
        lines(o.renderedDescription()).forEach(l -> r.append(text(l)).append('\n'));
      }
    }

    List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      r.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        r.append(".TP\n").append(italic(p.paramLabel())).append('\n');
        lines(p.renderedDescription()).forEach(l -> r.append(text(l)).append('\n'));
      }
    }

    Set<CommandLine> subcommands = new LinkedHashSet<>(spec.subcommands().values()); // aliases map to one
    List<CommandSpec> visible = subcommands.stream().map(CommandLine::getCommandSpec)
        .filter(s -> !s.usageMessage().hidden()).toList();
    if (!visible.isEmpty()) {
      r.append(".SH COMMANDS\n");
      for (CommandSpec s : visible) {
        r.append(".TP\n").append(bold(s.name())).append('\n').append(text(summary(s))).append('\n');
      }
    }

    List<String> footer = lines(usage.footer());
    if (!footer.isEmpty()) {
      String heading = format(usage.footerHeading()).strip().replaceAll(":$", "");
      r.append(".SH ").append(quote(heading.isEmpty() ? "NOTES" : heading.toUpperCase(Locale.ROOT))).append('\n');
      r.append(".nf\n");
      footer.forEach(l -> r.append(text(l)).append('\n'));
      r.append(".fi\n");
    }

    Map<String, String> codes = usage.exitCodeList();
    if (!codes.isEmpty()) {
      r.append(".SH \"EXIT STATUS\"\n");
      codes.forEach((code, meaning) -> r.append(".TP\n").append(escape(code)).append('\n')
          .append(text(meaning)).append('\n'));
    }

    List<String> related = new ArrayList<>();
    if (spec.parent() != null) {
      related.add(reference(spec.parent()));
    }
    visible.forEach(s -> related.add(reference(s)));
    if (!related.isEmpty()) {
      r.append(".SH \"SEE ALSO\"\n").append(String.join(",\n", related)).append('\n');
    }
    return r.toString();
  }

  private static String synopsis(CommandSpec spec) {
    StringBuilder r = new StringBuilder(".B ").append(escape(spec.qualifiedName())).append('\n');
    List<String> words = new ArrayList<>();
    for (OptionSpec o : options(spec)) {
      String word = bold(o.shortestName()) + (takesValue(o) ? "=" + italic(o.paramLabel()) : "")
          + (o.arity().max() > 1 || o.isMultiValue() ? "..." : "");
      words.add(o.required() ? word : "[" + word + "]");
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      String word = italic(p.paramLabel()) + (p.arity().max() > 1 ? "..." : "");
      words.add(p.arity().min() > 0 ? word : "[" + word + "]");
    }
    if (!spec.subcommands().isEmpty()) {
      words.add("[" + italic("COMMAND") + "]");
    }
    if (!words.isEmpty()) {
      r.append(String.join(" ", words)).append('\n');
    }
    return r.toString();
  }

  /** The options {@code --help} shows, in its order. */
  private static List<OptionSpec> options(CommandSpec spec) {
    List<OptionSpec> options = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
    if (spec.usageMessage().sortOptions()) {
      options.sort(Comparator.comparing((OptionSpec o) -> o.shortestName().replaceFirst("^-+", ""),
          String.CASE_INSENSITIVE_ORDER));
    }
    return options;
  }

  /** What the command does, in a line: its header, else the first sentence of its description. */
  private static String summary(CommandSpec spec) {
    List<String> header = lines(spec.usageMessage().header());
    List<String> description = lines(spec.usageMessage().description());
    return !header.isEmpty() ? header.get(0)
        : description.isEmpty() ? spec.qualifiedName() : firstSentence(description.get(0));
  }

  /** The words before a summary's colon ("Media pools: which tapes..." is "Media pools"), without a full stop. */
  private static String title(String summary) {
    int colon = summary.indexOf(": ");
    return (colon > 0 ? summary.substring(0, colon) : summary).replaceFirst("\\.$", "");
  }

  private static boolean takesValue(OptionSpec o) {
    return o.arity().max() > 0;
  }

  /** {@code page(1)}, bold. */
  private static String reference(CommandSpec spec) {
    return bold(name(spec)) + "(1)";
  }

  private static void paragraphs(StringBuilder r, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        r.append(".PP\n");
      }
      r.append(text(lines.get(i))).append('\n');
    }
  }

  /**
   * The lines picocli shows for {@code texts} without colours: each formatted as picocli does ({@code
   * %n} a line break; a text that is no valid format shown as it is), its markup ({@code @|bold
   * text|@}) reduced to the text, blank lines dropped.
   */
  private static List<String> lines(String[] texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      for (String line : format(t).replaceAll("@\\|[\\w,]+ (.*?)\\|@", "$1").split("\\R")) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static String format(String text) {
    try {
      return String.format(Locale.ROOT, text);
    } catch (IllegalFormatException e) {
      return text;
    }
  }

  /** Up to the first full stop that ends a sentence (not the one of "e.g."). */
  private static String firstSentence(String line) {
    int from = 0;
    while (true) {
      int dot = line.indexOf(". ", from);
      if (dot < 0) {
        return line;
      }
      String before = line.substring(0, dot);
      if (!before.endsWith("e.g") && !before.endsWith("i.e")) {
        return line.substring(0, dot + 1);
      }
      from = dot + 2;
    }
  }

  private static String bold(String s) {
    return "\\fB" + escape(s) + "\\fR";
  }

  private static String italic(String s) {
    return "\\fI" + escape(s) + "\\fR";
  }

  private static String quote(String s) {
    return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
  }

  /** A line of running text: escaped, and kept from being read as a request. */
  private static String text(String s) {
    String e = escape(s);
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }

  /**
   * {@code s} with roff's escape character and minus signs escaped (so that options copy as ASCII
   * hyphens) and characters beyond ASCII as named glyphs, which groff reads without preconv.
   */
  static String escape(String s) {
    StringBuilder r = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c == '\\') {
        r.append("\\e");
      } else if (c == '-') {
        r.append("\\-");
      } else if (c < 0x80) {
        r.appendCodePoint(c);
      } else {
        r.append(String.format(Locale.ROOT, "\\[u%04X]", c));
      }
    });
    return r.toString();
  }
}
