package dev.tapekit.tools.pmt;

import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.TapePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code pmt status}: what mt-st 1.8's {@code mt status} prints for a SCSI drive, computed over SCSI
 * instead of the st driver's counters.
 *
 * <pre>
 * SCSI 2 tape drive:
 * File number=0, block number=0, partition=0.
 * Tape block size 0 bytes. Density code 0x5e (LTO-8).
 * Soft error count since last status=0
 * General status bits on (41010000):
 *  BOT ONLINE IM_REP_EN
 * </pre>
 *
 * <p>Taking it moves nothing: the position comes from READ POSITION alone (the long form, which has the
 * file number), never from spacing and locating back, which takes seconds to minutes on LTO and leaves
 * the tape elsewhere when the locate fails. Where the drive cannot say, the number is -1, as st prints
 * a position it does not know:
 *
 * <ul>
 *   <li>file number: the long form's logical file identifier; -1 when the drive answers only the short
 *       form (Linux scsi_debug), says the position or the file is unknown (LONU, MPU), is busy moving
 *       the tape, or contradicts itself (object 0 without BOP: Linux tgt answers object 0 wherever the
 *       tape is);
 *   <li>block number: blocks since the last filemark. READ POSITION counts objects (blocks and
 *       filemarks) from the beginning of the partition, so it is known in file 0 (the object number),
 *       at BOP, and right after a filemark with no block since (object number equal to the file number,
 *       0); elsewhere in a later file it is -1, as st says after {@code bsf}.
 * </ul>
 *
 * <p>Status bits, in mt's order and derived as the st driver derives them, with st's default options:
 *
 * <ul>
 *   <li>EOF, BOT: block number 0, in file 0 BOT, else EOF (st's rule, so neither when the block number
 *       is -1);
 *   <li>EOT: READ POSITION's EOP flag (between early warning and the end of the partition);
 *   <li>WR_PROT: the WP bit of the mode parameter header;
 *   <li>ONLINE: the drive is ready; DR_OPEN: no cartridge;
 *   <li>D_800, D_1600, D_6250: density codes 1, 2, 3 (never on LTO);
 *   <li>IM_REP_EN: st sets it when its async-writes option is on, when buffered writes are on in
 *       fixed-block mode, or when the mode header's buffered mode is not 0. Async writes are on by
 *       default ({@code ST_ASYNC_WRITES}), so mt shows it on every drive, with or without a cartridge;
 *       so does pmt;
 *   <li>CLN: TapeAlert cleaning required or requested.
 * </ul>
 *
 * SM (setmarks) and EOD are never shown: st sets EOD from the last command it ran in the same open
 * (spacing to or reading into end of data), and every pmt invocation is a new process that has not seen
 * one. The soft error count is st's count of recovered errors since the last status, which no SCSI
 * command reports (the error counter log pages 02h/03h count since power-on and are not decoded), so it
 * is always 0.
 *
 * @param file file number, -1 when unknown
 * @param block block number in the file, -1 when unknown
 * @param partition partition number
 * @param blockSize block size of the mode block descriptor (0 variable)
 * @param densityCode density code of the block descriptor
 * @param bits st's {@code mt_gstat} bits
 */
record MtStatus(long file, long block, long partition, int blockSize, int densityCode, int bits) {
  static final int EOF = 0x80000000;
  static final int BOT = 0x40000000;
  static final int EOT = 0x20000000;
  static final int SM = 0x10000000;
  static final int EOD = 0x08000000;
  static final int WR_PROT = 0x04000000;
  static final int ONLINE = 0x01000000;
  static final int D_6250 = 0x00800000;
  static final int D_1600 = 0x00400000;
  static final int D_800 = 0x00200000;
  static final int DR_OPEN = 0x00040000;
  static final int IM_REP_EN = 0x00010000;
  static final int CLN = 0x00008000;

  private static final int[] ORDER = {EOF, BOT, EOT, SM, EOD, WR_PROT, ONLINE, D_6250, D_1600, D_800, DR_OPEN, IM_REP_EN, CLN};
  private static final String[] NAMES = {
    "EOF", "BOT", "EOT", "SM", "EOD", "WR_PROT", "ONLINE", "D_6250", "D_1600", "D_800", "DR_OPEN", "IM_REP_EN", "CLN"
  };

  /** The status of a drive from its {@link DriveStatus} snapshot, which moves nothing on the tape. */
  static MtStatus of(DriveStatus status) {
    int bits = 0;
    long file = -1;
    long block = -1;
    long partition = 0;
    if (!status.mediumPresent()) {
      bits |= DR_OPEN;
    }
    if (status.ready()) {
      bits |= ONLINE;
    }
    if (status.mediumPresent() && status.settings().writeProtected()) {
      bits |= WR_PROT;
    }
    // st's async-writes option alone sets it, and st's default options have it on (ST_ASYNC_WRITES)
    bits |= IM_REP_EN;
    Set<TapeAlertFlag> alerts = status.alertFlags().orElse(Set.of());
    if (alerts.contains(TapeAlertFlag.CLEANING_REQUIRED) || alerts.contains(TapeAlertFlag.CLEANING_REQUESTED)) {
      bits |= CLN;
    }
    if (status.ready() && status.position().isPresent()) {
      TapePosition p = status.position().get();
      partition = p.partition();
      if (p.endOfPartition()) {
        bits |= EOT;
      }
      boolean contradictory = p.logicalObject() == 0 && !p.beginningOfPartition();
      if (p.beginningOfPartition() && p.logicalObject() == 0) {
        file = 0;
        block = 0;
      } else if (p.fileNumber().isPresent() && !contradictory) {
        file = p.fileNumber().getAsLong();
        block = blockInFile(p.logicalObject(), file);
      }
    }
    if (block == 0) {
      bits |= file == 0 ? BOT : EOF;
    }
    bits |= densityBit(status.settings().densityCode());
    return new MtStatus(file, block, partition, status.settings().blockSize(), status.settings().densityCode(), bits);
  }

  /**
   * Blocks since the last filemark, where READ POSITION's object count tells: in file 0 every object is
   * a block; an object count equal to the file number means every object so far was a filemark.
   */
  private static long blockInFile(long object, long file) {
    if (file == 0) {
      return object;
    }
    return object == file ? 0 : -1;
  }

  /** st's bits for the nine-track densities (codes 1, 2, 3). */
  private static int densityBit(int densityCode) {
    return switch (densityCode) {
      case 1 -> D_800;
      case 2 -> D_1600;
      case 3 -> D_6250;
      default -> 0;
    };
  }

  List<String> bitNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ORDER.length; i++) {
      if ((bits & ORDER[i]) != 0) {
        names.add(NAMES[i]);
      }
    }
    return names;
  }

  String text() {
    StringBuilder sb = new StringBuilder("SCSI 2 tape drive:\n");
    sb.append(String.format(Locale.ROOT, "File number=%d, block number=%d, partition=%d.%n", file, block, partition));
    sb.append(String.format(Locale.ROOT, "Tape block size %d bytes. Density code 0x%x (%s).%n", blockSize, densityCode,
        Densities.describe(densityCode)));
    sb.append("Soft error count since last status=0\n");
    sb.append(String.format(Locale.ROOT, "General status bits on (%x):%n", bits));
    for (String n : bitNames()) {
      sb.append(' ').append(n);
    }
    return sb.append('\n').toString();
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("block", block);
    m.put("partition", partition);
    m.put("blockSize", blockSize);
    m.put("densityCode", densityCode);
    m.put("density", Densities.name(densityCode));
    m.put("softErrors", 0);
    m.put("statusBits", bitNames());
    return m;
  }
}
