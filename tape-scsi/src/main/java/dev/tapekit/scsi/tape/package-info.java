/**
 * The tape drive API: {@link dev.tapekit.scsi.tape.TapeDrive} and its SSC implementation {@link
 * dev.tapekit.scsi.tape.ScsiTapeDrive}, which runs over any {@link dev.tapekit.scsi.ScsiTransport}
 * (Linux SG_IO, the virtual tape library, a scripted test double).
 *
 * <p>Open a transport for the drive's SCSI generic node and pass it to {@link
 * dev.tapekit.scsi.tape.ScsiTapeDrive#open(dev.tapekit.scsi.ScsiTransport,
 * dev.tapekit.scsi.tape.ScsiTapeDrive.OpenOptions)}, which checks that it is a tape drive, clears
 * pending sense, waits for the cartridge and sets the PBS defaults (compression on, variable
 * blocks, buffered); then write blocks and filemarks, rewind, read back. {@code
 * tape-scsi/docs/tapedrive.md} walks through it.
 *
 * <p>Beyond moving data, the same drive object reports and changes everything {@code pmt} does:
 *
 * <ul>
 *   <li>{@link dev.tapekit.scsi.tape.TapeDrive#status()}: a {@link
 *       dev.tapekit.scsi.tape.DriveStatus} with identity, cartridge presence, {@link
 *       dev.tapekit.scsi.tape.DriveSettings} (block size, compression, buffered mode, density, write
 *       protect), activity, position, TapeAlert flags, MAM usage and volume statistics; pages a
 *       drive lacks and slow pages while the tape moves are left empty.
 *   <li>{@link dev.tapekit.scsi.tape.TapeDrive#setOptions(dev.tapekit.scsi.tape.DriveOptions)} and
 *       its one-setting shortcuts: one MODE SENSE/MODE SELECT read-modify-write.
 *   <li>Hardware AES-256-GCM: {@link dev.tapekit.scsi.tape.TapeDrive#setEncryptionKey(byte[])},
 *       {@link dev.tapekit.scsi.tape.TapeDrive#clearEncryptionKey()}, capabilities and status;
 *       key bytes are never logged.
 *   <li>Cartridge memory: {@link dev.tapekit.scsi.tape.TapeDrive#readAttributes()}, {@link
 *       dev.tapekit.scsi.tape.TapeDrive#writeAttributes(dev.tapekit.scsi.mam.AttributeParameterList)},
 *       {@link dev.tapekit.scsi.tape.TapeDrive#clearAttributes(dev.tapekit.scsi.mam.MamAttribute...)}.
 *   <li>Log pages: TapeAlert (12h, not clearing), volume statistics (17h), device activity (11h).
 * </ul>
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
 *       dev.tapekit.scsi.tape.TapeDrive#takeUnitAttentions()}, on every command including mode,
 *       log, attribute and security protocol pages.
 *   <li>Reading a page the drive does not implement is an ILLEGAL REQUEST {@link
 *       dev.tapekit.scsi.ScsiCommandException}, except in {@code status()}.
 *   <li>Waiting loops take a {@link java.time.Clock} and a {@link dev.tapekit.scsi.Sleeper}.
 *   <li>Drives are thread-safe; the tape position they move is one shared thing.
 * </ul>
 */
package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.Sleeper;
