package dev.tapekit.tools;

import java.util.Locale;

/**
 * The exit statuses of {@code pmt}, {@code pmtx} and {@code tape}, one per kind of failure a script may want to tell
 * apart. Scripts written for mt and mtx test for "not zero" and keep working: both tools exit 1 on
 * failure, and every failure here is non-zero.
 *
 * <p>{@link #LOCKED} is not {@link #BUSY}: busy is the kernel's or the virtual library's refusal to
 * open, whoever holds it; locked is tapekit's cooperative lock file, whose holder (host, pid, job) is
 * known and named, and which a script may wait out with {@code --lock-wait}.
 */
public enum ExitCode {
  OK(0, "success"),
  FAILED(1, "failed: device error, refused move, I/O error (mt's and mtx's status)"),
  USAGE(2, "bad arguments: unknown command or option, bad or missing number"),
  NO_DEVICE(3, "no such device (node, virtual library or virtual drive)"),
  PERMISSION_DENIED(4, "permission denied (join the node's group, usually tape; or root)"),
  BUSY(5, "device busy (open exclusively, or the library open elsewhere)"),
  WRONG_DEVICE(6, "wrong kind of device (pmt needs a tape drive, pmtx a changer)"),
  NO_MEDIUM(7, "no cartridge in the drive (or the drive to unload is empty)"),
  SOURCE_EMPTY(8, "the source slot or element is empty"),
  DESTINATION_FULL(9, "the destination is full (drive loaded, slot or element full)"),
  LOCKED(10, "locked by a job or another pmt/pmtx (the message names the holder)"),
  CONFIG(11, "a configuration file is wrong (the message names the file and the key)"),
  NOT_FOUND(12, "no such drive, changer, pool, job, tape, media set, snapshot or key"),
  KEY(13, "wrong passphrase, or the key a media set needs is missing"),
  NOT_VERIFIED(14, "data did not verify (a digest, a block or a restored file differs)"),
  TAPE_NEEDED(15, "a needed tape is not in the library, or not inserted in time"),
  REFUSED(16, "refused: it would destroy kept data, or the name is taken");

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
