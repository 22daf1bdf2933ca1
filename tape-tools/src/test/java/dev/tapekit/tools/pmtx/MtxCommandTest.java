package dev.tapekit.tools.pmtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** mtx's command-line grammar: commands take up to N following words that start with a digit. */
class MtxCommandTest {
  @Test
  void argumentsAreTakenGreedilyUpToTheCommandsMaximum() {
    assertEquals(List.of(new MtxCommand("load", List.of(3, 1)), new MtxCommand("unload", List.of()),
            new MtxCommand("status", List.of())),
        MtxCommand.parse(List.of("load", "3", "1", "unload", "status")));
    assertEquals(List.of(new MtxCommand("exchange", List.of(1, 2, 3))), MtxCommand.parse(List.of("exchange", "1", "2", "3")));
    assertEquals(List.of(new MtxCommand("eepos", List.of(2)), new MtxCommand("transfer", List.of(1, 2))),
        MtxCommand.parse(List.of("eepos", "2", "transfer", "1", "2")));
  }

  @Test
  void aWordThatIsNeitherArgumentNorCommandIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MtxCommand.parse(List.of("exchange", "1", "2", "3", "4")));
    assertEquals("unknown command '4'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MtxCommand.parse(List.of("load", "x")));
    assertThrows(IllegalArgumentException.class, () -> MtxCommand.parse(List.of("STATUS")));
    assertEquals(List.of(), MtxCommand.parse(List.of()));
  }

  @Test
  void numbersAreLeadingDigitsLikeAtoi() {
    assertEquals(OptionalInt.of(3), MtxCommand.number("3x"));
    assertEquals(OptionalInt.of(7), MtxCommand.number("007"));
    assertEquals(OptionalInt.empty(), MtxCommand.number("-1"));
    assertEquals(OptionalInt.empty(), MtxCommand.number(""));
    assertEquals(OptionalInt.of(123456789), MtxCommand.number("1234567890123"));
    assertEquals(OptionalInt.empty(), MtxCommand.number("\u0663"));
  }
}
