package dev.tapekit.backup.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.backup.media.ForwardingTapeLoader;
import dev.tapekit.backup.media.TapePreparation;
import dev.tapekit.backup.write.PoolWriter;
import dev.tapekit.backup.write.WriterOptions;
import dev.tapekit.catalog.Pool;
import dev.tapekit.catalog.policy.Availability;
import dev.tapekit.catalog.policy.MediaPool;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs (two hosts) start on one library's two drives with a pool that has no tape yet, so each
 * labels a blank one: neither takes, or fails on, the tape the other is labelling in its drive. (Seen
 * as a race in SharedLibraryTest: one host listed the slots, the other moved the first blank tape into
 * its drive, and the first host's load failed with "tape ... is in drive 1".)
 */
class SharedLibraryAllocationTest {
  @TempDir Path dir;

  /** The other host moves the blank tape this job was about to take into its drive, after this job listed it. */
  @Test
  void aBlankTapeTakenByTheOtherDriveMeanwhileIsPassedOver() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 8)) {
      lib.store.putPool(Pool.of("shared"));
      ForwardingTapeLoader loader = new ForwardingTapeLoader(lib.first) {
        private boolean moved;

        @Override
        public TapeDrive load(String label) throws IOException {
          if (!moved && label.equals("E01001L8")) {
            moved = true;
            lib.second.load("E01001L8"); // the other host, between this job's listing and its load
          }
          return delegate.load(label);
        }
      };
      assertEquals(List.of("E01002L8"), backUp(lib, loader));
      assertEquals(Optional.of("E01001L8"), lib.second.loaded(), "the other host's tape stays in its drive");
      assertEquals(Optional.empty(), lib.store.mediaByLabel("E01001L8"), "and is not labelled by this job");
    }
  }

  /** The other host has labelled its blank tape into the pool and not yet allocated it: it is passed over. */
  @Test
  void aPoolTapeInTheOtherDriveIsNotAllocated() throws Exception {
    try (TwoDriveLibrary lib = TwoDriveLibrary.open(dir, 8)) {
      lib.store.putPool(Pool.of("shared"));
      TapePreparation.label(lib.store, lib.second.load("E01001L8"), "E01001L8", Optional.of("shared"),
          Optional.of(TwoDriveLibrary.NAME), BlockHeader.DEFAULT_BLOCK, TwoDriveLibrary.CLOCK);
      assertEquals(List.of("E01002L8"), backUp(lib, lib.first));
      assertEquals(Optional.empty(), lib.store.mediaByLabel("E01001L8").orElseThrow().membership(),
          "still free for the host whose drive holds it");
      assertEquals(Optional.of("E01001L8"), lib.second.loaded());
    }
  }

  /** One small backup into pool "shared" through {@code loader}; the tapes it used. */
  private static List<String> backUp(TwoDriveLibrary lib, dev.tapekit.backup.media.TapeLoader loader) throws Exception {
    MediaPool pool = new MediaPool(lib.store, "shared", Availability.changer(TwoDriveLibrary.NAME),
        TwoDriveLibrary.CLOCK, ZoneOffset.UTC);
    try (PoolWriter writer = new PoolWriter(lib.store, pool, loader, WriterOptions.DEFAULT, TwoDriveLibrary.CLOCK)) {
      writer.begin("backup shared", false);
      byte[] data = "one host's backup".getBytes();
      writer.addChunk("store1", MessageDigest.getInstance("SHA-256").digest(data), ByteBuffer.wrap(data));
      writer.finish();
      assertTrue(writer.warnings().stream().anyMatch(w -> w.startsWith("E01002L8: a blank tape, labelled into pool")),
          writer.warnings().toString());
      return writer.tapesUsed();
    }
  }
}
