/**
 * SCSI sense data: decoding, naming and classifying what a tape drive, media changer or any SPC
 * device reports with CHECK CONDITION.
 *
 * <p>{@link dev.tapekit.scsi.sense.SenseData#parse(byte[])} turns the sense bytes of a
 * {@code ScsiResult} (or REQUEST SENSE data) in either format, fixed (70h/71h) or descriptor
 * (72h/73h), into one view: the {@link dev.tapekit.scsi.sense.SenseKey}, the {@link
 * dev.tapekit.scsi.sense.AdditionalSense} (ASC/ASCQ with its T10 text), the stream flags FILEMARK,
 * EOM and ILI, the INFORMATION field (the residue of READ and SPACE), the decoded {@link
 * dev.tapekit.scsi.sense.SenseKeySpecific} field (field pointer, retry count, progress, segment
 * pointer, unit attention queue overflow), the typed {@link dev.tapekit.scsi.sense.SenseDescriptor}s,
 * and whether the error is deferred (belongs to an earlier, buffered command).
 *
 * <p>How to use it:
 *
 * <ul>
 *   <li>Compare against constants, never raw triples: {@code
 *       sense.is(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT)} or {@code
 *       sense.additionalSense().equals(AdditionalSense.FILEMARK_DETECTED)}, not {@code asc() ==
 *       0x3A}. Every ASC/ASCQ pair T10 assigns to tape, changer or all devices is a named constant;
 *       the range families (40h/NN, 4Dh/NN, 70h/NN) are told apart with {@link
 *       dev.tapekit.scsi.sense.AdditionalSense#codeRange()}.
 *   <li>Tape conditions that are results, not failures, arrive as NO SENSE with a flag: FILEMARK
 *       with {@code FILEMARK_DETECTED}, EOM with {@code END_OF_PARTITION_MEDIUM_DETECTED} (early
 *       warning), ILI with the residue in {@link
 *       dev.tapekit.scsi.sense.SenseData#signedInformation()} (negative when the block was longer
 *       than requested); end of data is BLANK CHECK {@code END_OF_DATA_DETECTED}.
 *   <li>For retry decisions use {@link dev.tapekit.scsi.sense.SenseData#category()} ({@link
 *       dev.tapekit.scsi.sense.SenseCategory#isRetryable()}), and check {@link
 *       dev.tapekit.scsi.sense.SenseData#isDeferred()} first: a deferred error reports that data
 *       written earlier was lost, which a retry of the current command does not fix.
 *   <li>For messages use {@link dev.tapekit.scsi.sense.SenseData#summary()} (one line); for logs
 *       and tools {@link dev.tapekit.scsi.sense.SenseData#describe()} (every field, several lines).
 * </ul>
 *
 * <p>Decoding never fails on short or odd sense beyond a missing response code or sense key
 * ({@link dev.tapekit.scsi.MalformedResponseException}): fields the device did not send read as
 * absent. All types are immutable and thread safe. The ASC/ASCQ table is generated from {@code
 * tape-scsi/src/tables/asc-ascq.txt} (T10's list) and cross-checked against sg3_utils in tests.
 */
package dev.tapekit.scsi.sense;
