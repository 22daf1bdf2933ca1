/**
 * MODE SENSE and MODE SELECT: reading and changing a tape drive's mode parameters (block size,
 * buffering, compression, partitioning, WORM status).
 *
 * <p>{@link dev.tapekit.scsi.mode.ModeCommands} builds the four CDBs; {@link
 * dev.tapekit.scsi.mode.ModeParameters} decodes a MODE SENSE reply of either header form into the
 * header, block descriptors and raw {@link dev.tapekit.scsi.mode.ModePage}s; {@link
 * dev.tapekit.scsi.mode.ModeSelectParameterList} builds what MODE SELECT sends. Typed views ({@link
 * dev.tapekit.scsi.mode.DataCompressionPage} 0x0F, {@link dev.tapekit.scsi.mode.DeviceConfigurationPage}
 * 0x10, {@link dev.tapekit.scsi.mode.MediumPartitionPage} 0x11, {@link
 * dev.tapekit.scsi.mode.MediumConfigurationPage} 0x1D) decode and change fields while keeping every
 * other byte; other pages stay raw and round-trip unchanged. {@link
 * dev.tapekit.scsi.mode.ModePageAccess} does the I/O: whole replies, read-modify-write, and the
 * fallback to MODE SENSE(6) for devices that reject MODE SENSE(10) as an invalid opcode.
 *
 * <pre>{@code
 * ModePageAccess modes = new ModePageAccess(transport);
 * ModeParameters now = modes.sense(MediumConfigurationPage.PAGE_CODE, 0, ModePageControl.CURRENT);
 * boolean worm = MediumConfigurationPage.from(now).wormMode();
 * modes.update(DeviceConfigurationPage.PAGE_CODE, 0, p -> p.withPage(
 *     DeviceConfigurationPage.from(p).withSelectDataCompressionAlgorithm(1).toModePage()));
 * }</pre>
 *
 * <h2>Byte grammar</h2>
 *
 * <pre>
 *  reply      = header block-descriptor* page*        (up to the mode data length)
 *  header(6)  = mode-data-length(1) medium-type(1) device-specific(1) bd-length(1)
 *  header(10) = mode-data-length(2) medium-type(1) device-specific(1) LONGLBA(1) rsvd(1) bd-length(2)
 *  device-specific (tape) = WP(7) buffered-mode(6-4) speed(3-0)
 *  block-descriptor = density(1) blocks(3) rsvd(1) block-length(3)      (16 bytes with LONGLBA)
 *  page       = PS(7)|SPF(6)|code(5-0)  length(1)  parameters           (SPF=0)
 *             | PS(7)|SPF(6)|code(5-0)  subpage(1) length(2) parameters (SPF=1)
 *  select list = header with mode-data-length 0 and WP 0, at most one short block descriptor,
 *               pages with PS 0
 * </pre>
 *
 * <p>A reply cut at a page boundary keeps the complete pages and says {@code truncated()}; a page
 * cut in the middle is rejected, so a read-modify-write never sends half a page back.
 */
package dev.tapekit.scsi.mode;
