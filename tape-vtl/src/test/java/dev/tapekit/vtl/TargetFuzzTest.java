package dev.tapekit.vtl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.changer.ElementState;
import dev.tapekit.vtl.changer.ElementType;
import dev.tapekit.vtl.changer.VirtualChanger;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary CDBs, directions and buffers against the drive and changer targets: every command ends in
 * a {@link ScsiResult} (GOOD, CHECK CONDITION, BUSY) or a {@link ScsiTransportException}; no other
 * exception may escape the target's CDB parser.
 */
class TargetFuzzTest {
  private static final Path DIR;
  private static final VirtualTapeDrive DRIVE;
  private static final VirtualChanger CHANGER;

  static {
    try {
      DIR = Files.createTempDirectory("vtl-fuzz");
      DIR.toFile().deleteOnExit();
      for (String b : new String[] {"F00001L8", "F00002L8", "F00003L7"}) {
        Path p = DIR.resolve(b + ".tkc");
        CartridgeFile.create(p, CartridgeInfo.fresh(Barcode.parse(b), 1 << 20, "20260101")).close();
        p.toFile().deleteOnExit();
      }
      DRIVE = new VirtualTapeDrive("vtl:fuzz:0", DrivePersonality.ibmLto(8), "FUZZ1", new byte[8], new FaultPlan());
      VirtualTapeDrive other = new VirtualTapeDrive("vtl:fuzz:1", DrivePersonality.hpLto(7), "FUZZ2", new byte[8], new FaultPlan());
      DRIVE.insert(CartridgeFile.open(DIR.resolve("F00001L8.tkc")));
      CHANGER = new VirtualChanger("vtl:fuzz",
          new ChangerLayout("STK", "L700", "550V", "FUZZ", new byte[8], 1, 10, 2, 500, 1000, 4,
              VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS),
          List.of(other), b -> CartridgeFile.open(DIR.resolve(b + ".tkc")), new FaultPlan(),
          Map.of(1000, new ElementState(1000, ElementType.STORAGE, 0, "F00002L8", -1, false),
              1001, new ElementState(1001, ElementType.STORAGE, 1, "F00003L7", -1, false)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void driveAnswersEveryCdb(FuzzedDataProvider data) {
    exercise(DRIVE, data);
  }

  @FuzzTest(maxDuration = "10s")
  void changerAnswersEveryCdb(FuzzedDataProvider data) {
    exercise(CHANGER, data);
  }

  /** Fixed format of 18 bytes, or descriptor format (after a MODE SELECT set D_SENSE) of 8 + its additional length. */
  private static boolean wellFormedSense(byte[] sense) {
    if (sense.length >= 8 && sense[0] == 0x72) {
      return sense.length == 8 + (sense[7] & 0xFF);
    }
    return sense.length == 18 && (sense[0] & 0x7F) == 0x70;
  }

  private static void exercise(ScsiTransport t, FuzzedDataProvider data) {
    byte[] cdb = data.consumeBytes(16);
    if (cdb.length < 6) {
      return;
    }
    DataDirection dir = data.pickValue(DataDirection.values());
    int size = data.consumeInt(0, 1 << 17);
    ByteBuffer buf = dir == DataDirection.NONE ? null : ByteBuffer.allocate(size);
    if (dir == DataDirection.TO_DEVICE) {
      buf.put(data.consumeBytes(size)).position(0);
    }
    try {
      ScsiResult r = t.execute(cdb, dir, buf, Duration.ofSeconds(5));
      if (r.transferred() < 0 || r.transferred() > r.requested()) {
        throw new AssertionError("bad transfer count " + r);
      }
      if (r.status() == 2 && !wellFormedSense(r.sense())) {
        throw new AssertionError("CHECK CONDITION without well-formed sense " + r);
      }
    } catch (ScsiTransportException expected) {
      // data phase mismatch: a host adapter error, as on real hardware
    }
  }
}
