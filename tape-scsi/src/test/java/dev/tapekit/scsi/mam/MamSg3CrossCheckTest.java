package dev.tapekit.scsi.mam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.scsi.testing.Sg3Utils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Decodes one READ ATTRIBUTE reply with {@link AttributeList} and with {@code sg_read_attr --in}
 * (which takes {@code --in}, not {@code --inhex}) and compares the values of every attribute.
 */
class MamSg3CrossCheckTest {
  @Test
  void valuesMatchSgReadAttr() throws Exception {
    List<Attribute> attributes = List.of(
        new Attribute(0x0003, true, AttributeFormat.BINARY, bytes8(42)),
        new Attribute(0x0220, true, AttributeFormat.BINARY, bytes8(123_456)),
        new Attribute(0x0400, true, AttributeFormat.ASCII, "IBM     ".getBytes(StandardCharsets.US_ASCII)),
        new Attribute(0x0401, true, AttributeFormat.ASCII, "A0B1C2D3E4                      ".getBytes(StandardCharsets.US_ASCII)),
        new Attribute(0x0406, true, AttributeFormat.ASCII, "20230115".getBytes(StandardCharsets.US_ASCII)),
        new Attribute(0x0405, true, AttributeFormat.BINARY, new byte[] {0x5C}),
        new Attribute(0x0805, false, AttributeFormat.BINARY, new byte[] {0}));
    List<Attribute> written = new AttributeParameterList()
        .ascii(MamAttribute.APPLICATION_VENDOR, "tapekit")
        .text(MamAttribute.USER_MEDIUM_TEXT_LABEL, "weekly set 7")
        .attributes();
    List<Attribute> all = new ArrayList<>(attributes);
    all.addAll(written);
    byte[] reply = AttributeList.encode(all);
    AttributeList ours = AttributeList.parse(reply);
    String out = Sg3Utils.runOnHexFile(reply, "sg_read_attr", "--in={}");
    List<String> theirs = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  [^:\\n]+: (.*)$").matcher(out);
    while (m.find()) {
      String v = m.group(1).trim();
      // sg_read_attr prints density codes in hex
      theirs.add(v.matches("0x[0-9a-f]+") ? Long.toString(Long.parseLong(v.substring(2), 16)) : v);
    }
    List<String> mine = new ArrayList<>();
    for (Attribute a : ours.attributes()) {
      mine.add(a.displayValue());
    }
    assertEquals(mine, theirs, out);
  }

  private static byte[] bytes8(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
