package dev.tapekit.sgio.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScsiAddressTest {
  @Test
  void parsesAndPrintsHctl() {
    assertEquals(Optional.of(new ScsiAddress(2, 0, 1, 0)), ScsiAddress.parse("2:0:1:0"));
    assertEquals("12:3:45:281474976710656", ScsiAddress.parse("12:3:45:281474976710656").orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2:0:1", "2:0:1:0:0", "a:0:0:0", "2:0:0:-1", " 2:0:0:0", "target2:0:0",
      "9999999999:0:0:0", "0:0:0:99999999999999999999"})
  void rejectsWhatIsNotHctl(String text) {
    assertEquals(Optional.empty(), ScsiAddress.parse(text));
  }

  @Test
  void negativeComponentsAreInvalid() {
    assertThrows(IllegalArgumentException.class, () -> new ScsiAddress(0, -1, 0, 0));
  }
}
