package dev.tapekit.catalog;

import java.util.regex.Pattern;

/** The names the catalog accepts: PBS's {@code PROXMOX_SAFE_ID}, 2 to 32 characters. */
final class Names {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{1,31}");

  private Names() {}

  /** {@code value}, or an {@link IllegalArgumentException} naming {@code what}. */
  static String check(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + what + " '" + value + "': 2 to 32 of A-Z a-z 0-9 _ . -, "
          + "not starting with . or -");
    }
    return value;
  }
}
