package dev.tapekit.scsi.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.testing.Hex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptionPagesTest {
  // Header: EXTDECC=2, CFG_P=1. Descriptor 1: AES-256-GCM, AVFMV, MAC_C, DELB_C, DECRYPT_C=2,
  // ENCRYPT_C=2 (BAh); AVFCLP=1, KADF_C, VCELB_C (4Ch); UKAD 32, AKAD 12, key 32; DKAD_C=1,
  // RDMC_C=4, EAREM (49h); MSDK 0. Descriptor 2: vendor code, ENCRYPT_C=1 only.
  private static final byte[] CAPABILITIES = Hex.bytes("0010 0040 09 000000000000000000000000000000"
      + " 01 00 0014 ba 4c 0020 000c 0020 49 00 0000 0000 0000 00010014"
      + " 02 00 0014 01 00 0000 0000 0010 00 03 0002 0040 0000 80010401");

  @Test
  void capabilities() throws Exception {
    DataEncryptionCapabilities caps = DataEncryptionCapabilities.parse(CAPABILITIES);
    assertEquals(2, caps.extdecc());
    assertEquals(1, caps.cfgP());
    assertEquals(2, caps.algorithms().size());
    AlgorithmDescriptor gcm = caps.algorithms().get(0);
    assertEquals(1, gcm.index());
    assertTrue(gcm.avfmv());
    assertFalse(gcm.sdkC());
    assertTrue(gcm.macC());
    assertTrue(gcm.delbC());
    assertEquals(2, gcm.decryptC());
    assertEquals(2, gcm.encryptC());
    assertEquals(1, gcm.avfclp());
    assertEquals(0, gcm.nonceC());
    assertTrue(gcm.kadfC());
    assertTrue(gcm.vcelbC());
    assertFalse(gcm.ukadf());
    assertFalse(gcm.akadf());
    assertEquals(32, gcm.maxUnauthenticatedKadBytes());
    assertEquals(12, gcm.maxAuthenticatedKadBytes());
    assertEquals(32, gcm.keySize());
    assertEquals(1, gcm.dkadC());
    assertEquals(0, gcm.eemcC());
    assertEquals(4, gcm.rdmcC());
    assertTrue(gcm.earem());
    assertEquals("AES-256-GCM", gcm.algorithmName());
    assertTrue(gcm.isAes256Gcm());
    AlgorithmDescriptor vendor = caps.algorithms().get(1);
    assertEquals(3, vendor.maxEedkCount());
    assertEquals(2, vendor.msdkCount());
    assertEquals(64, vendor.maxEedkSize());
    assertFalse(vendor.canEncrypt());
    assertEquals("vendor specific 80010401h", vendor.algorithmName());
    assertEquals(gcm, caps.aes256Gcm().orElseThrow());
    assertArrayEquals(CAPABILITIES, caps.encode());
  }

  @Test
  void capabilitiesWithLongerDescriptorsAndBadShapes() throws Exception {
    // A descriptor length of 22 (two extra bytes) is skipped over.
    byte[] longer = Hex.bytes("0010 002a 00 000000000000000000000000000000"
        + " 05 00 0016 0a 00 0000 0000 0020 00 00 0000 0000 0000 00010014 ffff");
    DataEncryptionCapabilities caps = DataEncryptionCapabilities.parse(longer);
    assertEquals(5, caps.algorithms().get(0).index());
    assertTrue(caps.aes256Gcm().isPresent());
    assertThrows(MalformedResponseException.class,
        () -> DataEncryptionCapabilities.parse(Arrays.copyOf(CAPABILITIES, CAPABILITIES.length - 1)));
    byte[] shortDescriptor = CAPABILITIES.clone();
    shortDescriptor[23] = 0x13;
    assertThrows(MalformedResponseException.class, () -> DataEncryptionCapabilities.parse(shortDescriptor));
    byte[] wrongPage = CAPABILITIES.clone();
    wrongPage[1] = 0x20;
    assertThrows(MalformedResponseException.class, () -> DataEncryptionCapabilities.parse(wrongPage));
    assertThrows(MalformedResponseException.class, () -> DataEncryptionCapabilities.parse(Hex.bytes("0010 0002 00 00")));
    assertThrows(MalformedResponseException.class, () -> DataEncryptionCapabilities.parse(new byte[0]));
    // Page length that stops inside the second descriptor's header.
    byte[] cut = Arrays.copyOf(CAPABILITIES, 4 + 16 + 24 + 2);
    cut[3] = (byte) (cut.length - 4);
    assertThrows(MalformedResponseException.class, () -> DataEncryptionCapabilities.parse(cut));
  }

  @Test
  void status() throws Exception {
    byte[] b = Hex.bytes("0020 001c 42 02 03 01 00000005 19 02 0000 0000000000000000 00 00 0004 6b657931");
    DataEncryptionStatus s = DataEncryptionStatus.parse(b);
    assertEquals(EncryptionScope.ALL_I_T_NEXUS, s.itNexusScope());
    assertEquals(EncryptionScope.ALL_I_T_NEXUS, s.keyScope());
    assertEquals(EncryptionMode.ENCRYPT, s.encryptionMode());
    assertEquals(DecryptionMode.MIXED, s.decryptionMode());
    assertEquals(1, s.algorithmIndex());
    assertEquals(5, s.keyInstanceCounter());
    assertEquals(1, s.parametersControl());
    assertTrue(s.vcelb());
    assertEquals(0, s.ceems());
    assertTrue(s.rdmd());
    assertEquals(2, s.kadFormat());
    assertEquals(0, s.asdkCount());
    assertEquals(List.of(KeyAssociatedData.ukad("key1")), s.kads());
    assertEquals("key1", s.kads().get(0).ascii());
    assertTrue(s.isEncrypting());
    assertFalse(s.isOff());
    DataEncryptionStatus off = DataEncryptionStatus.parse(Hex.bytes("0020 0014 40 00 00 00 00000000 00 00 0000 0000000000000000"));
    assertTrue(off.isOff());
    assertFalse(off.isEncrypting());
    DataEncryptionStatus odd = DataEncryptionStatus.parse(Hex.bytes("0020 0014 e7 07 09 00 00000000 00 00 0000 0000000000000000"));
    assertEquals(EncryptionScope.RESERVED, odd.itNexusScope());
    assertEquals(EncryptionMode.RESERVED, odd.encryptionMode());
    assertEquals(DecryptionMode.RESERVED, odd.decryptionMode());
    assertFalse(odd.isEncrypting());
    // KAD running past the page, and a page too short for the fixed fields.
    assertThrows(MalformedResponseException.class,
        () -> DataEncryptionStatus.parse(Hex.bytes("0020 001a 42 02 03 01 00000005 19 02 0000 0000000000000000 00 00 0004 6b65")));
    assertThrows(MalformedResponseException.class,
        () -> DataEncryptionStatus.parse(Hex.bytes("0020 0016 42 02 03 01 00000005 19 02 0000 0000000000000000 00 00")));
    assertThrows(MalformedResponseException.class, () -> DataEncryptionStatus.parse(Hex.bytes("0020 0004 42 02 03 01")));
  }

  @Test
  void nextBlockStatus() throws Exception {
    NextBlockEncryptionStatus n = NextBlockEncryptionStatus.parse(Hex.bytes("0021 000c 0000000000000100 35 01 01 00"));
    assertEquals(256, n.logicalObjectNumber());
    assertEquals(3, n.compressionStatus());
    assertEquals(5, n.encryptionStatus());
    assertEquals(1, n.algorithmIndex());
    assertFalse(n.emes());
    assertTrue(n.rdmds());
    assertTrue(n.isEncrypted());
    assertFalse(n.isKeyMissing());
    assertTrue(n.kads().isEmpty());
    NextBlockEncryptionStatus missing = NextBlockEncryptionStatus.parse(
        Hex.bytes("0021 0014 0000000000000000 06 01 02 01 00 00 0004 74617065"));
    assertTrue(missing.isKeyMissing());
    assertTrue(missing.emes());
    assertEquals("tape", missing.kads().get(0).ascii());
    assertThrows(MalformedResponseException.class, () -> NextBlockEncryptionStatus.parse(Hex.bytes("0021 000b 0000000000000100 35 01 01")));
  }

  @Test
  void supportedProtocolsAndPageLists() throws Exception {
    SupportedSecurityProtocols p = SupportedSecurityProtocols.parse(Hex.bytes("000000000000 0003 00 20 ee"));
    assertEquals(List.of(0, 0x20, 0xEE), p.protocols());
    assertTrue(p.supportsTapeDataEncryption());
    assertThrows(MalformedResponseException.class, () -> SupportedSecurityProtocols.parse(Hex.bytes("000000000000 0003 00 20")));
    EncryptionPageList in = EncryptionPageList.parse(Hex.bytes("0000 0008 0000 0001 0010 0020"), EncryptionPageList.IN_SUPPORT);
    assertEquals(List.of(0, 1, 0x10, 0x20), in.pages());
    assertTrue(in.supports(0x20));
    EncryptionPageList out = EncryptionPageList.parse(Hex.bytes("0001 0002 0010"), EncryptionPageList.OUT_SUPPORT);
    assertEquals(List.of(0x10), out.pages());
    assertThrows(MalformedResponseException.class,
        () -> EncryptionPageList.parse(Hex.bytes("0000 0003 0000 00"), EncryptionPageList.IN_SUPPORT));
    assertThrows(MalformedResponseException.class,
        () -> EncryptionPageList.parse(Hex.bytes("0001 0002 0010"), EncryptionPageList.IN_SUPPORT));
  }

  @Test
  void setKeyMatchesThePbsLayout() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    SetDataEncryption page = SetDataEncryption.setKey(1, key);
    key[0] = 99; // the page holds its own copy
    byte[] b = page.encode();
    assertArrayEquals(Hex.bytes("0010 0030 40 00 02 03 01 00 00 00000000000000 0020"
        + " 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), b);
    assertEquals(b.length, page.encodedLength());
  }

  @Test
  void disableHasNoKey() {
    assertArrayEquals(Hex.bytes("0010 0010 40 00 00 00 01 00 00 00000000000000 0000"),
        SetDataEncryption.disable(1).encode());
  }

  @Test
  void everyFieldAndKads() {
    SetDataEncryption page = SetDataEncryption.builder()
        .scope(EncryptionScope.LOCAL)
        .lock(true)
        .ceem(2)
        .rdmc(SetDataEncryption.RDMC_DISABLED)
        .sdk(true)
        .clearKeyOnDemount(true)
        .clearKeyOnReservationPreempt(true)
        .clearKeyOnReservationLoss(true)
        .encryptionMode(EncryptionMode.ENCRYPT)
        .decryptionMode(DecryptionMode.DECRYPT)
        .algorithmIndex(3)
        .kadFormat(2)
        .key(Hex.bytes("aabbccdd"))
        .addKad(KeyAssociatedData.ukad("k1"))
        .build();
    assertArrayEquals(Hex.bytes("0010 001a 21 bf 02 02 03 00 02 00000000000000 0004 aabbccdd 00 00 0002 6b31"),
        page.encode());
  }

  @Test
  void keyBytesNeverShowInToStringAndDestroyWipesThem() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0xA5);
    SetDataEncryption page = SetDataEncryption.setKey(1, key);
    String text = page.toString();
    assertFalse(text.toLowerCase().contains("a5"), text);
    assertFalse(text.contains("-91"), text);
    assertTrue(text.contains("key=<32 bytes redacted>"), text);
    assertFalse(SecurityProtocolCommands.setDataEncryption(page).toString().toLowerCase().contains("a5 a5"));
    page.destroy();
    byte[] wiped = page.encode();
    assertEquals(52, wiped.length);
    for (int i = 20; i < wiped.length; i++) {
      assertEquals(0, wiped[i]);
    }
  }

  @Test
  void builderRejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> SetDataEncryption.setKey(1, new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> SetDataEncryption.builder().encryptionMode(EncryptionMode.ENCRYPT).build());
    assertThrows(IllegalArgumentException.class, () -> SetDataEncryption.builder().scope(EncryptionScope.RESERVED));
    assertThrows(IllegalArgumentException.class, () -> SetDataEncryption.builder().rdmc(4));
    assertThrows(IllegalArgumentException.class, () -> SetDataEncryption.builder().algorithmIndex(256));
    assertThrows(IllegalArgumentException.class, () -> SetDataEncryption.builder().encryptionMode(EncryptionMode.RESERVED));
  }

  @Test
  void algorithmNames() {
    assertEquals("AES-256-GCM", EncryptionAlgorithm.describe(0x00010014));
    assertEquals("AES-256-CCM", EncryptionAlgorithm.describe(0x00010010));
    assertEquals("unknown 00020001h", EncryptionAlgorithm.describe(0x00020001));
    assertEquals("vendor specific 8001ffffh".toLowerCase(), EncryptionAlgorithm.describe(0x8001FFFF).toLowerCase());
  }
}
