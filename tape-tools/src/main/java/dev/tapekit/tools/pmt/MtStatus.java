package dev.tapekit.tools.pmt;

import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.SpaceResult;
import dev.tapekit.scsi.tape.TapeDrive;
import dev.tapekit.scsi.tape.TapePosition;
import java.io.IOException;
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
 * <p>File number is READ POSITION's file number; the block number within the file is the logical object
 * number minus that of the previous filemark, which is found by spacing back over one filemark, reading
 * the position and locating back (a short move; none in file 0 or right after a filemark). Without a
 * ready cartridge both are -1, as st prints them when it does not know. Status bits: BOT (beginning of
 * partition), EOT (past early warning), WR_PROT, ONLINE (ready), DR_OPEN (no cartridge), IM_REP_EN
 * (buffered mode), CLN (TapeAlert cleaning required/requested). EOF, EOD and SM are not shown: st derives
 * them from the last command it ran, which a new process has not seen. The soft error count is always 0.
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
  static final int DR_OPEN = 0x00040000;
  static final int IM_REP_EN = 0x00010000;
  static final int CLN = 0x00008000;

  private static final int[] ORDER = {EOF, BOT, EOT, SM, EOD, WR_PROT, ONLINE, DR_OPEN, IM_REP_EN, CLN};
  private static final String[] NAMES = {"EOF", "BOT", "EOT", "SM", "EOD", "WR_PROT", "ONLINE", "DR_OPEN", "IM_REP_EN", "CLN"};

  static MtStatus read(TapeDrive drive, DriveStatus status) throws IOException {
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
    if (status.settings().buffered()) {
      bits |= IM_REP_EN;
    }
    Set<TapeAlertFlag> alerts = status.alertFlags().orElse(Set.of());
    if (alerts.contains(TapeAlertFlag.CLEANING_REQUIRED) || alerts.contains(TapeAlertFlag.CLEANING_REQUESTED)) {
      bits |= CLN;
    }
    if (status.ready() && status.position().isPresent()) {
      TapePosition p = status.position().get();
      partition = p.partition();
      if (p.beginningOfPartition()) {
        bits |= BOT;
      }
      if (p.endOfPartition()) {
        bits |= EOT;
      }
      if (p.fileNumber().isPresent()) {
        file = p.fileNumber().getAsLong();
        block = blockInFile(drive, p, file);
      }
    }
    return new MtStatus(file, block, partition, status.settings().blockSize(), status.settings().densityCode(), bits);
  }

  private static long blockInFile(TapeDrive drive, TapePosition here, long file) throws IOException {
    long object = here.logicalObject();
    if (file == 0 || object == file) {
      return object - file;
    }
    SpaceResult back = drive.spaceFilemarks(-1);
    try {
      return back.completed() ? object - drive.position().logicalObject() - 1 : -1;
    } finally {
      drive.locate(object);
    }
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
