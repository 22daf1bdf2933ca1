/**
 * The tape drive API: {@link dev.tapekit.scsi.tape.TapeDrive} and its SSC implementation {@link
 * dev.tapekit.scsi.tape.ScsiTapeDrive}, which runs over any {@link dev.tapekit.scsi.ScsiTransport}
 * (Linux SG_IO, the virtual tape library, a scripted test double).
 *
 * <p>Open a transport for the drive's SCSI generic node, wrap it in a {@code ScsiTapeDrive}, wait
 * until it is ready and set variable-block mode; then write blocks and filemarks, rewind, read
 * back. {@code tape-scsi/docs/tapedrive.md} walks through it.
 *
 * <p>The conventions of this package:
 *
 * <ul>
 *   <li>Early warning ({@link dev.tapekit.scsi.tape.WriteResult#EARLY_WARNING}), filemarks and end
 *       of data ({@link dev.tapekit.scsi.tape.ReadResult}, {@link
 *       dev.tapekit.scsi.tape.SpaceResult}) are results. Running off the end of the tape ({@link
 *       dev.tapekit.scsi.tape.VolumeOverflowException}), deferred errors ({@link
 *       dev.tapekit.scsi.tape.DeferredErrorException}), a missing cartridge ({@link
 *       dev.tapekit.scsi.tape.NoMediumException}) and every other failure are exceptions whose
 *       message names the device, the command and the decoded sense.
 *   <li>Unit attentions are consumed and kept for {@link
 *       dev.tapekit.scsi.tape.TapeDrive#takeUnitAttentions()}.
 *   <li>Waiting loops take a {@link java.time.Clock} and a {@link dev.tapekit.scsi.tape.Sleeper}.
 *   <li>Drives are thread-safe; the tape position they move is one shared thing.
 * </ul>
 */
package dev.tapekit.scsi.tape;
