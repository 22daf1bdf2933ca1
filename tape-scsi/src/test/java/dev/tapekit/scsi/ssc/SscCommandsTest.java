package dev.tapekit.scsi.ssc;

import static dev.tapekit.scsi.testing.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.DataDirection;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.testing.Hex;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Byte-exact CDBs for every SSC builder, field by field from the SSC-5 CDB layouts. */
class SscCommandsTest {

  private static void assertCdb(String hex, ScsiCommand c) {
    assertEquals(Hex.of(bytes(hex)), Hex.of(c.cdb()), c.name());
  }

  private static void assertRejected(String fragment, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
  }

  @Test
  void readBlockLimits() {
    ScsiCommand plain = SscCommands.readBlockLimits(false);
    assertCdb("05 00 00 00 00 00", plain);
    assertEquals(6, plain.transferLength());
    assertEquals(DataDirection.FROM_DEVICE, plain.direction());
    assertEquals(Duration.ofSeconds(30), plain.timeout());
    ScsiCommand mloi = SscCommands.readBlockLimits(true);
    assertCdb("05 01 00 00 00 00", mloi);
    assertEquals(20, mloi.transferLength());
  }

  @Test
  void readVariableAndFixed() {
    // PBS reads with SILI=1, FIXED=0 and 256 KiB.
    ScsiCommand pbs = SscCommands.readVariable(262_144, true);
    assertCdb("08 02 04 00 00 00", pbs);
    assertEquals(262_144, pbs.transferLength());
    assertEquals(Duration.ofMinutes(10), pbs.timeout());
    assertCdb("08 00 ff ff ff 00", SscCommands.readVariable(0xFFFFFF, false));
    ScsiCommand fixed = SscCommands.readFixed(3, 512);
    assertCdb("08 01 00 00 03 00", fixed);
    assertEquals(1536, fixed.transferLength());
    assertRejected("READ(6): transfer length 16777216", () -> SscCommands.readVariable(0x1000000, false));
    assertRejected("transfer length -1", () -> SscCommands.readVariable(-1, true));
    assertRejected("block size 0", () -> SscCommands.readFixed(1, 0));
    assertRejected("exceed one transfer", () -> SscCommands.readFixed(0xFFFFFF, 0xFFFFFF));
  }

  @Test
  void writeVariableAndFixed() {
    ScsiCommand w = SscCommands.writeVariable(0x800000);
    assertCdb("0a 00 80 00 00 00", w);
    assertEquals(DataDirection.TO_DEVICE, w.direction());
    assertEquals(0x800000, w.transferLength());
    ScsiCommand f = SscCommands.writeFixed(0x010203, 4);
    assertCdb("0a 01 01 02 03 00", f);
    assertEquals(0x010203 * 4, f.transferLength());
    assertRejected("WRITE(6): block count 16777216", () -> SscCommands.writeFixed(0x1000000, 1));
  }

  @Test
  void writeFilemarks() {
    ScsiCommand sync = SscCommands.writeFilemarks(0, false, false);
    assertCdb("10 00 00 00 00 00", sync);
    assertEquals(DataDirection.NONE, sync.direction());
    assertCdb("10 01 00 00 01 00", SscCommands.writeFilemarks(1, true, false));
    assertCdb("10 03 01 00 00 00", SscCommands.writeFilemarks(0x10000, true, true));
    assertCdb("10 02 ff ff ff 00", SscCommands.writeFilemarks(0xFFFFFF, false, true));
    assertRejected("count -1", () -> SscCommands.writeFilemarks(-1, false, false));
  }

  @Test
  void space6() {
    assertCdb("11 00 00 00 05 00", SscCommands.space6(SpaceCode.BLOCKS, 5));
    assertCdb("11 01 ff ff ff 00", SscCommands.space6(SpaceCode.FILEMARKS, -1));
    assertCdb("11 01 ff ff fe 00", SscCommands.space6(SpaceCode.FILEMARKS, -2));
    assertCdb("11 02 00 00 02 00", SscCommands.space6(SpaceCode.SEQUENTIAL_FILEMARKS, 2));
    assertCdb("11 03 00 00 00 00", SscCommands.space6(SpaceCode.END_OF_DATA, 0));
    assertCdb("11 00 7f ff ff 00", SscCommands.space6(SpaceCode.BLOCKS, 0x7FFFFF));
    assertCdb("11 00 80 00 00 00", SscCommands.space6(SpaceCode.BLOCKS, -0x800000));
    assertRejected("count 8388608", () -> SscCommands.space6(SpaceCode.BLOCKS, 0x800000));
    assertRejected("count -8388609", () -> SscCommands.space6(SpaceCode.BLOCKS, -0x800001));
    assertRejected("end of data takes no count", () -> SscCommands.space6(SpaceCode.END_OF_DATA, 1));
  }

  @Test
  void space16() {
    assertCdb("91 01 00 00 00 00 00 00 00 80 00 00 00 00 00 00", SscCommands.space16(SpaceCode.FILEMARKS, 0x800000));
    assertCdb(
        "91 00 00 00 ff ff ff ff ff ff ff fd 00 00 00 00", SscCommands.space16(SpaceCode.BLOCKS, -3));
    assertCdb("91 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00", SscCommands.space16(SpaceCode.END_OF_DATA, 0));
    assertRejected("SPACE(16): spacing to end of data", () -> SscCommands.space16(SpaceCode.END_OF_DATA, 9));
  }

  @Test
  void locate10() {
    assertCdb("2b 00 00 00 00 10 00 00 00 00", SscCommands.locate10(0x1000, 0, false, false, false));
    assertCdb("2b 07 00 ff ff ff ff 00 03 00", SscCommands.locate10(0xFFFF_FFFFL, 3, true, true, true));
    // Without CP the partition field stays zero.
    assertCdb("2b 01 00 00 00 00 01 00 00 00", SscCommands.locate10(1, 7, false, false, true));
    assertRejected("logical object identifier 4294967296", () -> SscCommands.locate10(1L << 32, 0, false, false, false));
    assertRejected("partition 256", () -> SscCommands.locate10(0, 256, true, false, false));
  }

  @Test
  void locate16() {
    // PBS's locate to a file: DEST_TYPE=001b, byte 1 = 08h.
    assertCdb(
        "92 08 00 00 00 00 00 00 00 00 00 2a 00 00 00 00",
        SscCommands.locate16(LocateDestination.LOGICAL_FILE, 42, 0, false, false, false));
    assertCdb(
        "92 03 01 01 01 02 03 04 05 06 07 08 00 00 00 00",
        SscCommands.locate16(LocateDestination.LOGICAL_OBJECT, 0x0102030405060708L, 1, true, true, true));
    assertCdb(
        "92 18 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
        SscCommands.locate16(LocateDestination.END_OF_DATA, 0, 0, false, false, false));
    assertRejected("end of data takes no identifier",
        () -> SscCommands.locate16(LocateDestination.END_OF_DATA, 5, 0, false, false, false));
    assertRejected("partition -1", () -> SscCommands.locate16(LocateDestination.LOGICAL_OBJECT, 0, -1, true, false, false));
  }

  @Test
  void readPosition() {
    ScsiCommand shortForm = SscCommands.readPosition(ReadPositionForm.SHORT);
    assertCdb("34 00 00 00 00 00 00 00 00 00", shortForm);
    assertEquals(20, shortForm.transferLength());
    ScsiCommand longForm = SscCommands.readPosition(ReadPositionForm.LONG);
    assertCdb("34 06 00 00 00 00 00 00 00 00", longForm);
    assertEquals(32, longForm.transferLength());
    assertEquals(Duration.ofSeconds(30), longForm.timeout());
    ScsiCommand ext = SscCommands.readPosition(ReadPositionForm.EXTENDED);
    assertCdb("34 08 00 00 00 00 00 00 20 00", ext);
    assertEquals(32, ext.transferLength());
  }

  @Test
  void rewindLoadEraseFormatPrevent() {
    assertCdb("01 00 00 00 00 00", SscCommands.rewind(false));
    assertCdb("01 01 00 00 00 00", SscCommands.rewind(true));
    assertCdb("1b 00 00 00 01 00", SscCommands.loadUnload(true, false, false, false, false));
    assertCdb("1b 00 00 00 00 00", SscCommands.loadUnload(false, false, false, false, false));
    assertCdb("1b 01 00 00 0f 00", SscCommands.loadUnload(true, true, true, true, true));
    assertCdb("1b 00 00 00 08 00", SscCommands.loadUnload(false, false, true, false, false));
    assertCdb("1b 00 00 00 04 00", SscCommands.loadUnload(false, false, false, true, false));
    assertCdb("1b 00 00 00 02 00", SscCommands.loadUnload(false, false, false, false, true));
    assertCdb("19 00 00 00 00 00", SscCommands.erase(false, false));
    assertCdb("19 01 00 00 00 00", SscCommands.erase(true, false));
    assertCdb("19 03 00 00 00 00", SscCommands.erase(true, true));
    assertCdb("19 02 00 00 00 00", SscCommands.erase(false, true));
    ScsiCommand format = SscCommands.formatMedium(0, false, false, 0);
    assertCdb("04 00 00 00 00 00", format);
    assertEquals(DataDirection.NONE, format.direction());
    assertCdb("04 01 00 00 00 00", SscCommands.formatMedium(0, false, true, 0));
    ScsiCommand withPage = SscCommands.formatMedium(2, true, true, 0x0110);
    assertCdb("04 03 02 01 10 00", withPage);
    assertEquals(DataDirection.TO_DEVICE, withPage.direction());
    assertEquals(0x0110, withPage.transferLength());
    assertRejected("format 16", () -> SscCommands.formatMedium(16, false, false, 0));
    assertRejected("transfer length 65536", () -> SscCommands.formatMedium(0, false, false, 0x10000));
    assertCdb("1e 00 00 00 01 00", SscCommands.preventAllowMediumRemoval(1));
    assertCdb("1e 00 00 00 00 00", SscCommands.preventAllowMediumRemoval(0));
    assertRejected("prevent 4", () -> SscCommands.preventAllowMediumRemoval(4));
  }

  @Test
  void reportDensitySupport() {
    ScsiCommand drive = SscCommands.reportDensitySupport(false, false, 8192);
    assertCdb("44 00 00 00 00 00 00 20 00 00", drive);
    assertEquals(8192, drive.transferLength());
    assertCdb("44 01 00 00 00 00 00 01 00 00", SscCommands.reportDensitySupport(true, false, 256));
    assertCdb("44 03 00 00 00 00 00 ff ff 00", SscCommands.reportDensitySupport(true, true, 0xFFFF));
    assertRejected("allocation length 3", () -> SscCommands.reportDensitySupport(false, false, 3));
  }

  @Test
  void allowOverwrite() {
    // Field layout as mhvtl's target decodes it: byte 2 low nibble, byte 3 partition, 4..11 identifier.
    ScsiCommand at = SscCommands.allowOverwrite(AllowOverwrite.CURRENT_POSITION, 1, 0x0102030405060708L);
    assertCdb("82 00 01 01 01 02 03 04 05 06 07 08 00 00 00 00", at);
    assertEquals(DataDirection.NONE, at.direction());
    assertEquals(0, at.transferLength());
    assertEquals(Duration.ofSeconds(30), at.timeout());
    assertCdb("82 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
        SscCommands.allowOverwrite(AllowOverwrite.DISABLED, 0, 0));
    assertCdb("82 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00",
        SscCommands.allowOverwrite(AllowOverwrite.FORMAT, 0, 0));
    assertCdb("82 00 01 ff ff ff ff ff ff ff ff ff 00 00 00 00",
        SscCommands.allowOverwrite(AllowOverwrite.CURRENT_POSITION, 255, -1L));
    assertRejected("partition 256", () -> SscCommands.allowOverwrite(AllowOverwrite.CURRENT_POSITION, 256, 0));
    assertRejected("FORMAT takes no position", () -> SscCommands.allowOverwrite(AllowOverwrite.FORMAT, 0, 7));
  }
}
