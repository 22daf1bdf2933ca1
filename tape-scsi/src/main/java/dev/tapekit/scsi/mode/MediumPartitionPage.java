package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The Medium Partition mode page (0x11, SSC-5 8.3.4): how the medium is, or is to be, partitioned
 * (LTFS uses two partitions). Partitioning takes effect with FORMAT MEDIUM after a MODE SELECT of
 * this page.
 *
 * <pre>
 *  0      PS(7) | SPF(6)=0 | page code 0x11
 *  1      page length n (6 + 2 x number of partition size fields)
 *  2      maximum additional partitions
 *  3      additional partitions defined
 *  4      FDP(7) | SDP(6) | IDP(5) | PSUM(4-3) | POFM(2) | CLEAR(1) | ADDP(0)
 *  5      medium format recognition   1 format, 2 partition, 3 both
 *  6      partition type(7-4) | partition units(3-0)
 *  7      reserved
 *  8..    partition size, 2 bytes each, partition 0 first (0xFFFF = the rest of the medium)
 * </pre>
 *
 * PSUM gives the unit of the sizes: 0 bytes, 1 KB, 2 MB, 3 10^(partition units) bytes.
 *
 * <p>Contract: {@link #from} needs the 6 fixed parameter bytes; an odd trailing byte after the
 * size fields is kept but not decoded. Immutable.
 */
public final class MediumPartitionPage extends TypedModePage {
  public static final int PAGE_CODE = 0x11;
  /** Page length without partition size fields. */
  public static final int FIXED_PAGE_LENGTH = 6;
  private static final String NAME = "Medium Partition page";

  private MediumPartitionPage(byte[] p) {
    super(p);
  }

  public static MediumPartitionPage from(ModePage page) throws MalformedResponseException {
    return new MediumPartitionPage(validate(page, PAGE_CODE, FIXED_PAGE_LENGTH, NAME));
  }

  public static MediumPartitionPage from(ModeParameters parameters) throws MalformedResponseException {
    return from(required(parameters, PAGE_CODE, NAME));
  }

  /** A zero page without partition size fields. */
  public static MediumPartitionPage blank() {
    return new MediumPartitionPage(blank(PAGE_CODE, FIXED_PAGE_LENGTH));
  }

  public int maximumAdditionalPartitions() {
    return field(2, 7, 8);
  }

  public int additionalPartitionsDefined() {
    return field(3, 7, 8);
  }

  /** FDP: fixed data partitions (the drive decides the sizes). */
  public boolean fixedDataPartitions() {
    return bit(4, 7);
  }

  /** SDP: select data partitions (the drive sizes the number of partitions asked for). */
  public boolean selectDataPartitions() {
    return bit(4, 6);
  }

  /** IDP: initiator defined partitions (the sizes below apply). */
  public boolean initiatorDefinedPartitions() {
    return bit(4, 5);
  }

  /** PSUM: partition size unit of measure, 0..3. */
  public int partitionSizeUnitOfMeasure() {
    return field(4, 4, 2);
  }

  /** POFM: partition on format (partitioning happens at FORMAT MEDIUM). */
  public boolean partitionOnFormat() {
    return bit(4, 2);
  }

  public boolean clear() {
    return bit(4, 1);
  }

  public boolean addPartition() {
    return bit(4, 0);
  }

  public int mediumFormatRecognition() {
    return field(5, 7, 8);
  }

  public int partitionType() {
    return field(6, 7, 4);
  }

  /** Partition units: the exponent of 10 used when PSUM is 3. */
  public int partitionUnits() {
    return field(6, 3, 4);
  }

  /** The partition size fields, partition 0 first. */
  public List<Integer> partitionSizes() {
    List<Integer> out = new ArrayList<>();
    for (int off = 8; off + 2 <= p.length; off += 2) {
      out.add((int) value(off, 2));
    }
    return List.copyOf(out);
  }

  public MediumPartitionPage withAdditionalPartitionsDefined(int count) {
    return new MediumPartitionPage(withField(3, 7, 8, count, "additional partitions defined"));
  }

  public MediumPartitionPage withFixedDataPartitions(boolean on) {
    return new MediumPartitionPage(withBit(4, 7, on));
  }

  public MediumPartitionPage withSelectDataPartitions(boolean on) {
    return new MediumPartitionPage(withBit(4, 6, on));
  }

  public MediumPartitionPage withInitiatorDefinedPartitions(boolean on) {
    return new MediumPartitionPage(withBit(4, 5, on));
  }

  public MediumPartitionPage withPartitionSizeUnitOfMeasure(int psum) {
    return new MediumPartitionPage(withField(4, 4, 2, psum, "PSUM"));
  }

  public MediumPartitionPage withPartitionOnFormat(boolean on) {
    return new MediumPartitionPage(withBit(4, 2, on));
  }

  public MediumPartitionPage withClear(boolean on) {
    return new MediumPartitionPage(withBit(4, 1, on));
  }

  public MediumPartitionPage withAddPartition(boolean on) {
    return new MediumPartitionPage(withBit(4, 0, on));
  }

  public MediumPartitionPage withMediumFormatRecognition(int value) {
    return new MediumPartitionPage(withField(5, 7, 8, value, "medium format recognition"));
  }

  public MediumPartitionPage withPartitionUnits(int exponent) {
    return new MediumPartitionPage(withField(6, 3, 4, exponent, "partition units"));
  }

  /**
   * The page with these partition size fields (replacing all present), page length adjusted.
   *
   * @throws IllegalArgumentException when a size exceeds 0xFFFF or the page would exceed 255 bytes
   */
  public MediumPartitionPage withPartitionSizes(List<Integer> sizes) {
    Checks.range("number of partition sizes", sizes.size(), 0, (0xFF - FIXED_PAGE_LENGTH) / 2);
    byte[] out = new byte[8 + 2 * sizes.size()];
    System.arraycopy(p, 0, out, 0, 8);
    out[1] = (byte) (FIXED_PAGE_LENGTH + 2 * sizes.size());
    for (int i = 0; i < sizes.size(); i++) {
      Checks.range("partition size", sizes.get(i), 0, 0xFFFF);
      Bytes.put16(out, 8 + 2 * i, sizes.get(i));
    }
    return new MediumPartitionPage(out);
  }
}
