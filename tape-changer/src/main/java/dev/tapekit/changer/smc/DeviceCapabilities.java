package dev.tapekit.changer.smc;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.EnumSet;
import java.util.Set;

/**
 * Mode page 0x1F, device capabilities: which element types can store media, and which moves and
 * exchanges between types the changer supports (SMC-3 7.3.2).
 *
 * <p>Page grammar (20 bytes; bit 0 = medium transport, 1 = storage, 2 = import/export, 3 = data
 * transfer in every capability byte):
 *
 * <pre>
 *  0  PS(7) SPF(6) page code 0x1F   1  page length (0x12)
 *  2  StorDT(3) StorI/E(2) StorST(1) StorMT(0)      3  reserved
 *  4  moves from medium transport to ...   5  from storage   6  from import/export   7  from data transfer
 *  8-11 reserved
 * 12  exchanges with medium transport ...   13 storage   14 import/export   15 data transfer
 * 16-19 reserved
 * </pre>
 *
 * Immutable.
 *
 * @param storageCapable the element types that can hold media
 * @param moveCapabilities bytes 4..7 as given (index 0 = from transport ... 3 = from data transfer)
 * @param exchangeCapabilities bytes 12..15 as given
 */
public record DeviceCapabilities(
    Set<ElementType> storageCapable, byte[] moveCapabilities, byte[] exchangeCapabilities) {

  public DeviceCapabilities {
    storageCapable = storageCapable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(storageCapable));
    moveCapabilities = moveCapabilities.clone();
    exchangeCapabilities = exchangeCapabilities.clone();
    if (moveCapabilities.length != 4 || exchangeCapabilities.length != 4) {
      throw new IllegalArgumentException("capability arrays must have 4 entries");
    }
  }

  /** Decodes the page (starting with its page code byte). */
  public static DeviceCapabilities decodePage(byte[] page) throws MalformedResponseException {
    String what = "device capabilities page";
    SmcModeSense.checkedPageLength(page, SmcModeSense.DEVICE_CAPABILITIES, 14, what);
    return new DeviceCapabilities(
        types(page[2]), Bytes.slice(page, 4, 4, what), Bytes.slice(page, 12, 4, what));
  }

  /** Decodes a whole MODE SENSE(6) reply for page 0x1F. */
  public static DeviceCapabilities decodeModeSense(byte[] reply) throws MalformedResponseException {
    return decodePage(SmcModeSense.page(reply, SmcModeSense.DEVICE_CAPABILITIES));
  }

  private static Set<ElementType> types(byte bits) {
    Set<ElementType> set = EnumSet.noneOf(ElementType.class);
    for (ElementType t : ElementType.values()) {
      if (t != ElementType.ALL && (bits & (1 << (t.code() - 1))) != 0) {
        set.add(t);
      }
    }
    return set;
  }

  /** True when MOVE MEDIUM from an element of type {@code from} to one of type {@code to} is supported. */
  public boolean canMove(ElementType from, ElementType to) {
    return supports(moveCapabilities, from, to);
  }

  /** True when EXCHANGE MEDIUM between {@code a} and {@code b} is supported. */
  public boolean canExchange(ElementType a, ElementType b) {
    return supports(exchangeCapabilities, a, b);
  }

  private static boolean supports(byte[] table, ElementType from, ElementType to) {
    if (from == ElementType.ALL || to == ElementType.ALL) {
      throw new IllegalArgumentException("a concrete element type is required");
    }
    return (table[from.code() - 1] & (1 << (to.code() - 1))) != 0;
  }

  @Override
  public byte[] moveCapabilities() {
    return moveCapabilities.clone();
  }

  @Override
  public byte[] exchangeCapabilities() {
    return exchangeCapabilities.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceCapabilities d
        && d.storageCapable.equals(storageCapable)
        && java.util.Arrays.equals(d.moveCapabilities, moveCapabilities)
        && java.util.Arrays.equals(d.exchangeCapabilities, exchangeCapabilities);
  }

  @Override
  public int hashCode() {
    return storageCapable.hashCode() * 31 + java.util.Arrays.hashCode(moveCapabilities);
  }

  @Override
  public String toString() {
    return "DeviceCapabilities[storage=" + storageCapable + ", move="
        + java.util.HexFormat.of().formatHex(moveCapabilities) + ", exchange="
        + java.util.HexFormat.of().formatHex(exchangeCapabilities) + "]";
  }
}
