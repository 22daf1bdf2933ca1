package dev.tapekit.scsi;

import dev.tapekit.scsi.spc.FullReply;
import dev.tapekit.scsi.spc.PeripheralDeviceType;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.scsi.spc.StandardInquiry;
import dev.tapekit.scsi.spc.Vpd;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DeviceLockFile} locks: a drive or changer by what it says it is (INQUIRY vendor and
 * product, VPD page 80h unit serial number), not by the node it was opened through, so {@code
 * /dev/nst0}, {@code /dev/sg3} and {@code /dev/tape/by-id/...} of one drive share one lock.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #read} sends INQUIRY and INQUIRY VPD 80h only. Both are exempt from unit attention
 *       and change nothing on the device, so a process that finds the lock held has disturbed
 *       nothing. (Opening a {@code ScsiTapeDrive} is not harmless: its REQUEST SENSE takes the
 *       holder's unit attentions and clears a deferred error of the holder's writes. Read the key,
 *       take the lock, then open.)
 *   <li>A device without a serial number (it rejects VPD 80h) is keyed by vendor and product only:
 *       identical models without serials then share one lock, which over-locks but never lets two
 *       processes at one device.
 *   <li>{@link #fileName()} holds only {@code [A-Za-z0-9._-]}: {@code drive-IBM-ULT3580-TD9-10WT012345.lock}.
 * </ul>
 *
 * @param kind drive or changer
 * @param vendor T10 vendor identification, trimmed
 * @param product product identification, trimmed
 * @param serialNumber the unit serial number; empty when the device has none
 */
public record DeviceLockKey(Kind kind, String vendor, String product, Optional<String> serialNumber) {
  /** Longest {@link #fileName()}; longer names end in a digest instead (file systems allow 255 bytes). */
  static final int MAX_FILE_NAME = 200;

  /** The kind of device, the first word of the lock file's name. */
  public enum Kind {
    DRIVE("drive", PeripheralDeviceType.SEQUENTIAL_ACCESS),
    CHANGER("changer", PeripheralDeviceType.MEDIUM_CHANGER);

    private final String word;
    private final PeripheralDeviceType type;

    Kind(String word, PeripheralDeviceType type) {
      this.word = word;
      this.type = type;
    }

    /** {@code drive} or {@code changer}. */
    public String word() {
      return word;
    }
  }

  public DeviceLockKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(serialNumber, "serialNumber");
    vendor = vendor.strip();
    product = product.strip();
    serialNumber = serialNumber.map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The key of the device behind {@code transport} when it is a {@code kind} (peripheral qualifier 0
   * and the kind's device type); empty for any other device, which the caller's open refuses with
   * its own message.
   *
   * @throws ScsiException when INQUIRY fails or its reply is malformed (a VPD 80h the device rejects
   *     with ILLEGAL REQUEST only leaves the serial number empty)
   */
  public static Optional<DeviceLockKey> read(ScsiTransport transport, Kind kind) throws ScsiException {
    StandardInquiry inquiry = FullReply.standardInquiry(transport);
    if (inquiry.peripheralQualifier() != 0 || inquiry.deviceType() != kind.type) {
      return Optional.empty();
    }
    Optional<String> serial;
    try {
      serial = Optional.of(SerialNumberVpd.parseUnitSerialNumber(
          FullReply.vpdPage(transport, Vpd.UNIT_SERIAL_NUMBER)).serialNumber());
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> s.key() != SenseKey.ILLEGAL_REQUEST).orElse(true)) {
        throw e;
      }
      serial = Optional.empty();
    }
    return Optional.of(new DeviceLockKey(kind, inquiry.vendor(), inquiry.product(), serial));
  }

  /**
   * The lock file's name: kind, vendor, product and serial number joined by {@code -}, each part's
   * characters outside {@code [A-Za-z0-9._-]} replaced by {@code _}, then {@code .lock}. A name
   * longer than 200 characters keeps its first 160 and ends in 16 hex digits of the SHA-256 of the
   * whole name, so distinct long names stay distinct.
   */
  public String fileName() {
    StringBuilder sb = new StringBuilder(kind.word);
    for (String part : new String[] {vendor, product, serialNumber.orElse("")}) {
      if (!part.isEmpty()) {
        sb.append('-').append(sanitize(part));
      }
    }
    String name = sb.toString();
    if (name.length() + ".lock".length() > MAX_FILE_NAME) {
      name = name.substring(0, 160) + "-" + digest(name);
    }
    return name + ".lock";
  }

  private static String sanitize(String part) {
    StringBuilder sb = new StringBuilder(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean safe = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
          || c == '-';
      sb.append(safe ? c : '_');
    }
    return sb.toString();
  }

  private static String digest(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** For messages: {@code IBM ULT3580-TD9, serial 10WT012345} (or {@code no serial number}). */
  @Override
  public String toString() {
    String model = vendor.isEmpty() ? product : vendor + " " + product;
    return model + ", " + serialNumber.map(s -> "serial " + s).orElse("no serial number");
  }
}
