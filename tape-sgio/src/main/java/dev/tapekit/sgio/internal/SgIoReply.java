package dev.tapekit.sgio.internal;

import java.time.Duration;

/**
 * The output fields of one completed sg request, copied out of the native header so they can
 * be classified (and unit-tested) without a kernel. The sense array is not copied: {@link
 * dev.tapekit.scsi.ScsiResult} makes the copy callers see.
 *
 * @param status the SAM status byte
 * @param hostStatus the {@code DID_*} host byte
 * @param driverStatus the {@code DRIVER_*} driver byte
 * @param requested the {@code dxfer_len} of the request
 * @param resid the residue the kernel reported
 * @param sense the first {@code sb_len_wr} bytes of the sense buffer
 * @param duration how long the call took
 */
public record SgIoReply(
    int status, int hostStatus, int driverStatus, int requested, int resid, byte[] sense, Duration duration) {}
