package dev.tapekit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Media set names against GNU date's strftime (C locale), the implementation PBS's names come from. */
class MediaSetNamesTest {
  private static final String ALL = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%k|%l|%m|%M|%p|%r|%R|%s|%S|%T"
      + "|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%Z|%%|%n|%t";
  private static final List<String> TIMES = List.of("2026-12-05T20:33:37Z", "2027-01-01T00:00:00Z",
      "2026-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2021-01-03T07:05:09Z", "2020-12-28T13:00:00Z",
      "2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Europe/Vienna", "America/New_York"})
  void everyConversionMatchesGnuDate(String zone) throws Exception {
    Path date = Path.of("/usr/bin/date");
    Assumptions.assumeTrue(Files.isExecutable(date), "GNU date (coreutils) is not at /usr/bin/date");
    for (String time : TIMES) {
      Instant t = Instant.parse(time);
      ProcessBuilder pb = new ProcessBuilder(date.toString(), "-d", "@" + t.getEpochSecond(), "+" + ALL);
      pb.environment().put("LC_ALL", "C");
      pb.environment().put("TZ", zone);
      Process p = pb.start();
      String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
      expected = expected.substring(0, expected.length() - 1); // date's own newline
      assertEquals(expected, MediaSetNames.format(ALL, t.atZone(ZoneId.of(zone)), new UUID(0, 0)),
          time + " in " + zone);
    }
  }

  @Test
  void pbsDefaultAndTheSetUuid() {
    UUID set = UUID.fromString("5d0c7a2e-1b4f-4e3a-9c6d-0f2e8b7a6c51");
    Instant t = Instant.parse("2026-12-05T08:03:07Z");
    assertEquals("Sat Dec  5 08:03:07 2026", MediaSetNames.format("%c", t.atZone(ZoneId.of("UTC")), set));
    assertEquals("daily-2026-12-05-" + set, MediaSetNames.format("daily-%F-%id%", t.atZone(ZoneId.of("UTC")), set));
  }

  @Test
  void unknownConversionsAreRefusedWithTheirPlace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaSetNames.check("set %Q"));
    assertTrue(e.getMessage().contains("%Q") && e.getMessage().contains("position 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MediaSetNames.check("50%"));
    assertThrows(IllegalArgumentException.class, () -> Pool.of("daily").withTemplate("%E"));
  }
}
