package dev.tapekit.changer.testing;

import dev.tapekit.changer.smc.ElementType;

/** One element of a {@link ScriptedLibrary}: mutable test state, encoded by {@link ElementStatusEncoder}. */
public final class SimElement {
  public final ElementType type;
  public final int address;
  public boolean full;
  /** The primary volume tag text (null: none); encoded blank-filled to 32 bytes + 4 zero bytes. */
  public String tag;
  /** A raw 36-byte primary tag overriding {@link #tag} (e.g. mhvtl's 36 blanks). */
  public byte[] rawTag;
  public String alternateTag;
  public int sourceAddress;
  public boolean sourceValid;
  public int asc;
  public int ascq;
  public boolean access = true;
  /** For drives: the DVCID serial (null: none). */
  public String serial;
  /** For drives: send the (2,1) vendor+product+serial form instead of (2,0). */
  public boolean t10VendorForm;
  /** For drives: PREVENT is in effect, so moves out of it fail 05/53/02. */
  public boolean removalPrevented;

  public SimElement(ElementType type, int address) {
    this.type = type;
    this.address = address;
  }

  public SimElement full(String volumeTag) {
    this.full = true;
    this.tag = volumeTag;
    return this;
  }

  public SimElement serial(String s) {
    this.serial = s;
    return this;
  }

  public SimElement loadedFrom(int source) {
    this.sourceAddress = source;
    this.sourceValid = true;
    return this;
  }
}
