/**
 * SCSI Media Changer (SMC-3) codecs: CDB builders for READ ELEMENT STATUS, MOVE MEDIUM, EXCHANGE
 * MEDIUM, INITIALIZE ELEMENT STATUS (with range), POSITION TO ELEMENT, PREVENT ALLOW MEDIUM REMOVAL and
 * OPEN/CLOSE IMPORT/EXPORT ELEMENT, and decoders for element status data, the SMC mode pages 0x1D,
 * 0x1E and 0x1F and the INQUIRY fields a changer tool prints.
 *
 * <p>Decoders take the bytes a device returned and either produce an immutable value or throw {@link
 * dev.tapekit.scsi.MalformedResponseException} naming the structure and offset; they tolerate the
 * vendor quirks named in each class. Nothing here performs I/O: {@link dev.tapekit.changer.SmcChanger}
 * sends these commands.
 */
package dev.tapekit.changer.smc;
