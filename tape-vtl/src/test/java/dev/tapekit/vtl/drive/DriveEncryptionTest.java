package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.cartridge.RecordType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveEncryptionTest {
  static final byte[] SECRET = "the quick brown fox jumps over the lazy tape drive".getBytes(StandardCharsets.US_ASCII);
  @TempDir Path dir;
  VirtualTapeDrive drive;
  Cdbs s;
  Path file;

  @BeforeEach
  void load() throws Exception {
    file = dir.resolve("E01001L8.tkc");
    drive = new VirtualTapeDrive("vtl:enc:0", DrivePersonality.ibmLto(8), "ENC1", new byte[8], new FaultPlan());
    drive.insert(CartridgeFile.create(file, CartridgeInfo.fresh(Barcode.parse("E01001L8"), 64 << 20, "20260101")));
    s = new Cdbs(drive);
    s.clearUnitAttentions();
  }

  static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  /** Set Data Encryption page: 20-byte header + key. */
  Reply setEncryption(int enc, int dec, int algorithm, byte[] key) throws Exception {
    return setEncryption(2, enc, dec, algorithm, key);
  }

  Reply setEncryption(int scope, int enc, int dec, int algorithm, byte[] key) throws Exception {
    ByteBuffer p = ByteBuffer.allocate(20 + key.length);
    p.putShort((short) 0x0010).putShort((short) (16 + key.length));
    p.put((byte) (scope << 5)).put((byte) 0).put((byte) enc).put((byte) dec).put((byte) algorithm).put((byte) 0).put((byte) 0);
    p.position(18);
    p.putShort((short) key.length).put(key);
    int n = p.capacity();
    return s.out(p.array(), 0xB5, 0x20, 0x00, 0x10, 0, 0, n >>> 24, n >>> 16, n >>> 8, n, 0, 0);
  }

  byte[] securityIn(int protocol, int page) throws Exception {
    return s.in(512, 0xA2, protocol, page >>> 8, page, 0, 0, 0, 0, 2, 0, 0, 0).expectGood().data();
  }

  @Test
  void blocksAreEncryptedAtRestAndNeedTheKey() throws Exception {
    setEncryption(2, 2, 1, key(7)).expectGood();
    s.write(SECRET).expectGood();
    s.writeFilemarks(1).expectGood();
    assertEquals(-1, indexOf(Files.readAllBytes(file), SECRET), "plaintext found in the cartridge file");
    assertEquals(-1, indexOf(Files.readAllBytes(file), key(7)), "key found in the cartridge file");
    s.rewind();
    assertArrayEquals(SECRET, s.read(4096, true).expectGood().data());
    // next block status: at the filemark now
    byte[] next = securityIn(0x20, 0x0021);
    assertEquals(1, ByteBuffer.wrap(next).getLong(4));
    assertEquals(2, next[12]);
    s.rewind();
    assertEquals(5, securityIn(0x20, 0x0021)[12]);
    // wrong key: 74/03; no key: 74/01
    setEncryption(2, 2, 1, key(8)).expectGood();
    assertEquals(6, securityIn(0x20, 0x0021)[12]);
    s.read(4096, true).expect(7, 0x74, 0x03);
    assertEquals(0, s.position()[0]);
    setEncryption(0, 0, 0, new byte[0]).expectGood();
    s.read(4096, true).expect(7, 0x74, 0x01);
    // the encrypted record survives a reopen of the cartridge
    CartridgeFile f = drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    f.close();
    try (CartridgeFile again = CartridgeFile.open(file)) {
      assertEquals(RecordType.ENCRYPTED, again.typeAt(0));
      assertEquals(SECRET.length, again.lengthAt(0));
      drive.insert(again);
      s.clearUnitAttentions();
      setEncryption(0, 2, 1, key(7)).expectGood();
      assertArrayEquals(SECRET, s.read(4096, true).expectGood().data());
      drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
    }
  }

  @Test
  void plainBlocksUnderDecryptAndMixedModes() throws Exception {
    s.write(SECRET).expectGood();
    setEncryption(0, 2, 1, key(1)).expectGood();
    s.rewind();
    s.read(4096, true).expect(7, 0x74, 0x02);
    assertEquals(3, securityIn(0x20, 0x0021)[12]);
    setEncryption(0, 3, 1, key(1)).expectGood();
    assertArrayEquals(SECRET, s.read(4096, true).expectGood().data());
  }

  @Test
  void statusCapabilitiesAndParameterErrors() throws Exception {
    byte[] protocols = securityIn(0x00, 0x0000);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0x00, 0x20}, protocols);
    byte[] pages = securityIn(0x20, 0x0000);
    assertEquals(12, pages[3]);
    byte[] caps = securityIn(0x20, 0x0010);
    assertEquals(0x0010, ByteBuffer.wrap(caps).getShort(0));
    assertEquals(caps.length - 4, ByteBuffer.wrap(caps).getShort(2));
    assertEquals(1, caps[20]);
    assertEquals(32, ByteBuffer.wrap(caps).getShort(30));
    assertEquals(0x00010014, ByteBuffer.wrap(caps).getInt(40));
    byte[] status = securityIn(0x20, 0x0020);
    assertEquals(0, status[5]);
    setEncryption(2, 3, 1, key(3)).expectGood();
    status = securityIn(0x20, 0x0020);
    assertEquals(2, status[5]);
    assertEquals(3, status[6]);
    assertEquals(1, status[7]);
    Reply shortKey = setEncryption(2, 2, 1, new byte[16]).expect(5, 0x26, 0);
    assertEquals(18, shortKey.result().sense()[17]);
    setEncryption(1, 2, 1, key(1)).expect(5, 0x26, 0);
    setEncryption(2, 0, 1, key(1)).expect(5, 0x26, 0);
    setEncryption(2, 2, 9, key(1)).expect(5, 0x26, 0);
    s.in(512, 0xA2, 0x21, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0).expect(5, 0x24, 0);
    s.in(512, 0xA2, 0x20, 0, 0x99, 0, 0, 0, 0, 2, 0, 0, 0).expect(5, 0x24, 0);
    assertFalse(Arrays.equals(key(3), key(1)));
  }

  @Test
  void localParametersOverrideTheSharedOnesUntilAPublicSet() throws Exception {
    setEncryption(2, 2, 3, 1, key(1)).expectGood();
    byte[] all = securityIn(0x20, 0x0020);
    assertEquals(0x42, all[4]); // I_T NEXUS SCOPE ALL, KEY SCOPE ALL
    s.write(SECRET).expectGood();
    setEncryption(1, 0, 0, 0, new byte[0]).expectGood(); // LOCAL: off for this nexus
    byte[] localOff = securityIn(0x20, 0x0020);
    assertEquals(0x20, localOff[4]); // I_T NEXUS SCOPE LOCAL, no key
    assertEquals(0, localOff[5]);
    assertEquals(0, ByteBuffer.wrap(localOff).getInt(8));
    s.rewind();
    s.read(4096, true).expect(7, 0x74, 0x01);
    setEncryption(1, 0, 3, 1, key(2)).expectGood(); // LOCAL with another key
    byte[] local = securityIn(0x20, 0x0020);
    assertEquals(0x21, local[4]);
    assertEquals(ByteBuffer.wrap(all).getInt(8) + 1, ByteBuffer.wrap(local).getInt(8));
    s.read(4096, true).expect(7, 0x74, 0x03);
    setEncryption(0, 0x7F, 0x7F, 0x7F, new byte[0]).expectGood(); // PUBLIC ignores the other fields
    byte[] back = securityIn(0x20, 0x0020);
    assertArrayEquals(Arrays.copyOf(all, 12), Arrays.copyOf(back, 12));
    assertArrayEquals(SECRET, s.read(4096, true).expectGood().data());
    Reply reserved = setEncryption(3, 2, 3, 1, key(1)).expect(5, 0x26, 0);
    assertArrayEquals(new byte[] {(byte) 0x8F, 0, 4}, Arrays.copyOfRange(reserved.result().sense(), 15, 18));
  }

  @Test
  void clearKeyOnDemountForgetsOnlyThatParameterSet() throws Exception {
    ByteBuffer page = ByteBuffer.allocate(52);
    page.putShort((short) 0x0010).putShort((short) 48).put((byte) 0x40).put((byte) 0x04) // ALL, CKOD
        .put((byte) 2).put((byte) 3).put((byte) 1);
    page.position(18);
    page.putShort((short) 32).put(key(5));
    s.out(page.array(), 0xB5, 0x20, 0x00, 0x10, 0, 0, 0, 0, 0, 52, 0, 0).expectGood();
    assertEquals(2, securityIn(0x20, 0x0020)[5]);
    s.none(0x1B, 0, 0, 0, 0, 0).expectGood(); // unload
    s.none(0x1B, 0, 0, 0, 1, 0).expectGood(); // load
    byte[] after = securityIn(0x20, 0x0020);
    assertEquals(0, after[4]);
    assertEquals(0, after[5]);
    assertEquals(0, after[6]);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
