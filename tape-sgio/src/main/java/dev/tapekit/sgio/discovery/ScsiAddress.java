package dev.tapekit.sgio.discovery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux SCSI address, {@code host:channel:target:lun}, as {@code lsscsi} prints it and sysfs names
 * SCSI devices (e.g. {@code 2:0:1:0}).
 *
 * @param host the SCSI host (adapter) number
 * @param channel the channel (bus) on the host
 * @param target the target id
 * @param lun the logical unit number
 */
public record ScsiAddress(int host, int channel, int target, long lun) {
  private static final Pattern HCTL = Pattern.compile("(\\d{1,9}):(\\d{1,9}):(\\d{1,9}):(\\d{1,19})");

  public ScsiAddress {
    if (host < 0 || channel < 0 || target < 0 || lun < 0) {
      throw new IllegalArgumentException("negative SCSI address component: " + host + ":" + channel + ":" + target + ":" + lun);
    }
  }

  /** Parses {@code H:C:T:L}; empty when {@code text} is not of that form. */
  public static Optional<ScsiAddress> parse(String text) {
    Matcher m = HCTL.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ScsiAddress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Long.parseLong(m.group(4))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code H:C:T:L}. */
  @Override
  public String toString() {
    return host + ":" + channel + ":" + target + ":" + lun;
  }
}
