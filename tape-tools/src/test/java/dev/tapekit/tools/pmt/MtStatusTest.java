package dev.tapekit.tools.pmt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** mt-st's status text: bit values, order and names as mt.c prints them. */
class MtStatusTest {
  @Test
  void everyBitInMtOrder() {
    int all = MtStatus.CLN | MtStatus.IM_REP_EN | MtStatus.DR_OPEN | MtStatus.D_800 | MtStatus.D_1600 | MtStatus.D_6250
        | MtStatus.ONLINE | MtStatus.WR_PROT | MtStatus.EOD | MtStatus.SM | MtStatus.EOT | MtStatus.BOT | MtStatus.EOF;
    MtStatus s = new MtStatus(0, 0, 0, 0, 0x5e, all);
    assertEquals("""
        SCSI 2 tape drive:
        File number=0, block number=0, partition=0.
        Tape block size 0 bytes. Density code 0x5e (LTO-8).
        Soft error count since last status=0
        General status bits on (fde58000):
         EOF BOT EOT SM EOD WR_PROT ONLINE D_6250 D_1600 D_800 DR_OPEN IM_REP_EN CLN
        """, s.text());
  }

  @Test
  void bitValuesAreSts() {
    assertEquals(List.of("EOF"), new MtStatus(1, 0, 0, 0, 0, 0x80000000).bitNames());
    assertEquals(List.of("D_6250"), new MtStatus(1, 0, 0, 0, 0, 0x00800000).bitNames());
    assertEquals(List.of("D_1600"), new MtStatus(1, 0, 0, 0, 0, 0x00400000).bitNames());
    assertEquals(List.of("D_800"), new MtStatus(1, 0, 0, 0, 0, 0x00200000).bitNames());
    assertEquals(List.of("DR_OPEN", "IM_REP_EN"), new MtStatus(-1, -1, 0, 0, 0, 0x00050000).bitNames());
  }

  @Test
  void noBitsPrintsAnEmptyLine() {
    assertEquals("General status bits on (0):\n\n",
        new MtStatus(1, 5, 0, 512, 0x5e, 0).text().replaceFirst("(?s)^.*(General)", "$1"));
  }
}
