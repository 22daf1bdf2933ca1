package dev.tapekit.sgio.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.scsi.tape.BaseTapeDriveTestCase;
import dev.tapekit.scsi.tape.TapePosition;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tape drive conformance suite bound to the kernel's scsi_debug tape through SgIoTransport, with
 * adaptations to what scsi_debug is, each narrower than the suite:
 *
 * <ul>
 *   <li>scsi_debug keeps the first 4 bytes of each block and returns zeros after them, so the blocks
 *       the suite writes keep their seeded lengths (512..4096) and first 4 bytes and are zero after
 *       them: every block is still told apart, and its length and ILI are checked.
 *   <li>Positions are checked by logical object and file number, not BOP: scsi_debug never sets BOP.
 *   <li>The cases in {@link #UNSUPPORTED} are disabled with their reason; the SMALL tape, the
 *       write-protect tab and encryption abort (none of them exists on scsi_debug).
 * </ul>
 *
 * <p>The tgt drives cannot be bound: their READ POSITION reports object 0 wherever the tape is, and
 * every case checks positions.
 */
@Tag("kernel")
class ScsiDebugTapeDriveConformanceKernelTest extends BaseTapeDriveTestCase {
  private final KernelDevices devices = KernelDevices.get();

  /** The cases scsi_debug cannot run, reported as disabled with the reason. */
  private static final Map<String, String> UNSUPPORTED = Map.of(
      "writeRewindVerifyTwoFilesOfTenThousandBlocks", "its tape reaches end of medium within the first 10 000 blocks",
      "repositionsToFileAndBlockPairs", "locateFile sends LOCATE(16), which scsi_debug does not implement",
      "backspacesOverFilemarksAndRecords", "a backward SPACE over blocks that spaces some and then stops at a"
          + " filemark or BOP reports a residual one short (5 where 6 blocks were not spaced)");

  @RegisterExtension
  final ExecutionCondition deviceLimits = context -> context.getTestMethod()
      .map(m -> UNSUPPORTED.get(m.getName()))
      .map(reason -> ConditionEvaluationResult.disabled("scsi_debug: " + reason))
      .orElse(ConditionEvaluationResult.enabled("scsi_debug can run it"));

  @Override
  protected ScsiTransport newDriveWithBlankTape(Tape tape) throws Exception {
    Assumptions.assumeTrue(tape == Tape.STANDARD, "scsi_debug has no small tape with early warning");
    SgIoTransport t = SgIoTransport.open(devices.sg("sd"));
    KernelScsi scsi = new KernelScsi(t);
    scsi.awaitReady();
    // Writing from BOT makes the tape end there: what earlier tests left behind is gone.
    scsi.good(Cdbs.rewind());
    return t;
  }

  @Override
  protected ScsiTransport reopenDrive() throws Exception {
    return SgIoTransport.open(devices.sg("sd"));
  }

  @Override
  protected void setWriteProtectTab(boolean writeProtected) {
    Assumptions.abort("scsi_debug has no write-protect tab to move");
  }

  @Override
  protected void expectPosition(long logicalObject, long fileNumber) throws Exception {
    TapePosition p = drive.position();
    assertEquals(logicalObject, p.logicalObject(), "logical object number");
    if (p.fileNumber().isPresent()) {
      assertEquals(fileNumber, p.fileNumber().getAsLong(), "file number");
    }
  }

  @Override
  protected byte[] block(long file, long index) {
    byte[] b = super.block(file, index);
    Arrays.fill(b, 4, b.length, (byte) 0);
    return b;
  }
}
