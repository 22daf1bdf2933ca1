package dev.tapekit.scsi.tape;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.testing.FakeClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Whatever a drive answers (any status, sense bytes, reply data and residue), every operation of
 * ScsiTapeDrive returns a result or throws an IOException; nothing else escapes and nothing loops
 * forever.
 */
class ScsiTapeDriveFuzzTest {

  /** Answers each command with status, residue, sense and data drawn from the fuzzer's input. */
  private static final class FuzzedTransport implements ScsiTransport {
    private final FuzzedDataProvider in;

    FuzzedTransport(FuzzedDataProvider in) {
      this.in = in;
    }

    @Override
    public String deviceName() {
      return "/dev/sg-fuzz";
    }

    @Override
    public ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout) {
      int requested = data == null ? 0 : data.remaining();
      int status = in.pickValue(new int[] {0x00, 0x02, 0x02, 0x02, 0x08, 0x18});
      byte[] sense = in.consumeBytes(in.consumeInt(0, 40));
      if (direction == DataDirection.FROM_DEVICE && data != null) {
        byte[] reply = in.consumeBytes(Math.min(requested, in.consumeInt(0, 160)));
        for (int i = 0; i < reply.length; i++) {
          data.put(data.position() + i, reply[i]);
        }
      }
      int residue = in.consumeInt(-1, requested + 1);
      return new ScsiResult(status, 0, 0, requested, residue, sense, Duration.ZERO);
    }

    @Override
    public void close() {}
  }

  @FuzzTest(maxDuration = "10s")
  void everyOperationReturnsOrThrowsIoException(FuzzedDataProvider in) {
    FakeClock clock = new FakeClock();
    ScsiTapeDrive drive = new ScsiTapeDrive(new FuzzedTransport(in), clock, clock::advance);
    int operation = in.consumeInt(0, 26);
    try {
      switch (operation) {
        case 12 -> drive.status();
        case 13 -> drive.settings();
        case 14 -> drive.setOptions(DriveOptions.DEFAULTS);
        case 15 -> drive.identity();
        case 16 -> ScsiTapeDrive.open(new FuzzedTransport(in), ScsiTapeDrive.OpenOptions.READY_WITH_DEFAULTS,
            clock, clock::advance);
        case 17 -> drive.setEncryptionKey(new byte[32]);
        case 18 -> drive.clearEncryptionKey();
        case 19 -> drive.readAttributes();
        case 20 -> drive.readAttributes(in.consumeInt(0, 0xFFFF), in.consumeInt(0, 0xFFFF));
        case 21 -> drive.tapeAlertFlags();
        case 22 -> drive.volumeStatistics();
        case 23 -> drive.deviceActivity();
        case 24 -> drive.densitySupport(in.consumeBoolean());
        case 25 -> drive.allowOverwriteAtCurrentPosition();
        case 0 -> drive.read(ByteBuffer.allocate(in.consumeInt(0, 4096)));
        case 1 -> drive.write(ByteBuffer.allocate(in.consumeInt(0, 4096)));
        case 2 -> drive.writeFilemarks(in.consumeInt(0, 3), in.consumeBoolean());
        case 3 -> drive.spaceBlocks(in.consumeLong());
        case 4 -> drive.spaceFilemarks(in.consumeInt(-5, 5));
        case 5 -> drive.locateFile(in.consumeLong(0, 1000));
        case 6 -> drive.moveToEndOfData(in.consumeBoolean());
        case 7 -> drive.moveToLastFile();
        case 8 -> drive.position();
        case 9 -> drive.format(in.consumeBoolean());
        case 10 -> drive.setBlockSize(in.consumeInt(0, 1 << 20));
        default -> drive.waitUntilReady(Duration.ofSeconds(in.consumeInt(0, 30)));
      }
    } catch (IOException expected) {
      // a result or a reported failure; both are fine
    }
  }
}
