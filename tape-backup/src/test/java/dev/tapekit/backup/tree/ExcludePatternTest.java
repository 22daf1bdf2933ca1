package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of {@link ExcludePattern}'s grammar, with the cases where tar and restic differ. */
class ExcludePatternTest {
  static final List<String> ROOT = List.of("home", "ann");

  @Test
  void suffixGlobMatchesNamesAtAnyDepthFilesAndDirectories() {
    ExcludePattern p = ExcludePattern.compile("*.tmp");
    assertTrue(matches(p, "x.tmp", false));
    assertTrue(matches(p, "a/b/y.tmp", false));
    assertTrue(matches(p, "d.tmp", true));
    assertTrue(matches(p, ".tmp", false), "'*' matches an empty run");
    assertFalse(matches(p, "x.tmp.bak", false));
    assertFalse(matches(p, "x.tmp/inside", false), "the directory matches, not what is below (the walk prunes)");
  }

  @Test
  void trailingSlashMatchesDirectoriesOnly() {
    ExcludePattern p = ExcludePattern.compile("cache/");
    assertTrue(p.directoryOnly());
    assertTrue(matches(p, "cache", true));
    assertTrue(matches(p, "a/cache", true));
    assertFalse(matches(p, "cache", false), "a file named cache stays (restic would exclude it, tar neither)");
    ExcludePattern any = ExcludePattern.compile("cache");
    assertTrue(matches(any, "cache", false));
    assertTrue(matches(any, "a/cache", true));
    assertFalse(matches(any, "cache2", false));
  }

  @Test
  void leadingSlashAnchorsToTheAbsolutePath() {
    ExcludePattern p = ExcludePattern.compile("/home/ann/tmp");
    assertTrue(p.anchored());
    assertTrue(matches(p, "tmp", true));
    assertFalse(matches(p, "x/tmp", true));
    assertFalse(p.matches(List.of("home", "bob"), List.of("tmp"), true));
    assertFalse(matches(ExcludePattern.compile("/tmp"), "tmp", true), "anchored at /, not at the backup root");
    assertTrue(matches(ExcludePattern.compile("/home/*/tmp"), "tmp", false));
    assertFalse(matches(ExcludePattern.compile("/home"), "tmp", true),
        "the root and its parents are never excluded; a pattern matches a whole path");
  }

  @Test
  void doubleStarMatchesAnyNumberOfComponents() {
    ExcludePattern nm = ExcludePattern.compile("**/node_modules");
    assertTrue(matches(nm, "node_modules", true));
    assertTrue(matches(nm, "a/b/node_modules", true));
    assertFalse(matches(nm, "node_modules2", true));
    ExcludePattern ab = ExcludePattern.compile("a/**/b");
    assertTrue(matches(ab, "a/b", false));
    assertTrue(matches(ab, "a/x/y/b", false));
    assertTrue(matches(ab, "z/a/x/b", false));
    assertFalse(matches(ab, "a/x/c", false));
    assertTrue(matches(ExcludePattern.compile("/home/**/b"), "x/y/b", false));
  }

  @Test
  void unanchoredPatternWithSlashesMatchesTrailingComponents() {
    ExcludePattern p = ExcludePattern.compile("a/cache");
    assertTrue(matches(p, "a/cache", true));
    assertTrue(matches(p, "x/a/cache", true));
    assertFalse(matches(p, "cache", true));
    assertFalse(matches(p, "b/cache", true));
    assertFalse(p.matches(List.of("a"), List.of("cache"), true), "components above the root are not looked at");
  }

  @Test
  void starNeverCrossesASlash() {
    ExcludePattern p = ExcludePattern.compile("a*b");
    assertTrue(matches(p, "a-long-b", false));
    assertFalse(matches(p, "a/b", false), "tar's --wildcards-match-slash would match; restic's and this do not");
  }

  @Test
  void questionMarkClassesAndEscapes() {
    ExcludePattern q = ExcludePattern.compile("file?.txt");
    assertTrue(matches(q, "file1.txt", false));
    assertFalse(matches(q, "file10.txt", false));
    assertFalse(matches(q, "file.txt", false));
    assertTrue(matches(ExcludePattern.compile("[a-c]*"), "beta", false));
    assertFalse(matches(ExcludePattern.compile("[a-c]*"), "delta", false));
    assertTrue(matches(ExcludePattern.compile("[!a-c]*"), "delta", false));
    assertTrue(matches(ExcludePattern.compile("[^a-c]*"), "delta", false));
    assertTrue(matches(ExcludePattern.compile("[]x]"), "]", false), "']' first is a member");
    assertTrue(matches(ExcludePattern.compile("\\*"), "*", false));
    assertFalse(matches(ExcludePattern.compile("\\*"), "x", false));
    assertTrue(matches(ExcludePattern.compile("[\\]]"), "]", false));
  }

  @Test
  void charactersAreCodePoints() {
    assertTrue(matches(ExcludePattern.compile("?"), "\uD83D\uDE00", false), "one emoji is one character");
    assertTrue(matches(ExcludePattern.compile("\u00E9*"), "\u00E9t\u00E9", false));
    assertTrue(matches(ExcludePattern.compile("[\u00E0-\u00FF]"), "\u00E9", false));
  }

  @Test
  void starsBacktrack() {
    ExcludePattern p = ExcludePattern.compile("*a*b*c");
    assertTrue(matches(p, "xxaxxbxxaxc", false));
    assertFalse(matches(p, "xxaxxcxxb", false));
  }

  @Test
  void theRootIsNeverMatched() {
    assertFalse(ExcludePattern.compile("**").matches(ROOT, List.of(), true));
    assertTrue(matches(ExcludePattern.compile("**"), "x", false));
  }

  @Test
  void redundantSlashesAndDotsAreDropped() {
    ExcludePattern p = ExcludePattern.compile("./a//b/");
    assertTrue(matches(p, "a/b", true));
    assertEquals("./a//b/", p.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", ".", "a/../b", "[abc", "abc\\"})
  void malformedPatternsAreRefused(String pattern) {
    assertThrows(IllegalArgumentException.class, () -> ExcludePattern.compile(pattern));
  }

  private static boolean matches(ExcludePattern p, String relative, boolean directory) {
    return p.matches(ROOT, List.of(relative.split("/")), directory);
  }
}
