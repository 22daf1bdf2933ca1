package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;

/**
 * The Data Compression mode page (0x0F, SSC-5 8.3.2): whether the drive compresses what it writes.
 *
 * <pre>
 *  0      PS(7) | SPF(6)=0 | page code 0x0F
 *  1      page length 0x0E
 *  2      DCE(7) | DCC(6)
 *  3      DDE(7) | RED(6-5)
 *  4-7    compression algorithm (0 none, 1 default, 0xFF unregistered, else IANA-style registry)
 *  8-11   decompression algorithm
 *  12-15  reserved
 * </pre>
 *
 * <p>Contract: {@link #from} rejects other pages and pages shorter than 14 parameter bytes with
 * {@link MalformedResponseException}; {@code with...} methods return changed copies. Immutable.
 */
public final class DataCompressionPage extends TypedModePage {
  public static final int PAGE_CODE = 0x0F;
  public static final int PAGE_LENGTH = 0x0E;
  private static final String NAME = "Data Compression page";

  private DataCompressionPage(byte[] p) {
    super(p);
  }

  public static DataCompressionPage from(ModePage page) throws MalformedResponseException {
    return new DataCompressionPage(validate(page, PAGE_CODE, PAGE_LENGTH, NAME));
  }

  /** The page from a MODE SENSE reply; malformed when the reply lacks it. */
  public static DataCompressionPage from(ModeParameters parameters) throws MalformedResponseException {
    return from(required(parameters, PAGE_CODE, NAME));
  }

  /** A page of zeros (compression off, algorithms 0), to fill with {@code with...}. */
  public static DataCompressionPage blank() {
    return new DataCompressionPage(blank(PAGE_CODE, PAGE_LENGTH));
  }

  /** DCE: compress written data. */
  public boolean dataCompressionEnabled() {
    return bit(2, 7);
  }

  /** DCC: the drive can compress (read-only). */
  public boolean dataCompressionCapable() {
    return bit(2, 6);
  }

  /** DDE: decompress data read. */
  public boolean dataDecompressionEnabled() {
    return bit(3, 7);
  }

  /** RED: report exception on decompression, 0..3. */
  public int reportExceptionOnDecompression() {
    return field(3, 6, 2);
  }

  public long compressionAlgorithm() {
    return value(4, 4);
  }

  public long decompressionAlgorithm() {
    return value(8, 4);
  }

  public DataCompressionPage withDataCompressionEnabled(boolean on) {
    return new DataCompressionPage(withBit(2, 7, on));
  }

  public DataCompressionPage withDataDecompressionEnabled(boolean on) {
    return new DataCompressionPage(withBit(3, 7, on));
  }

  public DataCompressionPage withReportExceptionOnDecompression(int red) {
    return new DataCompressionPage(withField(3, 6, 2, red, "RED"));
  }

  public DataCompressionPage withCompressionAlgorithm(long algorithm) {
    return new DataCompressionPage(withValue(4, 4, algorithm, "compression algorithm"));
  }

  public DataCompressionPage withDecompressionAlgorithm(long algorithm) {
    return new DataCompressionPage(withValue(8, 4, algorithm, "decompression algorithm"));
  }
}
