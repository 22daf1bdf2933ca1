package dev.tapekit.changer;

import java.util.OptionalInt;

/**
 * How a MOVE MEDIUM or EXCHANGE MEDIUM is sent: which picker, whether to invert (rotate) the medium,
 * and mtx's {@code eepos} tray bits. Immutable.
 *
 * @param transport the medium transport element address; empty means the changer's first transport
 *     (or 0, "changer's choice", when it reports none)
 * @param invert INVERT for MOVE MEDIUM, INV1 for EXCHANGE MEDIUM
 * @param invert2 INV2 for EXCHANGE MEDIUM (ignored by moves)
 * @param eepos 0..3, sent in bits 7..6 of the control byte (mtx {@code eepos})
 */
public record MoveOptions(OptionalInt transport, boolean invert, boolean invert2, int eepos) {
  /** Default picker, no inversion, eepos 0. */
  public static final MoveOptions DEFAULT = new MoveOptions(OptionalInt.empty(), false, false, 0);

  public MoveOptions {
    if (eepos < 0 || eepos > 3) {
      throw new IllegalArgumentException("eepos " + eepos + " outside 0..3");
    }
  }

  /** These options with an explicit transport element address. */
  public MoveOptions withTransport(int address) {
    return new MoveOptions(OptionalInt.of(address), invert, invert2, eepos);
  }
}
