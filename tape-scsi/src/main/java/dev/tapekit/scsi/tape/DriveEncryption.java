package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.encryption.AlgorithmDescriptor;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.encryption.DecryptionMode;
import dev.tapekit.scsi.encryption.SecurityProtocolCommands;
import dev.tapekit.scsi.encryption.SetDataEncryption;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardware encryption for {@link ScsiTapeDrive}: SECURITY PROTOCOL IN pages 0010h (capabilities)
 * and 0020h (status), SECURITY PROTOCOL OUT with the Set Data Encryption page. Key bytes are wiped
 * from every buffer this class makes, whatever happens.
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class DriveEncryption {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);

  private final DriveCommands commands;

  DriveEncryption(DriveCommands commands) {
    this.commands = commands;
  }

  DataEncryptionCapabilities capabilities() throws ScsiException {
    return commands.readDecoded(DataEncryptionCapabilities.command(), DataEncryptionCapabilities::parse);
  }

  DataEncryptionStatus status() throws ScsiException {
    return commands.readDecoded(DataEncryptionStatus.command(), DataEncryptionStatus::parse);
  }

  /** See {@link ScsiTapeDrive#setEncryptionKey(byte[])}. */
  void setKey(byte[] key) throws IOException {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256-GCM key is 32 bytes, got " + key.length);
    }
    AlgorithmDescriptor aes = capabilities().aes256Gcm().orElseThrow(() -> new TapeDriveException(
        commands.deviceName(),
        "the drive offers no hardware AES-256-GCM with a 32-byte key; encrypt in software instead"));
    send(SetDataEncryption.setKey(aes.index(), key));
    commands.encryptionKeySet(true);
    requireModes(true);
  }

  /** See {@link ScsiTapeDrive#clearEncryptionKey()}. */
  void clearKey() throws IOException {
    Optional<DataEncryptionCapabilities> caps = commands.unlessUnsupported(this::capabilities);
    if (caps.isEmpty()) {
      LOG.debug("{}: no encryption support; nothing to clear", commands.deviceName());
      return;
    }
    int index = caps.get().aes256Gcm()
        .or(() -> caps.get().algorithms().stream().findFirst())
        .map(AlgorithmDescriptor::index)
        .orElse(0);
    send(SetDataEncryption.disable(index));
    commands.encryptionKeySet(false);
    requireModes(false);
  }

  /** Sends {@code page}, then wipes the encoded copy and the page's key whatever happens. */
  private void send(SetDataEncryption page) throws ScsiException {
    byte[] data = page.encode();
    try {
      commands.codec(() -> SecurityProtocolCommands.setDataEncryption(page).writeData(commands.attentive(), data));
    } finally {
      Arrays.fill(data, (byte) 0);
      page.destroy();
    }
  }

  private void requireModes(boolean on) throws IOException {
    DataEncryptionStatus status = status();
    boolean as = on
        ? status.isEncrypting() && status.decryptionMode() == DecryptionMode.MIXED
        : status.isOff();
    if (!as) {
      throw new TapeDriveException(commands.deviceName(), "after " + (on ? "setting" : "clearing")
          + " the encryption key the drive reports encryption " + status.encryptionMode() + " and decryption "
          + status.decryptionMode() + ", not " + (on ? "ENCRYPT and MIXED" : "both DISABLE")
          + "; another host or a key manager may control this drive's encryption");
    }
  }
}
