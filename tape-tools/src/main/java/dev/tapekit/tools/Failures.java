package dev.tapekit.tools;

import dev.tapekit.changer.ChangerException;
import dev.tapekit.changer.MtxException;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.tape.NoMediumException;

/** Which {@link ExitCode} an exception from the library stands for. */
public final class Failures {
  private Failures() {}

  public static ExitCode exitCode(Throwable e) {
    if (e instanceof ToolFailure f) {
      return f.exitCode();
    }
    if (e instanceof MtxException m) {
      return switch (m.kind()) {
        case INVALID_ARGUMENT -> ExitCode.USAGE;
        case DRIVE_FULL, SLOT_FULL, DESTINATION_FULL -> ExitCode.DESTINATION_FULL;
        case DRIVE_EMPTY -> ExitCode.NO_MEDIUM;
        case SOURCE_EMPTY -> ExitCode.SOURCE_EMPTY;
        default -> m.getCause() != null ? exitCode(m.getCause()) : ExitCode.FAILED;
      };
    }
    if (e instanceof ChangerException c) {
      return switch (c.reason()) {
        case SOURCE_EMPTY -> ExitCode.SOURCE_EMPTY;
        case DESTINATION_FULL -> ExitCode.DESTINATION_FULL;
        default -> ExitCode.FAILED;
      };
    }
    if (e instanceof dev.tapekit.backup.media.MediaException.WrongTape) {
      return ExitCode.REFUSED;
    }
    if (e instanceof dev.tapekit.backup.media.MediaException.NotInLibrary
        || e instanceof dev.tapekit.backup.media.MediaException.OperatorTimeout) {
      return ExitCode.TAPE_NEEDED;
    }
    if (e instanceof dev.tapekit.catalog.CatalogException.NotFound) {
      return ExitCode.NOT_FOUND;
    }
    if (e instanceof dev.tapekit.crypto.KeyNotFoundException) {
      return ExitCode.NOT_FOUND;
    }
    if (e instanceof dev.tapekit.crypto.WrongPassphraseException
        || e instanceof dev.tapekit.crypto.FingerprintMismatchException) {
      return ExitCode.KEY;
    }
    if (e instanceof dev.tapekit.scsi.DeviceLockedException
        || e instanceof dev.tapekit.catalog.CatalogException.LockTimeout) {
      return ExitCode.LOCKED;
    }
    if (e instanceof NoMediumException) {
      return ExitCode.NO_MEDIUM;
    }
    if (e instanceof ScsiTransportException t) {
      return switch (t.kind()) {
        case NO_DEVICE -> ExitCode.NO_DEVICE;
        case PERMISSION_DENIED -> ExitCode.PERMISSION_DENIED;
        case BUSY -> ExitCode.BUSY;
        case NOT_SCSI -> ExitCode.WRONG_DEVICE;
        default -> ExitCode.FAILED;
      };
    }
    return ExitCode.FAILED;
  }

  /**
   * Why a device could not be opened, as the C library's strerror says it (mt's and mtx's messages
   * quote it): "No such file or directory", "Permission denied", "Device or resource busy", and for a
   * node that is no SCSI device what the st driver's ioctl fails with there, "Inappropriate ioctl for
   * device"; for other kinds, and for every {@code iscsi://} device, the exception's message.
   */
  public static String reason(ScsiTransportException e) {
    if (e.device() != null && dev.tapekit.iscsi.IscsiAddress.isAddress(e.device())) {
      return e.detail(); // no errno to imitate: the initiator's own words (refused, target not found, CHAP, ...)
    }
    return switch (e.kind()) {
      case NO_DEVICE -> "No such file or directory";
      case PERMISSION_DENIED -> "Permission denied";
      case BUSY -> "Device or resource busy";
      case NOT_SCSI -> "Inappropriate ioctl for device";
      default -> e.getMessage();
    };
  }
}
