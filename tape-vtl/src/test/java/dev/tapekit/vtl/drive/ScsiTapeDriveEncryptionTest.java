package dev.tapekit.vtl.drive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.changer.SmcChanger;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.encryption.AlgorithmDescriptor;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.encryption.DecryptionMode;
import dev.tapekit.scsi.encryption.EncryptionMode;
import dev.tapekit.scsi.encryption.EncryptionScope;
import dev.tapekit.scsi.encryption.NextBlockEncryptionStatus;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.tape.ReadResult;
import dev.tapekit.scsi.tape.ScsiTapeDrive;
import dev.tapekit.scsi.tape.TapePosition;
import dev.tapekit.scsi.tape.WriteResult;
import dev.tapekit.vtl.TestLibraries;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware encryption end to end through tape-scsi's client: {@link ScsiTapeDrive#setEncryptionKey}
 * (PBS's flow: capabilities, Set Data Encryption with scope ALL I_T NEXUS, ENCRYPT/MIXED, then the
 * status page must say so), {@link ScsiTapeDrive#clearEncryptionKey} and {@link
 * ScsiTapeDrive#encryptionStatus} against drive 0 of a virtual library opened by address, the
 * cartridge moved in by {@link SmcChanger}. A plain label is written before the key is set, as PBS
 * does, and stays readable in MIXED mode.
 */
class ScsiTapeDriveEncryptionTest {
  private static final byte[] LABEL = "tapekit media label, never encrypted".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SECRET = "payload that must not reach the disk in clear".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path home;
  private ScsiTransport transport;
  private ScsiTapeDrive drive;

  @BeforeEach
  void open() throws Exception {
    VirtualLibrary.create(home, TestLibraries.layout("ENC", 2, 1, 1, Map.of(0, "E01001L8"), 64,
        ThreadedRemoval.UNLOAD_UNLESS_PREVENTED), Clock.systemUTC()).close();
    transport = VirtualLibraries.open("vtl:ENC:0", home);
    try (ScsiTransport changer = VirtualLibraries.open("vtl:ENC", home)) {
      SmcChanger.open(changer).move(TestLibraries.STORAGE_START, TestLibraries.DRIVE_START);
    }
    drive = ScsiTapeDrive.open(transport, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS);
    drive.setBlockSize(0);
  }

  @AfterEach
  void close() throws Exception {
    drive.close();
  }

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i * 7);
    }
    return k;
  }

  /** The label (plain) and a filemark, then {@code blocks} encrypted copies of SECRET and a filemark. */
  private void writeLabelAndEncryptedFile(byte[] key, int blocks) throws Exception {
    assertEquals(WriteResult.OK, drive.write(ByteBuffer.wrap(LABEL)));
    assertEquals(WriteResult.OK, drive.writeFilemarks(1, false));
    drive.setEncryptionKey(key);
    for (int i = 0; i < blocks; i++) {
      assertEquals(WriteResult.OK, drive.write(ByteBuffer.wrap(secret(i))));
    }
    assertEquals(WriteResult.OK, drive.writeFilemarks(1, false));
  }

  private static byte[] secret(int i) {
    byte[] b = Arrays.copyOf(SECRET, SECRET.length + 1);
    b[SECRET.length] = (byte) i;
    return b;
  }

  private byte[] readBlock() throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    ReadResult r = drive.read(buffer);
    assertEquals(ReadResult.Kind.SHORT_BLOCK, r.kind());
    return Arrays.copyOf(buffer.array(), r.length());
  }

  private void expectFilemark() throws Exception {
    assertEquals(ReadResult.Kind.FILEMARK, drive.read(ByteBuffer.allocate(4096)).kind());
  }

  /** Reading the next block fails with DATA PROTECT and {@code expected}; the position stays. */
  private void expectRefused(AdditionalSense expected) throws Exception {
    TapePosition before = drive.position();
    ScsiCommandException e = assertThrows(ScsiCommandException.class, () -> drive.read(ByteBuffer.allocate(4096)));
    SenseData s = e.sense().orElseThrow();
    assertEquals(SenseKey.DATA_PROTECT, s.key(), e.getMessage());
    assertEquals(expected, s.additionalSense(), e.getMessage());
    assertEquals(before.logicalObject(), drive.position().logicalObject());
  }

  private NextBlockEncryptionStatus nextBlock() throws Exception {
    return NextBlockEncryptionStatus.parse(NextBlockEncryptionStatus.command().readData(transport));
  }

  @Test
  void pbsFlowEncryptsAtRestAndReadsBackWithTheKeyOnly() throws Exception {
    DataEncryptionStatus off = drive.encryptionStatus();
    assertTrue(off.isOff(), off.toString());
    assertEquals(EncryptionScope.PUBLIC, off.itNexusScope());
    assertEquals(EncryptionScope.PUBLIC, off.keyScope());
    assertEquals(0, off.algorithmIndex());
    AlgorithmDescriptor aes = drive.encryptionCapabilities().aes256Gcm().orElseThrow();

    writeLabelAndEncryptedFile(key(1), 3);
    DataEncryptionStatus on = drive.encryptionStatus();
    assertEquals(EncryptionMode.ENCRYPT, on.encryptionMode());
    assertEquals(DecryptionMode.MIXED, on.decryptionMode());
    assertEquals(aes.index(), on.algorithmIndex());
    assertEquals(EncryptionScope.ALL_I_T_NEXUS, on.itNexusScope());
    assertEquals(EncryptionScope.ALL_I_T_NEXUS, on.keyScope());
    assertNotEquals(off.keyInstanceCounter(), on.keyInstanceCounter());
    assertEquals(0, on.kads().size());

    byte[] file = Files.readAllBytes(home.resolve("ENC/cartridges/E01001L8.tkc"));
    assertEquals(-1, DriveEncryptionTest.indexOf(file, SECRET), "plaintext in the cartridge file");
    assertEquals(-1, DriveEncryptionTest.indexOf(file, key(1)), "key in the cartridge file");
    assertTrue(DriveEncryptionTest.indexOf(file, LABEL) >= 0, "the label is written in clear");

    drive.rewind();
    assertEquals(3, nextBlock().encryptionStatus()); // the plain label
    assertArrayEquals(LABEL, readBlock());
    assertEquals(2, nextBlock().encryptionStatus()); // a filemark
    expectFilemark();
    NextBlockEncryptionStatus encrypted = nextBlock();
    assertEquals(2, encrypted.logicalObjectNumber());
    assertEquals(5, encrypted.encryptionStatus());
    assertEquals(aes.index(), encrypted.algorithmIndex());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(secret(i), readBlock());
    }
    expectFilemark();
    assertEquals(ReadResult.Kind.END_OF_DATA, drive.read(ByteBuffer.allocate(4096)).kind());
  }

  @Test
  void wrongKeyAndNoKeyGiveDataProtect() throws Exception {
    writeLabelAndEncryptedFile(key(1), 2);

    drive.setEncryptionKey(key(2));
    drive.rewind();
    assertArrayEquals(LABEL, readBlock()); // MIXED: plain blocks read under any key
    expectFilemark();
    assertEquals(6, nextBlock().encryptionStatus());
    expectRefused(AdditionalSense.INCORRECT_DATA_ENCRYPTION_KEY);

    drive.clearEncryptionKey();
    DataEncryptionStatus cleared = drive.encryptionStatus();
    assertTrue(cleared.isOff(), cleared.toString());
    assertEquals(0, cleared.algorithmIndex());
    assertEquals(EncryptionScope.PUBLIC, cleared.keyScope());
    assertEquals(6, nextBlock().encryptionStatus());
    expectRefused(AdditionalSense.UNABLE_TO_DECRYPT_DATA);
    drive.rewind();
    assertArrayEquals(LABEL, readBlock()); // with encryption off, plain blocks still read

    drive.setEncryptionKey(key(1));
    expectFilemark();
    assertArrayEquals(secret(0), readBlock());
    assertArrayEquals(secret(1), readBlock());
  }

  @Test
  void keyStaysWhileHostsComeAndGoButNotAcrossARestart() throws Exception {
    writeLabelAndEncryptedFile(key(4), 1);
    // another host process opens the drive while the first is still attached: same drive, same key
    try (ScsiTapeDrive other = ScsiTapeDrive.open(VirtualLibraries.open("vtl:ENC:0", home),
        ScsiTapeDrive.OpenOptions.CHECK_ONLY)) {
      assertTrue(other.encryptionStatus().isEncrypting());
    }
    // the library restarts (all transports closed): the key is gone, the data stays unreadable without it
    drive.close();
    transport = VirtualLibraries.open("vtl:ENC:0", home);
    drive = ScsiTapeDrive.open(transport, ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS);
    assertTrue(drive.encryptionStatus().isOff());
    drive.rewind();
    assertArrayEquals(LABEL, readBlock());
    expectFilemark();
    expectRefused(AdditionalSense.UNABLE_TO_DECRYPT_DATA);
    drive.setEncryptionKey(key(4));
    assertArrayEquals(secret(0), readBlock());
  }

  @Test
  void clearingWithoutAKeyAndWaitingReadyAreHarmless() throws Exception {
    drive.clearEncryptionKey();
    assertTrue(drive.encryptionStatus().isOff());
    drive.waitUntilReady(Duration.ofSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> drive.setEncryptionKey(new byte[16]));
    assertTrue(drive.encryptionStatus().isOff());
  }
}
