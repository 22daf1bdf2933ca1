/**
 * Media changers (tape libraries and autoloaders): the {@link dev.tapekit.changer.MediaChanger} API and
 * its SMC implementation {@link dev.tapekit.changer.SmcChanger} over any {@link
 * dev.tapekit.scsi.ScsiTransport}, plus mtx 1.3.12 compatibility — {@link
 * dev.tapekit.changer.MtxLibrary} (slot/drive numbering, drive-to-device mapping by serial), {@link
 * dev.tapekit.changer.MtxSemantics} (load, unload, transfer, exchange, first/last/next/previous,
 * position, inventory with mtx's checks and messages) and {@link dev.tapekit.changer.MtxText} (byte-exact
 * {@code status}, {@code inquiry}, progress and sense printouts).
 *
 * <p>Element addresses are SMC addresses as the changer reports them; slot and drive numbers are mtx's.
 * Codecs live in {@link dev.tapekit.changer.smc}.
 */
package dev.tapekit.changer;
