package dev.tapekit.scsi.tape;

/**
 * What one {@link TapeDrive#read} found: data, a filemark or end of data. These are results, not
 * exceptions: a reader walks a tape file by reading until {@link Kind#FILEMARK}.
 *
 * <p>In variable-block mode one READ transfers one block:
 *
 * <ul>
 *   <li>{@link Kind#DATA}: the block filled the buffer exactly; {@code length} bytes.
 *   <li>{@link Kind#SHORT_BLOCK}: the block was shorter than the buffer; {@code length} bytes. Normal
 *       for variable-length records, a format error for readers that expect fixed-size blocks.
 *   <li>{@link Kind#OVERLENGTH_BLOCK}: the block was longer than the buffer; the buffer holds its
 *       first {@code length} bytes and {@code blockLength} says how long it really was (read it again
 *       after spacing back one block, with a bigger buffer). The rest of the block is lost to this
 *       read; the tape is positioned after the block.
 *   <li>{@link Kind#FILEMARK}: the next object was a filemark; the tape is now positioned after it
 *       (at the start of the next file) and {@code length} is 0.
 *   <li>{@link Kind#END_OF_DATA}: nothing was recorded beyond this point; the position is unchanged.
 * </ul>
 *
 * In fixed-block mode one READ transfers as many blocks as the buffer holds; FILEMARK and END_OF_DATA
 * may then come with {@code length} &gt; 0: the whole blocks read before the mark.
 *
 * <p>Lengths come from the sense INFORMATION field (the residue the drive computed) when the drive
 * sets it, and from the transport's residue otherwise.
 *
 * @param kind what was found
 * @param length bytes stored into the caller's buffer
 * @param blockLength the length of the block on tape: equal to {@code length} except for
 *     OVERLENGTH_BLOCK; 0 for FILEMARK and END_OF_DATA in variable mode
 */
public record ReadResult(Kind kind, int length, long blockLength) {

  /** The classes of read outcome. */
  public enum Kind {
    DATA,
    SHORT_BLOCK,
    OVERLENGTH_BLOCK,
    FILEMARK,
    END_OF_DATA
  }

  /** True when the read delivered block data (DATA, SHORT_BLOCK or OVERLENGTH_BLOCK). */
  public boolean hasData() {
    return kind == Kind.DATA || kind == Kind.SHORT_BLOCK || kind == Kind.OVERLENGTH_BLOCK;
  }
}
