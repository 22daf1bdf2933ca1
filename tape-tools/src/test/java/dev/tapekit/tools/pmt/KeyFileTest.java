package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key files: 32 raw bytes, or 64 hex digits within whitespace; errors never show the content. */
class KeyFileTest {
  private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final byte[] KEY = HexFormat.of().parseHex(HEX);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void rawHexAndPaddedHex() throws Exception {
    assertArrayEquals(KEY, KeyFile.parse(KEY, "k"));
    assertArrayEquals(KEY, KeyFile.parse(ascii(HEX), "k"));
    assertArrayEquals(KEY, KeyFile.parse(ascii(" \t" + HEX.toUpperCase() + "\r\n"), "k"));
  }

  @Test
  void thirtyTwoHexDigitsAreRawBytesNotAHalfKey() throws Exception {
    byte[] content = ascii(HEX.substring(0, 32));
    assertArrayEquals(content, KeyFile.parse(content, "k"));
  }

  @Test
  void wrongLengthOrCharacterIsRefusedWithoutTheContent() {
    for (String bad : new String[] {"", HEX.substring(1), HEX + "0", HEX.substring(0, 63) + "g", HEX.replace('0', ' ')}) {
      ToolFailure f = assertThrows(ToolFailure.class, () -> KeyFile.parse(ascii(bad), "key.hex"), bad);
      assertEquals(ExitCode.USAGE, f.exitCode());
      assertFalse(!bad.isEmpty() && f.getMessage().contains(bad.strip().substring(0, 8)), f.getMessage());
    }
  }

  @Test
  void dashReadsStdinAndTheKeyIsACopy() throws Exception {
    byte[] in = ascii(HEX + "\n");
    byte[] key = KeyFile.read("-", new ByteArrayInputStream(in));
    assertArrayEquals(KEY, key);
    Arrays.fill(key, (byte) 0);
    assertArrayEquals(KEY, KeyFile.read("-", new ByteArrayInputStream(in)));
  }
}
