/**
 * The Linux SCSI generic (SG_IO) transport: {@link dev.tapekit.sgio.SgIoTransport} opens a tape
 * drive or library by its sg, st, ch or {@code /dev/tape/by-id} path and executes commands on it;
 * {@link dev.tapekit.sgio.SgIo} says whether it can work in this JVM. The JNA binding, the
 * {@code sg_io_hdr} layout and the classification of kernel results live in the {@code internal}
 * subpackage, which is not public API. See {@code tape-sgio/docs/sgio.md} for permissions and JVM flags.
 */
package dev.tapekit.sgio;
