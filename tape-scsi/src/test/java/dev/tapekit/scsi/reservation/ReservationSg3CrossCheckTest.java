package dev.tapekit.scsi.reservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our CDBs and parameter lists against the ones sg_persist builds. With {@code -vv}, sg_persist
 * prints both before it sends them; pointed at a regular file, the send then fails and nothing
 * else happens. sg_persist (1.46) cannot decode a reply from a file, so the decoders are checked by
 * hand-made vectors only ({@link ReservationRepliesTest}).
 */
class ReservationSg3CrossCheckTest {
  private static final Pattern CDB = Pattern.compile("cdb: \\[([0-9a-f ]+)\\]");
  private static final Pattern PARAMETER_LINE = Pattern.compile("^ [0-9a-f]{2}  ((?: +[0-9a-f]{2})+)");

  @TempDir Path dir;

  /** sg_persist's CDB, then its parameter list when it printed one. */
  private List<String> sgPersist(String... options) throws Exception {
    Path fake = Files.createFile(dir.resolve("fake" + System.nanoTime()));
    List<String> cmd = new ArrayList<>(List.of("sg_persist", "-n", "-vv"));
    cmd.addAll(List.of(options));
    cmd.add(fake.toString());
    Sg3Utils.requireTool("sg_persist");
    String out = Sg3Utils.run(cmd);
    Matcher m = CDB.matcher(out);
    assertTrue(m.find(), out);
    List<String> result = new ArrayList<>(List.of(m.group(1).trim()));
    StringBuilder list = new StringBuilder();
    for (String line : out.split("\n")) {
      Matcher p = PARAMETER_LINE.matcher(line);
      if (p.find()) {
        list.append(' ').append(p.group(1).trim().replaceAll(" +", " "));
      }
    }
    if (list.length() > 0) {
      result.add(list.toString().trim());
    }
    return result;
  }

  @Test
  void reserveInCdbs() throws Exception {
    assertEquals(List.of(Hex.of(ReservationCommands.readKeys(8192).cdb())), sgPersist("-k"));
    assertEquals(List.of(Hex.of(ReservationCommands.readReservation(8192).cdb())), sgPersist("-r"));
    assertEquals(List.of(Hex.of(ReservationCommands.reportCapabilities(8192).cdb())), sgPersist("-c"));
  }

  @Test
  void reserveOutCdbsAndParameterLists() throws Exception {
    assertOut(sgPersist("-o", "-G", "-S", "1234"), ReserveOutAction.REGISTER, null, 0, 0x1234, false);
    assertOut(sgPersist("-o", "-G", "-K", "1234", "-S", "abcd", "-Z"), ReserveOutAction.REGISTER, null,
        0x1234, 0xabcd, true);
    assertOut(sgPersist("-o", "-R", "-K", "74617065", "-T", "3"), ReserveOutAction.RESERVE,
        ReservationType.EXCLUSIVE_ACCESS, 0x74617065L, 0, false);
    assertOut(sgPersist("-o", "-L", "-K", "1", "-T", "1"), ReserveOutAction.RELEASE,
        ReservationType.WRITE_EXCLUSIVE, 1, 0, false);
    assertOut(sgPersist("-o", "-C", "-K", "1"), ReserveOutAction.CLEAR, null, 1, 0, false);
    assertOut(sgPersist("-o", "-P", "-K", "1", "-S", "2", "-T", "6"), ReserveOutAction.PREEMPT,
        ReservationType.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY, 1, 2, false);
    assertOut(sgPersist("-o", "-A", "-K", "1", "-S", "ffffffffffffffff", "-T", "8"),
        ReserveOutAction.PREEMPT_AND_ABORT, ReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS, 1, -1L, false);
    assertOut(sgPersist("-o", "-I", "-S", "5"), ReserveOutAction.REGISTER_AND_IGNORE_EXISTING_KEY, null, 0, 5,
        false);
  }

  private static void assertOut(List<String> sg, ReserveOutAction action, ReservationType type, long key,
      long serviceActionKey, boolean aptpl) {
    assertEquals(List.of(Hex.of(ReservationCommands.reserveOut(action, type).cdb()),
        Hex.of(ReservationCommands.parameterList(key, serviceActionKey, aptpl))), sg, action.text());
  }
}
