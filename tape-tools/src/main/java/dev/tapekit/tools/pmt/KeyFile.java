package dev.tapekit.tools.pmt;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the AES-256 key of {@code pmt encryption set --key-file FILE}: a file of exactly 32 bytes is
 * the raw key; anything else must be 64 hexadecimal digits (either case), optionally surrounded by
 * whitespace such as a trailing newline. {@code -} reads the same from stdin, so the key need not be
 * stored in a file.
 *
 * <p>Contract: returns a fresh 32-byte array the caller wipes after use; every intermediate copy is
 * wiped here. Errors name the file and what was wrong with its length or characters, never its
 * content.
 */
final class KeyFile {
  static final int KEY_LENGTH = 32;

  private KeyFile() {}

  static byte[] read(String name, InputStream stdin) throws ToolFailure {
    byte[] content;
    try {
      content = name.equals("-") ? stdin.readNBytes(4 * KEY_LENGTH + 64) : readSmallFile(Path.of(name));
    } catch (NoSuchFileException e) {
      throw new ToolFailure(ExitCode.USAGE, "pmt: key file " + name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ToolFailure(ExitCode.PERMISSION_DENIED, "pmt: key file " + name + ": permission denied");
    } catch (IOException e) {
      throw new ToolFailure(ExitCode.USAGE, java.util.List.of("pmt: key file " + name + ": " + e.getMessage()), e);
    }
    try {
      return parse(content, name);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static byte[] readSmallFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4 * KEY_LENGTH + 64);   // more than any valid key file; the rest is not read
    }
  }

  /** The key in {@code content}: 32 raw bytes, or 64 hex digits within optional whitespace. */
  static byte[] parse(byte[] content, String name) throws ToolFailure {
    if (content.length == KEY_LENGTH) {
      return content.clone();
    }
    int start = 0;
    int end = content.length;
    while (start < end && Character.isWhitespace(content[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(content[end - 1])) {
      end--;
    }
    if (end - start != 2 * KEY_LENGTH) {
      throw invalid(name, "has " + content.length + " bytes");
    }
    byte[] key = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH; i++) {
      int hi = Character.digit(content[start + 2 * i], 16);
      int lo = Character.digit(content[start + 2 * i + 1], 16);
      if (hi < 0 || lo < 0) {
        Arrays.fill(key, (byte) 0);
        throw invalid(name, "has a character that is not a hex digit");
      }
      key[i] = (byte) (hi << 4 | lo);
    }
    return key;
  }

  private static ToolFailure invalid(String name, String what) {
    return new ToolFailure(ExitCode.USAGE, "pmt: key file " + name + " " + what + "; an AES-256 key file holds 32 raw"
        + " bytes or 64 hex digits");
  }
}
