package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.chunk.ChunkerParams;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.SetEncryption;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.FilePart;
import dev.tapekit.catalog.Media;
import dev.tapekit.catalog.MediaSet;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.crypto.KdfType;
import dev.tapekit.crypto.KeyConfig;
import dev.tapekit.crypto.Passphrase;
import dev.tapekit.crypto.TapeKey;
import dev.tapekit.format.catalog.CatalogRecord;
import dev.tapekit.format.chunk.ChunkArchiveIndex;
import dev.tapekit.format.content.ContentType;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import dev.tapekit.format.label.EncryptionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifying media sets written to the virtual library: a clean set, a set with a block the drive
 * cannot read (the cartridge file damaged under it), a catalog that lists a chunk the tape lacks, and
 * an encrypted set with and without its key.
 */
class SetVerifyTest {
  private static final Duration LOCKS = Duration.ofSeconds(5);
  private static final List<String> DAILY = List.of("E01001L8", "E01002L8", "E01003L8");

  @TempDir
  Path dir;

  /** Backs up {@code mib} MiB of incompressible data as one stream into {@code pool}; returns the set. */
  private static UUID backup(TwoDriveLibrary lib, MediaPool pool, Optional<SetEncryption> encryption, int mib)
      throws Exception {
    byte[] data = new byte[mib << 20];
    new Random(mib).nextBytes(data);
    try (PoolWriter writer = new PoolWriter(lib.store, pool, lib.first, WriterOptions.DEFAULT.withArchiveBytes(8 << 20),
        encryption, TwoDriveLibrary.CLOCK)) {
      writer.begin("backup", false);
      new TreeBackup(writer, ChunkerParams.DEFAULT, lib.home, TwoDriveLibrary.CLOCK).stream("host1/data", "data.bin",
          new ByteArrayInputStream(data));
      writer.finish();
      return writer.mediaSet();
    }
  }

  /** {@code mib} MiB backed up to pool "daily" (three tapes). */
  private static UUID daily(TwoDriveLibrary lib, int mib) throws Exception {
    return backup(lib, lib.pool("daily", Optional.empty(), DAILY.toArray(String[]::new)), Optional.empty(), mib);
  }

  /** The catalog's record of the first chunk archive on {@code tape}. */
  private static CatalogRecord.TapeFile firstChunkArchive(TwoDriveLibrary lib, Media tape) throws Exception {
    return lib.store.files(tape.uuid()).stream().map(FilePart::file)
        .filter(f -> f.contentType() == ContentType.CHUNK_ARCHIVE.magic()).findFirst().orElseThrow();
  }

  private static long catalogChunks(TwoDriveLibrary lib, Media tape) throws Exception {
    long n = 0;
    for (FilePart f : lib.store.files(tape.uuid())) {
      n += lib.store.chunks(tape.uuid(), f.file().fileNumber()).size();
    }
    return n;
  }

  private static Media tape(TwoDriveLibrary lib, UUID set, int seq) throws Exception {
    MediaSet s = lib.store.mediaSet(set).orElseThrow();
    return lib.store.media(s.members().get(seq)).orElseThrow();
  }

  @Test
  void aCleanSetVerifiesCleanAndTheLoadsAreCounted() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      UUID set = daily(lib, 30);
      Media before = tape(lib, set, 0);
      SetVerify.Result r = new SetVerify(lib.store, lib.first, Optional.empty(), LOCKS, TwoDriveLibrary.CLOCK)
          .verify(set);
      assertTrue(r.clean(), r.toString());
      assertTrue(r.digestsChecked());
      assertEquals(2, r.tapes().size(), "30 MiB span two 24 MiB tapes: " + r);
      for (SetVerify.TapeResult t : r.tapes()) {
        Media m = tape(lib, set, t.sequence());
        assertEquals(m.label(), t.label());
        assertEquals(catalogChunks(lib, m), t.chunksChecked(), "every catalogued chunk was read: " + t);
        assertEquals(lib.store.files(m.uuid()).size(), t.filesChecked(), "every file was read: " + t);
        assertTrue(t.wear().loadCount().orElseThrow() >= 1, "the MAM load count is read: " + t.wear());
        assertTrue(t.wear().alerts().isEmpty(), t.wear().toString());
      }
      Media after = tape(lib, set, 0);
      assertEquals(before.loads() + 1, after.loads(), "the verify's load is counted");
      assertEquals(before.errors(), after.errors());
    }
  }

  @Test
  void anUnreadableBlockIsReportedAndTheRestIsStillChecked() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      UUID set = daily(lib, 30);
      Media first = tape(lib, set, 0);
      CatalogRecord.TapeFile archive = firstChunkArchive(lib, first);
      // inside the archive (8 MiB of 256 KiB blocks), with chunks before, between and after: block 5 is hit
      // while streaming, blocks 20 and 21 by the chunk reads by LOCATE that follow
      for (long b : new long[] {5, 20, 21}) {
        damage(lib, first.label(), archive.firstLogicalObject() + b);
      }

      SetVerify.Result r = new SetVerify(lib.store, lib.first, Optional.empty(), LOCKS, TwoDriveLibrary.CLOCK)
          .verify(set);
      assertFalse(r.clean());
      SetVerify.TapeResult t = r.tapes().get(0);
      assertEquals(List.of(List.of(5L, 5L), List.of(20L, 21L)), t.unreadable().stream()
          .map(g -> List.of(g.firstBlock(), g.lastBlock())).toList(), "each region ends where reading works again: "
          + t.unreadable());
      for (SetVerify.Region region : t.unreadable()) {
        assertEquals(first.label(), region.tape());
        assertEquals(archive.fileNumber(), region.file());
        assertTrue(region.error().contains("Medium Error") && region.error().contains("11/00"), region.error());
      }
      // ~1 MiB chunks over 256 KiB blocks: one chunk covers a bad block, or two meet in it
      assertTrue(t.chunksUnreadable() >= 2 && t.chunksUnreadable() <= 5, "only the chunks over the bad blocks are "
          + "lost: " + t);
      assertEquals(catalogChunks(lib, first), t.chunksChecked() + t.chunksUnreadable(),
          "every other chunk of the tape was checked, those after the bad block too: " + t);
      assertEquals(0, t.missingOnTape().count());
      assertEquals(0, t.badChunks().count());
      assertEquals(lib.store.files(first.uuid()).size(), t.filesChecked(), "the files after it were read");
      assertTrue(r.tapes().get(1).clean(), "the next tape verifies clean: " + r.tapes().get(1));
      assertEquals(first.errors() + 2, tape(lib, set, 0).errors(), "each region is counted as an error of the tape");
    }
  }

  /** Flips one payload byte of logical object {@code object} in the cartridge file: the drive then cannot read it. */
  private static void damage(TwoDriveLibrary lib, String barcode, long object) throws Exception {
    TapeDrive drive = lib.first.load(barcode);
    drive.setBlockSize(0);
    drive.locate(object);
    ByteBuffer block = ByteBuffer.allocate(256 * 1024);
    drive.read(block);
    byte[] probe = Arrays.copyOfRange(block.array(), 100_000, 100_064); // random chunk data: found once
    Path file = lib.cartridge(barcode);
    byte[] image = Files.readAllBytes(file);
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i + probe.length <= image.length; i++) {
      if (image[i] == probe[0] && Arrays.equals(image, i, i + probe.length, probe, 0, probe.length)) {
        found.add(i);
      }
    }
    assertEquals(1, found.size(), "the block's bytes are in the cartridge file once");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (probe[0] ^ 0x40)}), found.get(0));
    }
  }

  @Test
  void aChunkTheCatalogListsButTheTapeLacksIsReported() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      UUID set = daily(lib, 6);
      Media m = tape(lib, set, 0);
      CatalogRecord.TapeFile archive = firstChunkArchive(lib, m);
      byte[] ghost = new byte[32];
      Arrays.fill(ghost, (byte) 0x99);
      lib.store.commit(m.uuid(), List.of(new CatalogRecord.Chunks(0, archive.fileNumber(), 0, List.of(
          new ChunkArchiveIndex.Entry(ghost, 1, 0, 0, 4096, 4096)))), m.bytesUsed());

      SetVerify.Result r = new SetVerify(lib.store, lib.first, Optional.empty(), LOCKS, TwoDriveLibrary.CLOCK)
          .verify(set);
      SetVerify.TapeResult t = r.tapes().get(0);
      assertEquals(1, t.missingOnTape().count(), t.toString());
      SetVerify.Chunk missing = t.missingOnTape().listed().get(0);
      assertEquals(HexFormat.of().formatHex(ghost), missing.digest());
      assertEquals(archive.fileNumber(), missing.file());
      assertEquals(List.of(), t.unreadable());
      assertEquals(0, t.notInCatalog().count());
      assertEquals(0, t.badChunks().count());
      assertEquals(catalogChunks(lib, m) - 1, t.chunksChecked(), "the tape's real chunks were all checked");
    }
  }

  /**
   * Software-encrypted: without the key the CRCs are checked; drive-encrypted: without the key the drive
   * reads nothing past the labels, and says so. With the key, every digest is checked either way.
   */
  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void anEncryptedSetIsCheckedByCrcWithoutItsKeyAndFullyWithIt(EncryptionMode mode) throws Exception {
    TapeKey key = TapeKey.generate();
    KeyConfig wrapped = KeyConfig.wrap(key, Passphrase.of("correct horse".toCharArray()), KdfType.PBKDF2, "horse",
        TwoDriveLibrary.CLOCK);
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 24)) {
      MediaPool pool = lib.pool("secret", Optional.of(key.fingerprint().toString()), "E01001L8");
      SetEncryption encryption = new SetEncryption(key, wrapped);
      UUID set = backup(lib, pool, Optional.of(mode == EncryptionMode.SOFTWARE ? encryption.softwareOnly()
          : encryption), 6);
      SetVerify.Result without = new SetVerify(lib.store, lib.first, Optional.empty(), LOCKS, TwoDriveLibrary.CLOCK)
          .verify(set);
      assertFalse(without.digestsChecked());
      if (mode == EncryptionMode.DRIVE) {
        assertFalse(without.clean(), "a drive-encrypted set cannot be read without its key");
        assertTrue(without.toString().contains("encrypted"), without.toString());
        without = new SetVerify(lib.store, lib.first, Optional.of(key), LOCKS, TwoDriveLibrary.CLOCK).verify(set);
      } else {
        assertTrue(without.clean(), without.toString());
      }
      SetVerify.Result with = new SetVerify(lib.store, lib.first, Optional.of(key), LOCKS, TwoDriveLibrary.CLOCK)
          .verify(set);
      assertTrue(with.digestsChecked());
      assertTrue(with.clean(), with.toString());
      assertEquals(without.tapes().get(0).chunksChecked(), with.tapes().get(0).chunksChecked());
      assertTrue(lib.first.drive().encryptionStatus().isOff(), "the verify takes the drive key with it");
      assertTrue(with.tapes().get(0).chunksChecked() > 0);
    }
  }
}
