/**
 * Tapes in and out of a drive, and what happens on the way: {@link
 * dev.tapekit.backup.media.TapeLoader} (a library's changer, {@link
 * dev.tapekit.backup.media.LibraryDrive}, or an operator at a {@link
 * dev.tapekit.backup.media.StandaloneDrive}), {@link dev.tapekit.backup.media.DeviceLocking} (the lock
 * files {@code pmt} and {@code pmtx} honour), {@link dev.tapekit.backup.media.LoadCheck} (TapeAlert
 * after each load), {@link dev.tapekit.backup.media.CartridgeTags} (cartridge memory as PBS tags it),
 * {@link dev.tapekit.backup.media.TapePreparation} (labels), {@link
 * dev.tapekit.backup.media.DriveCleaning} and {@link dev.tapekit.backup.media.DriveKeys} (hardware
 * encryption). Changer moves and unloads are never retried.
 */
package dev.tapekit.backup.media;
