/**
 * LOG SENSE / LOG SELECT and the log pages a tape drive offers (SPC-5 7.3, SSC-5 8.2): the
 * generic parameter parser {@link dev.tapekit.scsi.log.LogPage}, typed views for pages 00h, 0Ch,
 * 11h, 12h, 17h and 2Eh, and the TapeAlert flag table {@link dev.tapekit.scsi.log.TapeAlertFlag}.
 *
 * <p>Byte grammar shared by every page except 00h:
 *
 * <pre>
 * page      := header parameter*
 * header    := (DS:1 SPF:1 PAGE_CODE:6) SUBPAGE_CODE:8 PAGE_LENGTH:16
 * parameter := PARAMETER_CODE:16 (DU:1 obsolete:1 TSD:1 ETC:1 TMC:2 FORMAT_AND_LINKING:2) LENGTH:8 VALUE[LENGTH]
 * </pre>
 *
 * <p>Contract of every {@code parse}: a reply shorter than PAGE_LENGTH decodes its complete
 * parameters and reports {@code truncated()}; a parameter cut in half, a parameter running past
 * PAGE_LENGTH or a reply shorter than the header is a {@link
 * dev.tapekit.scsi.MalformedResponseException} naming the page, offset and, where it helps, the
 * allocation length that returns the whole page; bytes after PAGE_LENGTH are ignored. Decoded
 * objects are immutable and thread safe; builders return new {@link dev.tapekit.scsi.ScsiCommand}s.
 *
 * <p>TapeAlert: poll page 12h (TapeAlert Response). Reading page 2Eh <b>clears the flags on real
 * drives</b>, so another application (or the drive's library) loses them; read 2Eh only when
 * consuming alerts is intended. In both pages flag 1 is the most significant bit of the first
 * flag byte; PBS keeps flags reversed (flag N in bit N-1), see {@link
 * dev.tapekit.scsi.log.TapeAlertFlag#toLsbFirstBits}.
 */
package dev.tapekit.scsi.log;
