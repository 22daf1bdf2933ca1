package dev.tapekit.scsi.tape;

import java.util.OptionalLong;

/**
 * Where the tape is, from READ POSITION.
 *
 * @param partition the partition number
 * @param logicalObject blocks and filemarks between the beginning of the partition and here: the
 *     value LOCATE takes
 * @param fileNumber filemarks between the beginning of the partition and here (file 0 starts at
 *     BOP); empty when the drive only answers the short form or does not know
 * @param beginningOfPartition at BOP
 * @param endOfPartition between early warning and the end of the partition
 * @param beyondProgrammableEarlyWarning past the programmable early-warning point
 */
public record TapePosition(
    long partition,
    long logicalObject,
    OptionalLong fileNumber,
    boolean beginningOfPartition,
    boolean endOfPartition,
    boolean beyondProgrammableEarlyWarning) {}
