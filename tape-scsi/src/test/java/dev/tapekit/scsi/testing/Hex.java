package dev.tapekit.scsi.testing;

import java.util.HexFormat;

/** Hex literals for byte-exact test vectors; spaces and newlines are ignored. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  public static String of(byte[] data) {
    return HexFormat.ofDelimiter(" ").formatHex(data);
  }
}
