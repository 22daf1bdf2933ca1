/**
 * SSC-5 (stream device, i.e. tape drive) command builders and reply decoders.
 *
 * <p>{@link dev.tapekit.scsi.ssc.SscCommands} builds every command a tape application needs as a
 * {@link dev.tapekit.scsi.ScsiCommand} (CDB, direction, transfer length, default timeout): READ and
 * WRITE in fixed and variable block mode, WRITE FILEMARKS, SPACE(6)/(16), LOCATE(10)/(16), READ
 * POSITION, REWIND, LOAD UNLOAD, ERASE, FORMAT MEDIUM, PREVENT ALLOW MEDIUM REMOVAL, READ BLOCK
 * LIMITS and REPORT DENSITY SUPPORT. Replies decode with {@link dev.tapekit.scsi.ssc.BlockLimits},
 * {@link dev.tapekit.scsi.ssc.ShortPosition}, {@link dev.tapekit.scsi.ssc.LongPosition}, {@link
 * dev.tapekit.scsi.ssc.ExtendedPosition} (the short and extended forms share the flag byte {@link
 * dev.tapekit.scsi.ssc.PositionFlags}) and {@link dev.tapekit.scsi.ssc.DensitySupport}; {@link
 * dev.tapekit.scsi.ssc.LtoDensity} names the LTO density codes.
 *
 * <p>This package only encodes and decodes: it never talks to a device and keeps no state. Sense
 * interpretation (filemark, end of data, early warning) belongs to {@code dev.tapekit.scsi.tape},
 * which drives a tape through these builders. Builders reject out-of-range arguments with {@link
 * java.lang.IllegalArgumentException}; decoders reject truncated or inconsistent replies with
 * {@link dev.tapekit.scsi.MalformedResponseException} and never throw anything else. All types are
 * immutable and thread-safe.
 */
package dev.tapekit.scsi.ssc;
