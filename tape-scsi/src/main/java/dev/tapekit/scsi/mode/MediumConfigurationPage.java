package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;

/**
 * The Medium Configuration mode page (0x1D, SSC-5 8.3.6): whether the loaded cartridge is WORM and
 * what WORM mode allows. LTO-3 and older drives lack it (PBS treats a failed MODE SENSE of this
 * page as "not WORM").
 *
 * <pre>
 *  0      PS(7) | SPF(6)=0 | page code 0x1D
 *  1      page length (0x1E on LTO drives)
 *  2      reserved(7-1) | WORMM(0)
 *  3      reserved
 *  4      WORM mode label restrictions   0 no overwrite, 1 some labels may be overwritten, 2 all
 *  5      WORM mode filemark restrictions 2 all but the one closest to BOP, 3 any filemark before EOD
 *  6..    reserved
 * </pre>
 *
 * <p>Contract: {@link #from} needs at least 4 parameter bytes (through byte 5). Immutable.
 */
public final class MediumConfigurationPage extends TypedModePage {
  public static final int PAGE_CODE = 0x1D;
  public static final int PAGE_LENGTH = 0x1E;
  private static final String NAME = "Medium Configuration page";

  private MediumConfigurationPage(byte[] p) {
    super(p);
  }

  public static MediumConfigurationPage from(ModePage page) throws MalformedResponseException {
    return new MediumConfigurationPage(validate(page, PAGE_CODE, 4, NAME));
  }

  public static MediumConfigurationPage from(ModeParameters parameters) throws MalformedResponseException {
    return from(required(parameters, PAGE_CODE, NAME));
  }

  /** A zero page of the LTO length (0x1E). */
  public static MediumConfigurationPage blank() {
    return new MediumConfigurationPage(blank(PAGE_CODE, PAGE_LENGTH));
  }

  /** WORMM: the loaded medium is WORM. */
  public boolean wormMode() {
    return bit(2, 0);
  }

  public int wormModeLabelRestrictions() {
    return field(4, 7, 8);
  }

  public int wormModeFilemarkRestrictions() {
    return field(5, 7, 8);
  }

  public MediumConfigurationPage withWormMode(boolean worm) {
    return new MediumConfigurationPage(withBit(2, 0, worm));
  }

  public MediumConfigurationPage withWormModeLabelRestrictions(int value) {
    return new MediumConfigurationPage(withField(4, 7, 8, value, "WORM mode label restrictions"));
  }

  public MediumConfigurationPage withWormModeFilemarkRestrictions(int value) {
    return new MediumConfigurationPage(withField(5, 7, 8, value, "WORM mode filemark restrictions"));
  }
}
