package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.testing.Seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.encryption.AlgorithmDescriptor;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.SecurityProtocolCommands;
import dev.tapekit.scsi.encryption.SetDataEncryption;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * What every tape drive must do when driven through {@link ScsiTapeDrive}, whatever is behind the
 * {@link ScsiTransport}: the virtual drive, a fault-injecting wrapper, a real drive in the kernel
 * harness. A binding supplies transports through the three hooks below and nothing else; the suite
 * only uses the {@link TapeDrive} API, plus SECURITY PROTOCOL IN/OUT through tape-scsi's encryption
 * codecs where {@code TapeDrive} has no method yet.
 *
 * <p>Randomized parts (block sizes 512..4096 bytes, contents, positions visited) draw from one seed
 * per test: {@code -Dtests.seed=N} replays it, otherwise a fresh one is drawn; a failure names it as
 * {@code reproduce with: -Dtest=Class#method -Dtests.seed=N}.
 *
 * <p>The drive is used in variable-block mode, SILI clear.
 */
public abstract class BaseTapeDriveTestCase {
  /** Smallest and largest block the suite writes. */
  protected static final int MIN_BLOCK = 512;
  protected static final int MAX_BLOCK = 4096;
  private static final long FILE_STRIDE = 0x9E37_79B9_7F4A_7C15L;
  private static final long BLOCK_STRIDE = 0xC2B2_AE3D_27D4_EB4FL;

  /** The cartridge a test needs. */
  protected enum Tape {
    /** Blank and writable, room for at least 128 MiB. */
    STANDARD,
    /**
     * Blank and writable, of 1 to 16 MiB, with early warning at least 64 KiB before the end: the
     * suite writes 4 KiB blocks into early warning and on to VOLUME OVERFLOW.
     */
    SMALL
  }

  /**
   * A transport to a ready drive holding a blank cartridge of the given kind; the suite wraps it in a
   * {@link ScsiTapeDrive} and closes that (and so the transport) after the test. Bindings that cannot
   * provide {@link Tape#SMALL} abort with {@link Assumptions#abort(String)}.
   */
  protected abstract ScsiTransport newDriveWithBlankTape(Tape tape) throws Exception;

  /**
   * A new transport to the drive of the last {@link #newDriveWithBlankTape} after the suite closed
   * the previous one, with the cartridge still in it (a process restart, from the drive's view).
   */
  protected abstract ScsiTransport reopenDrive() throws Exception;

  /**
   * Moves the write-protect tab of the cartridge in the drive (the binding may unload and reload the
   * cartridge to do so); the suite rewinds afterwards. Bindings that cannot abort.
   */
  protected abstract void setWriteProtectTab(boolean writeProtected) throws Exception;

  /** The drive under test, in variable-block mode. */
  protected ScsiTapeDrive drive;
  /** Its transport, for commands {@link TapeDrive} has no method for. */
  protected ScsiTransport transport;
  private long seed;

  @RegisterExtension
  final TestExecutionExceptionHandler reproduce = (context, thrown) -> {
    if (thrown instanceof TestAbortedException) {
      throw thrown;
    }
    String line = Seeds.reproduceLine(
        context.getRequiredTestClass().getSimpleName() + "#" + context.getRequiredTestMethod().getName(), seed);
    System.err.println(line);
    throw new AssertionError(line, thrown);
  };

  @BeforeEach
  void drawSeed() {
    seed = Seeds.draw();
  }

  @AfterEach
  void closeDrive() throws Exception {
    if (drive != null) {
      drive.close();
    }
  }

  /** Opens the drive with a tape of kind {@code tape}, waits until ready, selects variable blocks. */
  protected ScsiTapeDrive open(Tape tape) throws Exception {
    return attach(newDriveWithBlankTape(tape));
  }

  private ScsiTapeDrive attach(ScsiTransport t) throws Exception {
    transport = t;
    drive = new ScsiTapeDrive(t);
    drive.waitUntilReady(Duration.ofMinutes(5));
    drive.setBlockSize(0);
    return drive;
  }

  /** A generator for this test's seed, for choices other than block contents. */
  protected SplittableRandom random(long stream) {
    return new SplittableRandom(seed + stream * FILE_STRIDE);
  }

  /** Block {@code index} of file {@code file}: MIN_BLOCK..MAX_BLOCK bytes, a function of the seed. */
  protected byte[] block(long file, long index) {
    SplittableRandom r = new SplittableRandom(seed ^ (file * FILE_STRIDE + index * BLOCK_STRIDE));
    byte[] b = new byte[MIN_BLOCK + r.nextInt(MAX_BLOCK - MIN_BLOCK + 1)];
    r.nextBytes(b);
    return b;
  }

  /** Writes {@code count} blocks of file {@code file} and, when {@code close}, a filemark after them. */
  protected void writeFile(long file, int count, boolean close) throws Exception {
    for (int i = 0; i < count; i++) {
      assertEquals(WriteResult.OK, drive.write(ByteBuffer.wrap(block(file, i))), "writing block " + i + " of file " + file);
    }
    if (close) {
      assertEquals(WriteResult.OK, drive.writeFilemarks(1, false));
    }
  }

  /** Reads the next object and checks it is block {@code index} of file {@code file}. */
  protected void expectBlock(long file, long index) throws Exception {
    byte[] expected = block(file, index);
    ByteBuffer buffer = ByteBuffer.allocate(MAX_BLOCK);
    ReadResult r = drive.read(buffer);
    String what = "block " + index + " of file " + file;
    assertEquals(expected.length == MAX_BLOCK ? ReadResult.Kind.DATA : ReadResult.Kind.SHORT_BLOCK, r.kind(), what);
    assertEquals(expected.length, r.length(), what);
    assertEquals(expected.length, buffer.position(), what);
    assertArrayEquals(expected, Arrays.copyOf(buffer.array(), r.length()), what);
  }

  /** Reads the next object and checks it is a filemark ({@code FILEMARK}) or end of data. */
  protected void expectMark(ReadResult.Kind kind) throws Exception {
    ReadResult r = drive.read(ByteBuffer.allocate(MAX_BLOCK));
    assertEquals(kind, r.kind());
    assertEquals(0, r.length());
  }

  /** Reads file {@code file} from the current position: {@code count} blocks, then its filemark. */
  protected void expectFile(long file, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      expectBlock(file, i);
    }
    expectMark(ReadResult.Kind.FILEMARK);
  }

  /** Checks the position: logical object number and, when the drive reports it, the file number. */
  protected void expectPosition(long logicalObject, long fileNumber) throws Exception {
    TapePosition p = drive.position();
    assertEquals(logicalObject, p.logicalObject(), "logical object number");
    if (p.fileNumber().isPresent()) {
      assertEquals(fileNumber, p.fileNumber().getAsLong(), "file number");
    }
    assertEquals(logicalObject == 0, p.beginningOfPartition(), "BOP flag at object " + logicalObject);
  }

  /** Random file lengths (in blocks) between {@code min} and {@code max}. */
  private int[] fileLengths(int files, int min, int max) {
    SplittableRandom r = random(-1);
    int[] n = new int[files];
    for (int i = 0; i < files; i++) {
      n[i] = min + r.nextInt(max - min + 1);
    }
    return n;
  }

  /** Writes closed files with {@code lengths[f]} blocks each; returns the logical object where each starts. */
  private long[] writeFiles(int[] lengths) throws Exception {
    long[] starts = new long[lengths.length + 1];
    for (int f = 0; f < lengths.length; f++) {
      writeFile(f, lengths[f], true);
      starts[f + 1] = starts[f] + lengths[f] + 1;
    }
    return starts;
  }

  // ---- the conformance cases

  @Test
  void writeRewindVerifyTwoFilesOfTenThousandBlocks() throws Exception {
    open(Tape.STANDARD);
    expectPosition(0, 0);
    writeFile(0, 10_000, true);
    expectPosition(10_001, 1);
    writeFile(1, 10_000, true);
    expectPosition(20_002, 2);
    drive.rewind();
    expectPosition(0, 0);
    expectFile(0, 10_000);
    expectPosition(10_001, 1);
    expectFile(1, 10_000);
    expectMark(ReadResult.Kind.END_OF_DATA);
    expectPosition(20_002, 2);
  }

  @Test
  void repositionsToFileAndBlockPairs() throws Exception {
    open(Tape.STANDARD);
    int[] lengths = fileLengths(5, 10, 60);
    long[] starts = writeFiles(lengths);
    SplittableRandom r = random(1);
    for (int visit = 0; visit < 60; visit++) {
      int file = r.nextInt(lengths.length);
      int index = r.nextInt(lengths[file]);
      String where = "file " + file + " block " + index + " (visit " + visit + ")";
      if (r.nextBoolean()) {
        drive.locateFile(file);
        expectPosition(starts[file], file);
        SpaceResult spaced = drive.spaceBlocks(index);
        assertTrue(spaced.completed(), where + ": " + spaced);
      } else {
        drive.locate(starts[file] + index);
      }
      expectPosition(starts[file] + index, file);
      expectBlock(file, index);
      expectPosition(starts[file] + index + 1, file);
    }
    // LOCATE to the filemark that ends a file, and to end of data.
    drive.locate(starts[2] - 1);
    expectPosition(starts[2] - 1, 1);
    expectMark(ReadResult.Kind.FILEMARK);
    expectPosition(starts[2], 2);
    drive.locate(starts[lengths.length]);
    expectMark(ReadResult.Kind.END_OF_DATA);
    drive.locateFile(0);
    expectPosition(0, 0);
    expectBlock(0, 0);
    drive.locateFile(lengths.length - 1);
    expectBlock(lengths.length - 1, 0);
  }

  @Test
  void appendsAfterEndOfDataAcrossReopen() throws Exception {
    open(Tape.STANDARD);
    writeFile(0, 40, true);
    writeFile(1, 25, false); // a writer that died before closing its file
    drive.close();
    drive = null;
    attach(reopenDrive());
    EndOfDataResult end = drive.moveToEndOfData(true);
    assertTrue(end.filemarkWritten(), "the unclosed file 1 must be closed by a repair filemark");
    assertEquals(40 + 1 + 25 + 1, end.position().logicalObject());
    writeFile(2, 30, true);
    drive.close();
    drive = null;
    attach(reopenDrive());
    end = drive.moveToEndOfData(true);
    assertFalse(end.filemarkWritten(), "file 2 was closed");
    end.position().fileNumber().ifPresent(n -> assertEquals(3, n, "file number at end of data"));
    writeFile(3, 5, true);
    drive.rewind();
    expectFile(0, 40);
    expectFile(1, 25);
    expectFile(2, 30);
    expectFile(3, 5);
    expectMark(ReadResult.Kind.END_OF_DATA);
  }

  @Test
  void backspacesOverFilemarksAndRecords() throws Exception {
    open(Tape.STANDARD);
    writeFile(0, 5, true); // objects 0..4 blocks, 5 filemark
    writeFile(1, 3, true); // objects 6..8 blocks, 9 filemark; end of data at 10
    drive.spaceToEndOfData();
    expectPosition(10, 2);
    // Backward over blocks meets the filemark at once: stop on its BOP side.
    SpaceResult r = drive.spaceBlocks(-1);
    assertEquals(SpaceResult.Stop.FILEMARK, r.stop());
    assertResidual(1, r);
    expectPosition(9, 1);
    assertTrue(drive.spaceBlocks(-1).completed());
    expectPosition(8, 1);
    expectBlock(1, 2);
    assertTrue(drive.spaceBlocks(-3).completed());
    expectPosition(6, 1);
    expectBlock(1, 0);
    // Backward over a filemark: the tape ends up before it, at the end of file 0.
    assertTrue(drive.spaceFilemarks(-1).completed());
    expectPosition(5, 0);
    expectMark(ReadResult.Kind.FILEMARK);
    expectPosition(6, 1);
    r = drive.spaceBlocks(-4);
    assertEquals(SpaceResult.Stop.FILEMARK, r.stop());
    assertResidual(4, r);
    expectPosition(5, 0);
    assertTrue(drive.spaceBlocks(-2).completed());
    expectBlock(0, 3);
    // Backward past the beginning of the partition: BOP with the count not spaced.
    r = drive.spaceBlocks(-10);
    assertEquals(SpaceResult.Stop.BEGINNING_OF_PARTITION, r.stop());
    assertResidual(6, r);
    expectPosition(0, 0);
    drive.spaceToEndOfData();
    r = drive.spaceFilemarks(-3);
    assertEquals(SpaceResult.Stop.BEGINNING_OF_PARTITION, r.stop());
    assertResidual(1, r);
    expectPosition(0, 0);
    expectBlock(0, 0);
  }

  @Test
  void forwardSpacesFileCountsIntoEndOfData() throws Exception {
    open(Tape.STANDARD);
    int[] lengths = fileLengths(6, 1, 20);
    long[] starts = writeFiles(lengths);
    int files = lengths.length;
    for (int from = 0; from < files; from++) {
      for (int count = 0; from + count <= files; count++) {
        drive.locate(starts[from]);
        assertTrue(drive.spaceFilemarks(count).completed(), "from file " + from + " over " + count);
        expectPosition(starts[from + count], from + count);
      }
    }
    // Forward spacing into end of data: stops there with the filemarks not spaced over.
    drive.rewind();
    SpaceResult r = drive.spaceFilemarks(files + 3);
    assertEquals(SpaceResult.Stop.END_OF_DATA, r.stop());
    assertResidual(3, r);
    expectPosition(starts[files], files);
    drive.locate(starts[4]);
    r = drive.spaceFilemarks(5);
    assertEquals(SpaceResult.Stop.END_OF_DATA, r.stop());
    assertResidual(5 - (files - 4), r);
    // Blocks forward into a filemark: stop after it, residue the blocks not spaced.
    drive.locate(starts[1]);
    r = drive.spaceBlocks(lengths[1] + 7);
    assertEquals(SpaceResult.Stop.FILEMARK, r.stop());
    assertResidual(7, r);
    expectPosition(starts[2], 2);
    // Blocks forward into end of data.
    drive.locate(starts[files - 1]);
    r = drive.spaceBlocks(lengths[files - 1] + 100);
    assertEquals(SpaceResult.Stop.FILEMARK, r.stop(), "the last file is closed by a filemark first");
    r = drive.spaceBlocks(2);
    assertEquals(SpaceResult.Stop.END_OF_DATA, r.stop());
    assertResidual(2, r);
    expectPosition(starts[files], files);
  }

  @Test
  void earlyWarningThenVolumeOverflow() throws Exception {
    open(Tape.SMALL);
    byte[] data = new byte[MAX_BLOCK];
    random(2).nextBytes(data);
    int limit = (16 << 20) / MAX_BLOCK + 1;
    int written = 0;
    int firstWarning = -1;
    VolumeOverflowException overflow = null;
    while (overflow == null) {
      if (written > limit) {
        fail("wrote " + written + " blocks of " + MAX_BLOCK + " bytes to a SMALL tape without VOLUME OVERFLOW");
      }
      try {
        WriteResult w = drive.write(ByteBuffer.wrap(data));
        if (firstWarning >= 0) {
          assertEquals(WriteResult.EARLY_WARNING, w, "every write past early warning reports it (block " + written + ")");
        } else if (w == WriteResult.EARLY_WARNING) {
          firstWarning = written;
        }
        written++;
      } catch (VolumeOverflowException e) {
        overflow = e;
      }
    }
    assertTrue(firstWarning > 0, "no EARLY_WARNING before VOLUME OVERFLOW after " + written + " blocks");
    assertTrue(written - firstWarning >= (64 << 10) / MAX_BLOCK - 1,
        "early warning at block " + firstWarning + " leaves only " + (written - firstWarning) + " blocks before the end");
    assertEquals(SenseKey.VOLUME_OVERFLOW, overflow.sense().orElseThrow().key());
    assertTrue(overflow.getMessage().contains(drive.deviceName()), overflow.getMessage());
    TapePosition atEnd = drive.position();
    assertEquals(written, atEnd.logicalObject(), "nothing of the overflowing write was recorded");
    assertTrue(atEnd.endOfPartition(), "READ POSITION reports the early-warning zone");
    // Everything written before the overflow reads back.
    drive.rewind();
    ByteBuffer buffer = ByteBuffer.allocate(MAX_BLOCK);
    for (int i = 0; i < written; i++) {
      buffer.clear();
      ReadResult r = drive.read(buffer);
      assertEquals(ReadResult.Kind.DATA, r.kind(), "block " + i);
      assertArrayEquals(data, buffer.array(), "block " + i);
    }
    expectMark(ReadResult.Kind.END_OF_DATA);
  }

  @Test
  void writeProtectedCartridgeRefusesWrites() throws Exception {
    open(Tape.STANDARD);
    writeFile(0, 8, true);
    setWriteProtectTab(true);
    drive.rewind();
    expectFile(0, 8);
    drive.rewind();
    ScsiCommandException refused = assertThrows(ScsiCommandException.class, () -> drive.write(ByteBuffer.wrap(block(9, 0))));
    assertWriteProtected(refused);
    assertWriteProtected(assertThrows(ScsiCommandException.class, () -> drive.writeFilemarks(1, false)));
    expectPosition(0, 0);
    expectFile(0, 8);
    expectMark(ReadResult.Kind.END_OF_DATA);
    assertWriteProtected(assertThrows(ScsiCommandException.class, () -> drive.write(ByteBuffer.wrap(block(9, 0)))));
    setWriteProtectTab(false);
    drive.moveToEndOfData(false);
    writeFile(1, 2, true);
    drive.rewind();
    expectFile(0, 8);
    expectFile(1, 2);
  }

  private void assertWriteProtected(ScsiCommandException e) {
    SenseData s = e.sense().orElseThrow();
    assertEquals(SenseKey.DATA_PROTECT, s.key(), e.getMessage());
    assertEquals(AdditionalSense.WRITE_PROTECTED.asc(), s.asc(), e.getMessage());
    assertTrue(e.getMessage().contains("write-protected"), "the message says what to do: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(drive.deviceName()), e.getMessage());
  }

  @Test
  void encryptedBlocksNeedTheKey() throws Exception {
    open(Tape.STANDARD);
    AlgorithmDescriptor aes = aes256GcmOrAbort();
    byte[] key = new byte[32];
    random(3).nextBytes(key);
    setEncryption(SetDataEncryption.setKey(aes.index(), key));
    writeFile(0, 20, true);
    drive.rewind();
    expectFile(0, 20);
    setEncryption(SetDataEncryption.disable(aes.index()));
    drive.rewind();
    ScsiCommandException refused = assertThrows(ScsiCommandException.class, () -> drive.read(ByteBuffer.allocate(MAX_BLOCK)));
    SenseData s = refused.sense().orElseThrow();
    assertEquals(SenseKey.DATA_PROTECT, s.key(), refused.getMessage());
    assertTrue(Set.of(AdditionalSense.UNABLE_TO_DECRYPT_DATA, AdditionalSense.ENCRYPTION_MODE_MISMATCH_ON_READ)
        .contains(s.additionalSense()), refused.getMessage());
    expectPosition(0, 0);
    setEncryption(SetDataEncryption.setKey(aes.index(), key));
    expectFile(0, 20);
    expectMark(ReadResult.Kind.END_OF_DATA);
  }

  /** The drive's AES-256-GCM algorithm with encrypt and decrypt capability, or an aborted test. */
  private AlgorithmDescriptor aes256GcmOrAbort() throws Exception {
    ScsiCommand query = DataEncryptionCapabilities.command();
    ByteBuffer reply = ByteBuffer.allocate(query.transferLength());
    ScsiResult r = query.execute(transport, reply);
    Optional<SenseData> sense = r.senseData();
    Assumptions.assumeFalse(sense.isPresent() && sense.get().key() == SenseKey.ILLEGAL_REQUEST,
        drive.deviceName() + " does not support tape data encryption (SECURITY PROTOCOL IN refused)");
    assertTrue(r.isGood(), "SECURITY PROTOCOL IN page 0010h: " + r);
    DataEncryptionCapabilities caps = DataEncryptionCapabilities.parse(Arrays.copyOf(reply.array(), r.transferred()));
    Optional<AlgorithmDescriptor> aes = caps.aes256Gcm().filter(a -> a.canEncrypt() && a.canDecrypt());
    Assumptions.assumeTrue(aes.isPresent(), drive.deviceName() + " reports no AES-256-GCM it can encrypt and decrypt with");
    return aes.get();
  }

  private void setEncryption(SetDataEncryption page) throws Exception {
    byte[] data = page.encode();
    try {
      SecurityProtocolCommands.setDataEncryption(page).writeData(transport, data);
    } finally {
      Arrays.fill(data, (byte) 0);
      page.destroy();
    }
  }

  private static void assertResidual(long expected, SpaceResult r) {
    r.residual().ifPresent(n -> assertEquals(expected, n, "residual count of " + r));
  }
}
