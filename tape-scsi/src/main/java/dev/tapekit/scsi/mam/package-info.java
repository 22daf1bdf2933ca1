/**
 * READ ATTRIBUTE / WRITE ATTRIBUTE and the medium auxiliary memory (cartridge memory) attributes
 * of SPC-5 7.4: {@link dev.tapekit.scsi.mam.AttributeList} decodes what a drive returns, {@link
 * dev.tapekit.scsi.mam.AttributeParameterList} builds what an application writes, {@link
 * dev.tapekit.scsi.mam.MamAttribute} is the table of known identifiers.
 *
 * <pre>
 * READ ATTRIBUTE (SA 00h) reply := AVAILABLE_DATA:32 attribute*
 * WRITE ATTRIBUTE parameters   := PARAMETER_DATA_LENGTH:32 attribute*
 * attribute := ID:16 (READ_ONLY:1 reserved:5 FORMAT:2) LENGTH:16 VALUE[LENGTH]
 * FORMAT    := 0 binary | 1 ASCII (space padded) | 2 text (NUL padded) | 3 reserved
 * SA 01h/05h reply := AVAILABLE_DATA:32 ID:16*
 * SA 02h/03h reply := AVAILABLE_DATA:16 FIRST:8 COUNT:8
 * </pre>
 *
 * <p>Decoding keeps unknown identifiers and attributes whose length differs from the table
 * ({@link dev.tapekit.scsi.mam.Attribute#hasUnexpectedLength()} tells); it ignores bytes after
 * AVAILABLE DATA and the zero padding of drives that report the allocation length as available
 * data (Quantum HH7); an attribute cut off by the end of the reply is a {@link
 * dev.tapekit.scsi.MalformedResponseException} naming the allocation length to use. Writing:
 * only host-type attributes (0800h..0BFFh, 1400h..17FFh) can be written; a zero length deletes.
 * Values and builders are immutable or single-threaded as documented per class.
 */
package dev.tapekit.scsi.mam;
