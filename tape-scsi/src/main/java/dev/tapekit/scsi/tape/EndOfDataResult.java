package dev.tapekit.scsi.tape;

/**
 * Where {@link TapeDrive#moveToEndOfData(boolean)} left the tape.
 *
 * @param position the position at end of data, after any repair
 * @param filemarkWritten true when the last file was not closed by a filemark (a writer crashed)
 *     and one was written
 */
public record EndOfDataResult(TapePosition position, boolean filemarkWritten) {}
