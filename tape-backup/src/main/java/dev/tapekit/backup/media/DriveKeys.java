package dev.tapekit.backup.media;

import dev.tapekit.crypto.DriveKey;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

/** Hardware encryption of a media set in a drive: whether the drive has it, and its key for a set. */
public final class DriveKeys {
  private DriveKeys() {}

  /** Whether {@code drive} has hardware AES-256-GCM; a drive without the security protocol has not. */
  public static boolean supported(TapeDrive drive) throws IOException {
    try {
      return drive.encryptionCapabilities().aes256Gcm().isPresent();
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Gives {@code drive} the drive key of media set {@code set} under {@code key} (derived as PBS
   * derives it); the key bytes are wiped after.
   */
  public static void set(TapeDrive drive, TapeKey key, UUID set) throws IOException {
    try (DriveKey k = key.driveKey(set)) {
      byte[] bytes = k.copyBytes();
      try {
        drive.setEncryptionKey(bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }
}
