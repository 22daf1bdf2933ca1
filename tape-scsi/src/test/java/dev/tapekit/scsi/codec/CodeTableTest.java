package dev.tapekit.scsi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeTableTest {
  enum Sample {
    HIGH(0x80),
    NEGATIVE(-1),
    ZERO(0),
    SEVEN(7);

    final int code;

    Sample(int code) {
      this.code = code;
    }
  }

  enum Clash {
    A(1),
    B(2),
    C(1);

    final int code;

    Clash(int code) {
      this.code = code;
    }
  }

  private final CodeTable<Sample> table = CodeTable.of(Sample.values(), s -> s.code);

  @Test
  void findsEveryConstantByItsCodeWhateverTheDeclarationOrder() {
    for (Sample s : Sample.values()) {
      assertEquals(Optional.of(s), table.find(s.code));
      assertEquals(s, table.getOrDefault(s.code, null));
    }
  }

  @Test
  void aCodeNoConstantHasIsEmptyOrTheFallback() {
    assertTrue(table.find(1).isEmpty());
    assertTrue(table.find(0x81).isEmpty());
    assertTrue(table.find(-2).isEmpty());
    assertEquals(Sample.ZERO, table.getOrDefault(6, Sample.ZERO));
  }

  @Test
  void twoConstantsWithOneCodeAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CodeTable.of(Clash.values(), c -> c.code));
    assertEquals("A and C share the code 1", e.getMessage());
  }
}
