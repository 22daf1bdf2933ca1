package dev.tapekit.scsi.encryption;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Security protocol page decoders either decode or throw MalformedResponseException. */
class EncryptionFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void capabilities(byte[] data) {
    try {
      DataEncryptionCapabilities caps = DataEncryptionCapabilities.parse(data);
      caps.aes256Gcm();
      caps.algorithms().forEach(AlgorithmDescriptor::algorithmName);
      caps.encode();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void statusPages(byte[] data) {
    try {
      DataEncryptionStatus s = DataEncryptionStatus.parse(data);
      s.isEncrypting();
      s.kads().forEach(KeyAssociatedData::toString);
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    try {
      NextBlockEncryptionStatus.parse(data).isEncrypted();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void lists(byte[] data) {
    try {
      SupportedSecurityProtocols.parse(data).supportsTapeDataEncryption();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    for (int page : new int[] {EncryptionPageList.IN_SUPPORT, EncryptionPageList.OUT_SUPPORT}) {
      try {
        EncryptionPageList.parse(data, page).pages();
      } catch (MalformedResponseException expected) {
        // rejected with a message
      }
    }
  }
}
