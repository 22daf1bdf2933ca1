package dev.tapekit.tools.pmtx;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One command of an mtx command line with its numeric arguments, parsed by mtx 1.3.12's rules: each
 * command word takes up to its number of arguments from the words that follow, as long as they start
 * with a digit (the leading digits count, like C's {@code atoi}); a word that is neither a number taken
 * as argument nor a command is a usage error. Arguments not given are absent ({@code -1} in mtx).
 *
 * @param name the command word, e.g. {@code load}
 * @param args the numbers given, in order
 */
public record MtxCommand(String name, List<Integer> args) {

  /** The command words pmtx knows, with the number of arguments each may take. */
  enum Word {
    INQUIRY(0, true, false),
    STATUS(0, true, true),
    INVERT(0, false, false),
    INVERT2(0, false, false),
    NOATTACH(0, false, false),
    NOBARCODE(0, false, false),
    ALTRES(0, false, false),
    EEPOS(1, false, false),
    LOAD(2, true, true),
    UNLOAD(2, true, true),
    TRANSFER(2, true, true),
    EXCHANGE(3, true, true),
    FIRST(1, true, true),
    LAST(1, true, true),
    NEXT(1, true, true),
    PREVIOUS(1, true, true),
    POSITION(1, true, true),
    INVENTORY(0, true, false),
    EJECT(0, true, false),
    SCAN(0, false, false);

    final int maxArgs;
    final boolean needsDevice;
    final boolean needsStatus;

    Word(int maxArgs, boolean needsDevice, boolean needsStatus) {
      this.maxArgs = maxArgs;
      this.needsDevice = needsDevice;
      this.needsStatus = needsStatus;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Word> of(String word) {
      return Arrays.stream(values()).filter(w -> w.word().equals(word)).findFirst();
    }
  }

  public MtxCommand {
    args = List.copyOf(args);
  }

  Word word() {
    return Word.of(name).orElseThrow();
  }

  /** Argument {@code i} (0-based), or -1 when not given (mtx's convention). */
  int arg(int i) {
    return i < args.size() ? args.get(i) : -1;
  }

  /** Argument {@code i} when given. */
  OptionalInt optional(int i) {
    return i < args.size() ? OptionalInt.of(args.get(i)) : OptionalInt.empty();
  }

  /**
   * Parses a whole command line.
   *
   * @throws IllegalArgumentException naming the first word that is no command
   */
  public static List<MtxCommand> parse(List<String> words) {
    return parse(words, true);
  }

  /**
   * The commands before the first word that is no command: what mtx, which runs each command as it
   * reads it, has run by the time it reaches that word.
   */
  public static List<MtxCommand> parseUntilUnknown(List<String> words) {
    return parse(words, false);
  }

  private static List<MtxCommand> parse(List<String> words, boolean unknownThrows) {
    java.util.ArrayList<MtxCommand> commands = new java.util.ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      String w = words.get(i++);
      Optional<Word> known = Word.of(w);
      if (known.isEmpty() && !unknownThrows) {
        break;
      }
      Word word = known.orElseThrow(() -> new IllegalArgumentException("unknown command '" + w + "'"));
      java.util.ArrayList<Integer> args = new java.util.ArrayList<>();
      while (args.size() < word.maxArgs && i < words.size() && number(words.get(i)).isPresent()) {
        args.add(number(words.get(i++)).getAsInt());
      }
      commands.add(new MtxCommand(w, args));
    }
    return commands;
  }

  /** mtx's {@code get_arg}: a word starting with a digit is the number of its leading digits. */
  static OptionalInt number(String word) {
    int end = 0;
    while (end < word.length() && end < 9 && Character.isDigit(word.charAt(end)) && word.charAt(end) < 0x80) {
      end++;
    }
    return end == 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(word.substring(0, end)));
  }
}
