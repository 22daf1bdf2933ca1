package dev.tapekit.tools;

import java.util.Locale;

/**
 * The exit statuses of {@code pmt} and {@code pmtx}, one per kind of failure a script may want to tell
 * apart. Scripts written for mt and mtx test for "not zero" and keep working: both tools exit 1 on
 * failure, and every failure here is non-zero.
 */
public enum ExitCode {
  OK(0, "success"),
  FAILED(1, "the command failed (device error, refused move, I/O error; mt's and mtx's failure status)"),
  USAGE(2, "bad arguments: unknown command or option, missing or out-of-range number"),
  NO_DEVICE(3, "the device does not exist (no such node, no such virtual library or drive)"),
  PERMISSION_DENIED(4, "permission denied on the device node (join its group, usually 'tape', or run as root)"),
  BUSY(5, "the device is in use (opened exclusively, or the virtual library is open in another process)"),
  WRONG_DEVICE(6, "the device is of the wrong kind (not a tape drive for pmt, not a medium changer for pmtx)"),
  NO_MEDIUM(7, "no cartridge in the drive, or the drive to unload is empty"),
  SOURCE_EMPTY(8, "the source slot or element is empty"),
  DESTINATION_FULL(9, "the destination is full (drive already loaded, slot or element already full)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The table printed in the tools' help, one {@code "  N  meaning"} line per status. */
  public static String table() {
    StringBuilder sb = new StringBuilder();
    for (ExitCode c : values()) {
      sb.append(String.format(Locale.ROOT, "  %d  %s%n", c.code, c.meaning));
    }
    return sb.toString();
  }
}
