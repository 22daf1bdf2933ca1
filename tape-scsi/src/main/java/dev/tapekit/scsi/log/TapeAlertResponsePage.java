package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.List;
import java.util.Set;

/**
 * The TapeAlert Response log page (12h), SSC-5 8.2.5: all 64 TapeAlert flags in one parameter.
 * Unlike page 2Eh, reading it does not clear the flags, so it is the page to poll. Immutable.
 *
 * <pre>
 *  0..3   header, page code 12h, page length 000Ch
 *  4..5   parameter code 0000h
 *  6      control
 *  7      parameter length 08h
 *  8..15  FLAG 01h in byte 8 bit 7, FLAG 02h in byte 8 bit 6, ..., FLAG 40h in byte 15 bit 0
 * </pre>
 *
 * <p>Read as a big-endian u64, flag N is bit {@code 64 - N} ({@link #wireBits()}). PBS reverses the
 * bits so that flag N lands in bit {@code N - 1} ({@link #lsbFirstBits()}); both describe the same
 * flags.
 *
 * @param page the underlying page
 * @param flags the active flags
 */
public record TapeAlertResponsePage(LogPage page, Set<TapeAlertFlag> flags) {
  public static final int PAGE_CODE = 0x12;

  public TapeAlertResponsePage {
    flags = TapeAlertFlag.immutableCopy(flags);
  }

  public static ScsiCommand command() {
    return LogCommands.logSense(PAGE_CODE, 0, 512);
  }

  /** Decodes the page; parameter 0000h with at least 8 bytes is required. */
  public static TapeAlertResponsePage parse(byte[] data) throws MalformedResponseException {
    LogPage page = LogPage.parse(data);
    page.header().expect(PAGE_CODE, 0, "TapeAlert response log page");
    LogParameter p =
        page.parameter(0x0000)
            .orElseThrow(() -> new MalformedResponseException("TapeAlert response log page: no parameter 0000h"));
    if (p.length() < 8) {
      throw new MalformedResponseException(
          "TapeAlert response log page: parameter 0000h has " + p.length() + " bytes, needs 8");
    }
    long bits = Bytes.getUnsigned(p.value(), 0, 8);
    return new TapeAlertResponsePage(page, TapeAlertFlag.fromWireBits(bits));
  }

  /** The flags as a big-endian u64 from the wire: flag N in bit {@code 64 - N}. */
  public long wireBits() {
    return TapeAlertFlag.toWireBits(flags);
  }

  /** The flags with flag N in bit {@code N - 1} (PBS, mhvtl). */
  public long lsbFirstBits() {
    return TapeAlertFlag.toLsbFirstBits(flags);
  }

  /** True if any flag of {@link TapeAlertFlag#MEDIA_CRITICAL} is set. */
  public boolean anyMediaCritical() {
    return flags.stream().anyMatch(TapeAlertFlag.MEDIA_CRITICAL::contains);
  }

  /** Builds the page bytes for a set of flags (for virtual drives and tests). */
  public static byte[] encode(Set<TapeAlertFlag> flags) {
    byte[] v = new byte[8];
    Bytes.put64(v, 0, TapeAlertFlag.toWireBits(flags));
    return LogPage.encode(PAGE_CODE, 0, List.of(LogParameter.binary(0x0000, v)));
  }
}
