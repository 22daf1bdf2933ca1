package dev.tapekit.catalog;

import java.util.Objects;

/**
 * Where a tape is, in PBS's string form: {@code online-<changer>} (in a slot or drive of that
 * changer, as its volume tags last said), {@code offline} (on a shelf, in an import/export slot or
 * in a standalone drive) or {@code vault-<name>} (taken off site; never used for writing).
 */
public sealed interface MediaLocation {
  /** The string form. */
  String text();

  /** In changer {@code changer}. */
  record Online(String changer) implements MediaLocation {
    public Online {
      Names.check("changer name", changer);
    }

    @Override
    public String text() {
      return "online-" + changer;
    }
  }

  /** Not in any changer. */
  record Offline() implements MediaLocation {
    @Override
    public String text() {
      return "offline";
    }
  }

  /** In vault {@code name}. */
  record Vault(String name) implements MediaLocation {
    public Vault {
      Objects.requireNonNull(name, "name");
      if (name.length() < 3 || name.length() > 32) {
        throw new IllegalArgumentException("invalid vault name '" + name + "': 3 to 32 characters");
      }
      Names.check("vault name", name);
    }

    @Override
    public String text() {
      return "vault-" + name;
    }
  }

  /** Offline. */
  MediaLocation OFFLINE = new Offline();

  /** The location {@code text} names ({@link #text()}'s form). */
  static MediaLocation parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.equals("offline")) {
      return OFFLINE;
    }
    if (text.startsWith("online-")) {
      return new Online(text.substring("online-".length()));
    }
    if (text.startsWith("vault-")) {
      return new Vault(text.substring("vault-".length()));
    }
    throw new IllegalArgumentException("unknown media location '" + text
        + "': offline, online-<changer> or vault-<name>");
  }
}
