package dev.tapekit.backup.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.log.DeviceActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a waiting load tells its user: calibration, when first seen and every ten minutes. */
class LoadProgressTest {
  @Test
  void calibrationIsReportedWhenSeenAndEveryTenMinutes() {
    List<String> lines = new ArrayList<>();
    LoadProgress p = new LoadProgress("E01001L8 in L700:0", lines::add);
    p.notReady(Duration.ZERO, Optional.of(DeviceActivity.LOADING));
    p.notReady(Duration.ofMinutes(1), Optional.empty());
    assertEquals(List.of(), lines, "loading, or an activity the drive does not report, is not news");
    for (int minute = 2; minute <= 13; minute++) {
      p.notReady(Duration.ofMinutes(minute), Optional.of(DeviceActivity.CALIBRATING));
    }
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("E01001L8 in L700:0: the drive is calibrating")
        && lines.get(0).endsWith("waited 2 min so far"), lines.get(0));
    assertTrue(lines.get(1).endsWith("waited 12 min so far"), lines.get(1));
  }
}
