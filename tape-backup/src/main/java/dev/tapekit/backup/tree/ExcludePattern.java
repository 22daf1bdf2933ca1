package dev.tapekit.backup.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One exclude pattern of a backup: a glob over path components, in the subset that tar's and
 * restic's {@code --exclude} share, with restic's {@code **}. An excluded directory is excluded
 * with everything below it; the root of the backup is never excluded.
 *
 * <p>Grammar and meaning:
 * <ul>
 *   <li>The pattern is split at '/' into components (empty and "." components dropped, ".." refused).
 *       Each component matches one name: {@code *} any run of characters, {@code ?} one character,
 *       {@code [abc]}, {@code [a-z]}, {@code [!a-z]} or {@code [^a-z]} one character of (or not of) a
 *       set, {@code \x} the character x. Characters are Unicode code points; '*' never matches '/'.
 *   <li>A component that is exactly {@code **} matches any number of components, none included.
 *   <li>Without a leading '/' the pattern is <b>unanchored</b>: it matches when its components match
 *       the last components of the path below the backup root, at any depth. {@code *.tmp} excludes
 *       every name ending in .tmp; {@code a/cache} excludes {@code a/cache} and {@code x/a/cache};
 *       {@code **}{@code /node_modules} is the same as {@code node_modules}.
 *   <li>With a leading '/' the pattern is <b>anchored</b>: it must match the whole absolute path of
 *       the file on this host (the backup root as given, made absolute and normalized, then the path
 *       below it), as restic's does: {@code /home/ann/tmp} when backing up {@code /home}.
 *   <li>A trailing '/' matches directories only: {@code cache/} excludes directories named cache but
 *       not a file named cache.
 * </ul>
 *
 * <p>Where tar and restic differ, and what this does:
 * <ul>
 *   <li>tar's '*' also matches '/' ({@code --wildcards-match-slash}); here, as in restic, it does not
 *       ({@code a*b} does not match {@code a/x/b}; write {@code a/**}{@code /b}).
 *   <li>A trailing '/': tar never matches it (names have no trailing slash), restic drops it (it
 *       then matches files too); here it means "directories only", as in rsync, git and borg.
 *   <li>tar matches patterns against member names (the paths as given on its command line); restic
 *       matches unanchored patterns against any components of the absolute path, also those above
 *       the backup root. Here unanchored patterns see only the components below the root.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ExcludePattern {
  private static final String DOUBLE_STAR = "**";

  private final String text;
  private final boolean anchored;
  private final boolean directoryOnly;
  /** One glob per component; null stands for "**". */
  private final Glob[] parts;

  private ExcludePattern(String text, boolean anchored, boolean directoryOnly, Glob[] parts) {
    this.text = text;
    this.anchored = anchored;
    this.directoryOnly = directoryOnly;
    this.parts = parts;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException for an empty pattern, one with no component ("/"), a ".."
   *     component, an unclosed '[' or a trailing '\'
   */
  public static ExcludePattern compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    List<Glob> parts = new ArrayList<>();
    for (String c : pattern.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        throw new IllegalArgumentException("exclude pattern '" + pattern + "': a '..' component matches nothing");
      }
      parts.add(c.equals(DOUBLE_STAR) ? null : Glob.compile(pattern, c));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("exclude pattern '" + pattern + "' has no component to match");
    }
    return new ExcludePattern(pattern, pattern.startsWith("/"), pattern.endsWith("/"), parts.toArray(new Glob[0]));
  }

  /** Whether the pattern starts with '/'. */
  public boolean anchored() {
    return anchored;
  }

  /** Whether the pattern ends with '/' (matches directories only). */
  public boolean directoryOnly() {
    return directoryOnly;
  }

  /**
   * Whether this pattern excludes a file.
   *
   * @param rootComponents the components of the backup root's absolute path ({@code ["home", "ann"]}
   *     for /home/ann); only anchored patterns look at them
   * @param relative the components of the file's path below the root, at least one
   * @param directory whether the file is a directory
   */
  public boolean matches(List<String> rootComponents, List<String> relative, boolean directory) {
    if (relative.isEmpty() || (directoryOnly && !directory)) {
      return false;
    }
    if (anchored) {
      List<String> all = new ArrayList<>(rootComponents.size() + relative.size());
      all.addAll(rootComponents);
      all.addAll(relative);
      return match(0, all, 0);
    }
    for (int start = relative.size() - 1; start >= 0; start--) {
      if (match(0, relative, start)) {
        return true;
      }
    }
    return false;
  }

  /** Whether parts[p..] match names[n..] exactly. */
  private boolean match(int p, List<String> names, int n) {
    if (p == parts.length) {
      return n == names.size();
    }
    if (parts[p] == null) {
      for (int skip = n; skip <= names.size(); skip++) {
        if (match(p + 1, names, skip)) {
          return true;
        }
      }
      return false;
    }
    return n < names.size() && parts[p].matches(names.get(n)) && match(p + 1, names, n + 1);
  }

  @Override
  public String toString() {
    return text;
  }

  /** A glob for one component, as a list of one-character tokens and stars. */
  private static final class Glob {
    private static final int STAR = -1;
    private static final int ANY = -2;
    private static final int SET = -3;

    /** Code points, or STAR, ANY, or SET (then the set is in sets at the same index). */
    private final int[] tokens;
    private final CharSet[] sets;

    private Glob(int[] tokens, CharSet[] sets) {
      this.tokens = tokens;
      this.sets = sets;
    }

    static Glob compile(String pattern, String component) {
      int[] cps = component.codePoints().toArray();
      List<Integer> tokens = new ArrayList<>();
      List<CharSet> sets = new ArrayList<>();
      for (int i = 0; i < cps.length; i++) {
        int c = cps[i];
        CharSet set = null;
        int token;
        if (c == '*') {
          token = STAR;
        } else if (c == '?') {
          token = ANY;
        } else if (c == '\\') {
          if (++i == cps.length) {
            throw new IllegalArgumentException("exclude pattern '" + pattern + "' ends in a lone '\\'");
          }
          token = cps[i];
        } else if (c == '[') {
          int end = CharSet.end(cps, i);
          if (end < 0) {
            throw new IllegalArgumentException("exclude pattern '" + pattern + "' has an unclosed '['");
          }
          set = CharSet.parse(cps, i + 1, end);
          token = SET;
          i = end;
        } else {
          token = c;
        }
        tokens.add(token);
        sets.add(set);
      }
      return new Glob(tokens.stream().mapToInt(Integer::intValue).toArray(), sets.toArray(new CharSet[0]));
    }

    /** Matches with backtracking to the last star: linear for patterns with one star, never exponential. */
    boolean matches(String name) {
      int[] s = name.codePoints().toArray();
      int t = 0;
      int i = 0;
      int starT = -1;
      int starI = 0;
      while (i < s.length) {
        if (t < tokens.length && tokens[t] == STAR) {
          starT = t++;
          starI = i;
        } else if (t < tokens.length && one(t, s[i])) {
          t++;
          i++;
        } else if (starT >= 0) {
          t = starT + 1;
          i = ++starI;
        } else {
          return false;
        }
      }
      while (t < tokens.length && tokens[t] == STAR) {
        t++;
      }
      return t == tokens.length;
    }

    private boolean one(int t, int c) {
      int token = tokens[t];
      return token == ANY || (token == SET ? sets[t].contains(c) : token == c);
    }
  }

  /** A bracket expression: ranges of code points, maybe negated. */
  private record CharSet(boolean negated, int[] ranges) {
    /** The index of the ']' that closes the '[' at {@code open}, or -1. A ']' first in the set is a member. */
    static int end(int[] cps, int open) {
      int i = open + 1;
      if (i < cps.length && (cps[i] == '!' || cps[i] == '^')) {
        i++;
      }
      if (i < cps.length && cps[i] == ']') {
        i++;
      }
      for (; i < cps.length; i++) {
        if (cps[i] == '\\') {
          i++;
        } else if (cps[i] == ']') {
          return i;
        }
      }
      return -1;
    }

    static CharSet parse(int[] cps, int from, int to) {
      boolean negated = from < to && (cps[from] == '!' || cps[from] == '^');
      int i = negated ? from + 1 : from;
      List<Integer> ranges = new ArrayList<>();
      while (i < to) {
        int lo = cps[i] == '\\' && i + 1 < to ? cps[++i] : cps[i];
        i++;
        int hi = lo;
        if (i + 1 < to && cps[i] == '-') {
          hi = cps[i + 1] == '\\' && i + 2 < to ? cps[i + 2] : cps[i + 1];
          i += cps[i + 1] == '\\' && i + 2 < to ? 3 : 2;
        }
        ranges.add(lo);
        ranges.add(hi);
      }
      return new CharSet(negated, ranges.stream().mapToInt(Integer::intValue).toArray());
    }

    boolean contains(int c) {
      boolean in = false;
      for (int r = 0; r < ranges.length && !in; r += 2) {
        in = ranges[r] <= c && c <= ranges[r + 1];
      }
      return in != negated;
    }
  }
}
