package dev.tapekit.sgio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsTest {
  @TempDir Path dir;

  @Test
  void textIsTrimmedOfPaddingNewlinesAndNuls() throws Exception {
    Files.write(dir.resolve("model"), "ULT3580-TD9     \n".getBytes());
    Files.write(dir.resolve("vendor"), new byte[] {'I', 'B', 'M', 0, 0, '\n'});
    assertEquals(Optional.of("ULT3580-TD9"), Sysfs.text(dir.resolve("model")));
    assertEquals(Optional.of("IBM"), Sysfs.text(dir.resolve("vendor")));
    assertEquals(Optional.empty(), Sysfs.text(dir.resolve("rev")));
    assertEquals(Optional.empty(), Sysfs.bytes(dir));
  }

  @Test
  void childrenAreFilteredAndInKernelOrder() throws Exception {
    for (String n : new String[] {"sg10", "sg2", "sg1", "nst0", "sgx", "sg100000000000000000000"}) {
      Files.createFile(dir.resolve(n));
    }
    assertEquals(List.of("sg1", "sg2", "sg10", "sg100000000000000000000"), Sysfs.children(dir, Sysfs.SG_NAME));
    assertEquals(List.of(), Sysfs.children(dir.resolve("absent"), Sysfs.SG_NAME));
    assertEquals(List.of(), Sysfs.children(dir.resolve("sg1"), Pattern.compile(".*")));
  }

  @Test
  void namePatterns() {
    List<String> tape = new ArrayList<>();
    for (String n : new String[] {"st0", "nst0", "st12a", "nst3l", "nst3m", "st1x", "sst0", "sch0"}) {
      if (Sysfs.TAPE_NAME.matcher(n).matches()) {
        tape.add(n);
      }
    }
    assertEquals(List.of("st0", "nst0", "st12a", "nst3l", "nst3m"), tape);
    assertEquals(true, Sysfs.CHANGER_NAME.matcher("sch12").matches());
    assertEquals(false, Sysfs.CHANGER_NAME.matcher("sch").matches());
  }
}
