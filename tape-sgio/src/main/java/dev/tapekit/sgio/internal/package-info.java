/**
 * Internals of the SG_IO transport, not API: the JNA direct-mapped C calls ({@code LibC}), the
 * {@code struct sg_io_hdr} layout ({@code SgIoHeader}), the classification of errno, host, driver and
 * SCSI status ({@code SgIoClassifier}), and sysfs path resolution ({@code SgNodeResolver}).
 */
package dev.tapekit.sgio.internal;
