package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The TapeAlert log page (2Eh), SSC-5 8.2.8: one parameter per flag, parameter codes 0001h..0040h,
 * each with a 1-byte value whose bit 0 is the flag. Immutable.
 *
 * <p><b>Reading this page clears the flags on real drives</b> (SSC: the flags are reset after the
 * page is read, "read-clear"), so two applications polling it steal alerts from each other. Poll
 * {@link TapeAlertResponsePage} (12h) instead where the drive supports it, and read 2Eh only when
 * consuming the alerts is intended.
 *
 * <pre>
 *  0..3 header, page code 2Eh
 *  then per flag N: code u16 = N, control u8, length u8 = 01h, value u8 (bit 0 = flag N)
 * </pre>
 *
 * <p>Parameter codes above 40h are reserved; they stay in {@link #page()} and are not flags.
 *
 * @param page the underlying page
 * @param reported the flags the drive reported (set or not)
 * @param active the flags whose bit is 1
 */
public record TapeAlertPage(LogPage page, Set<TapeAlertFlag> reported, Set<TapeAlertFlag> active) {
  public static final int PAGE_CODE = 0x2E;

  public TapeAlertPage {
    reported = TapeAlertFlag.immutableCopy(reported);
    active = TapeAlertFlag.immutableCopy(active);
  }

  /** LOG SENSE of page 2Eh; sending it clears the drive's flags (see the class comment). */
  public static ScsiCommand command() {
    return LogCommands.logSense(PAGE_CODE, 0, 1024);
  }

  public static TapeAlertPage parse(byte[] data) throws MalformedResponseException {
    LogPage page = LogPage.parse(data);
    page.header().expect(PAGE_CODE, 0, "TapeAlert log page");
    EnumSet<TapeAlertFlag> reported = EnumSet.noneOf(TapeAlertFlag.class);
    EnumSet<TapeAlertFlag> active = EnumSet.noneOf(TapeAlertFlag.class);
    for (LogParameter p : page.parameters()) {
      if (p.code() < 1 || p.code() > 64) {
        continue;
      }
      if (p.length() < 1) {
        throw new MalformedResponseException(
            String.format("TapeAlert log page: parameter %04Xh has no value byte", p.code()));
      }
      TapeAlertFlag f = TapeAlertFlag.of(p.code());
      reported.add(f);
      if ((p.value()[0] & 0x01) != 0) {
        active.add(f);
      }
    }
    return new TapeAlertPage(page, reported, active);
  }

  /** Builds the page with all 64 parameters (for virtual drives and tests). */
  public static byte[] encode(Set<TapeAlertFlag> active) {
    List<LogParameter> params = new ArrayList<>();
    for (TapeAlertFlag f : TapeAlertFlag.values()) {
      params.add(new LogParameter(f.number(), 0x03, new byte[] {(byte) (active.contains(f) ? 1 : 0)}));
    }
    return LogPage.encode(PAGE_CODE, 0, params);
  }
}
