package dev.tapekit.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Hex;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SenseCategoryTest {
  private static SenseCategory categoryOf(int key, int asc, int ascq, boolean descriptor) throws Exception {
    String hex =
        descriptor
            ? String.format("72 %02x %02x %02x 000000 00", key, asc, ascq)
            : String.format("70 00 %02x 00000000 0a 00000000 %02x %02x 00 000000", key, asc, ascq);
    return SenseData.parse(Hex.bytes(hex)).category();
  }

  @ParameterizedTest(name = "{0}/{1}/{2} -> {3}")
  @CsvSource({
    "0, 00, 01, NO_SENSE",
    "1, 17, 01, RECOVERED",
    "2, 04, 01, BECOMING_READY",
    "2, 04, 0B, STANDBY",
    "2, 04, 0C, UNAVAILABLE",
    "2, 3A, 00, NOT_READY",
    "2, 04, 03, NOT_READY",
    "3, 11, 00, MEDIUM_HARD",
    "4, 44, 00, MEDIUM_HARD",
    "5, 20, 00, INVALID_OPCODE",
    "5, 21, 00, LBA_OUT_OF_RANGE",
    "5, 10, 01, PROTECTION",
    "B, 10, 03, PROTECTION",
    "5, 24, 00, ILLEGAL_REQUEST",
    "5, 21, 01, ILLEGAL_REQUEST",
    "6, 28, 00, UNIT_ATTENTION",
    "7, 27, 00, DATA_PROTECT",
    "8, 00, 05, BLANK_CHECK",
    "A, 0D, 00, COPY_ABORTED",
    "B, 47, 00, ABORTED_COMMAND",
    "D, 00, 02, VOLUME_OVERFLOW",
    "E, 1D, 00, MISCOMPARE",
    "9, 80, 00, OTHER",
    "C, 00, 00, OTHER",
    "F, 00, 00, OTHER",
  })
  void categoriesFollowKeyAndAdditionalSense(String key, String asc, String ascq, SenseCategory expected)
      throws Exception {
    int k = Integer.parseInt(key, 16);
    int a = Integer.parseInt(asc, 16);
    int q = Integer.parseInt(ascq, 16);
    assertEquals(expected, categoryOf(k, a, q, false));
    assertEquals(expected, categoryOf(k, a, q, true));
  }

  @Test
  void retryableAndSuccessSets() {
    Set<SenseCategory> retryable = EnumSet.noneOf(SenseCategory.class);
    Set<SenseCategory> success = EnumSet.noneOf(SenseCategory.class);
    for (SenseCategory c : SenseCategory.values()) {
      if (c.isRetryable()) {
        retryable.add(c);
      }
      if (c.isSuccess()) {
        success.add(c);
      }
    }
    assertEquals(EnumSet.of(SenseCategory.BECOMING_READY, SenseCategory.UNIT_ATTENTION, SenseCategory.ABORTED_COMMAND), retryable);
    assertEquals(EnumSet.of(SenseCategory.NO_SENSE, SenseCategory.RECOVERED), success);
    assertFalse(SenseCategory.NOT_READY.isRetryable());
    assertTrue(SenseCategory.BECOMING_READY.isRetryable());
  }
}
