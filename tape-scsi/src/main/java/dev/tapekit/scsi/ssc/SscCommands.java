package dev.tapekit.scsi.ssc;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Builders for the SSC-5 (stream/tape) commands tapekit issues. Each returns a {@link ScsiCommand}
 * with the CDB, data direction, transfer length and a default timeout; change the timeout with
 * {@link ScsiCommand#withTimeout(Duration)}.
 *
 * <p>Contract: arguments outside what the CDB field can carry (a 24-bit count, a partition above
 * 255, a negative length) are rejected with {@link IllegalArgumentException} naming the command and
 * field, never silently truncated. Multi-byte fields are big-endian; signed counts (SPACE) are
 * two's complement in the field's width. The class is stateless and thread-safe.
 *
 * <p>Default timeouts follow what production tape software found necessary on LTO drives: 10
 * minutes for anything that may move the tape ({@link #MOTION_TIMEOUT}), 30 seconds for READ
 * POSITION and READ BLOCK LIMITS, 60 seconds for REPORT DENSITY SUPPORT. Long operations (long
 * ERASE, LTO-9 FORMAT) should be sent with IMMED and polled with TEST UNIT READY rather than given
 * hour-long timeouts.
 */
public final class SscCommands {
  /** Timeout for commands that may move the tape: 10 minutes. */
  public static final Duration MOTION_TIMEOUT = Duration.ofMinutes(10);
  /** Timeout for READ POSITION, READ BLOCK LIMITS and ALLOW OVERWRITE: 30 seconds. */
  public static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);
  /** Timeout for REPORT DENSITY SUPPORT: 60 seconds. */
  public static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

  /** Largest 24-bit unsigned transfer length or count: 16,777,215. */
  public static final int MAX_24_BIT = 0xFF_FFFF;
  /** Smallest and largest signed 24-bit SPACE(6) count. */
  public static final int MIN_SPACE6_COUNT = -0x80_0000;

  public static final int MAX_SPACE6_COUNT = 0x7F_FFFF;

  private SscCommands() {}

  /**
   * READ BLOCK LIMITS (05h). With {@code mloi} false the reply is the 6-byte block-limits form (see
   * {@link BlockLimits}); with {@code mloi} true it is the 20-byte maximum logical object identifier
   * form (see {@link BlockLimits#decodeMaximumLogicalObjectIdentifier(byte[])}).
   *
   * <pre>
   *  0 05h   1 MLOI(0)   2-4 reserved   5 control
   * </pre>
   */
  public static ScsiCommand readBlockLimits(boolean mloi) {
    byte[] cdb = new byte[6];
    cdb[0] = 0x05;
    cdb[1] = (byte) (mloi ? 1 : 0);
    return new ScsiCommand(
        "READ BLOCK LIMITS",
        cdb,
        DataDirection.FROM_DEVICE,
        mloi ? BlockLimits.MLOI_LENGTH : BlockLimits.LENGTH,
        STATUS_TIMEOUT);
  }

  /**
   * READ(6) (08h) in variable-block mode: one block of up to {@code length} bytes.
   *
   * <pre>
   *  0 08h   1 SILI(1) FIXED(0)=0   2-4 TRANSFER LENGTH (bytes)   5 control
   * </pre>
   *
   * @param length the buffer size, 0..16,777,215 bytes
   * @param sili suppress incorrect-length reports for blocks shorter than {@code length}
   */
  public static ScsiCommand readVariable(int length, boolean sili) {
    Checks.range("READ(6): transfer length", length, 0, MAX_24_BIT);
    return sixByte("READ(6)", 0x08, sili ? 0x02 : 0x00, length, DataDirection.FROM_DEVICE, length);
  }

  /**
   * READ(6) (08h) in fixed-block mode: {@code blocks} blocks of the drive's current block size.
   * SILI cannot be combined with FIXED (the drive rejects it), so this form never sets it.
   *
   * <pre>
   *  0 08h   1 SILI(1)=0 FIXED(0)=1   2-4 TRANSFER LENGTH (blocks)   5 control
   * </pre>
   *
   * @param blocks number of blocks, 0..16,777,215
   * @param blockSize the drive's fixed block size, which sizes the data phase
   */
  public static ScsiCommand readFixed(int blocks, int blockSize) {
    int bytes = fixedTransfer("READ(6)", blocks, blockSize);
    return sixByte("READ(6)", 0x08, 0x01, blocks, DataDirection.FROM_DEVICE, bytes);
  }

  /**
   * WRITE(6) (0Ah) in variable-block mode: one block of {@code length} bytes.
   *
   * <pre>
   *  0 0Ah   1 FIXED(0)=0   2-4 TRANSFER LENGTH (bytes)   5 control
   * </pre>
   */
  public static ScsiCommand writeVariable(int length) {
    Checks.range("WRITE(6): transfer length", length, 0, MAX_24_BIT);
    return sixByte("WRITE(6)", 0x0A, 0x00, length, DataDirection.TO_DEVICE, length);
  }

  /**
   * WRITE(6) (0Ah) in fixed-block mode: {@code blocks} blocks of {@code blockSize} bytes.
   *
   * <pre>
   *  0 0Ah   1 FIXED(0)=1   2-4 TRANSFER LENGTH (blocks)   5 control
   * </pre>
   */
  public static ScsiCommand writeFixed(int blocks, int blockSize) {
    int bytes = fixedTransfer("WRITE(6)", blocks, blockSize);
    return sixByte("WRITE(6)", 0x0A, 0x01, blocks, DataDirection.TO_DEVICE, bytes);
  }

  /**
   * WRITE FILEMARKS(6) (10h). A count of 0 with {@code immediate} false flushes the drive's buffer
   * to the medium (a synchronize).
   *
   * <pre>
   *  0 10h   1 WSMK(1) IMMED(0)   2-4 TRANSFER LENGTH (marks)   5 control
   * </pre>
   *
   * @param count number of marks, 0..16,777,215
   * @param immediate return before the marks reach the medium
   * @param setmarks write setmarks instead of filemarks (obsolete, DDS drives only)
   */
  public static ScsiCommand writeFilemarks(int count, boolean immediate, boolean setmarks) {
    Checks.range("WRITE FILEMARKS(6): count", count, 0, MAX_24_BIT);
    int flags = (setmarks ? 0x02 : 0) | (immediate ? 0x01 : 0);
    return sixByte("WRITE FILEMARKS(6)", 0x10, flags, count, DataDirection.NONE, 0);
  }

  /**
   * SPACE(6) (11h). Negative counts move toward the beginning of the partition. For {@link
   * SpaceCode#END_OF_DATA} the count must be 0.
   *
   * <pre>
   *  0 11h   1 CODE(3..0)   2-4 COUNT (signed 24-bit, two's complement)   5 control
   * </pre>
   *
   * @param count -8,388,608..8,388,607; use {@link #space16} beyond that
   */
  public static ScsiCommand space6(SpaceCode code, int count) {
    Objects.requireNonNull(code, "code");
    Checks.range("SPACE(6): count", count, MIN_SPACE6_COUNT, MAX_SPACE6_COUNT);
    requireNoCountForEod("SPACE(6)", code, count);
    return sixByte("SPACE(6)", 0x11, code.code(), count, DataDirection.NONE, 0);
  }

  /**
   * SPACE(16) (91h) with a 64-bit signed count.
   *
   * <pre>
   *  0 91h   1 CODE(3..0)   2-3 reserved   4-11 COUNT (signed 64-bit)
   *  12-13 PARAMETER LENGTH = 0   14 reserved   15 control
   * </pre>
   */
  public static ScsiCommand space16(SpaceCode code, long count) {
    Objects.requireNonNull(code, "code");
    requireNoCountForEod("SPACE(16)", code, count);
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x91;
    cdb[1] = (byte) code.code();
    Bytes.put64(cdb, 4, count);
    return new ScsiCommand("SPACE(16)", cdb, DataDirection.NONE, 0, MOTION_TIMEOUT);
  }

  /**
   * LOCATE(10) (2Bh) to a logical object (block) identifier.
   *
   * <pre>
   *  0 2Bh   1 BT(2) CP(1) IMMED(0)   2 reserved   3-6 LOGICAL OBJECT IDENTIFIER
   *  7 reserved   8 PARTITION   9 control
   * </pre>
   *
   * @param logicalObject 0..4,294,967,295
   * @param partition the partition to change to, 0..255; only sent when {@code changePartition}
   * @param changePartition set CP: move to {@code partition} first (otherwise the field is zero)
   * @param blockAddressType set BT: the identifier is a vendor-specific block address
   * @param immediate return before the tape has moved
   */
  public static ScsiCommand locate10(
      long logicalObject, int partition, boolean changePartition, boolean blockAddressType, boolean immediate) {
    Checks.range("LOCATE(10): logical object identifier", logicalObject, 0, 0xFFFF_FFFFL);
    Checks.range("LOCATE(10): partition", partition, 0, 0xFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x2B;
    cdb[1] = (byte) ((blockAddressType ? 0x04 : 0) | (changePartition ? 0x02 : 0) | (immediate ? 0x01 : 0));
    Bytes.put32(cdb, 3, logicalObject);
    cdb[8] = (byte) (changePartition ? partition : 0);
    return new ScsiCommand("LOCATE(10)", cdb, DataDirection.NONE, 0, MOTION_TIMEOUT);
  }

  /**
   * LOCATE(16) (92h) to a logical object, a logical file or end of data.
   *
   * <pre>
   *  0 92h   1 DEST_TYPE(5..3) CP(1) IMMED(0)   2 BAM(0)   3 PARTITION
   *  4-11 LOGICAL IDENTIFIER   12-14 reserved   15 control
   * </pre>
   *
   * @param destination what {@code identifier} counts; for END_OF_DATA it must be 0
   * @param identifier the logical object number or file identifier (unsigned 64-bit)
   * @param partition the partition to change to, 0..255; only sent when {@code changePartition}
   * @param changePartition set CP
   * @param blockAddressMode set BAM (explicit address mode: the drive may reject implicit moves)
   * @param immediate return before the tape has moved
   */
  public static ScsiCommand locate16(
      LocateDestination destination,
      long identifier,
      int partition,
      boolean changePartition,
      boolean blockAddressMode,
      boolean immediate) {
    Objects.requireNonNull(destination, "destination");
    Checks.range("LOCATE(16): partition", partition, 0, 0xFF);
    if (destination == LocateDestination.END_OF_DATA && identifier != 0) {
      throw new IllegalArgumentException("LOCATE(16): end of data takes no identifier, got " + identifier);
    }
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x92;
    cdb[1] = (byte) ((destination.code() << 3) | (changePartition ? 0x02 : 0) | (immediate ? 0x01 : 0));
    cdb[2] = (byte) (blockAddressMode ? 0x01 : 0);
    cdb[3] = (byte) (changePartition ? partition : 0);
    Bytes.put64(cdb, 4, identifier);
    return new ScsiCommand("LOCATE(16)", cdb, DataDirection.NONE, 0, MOTION_TIMEOUT);
  }

  /**
   * READ POSITION (34h) in one of its forms. The allocation length is sent only for the extended
   * form; SSC requires it to be zero for the short and long forms, whose length is fixed.
   *
   * <pre>
   *  0 34h   1 SERVICE ACTION(4..0)   2-6 reserved   7-8 ALLOCATION LENGTH   9 control
   * </pre>
   */
  public static ScsiCommand readPosition(ReadPositionForm form) {
    Objects.requireNonNull(form, "form");
    byte[] cdb = new byte[10];
    cdb[0] = 0x34;
    cdb[1] = (byte) form.serviceAction();
    if (form == ReadPositionForm.EXTENDED) {
      Bytes.put16(cdb, 7, form.replyLength());
    }
    return new ScsiCommand("READ POSITION", cdb, DataDirection.FROM_DEVICE, form.replyLength(), STATUS_TIMEOUT);
  }

  /**
   * REWIND (01h) to the beginning of the current partition.
   *
   * <pre>
   *  0 01h   1 IMMED(0)   2-4 reserved   5 control
   * </pre>
   */
  public static ScsiCommand rewind(boolean immediate) {
    return sixByte("REWIND", 0x01, immediate ? 0x01 : 0, 0, DataDirection.NONE, 0);
  }

  /**
   * LOAD UNLOAD (1Bh).
   *
   * <pre>
   *  0 1Bh   1 IMMED(0)   2-3 reserved   4 HOLD(3) EOT(2) RETEN(1) LOAD(0)   5 control
   * </pre>
   *
   * @param load true to load (thread the tape), false to unload (and eject unless {@code hold})
   * @param immediate return before the operation finishes
   * @param hold keep the cartridge in the drive: no thread on load, no eject on unload
   * @param endOfTape unload at the end of the tape instead of the beginning (rarely supported)
   * @param retension wind to end and back before completing
   */
  public static ScsiCommand loadUnload(
      boolean load, boolean immediate, boolean hold, boolean endOfTape, boolean retension) {
    byte[] cdb = new byte[6];
    cdb[0] = 0x1B;
    cdb[1] = (byte) (immediate ? 0x01 : 0);
    cdb[4] = (byte) ((hold ? 0x08 : 0) | (endOfTape ? 0x04 : 0) | (retension ? 0x02 : 0) | (load ? 0x01 : 0));
    return new ScsiCommand("LOAD UNLOAD", cdb, DataDirection.NONE, 0, MOTION_TIMEOUT);
  }

  /**
   * ERASE(6) (19h) from the current position. A short erase ({@code longErase} false) writes an
   * end-of-data mark; a long erase overwrites the rest of the partition and takes hours on LTO, so
   * send it with {@code immediate} and poll.
   *
   * <pre>
   *  0 19h   1 IMMED(1) LONG(0)   2-4 reserved   5 control
   * </pre>
   */
  public static ScsiCommand erase(boolean longErase, boolean immediate) {
    int flags = (immediate ? 0x02 : 0) | (longErase ? 0x01 : 0);
    return sixByte("ERASE(6)", 0x19, flags, 0, DataDirection.NONE, 0);
  }

  /**
   * FORMAT MEDIUM (04h). Format 0 uses the current partitioning settings as the default format;
   * 1 partitions by the mode page 11h sent earlier; 2 by page 11h sent as parameter data of {@code
   * transferLength} bytes.
   *
   * <pre>
   *  0 04h   1 VERIFY(1) IMMED(0)   2 FORMAT(3..0)   3-4 TRANSFER LENGTH   5 control
   * </pre>
   *
   * @param format the FORMAT field, 0..15
   * @param verify verify the format
   * @param immediate return before formatting finishes
   * @param transferLength bytes of parameter data that follow (0..65535); a data-out phase when &gt; 0
   */
  public static ScsiCommand formatMedium(int format, boolean verify, boolean immediate, int transferLength) {
    Checks.range("FORMAT MEDIUM: format", format, 0, 0x0F);
    Checks.range("FORMAT MEDIUM: transfer length", transferLength, 0, 0xFFFF);
    byte[] cdb = new byte[6];
    cdb[0] = 0x04;
    cdb[1] = (byte) ((verify ? 0x02 : 0) | (immediate ? 0x01 : 0));
    cdb[2] = (byte) format;
    Bytes.put16(cdb, 3, transferLength);
    DataDirection direction = transferLength > 0 ? DataDirection.TO_DEVICE : DataDirection.NONE;
    return new ScsiCommand("FORMAT MEDIUM", cdb, direction, transferLength, MOTION_TIMEOUT);
  }

  /**
   * PREVENT ALLOW MEDIUM REMOVAL (1Eh).
   *
   * <pre>
   *  0 1Eh   1-3 reserved   4 PREVENT(1..0)   5 control
   * </pre>
   *
   * @param prevent 0 allow, 1 prevent (medium changer prevention values 2 and 3 are also accepted)
   */
  public static ScsiCommand preventAllowMediumRemoval(int prevent) {
    Checks.range("PREVENT ALLOW MEDIUM REMOVAL: prevent", prevent, 0, 3);
    return sixByte("PREVENT ALLOW MEDIUM REMOVAL", 0x1E, 0, prevent, DataDirection.NONE, 0);
  }

  /**
   * REPORT DENSITY SUPPORT (44h). Decode the reply with {@link DensitySupport#decode(byte[])} or,
   * when {@code mediumType} is set, {@link DensitySupport#decodeMediumTypes(byte[])}.
   *
   * <pre>
   *  0 44h   1 MEDIUM_TYPE(1) MEDIA(0)   2-6 reserved   7-8 ALLOCATION LENGTH   9 control
   * </pre>
   *
   * @param media report what the mounted medium supports (else what the drive supports)
   * @param mediumType report medium type descriptors instead of density descriptors
   * @param allocationLength 4..65535 bytes
   */
  public static ScsiCommand reportDensitySupport(boolean media, boolean mediumType, int allocationLength) {
    Checks.range("REPORT DENSITY SUPPORT: allocation length", allocationLength, 4, 0xFFFF);
    byte[] cdb = new byte[10];
    cdb[0] = 0x44;
    cdb[1] = (byte) ((mediumType ? 0x02 : 0) | (media ? 0x01 : 0));
    Bytes.put16(cdb, 7, allocationLength);
    return new ScsiCommand(
        "REPORT DENSITY SUPPORT", cdb, DataDirection.FROM_DEVICE, allocationLength, REPORT_TIMEOUT);
  }

  /**
   * ALLOW OVERWRITE (82h, SSC-4): lets the next write (or FORMAT MEDIUM) overwrite data on a drive
   * that enforces append-only writing. For {@link AllowOverwrite#CURRENT_POSITION} the partition and
   * logical object identifier must name where the tape is now (read them with READ POSITION); the
   * other values send both as zero.
   *
   * <pre>
   *  0 82h   1 reserved   2 ALLOW OVERWRITE(3..0)   3 PARTITION
   *  4-11 LOGICAL OBJECT IDENTIFIER   12-14 reserved   15 control
   * </pre>
   *
   * @param partition 0..255
   * @param logicalObject the logical object identifier (unsigned 64-bit)
   */
  public static ScsiCommand allowOverwrite(AllowOverwrite field, int partition, long logicalObject) {
    Objects.requireNonNull(field, "field");
    Checks.range("ALLOW OVERWRITE: partition", partition, 0, 0xFF);
    if (field != AllowOverwrite.CURRENT_POSITION && (partition != 0 || logicalObject != 0)) {
      throw new IllegalArgumentException("ALLOW OVERWRITE: " + field + " takes no position, got partition "
          + partition + ", logical object " + Long.toUnsignedString(logicalObject));
    }
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x82;
    cdb[2] = (byte) field.code();
    cdb[3] = (byte) partition;
    Bytes.put64(cdb, 4, logicalObject);
    return new ScsiCommand("ALLOW OVERWRITE", cdb, DataDirection.NONE, 0, STATUS_TIMEOUT);
  }

  /** A 6-byte CDB: opcode, flags in byte 1, a 24-bit field in bytes 2..4. */
  private static ScsiCommand sixByte(
      String name, int opcode, int flags, int field24, DataDirection direction, int transferLength) {
    byte[] cdb = new byte[6];
    cdb[0] = (byte) opcode;
    cdb[1] = (byte) flags;
    Bytes.put24(cdb, 2, field24);
    return new ScsiCommand(name, cdb, direction, transferLength, MOTION_TIMEOUT);
  }

  private static int fixedTransfer(String command, int blocks, int blockSize) {
    Checks.range(command + ": block count", blocks, 0, MAX_24_BIT);
    Checks.range(command + ": block size", blockSize, 1, MAX_24_BIT);
    long bytes = (long) blocks * blockSize;
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          command + ": " + blocks + " blocks of " + blockSize + " bytes exceed one transfer (" + bytes + " bytes)");
    }
    return (int) bytes;
  }

  private static void requireNoCountForEod(String command, SpaceCode code, long count) {
    if (code == SpaceCode.END_OF_DATA && count != 0) {
      throw new IllegalArgumentException(command + ": spacing to end of data takes no count, got " + count);
    }
  }
}
