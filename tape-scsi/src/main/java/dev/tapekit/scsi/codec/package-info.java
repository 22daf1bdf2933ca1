/**
 * Building blocks for SCSI codecs: bounds-checked big-endian field access ({@link
 * dev.tapekit.scsi.codec.Bytes}), argument range checks for CDB builders ({@link
 * dev.tapekit.scsi.codec.Checks}) and code-to-enum tables ({@link dev.tapekit.scsi.codec.CodeTable}).
 *
 * <p>Every decoder of tapekit is written with them, and they are public so that modules adding a
 * command set of their own (tape-changer's SMC codecs, a vendor's pages) decode the same way: a
 * short or inconsistent reply is a {@link dev.tapekit.scsi.MalformedResponseException} that names
 * the structure and the byte offset, never an {@code ArrayIndexOutOfBoundsException}. All methods
 * are static, stateless and thread-safe.
 */
package dev.tapekit.scsi.codec;
