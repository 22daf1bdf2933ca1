package dev.tapekit.changer.smc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The identification descriptor a data transfer element carries when READ ELEMENT STATUS is sent with
 * DVCID (SMC-3 7.5.5): how the library names the drive, normally by its serial number.
 *
 * <pre>
 *  0  reserved(7..4) CODE SET(3..0)        1 = binary, 2 = ASCII, 3 = UTF-8
 *  1  reserved(7..6) ASSOCIATION(5..4) IDENTIFIER TYPE(3..0)
 *  2  reserved      3  IDENTIFIER LENGTH (n)
 *  4  identifier (n bytes)
 * </pre>
 *
 * <p>The forms seen in practice: code set 2, type 0 — the serial number alone (Quantum Superloader3,
 * mhvtl "serial only"); code set 2, type 1 (T10 vendor id) — 8-byte vendor, 16-byte product, then the
 * serial (34 bytes on IBM and HP libraries). Immutable.
 *
 * @param codeSet bits 3..0 of byte 0
 * @param identifierType bits 3..0 of byte 1
 * @param identifier the identifier bytes
 */
public record DeviceIdentifier(int codeSet, int identifierType, byte[] identifier) {
  /** Code set 2: ASCII. */
  public static final int CODE_SET_ASCII = 2;
  /** Code set 3: UTF-8. */
  public static final int CODE_SET_UTF8 = 3;
  /** Identifier type 0: vendor specific (libraries put the bare serial number here). */
  public static final int TYPE_VENDOR_SPECIFIC = 0;
  /** Identifier type 1: T10 vendor identification (vendor 8, product 16, serial). */
  public static final int TYPE_T10_VENDOR_ID = 1;

  public DeviceIdentifier {
    identifier = identifier.clone();
  }

  @Override
  public byte[] identifier() {
    return identifier.clone();
  }

  private boolean isText() {
    return codeSet == CODE_SET_ASCII || codeSet == CODE_SET_UTF8;
  }

  private String text(int from, int to) {
    return new String(identifier, from, to - from, StandardCharsets.UTF_8).strip();
  }

  /**
   * The drive serial number: the whole identifier for a text type-0 descriptor, the part after vendor
   * and product (byte 24 on) for a text type-1 descriptor longer than 24 bytes; empty otherwise.
   */
  public Optional<String> serialNumber() {
    if (!isText()) {
      return Optional.empty();
    }
    String serial;
    if (identifierType == TYPE_VENDOR_SPECIFIC) {
      serial = text(0, identifier.length);
    } else if (identifierType == TYPE_T10_VENDOR_ID && identifier.length > 24) {
      serial = text(24, identifier.length);
    } else {
      return Optional.empty();
    }
    return serial.isEmpty() ? Optional.empty() : Optional.of(serial);
  }

  /** For a text type-1 descriptor: the 8-byte vendor, trimmed. */
  public Optional<String> vendor() {
    return isText() && identifierType == TYPE_T10_VENDOR_ID && identifier.length >= 8
        ? Optional.of(text(0, 8))
        : Optional.empty();
  }

  /** For a text type-1 descriptor: the 16-byte product, trimmed. */
  public Optional<String> product() {
    return isText() && identifierType == TYPE_T10_VENDOR_ID && identifier.length >= 24
        ? Optional.of(text(8, 24))
        : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceIdentifier d
        && d.codeSet == codeSet
        && d.identifierType == identifierType
        && Arrays.equals(d.identifier, identifier);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(identifier) * 31 + codeSet * 7 + identifierType;
  }

  @Override
  public String toString() {
    String body = isText()
        ? "'" + new String(identifier, StandardCharsets.UTF_8) + "'"
        : HexFormat.of().formatHex(identifier);
    return "DeviceIdentifier[codeSet=" + codeSet + ", type=" + identifierType + ", " + body + "]";
  }
}
