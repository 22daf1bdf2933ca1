package dev.tapekit.scsi.sense;

import dev.tapekit.scsi.testing.Seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Decodes a seeded corpus of generated sense buffers, one per named {@link AdditionalSense} plus
 * samples of each range family, with both this package and sg3_utils' {@code sg_decode_sense}, and
 * requires them to agree on format, current/deferred, sense key, ASC/ASCQ text, INFORMATION (and its
 * VALID bit), FILEMARK/EOM/ILI, FRU, command-specific information (descriptor format) and the
 * decoded sense-key specific field. This also checks the T10 table against sg3_utils' copy.
 *
 * <p>Deliberate differences, not compared: the sense key 0Ch (T10: reserved, sg3_utils: "Equal") is
 * not generated; for the range families sg3_utils prints the parameter as {@code [0x85]} where we
 * follow T10's {@code 85h}, so only the family and the parameter value are compared; sg3_utils 1.46
 * names three obsolete tape codes (20h/05h, 24h/02h, 24h/03h) that T10 lists only as "Obsolete" and
 * that we leave unnamed, so they are not generated; fixed-format sense with 00h/1Dh (ATA PASS THROUGH
 * INFORMATION AVAILABLE) carries ATA registers in its INFORMATION, COMMAND-SPECIFIC and flag bits
 * (SAT-4), which sg3_utils decodes as such and we leave to SAT-aware callers, so only its header and
 * ASC/ASCQ are compared.
 *
 * <p>Reproduce a failure with {@code -Dtests.seed=<seed>} as printed.
 */
class SenseDataSg3CrossCheckTest {
  private static final long SEED = Seeds.orDefault(0x5E45EL);
  private static final String TOOL = "sg_decode_sense";

  private static final Pattern HEADER =
      Pattern.compile("^(Fixed|Descriptor) format, (current|<<<deferred>>>); Sense key: (.*)$", Pattern.MULTILINE);
  private static final Pattern ADDITIONAL = Pattern.compile("^Additional sense: (.*)$", Pattern.MULTILINE);
  private static final Pattern FIXED_INFO = Pattern.compile("(Valid=0, )?Info fld=0x([0-9a-f]+) \\[");
  private static final Pattern DESC_INFO =
      Pattern.compile("Information: (Valid=0 \\(-> vendor specific\\) )?0x([0-9a-f]{16})");
  private static final Pattern DESC_COMMAND = Pattern.compile("Command specific: 0x([0-9a-f]{16})");
  private static final Pattern FRU = Pattern.compile("Field replaceable unit code: (0x[0-9a-f]+|\\d+)");
  private static final Pattern FIELD_POINTER =
      Pattern.compile("Error in (Command|Data parameters): byte (\\d+)( bit (\\d))?");
  private static final Pattern RETRY = Pattern.compile("Actual retry count: (0x[0-9a-f]+|\\d+)");
  private static final Pattern PROGRESS = Pattern.compile("Progress indication: ([\\d.]+)%");
  private static final Pattern SEGMENT =
      Pattern.compile("Relative to start of (segment descriptor|parameter list), byte (\\d+)( bit (\\d))?");
  private static final Pattern OVERFLOW = Pattern.compile("overflow flag is (\\d)");
  private static final Pattern RANGE_PARAMETER = Pattern.compile("(?:\\[0x|of 0x)([0-9a-f]+)\\]?$");

  @Test
  void sgDecodeSenseAgreesOnAGeneratedCorpus() throws Exception {
    Sg3Utils.requireTool(TOOL);
    Random rnd = new Random(SEED);
    List<AdditionalSense> pairs = new ArrayList<>(AdditionalSense.values());
    int[][] ranges = {{0x40, 0x80}, {0x40, 0xFF}, {0x4D, 0x00}, {0x4D, 0x7F}, {0x70, 0x01}, {0x70, 0xFF}};
    for (int[] r : ranges) {
      pairs.add(AdditionalSense.of(r[0], r[1]));
    }
    assertTrue(pairs.size() >= 200, "corpus too small: " + pairs.size());
    List<String> failures = new ArrayList<>();
    for (AdditionalSense pair : pairs) {
      byte[] sense = generate(rnd, pair);
      List<String> args = new ArrayList<>(List.of(TOOL));
      for (byte b : sense) {
        args.add(String.format("%02x", b & 0xFF));
      }
      String out = Sg3Utils.run(args);
      try {
        compare(SenseData.parse(sense), out);
      } catch (AssertionError e) {
        failures.add(e.getMessage() + "\n  sense: " + Hex.of(sense) + "\n  " + TOOL + ":\n" + out);
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + pairs.size() + " buffers disagree ("
          + Seeds.reproduceLine(getClass().getSimpleName(), SEED) + ")\n" + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
    }
  }

  /** A random sense buffer carrying {@code pair}: either format, with random key, INFORMATION, SKS, flags. */
  private static byte[] generate(Random rnd, AdditionalSense pair) {
    int key = rnd.nextInt(15);
    key = key == 0x0C ? 0x0F : key; // 0Ch is reserved; sg3_utils calls it "Equal"
    boolean deferred = rnd.nextInt(4) == 0;
    boolean valid = rnd.nextBoolean();
    int sks0 = (rnd.nextBoolean() ? 0x80 : 0) | rnd.nextInt(0x80);
    if (!rnd.nextBoolean()) {
      byte[] s = new byte[18];
      s[0] = (byte) ((valid ? 0x80 : 0) | (deferred ? 0x71 : 0x70));
      s[2] = (byte) ((rnd.nextInt(8) << 5) | key);
      Bytes.put32(s, 3, rnd.nextInt(3) == 0 ? rnd.nextInt(3) : rnd.nextInt());
      s[7] = 10;
      Bytes.put32(s, 8, rnd.nextInt());
      s[12] = (byte) pair.asc();
      s[13] = (byte) pair.ascq();
      s[14] = (byte) (rnd.nextBoolean() ? 0 : rnd.nextInt(256));
      s[15] = (byte) sks0;
      Bytes.put16(s, 16, rnd.nextInt(0x10000));
      return s;
    }
    ByteArrayOutputStream d = new ByteArrayOutputStream();
    d.writeBytes(new byte[] {(byte) (deferred ? 0x73 : 0x72), (byte) key, (byte) pair.asc(), (byte) pair.ascq(), 0, 0, 0, 0});
    if (rnd.nextBoolean()) {
      byte[] info = new byte[12];
      info[0] = 0x00;
      info[1] = 0x0A;
      info[2] = (byte) (valid ? 0x80 : 0);
      Bytes.put64(info, 4, rnd.nextInt(3) == 0 ? -rnd.nextInt(0x10000) : rnd.nextLong());
      d.writeBytes(info);
    }
    if (rnd.nextBoolean()) {
      byte[] cmd = new byte[12];
      cmd[0] = 0x01;
      cmd[1] = 0x0A;
      Bytes.put64(cmd, 4, rnd.nextLong());
      d.writeBytes(cmd);
    }
    if (rnd.nextBoolean()) {
      byte[] sks = {0x02, 0x06, 0, 0, (byte) sks0, 0, 0, 0};
      Bytes.put16(sks, 5, rnd.nextInt(0x10000));
      d.writeBytes(sks);
    }
    if (rnd.nextBoolean()) {
      d.writeBytes(new byte[] {0x03, 0x02, 0, (byte) (1 + rnd.nextInt(255))});
    }
    switch (rnd.nextInt(3)) {
      case 0:
        d.writeBytes(new byte[] {0x04, 0x02, 0, (byte) (rnd.nextInt(8) << 5)});
        break;
      case 1:
        d.writeBytes(new byte[] {0x05, 0x02, 0, (byte) (rnd.nextBoolean() ? 0x20 : 0)});
        break;
      default:
        break;
    }
    byte[] s = d.toByteArray();
    s[7] = (byte) (s.length - 8);
    return s;
  }

  private static void compare(SenseData ours, String out) {
    Matcher h = HEADER.matcher(out);
    assertTrue(h.find(), "no header line");
    assertEquals(ours.isDescriptorFormat() ? "Descriptor" : "Fixed", h.group(1), "format");
    assertEquals(ours.isDeferred(), h.group(2).equals("<<<deferred>>>"), "deferred");
    assertTrue(
        h.group(3).toLowerCase(Locale.ROOT).startsWith(ours.key().text().toLowerCase(Locale.ROOT)),
        "sense key " + ours.key() + " vs " + h.group(3));

    Matcher a = ADDITIONAL.matcher(out);
    assertTrue(a.find(), "no additional sense line");
    String theirs = a.group(1).trim();
    AdditionalSense as = ours.additionalSense();
    if (as.codeRange().isPresent()) {
      Matcher p = RANGE_PARAMETER.matcher(theirs);
      assertTrue(p.find(), "range parameter in " + theirs);
      assertEquals(as.ascq(), Integer.parseInt(p.group(1), 16), "range parameter");
      String family = as.description().split(" ")[0] + " " + as.description().split(" ")[1];
      assertTrue(theirs.toLowerCase(Locale.ROOT).startsWith(family.toLowerCase(Locale.ROOT)), "range " + theirs);
    } else {
      assertTrue(as.isKnown(), "corpus pair not named: " + as);
      assertTrue(theirs.equalsIgnoreCase(as.description()), "ASC/ASCQ text: ours '" + as.description() + "' vs '" + theirs + "'");
    }

    if (!ours.isDescriptorFormat() && as.equals(AdditionalSense.ATA_PASS_THROUGH_INFORMATION_AVAILABLE)) {
      return; // SAT reuses the fixed-format fields for ATA registers; sg3_utils decodes those instead
    }
    // Everything below the additional sense line, so ASC text cannot match a flag or field.
    String rest = out.substring(a.end());
    compareInformation(ours, rest);
    compareFlags(ours, rest);
    Matcher fru = FRU.matcher(rest);
    assertEquals(ours.fieldReplaceableUnit() != 0, fru.find(), "FRU present");
    if (ours.fieldReplaceableUnit() != 0) {
      assertEquals(ours.fieldReplaceableUnit(), parseNumber(fru.group(1)), "FRU");
    }
    if (ours.isDescriptorFormat()) {
      Matcher c = DESC_COMMAND.matcher(rest);
      assertEquals(ours.commandSpecificInformation().isPresent(), c.find(), "command-specific present");
      if (ours.commandSpecificInformation().isPresent()) {
        assertEquals(Long.parseUnsignedLong(c.group(1), 16), ours.commandSpecificInformation().getAsLong(), "CSI");
      }
    }
    compareSenseKeySpecific(ours, rest);
  }

  private static void compareInformation(SenseData ours, String rest) {
    Matcher m = (ours.isDescriptorFormat() ? DESC_INFO : FIXED_INFO).matcher(rest);
    boolean printedValid = m.find() && m.group(1) == null;
    assertEquals(printedValid, ours.information().isPresent(), "INFORMATION valid");
    if (printedValid) {
      assertEquals(Long.parseUnsignedLong(m.group(2), 16), ours.information().getAsLong(), "INFORMATION");
    }
  }

  private static void compareFlags(SenseData ours, String rest) {
    boolean filemark;
    boolean eom;
    boolean ili;
    if (ours.isDescriptorFormat()) {
      String stream = line(rest, "Stream commands:");
      String block = line(rest, "Block commands:");
      filemark = stream.contains("FILEMARK");
      eom = stream.contains("(EOM)");
      ili = stream.contains("(ILI)") || block.contains("(ILI) set");
    } else {
      filemark = rest.matches("(?s).*\\bFMK\\b.*");
      eom = rest.matches("(?s).*\\bEOM\\b.*");
      ili = rest.matches("(?s).*\\bILI\\b.*");
    }
    assertEquals(filemark, ours.filemark(), "FILEMARK");
    assertEquals(eom, ours.eom(), "EOM");
    assertEquals(ili, ours.ili(), "ILI");
  }

  private static void compareSenseKeySpecific(SenseData ours, String rest) {
    // sg3_utils decodes a sense key specific descriptor even with SKSV clear; so do we, on request.
    Optional<SenseKeySpecific> sks =
        ours.isDescriptorFormat()
            ? ours.senseDescriptors().stream()
                .filter(SenseDescriptor.SenseKeySpecificField.class::isInstance)
                .map(d -> ((SenseDescriptor.SenseKeySpecificField) d).decode(ours.key()))
                .findFirst()
            : ours.senseKeySpecific();
    Matcher fp = FIELD_POINTER.matcher(rest);
    Matcher retry = RETRY.matcher(rest);
    Matcher progress = PROGRESS.matcher(rest);
    Matcher segment = SEGMENT.matcher(rest);
    Matcher overflow = OVERFLOW.matcher(rest);
    SenseKeySpecific k = sks.orElse(null);
    assertEquals(k instanceof SenseData.FieldPointer, fp.find(), "field pointer present");
    assertEquals(k instanceof SenseKeySpecific.ActualRetryCount, retry.find(), "retry count present");
    assertEquals(k instanceof SenseKeySpecific.ProgressIndication, progress.find(), "progress present");
    assertEquals(k instanceof SenseKeySpecific.SegmentPointer, segment.find(), "segment pointer present");
    assertEquals(k instanceof SenseKeySpecific.UnitAttentionQueueOverflow, overflow.find(), "UA overflow present");
    if (k instanceof SenseData.FieldPointer p) {
      assertEquals(p.inCdb(), fp.group(1).equals("Command"), "C/D");
      assertEquals(p.byteOffset(), Integer.parseInt(fp.group(2)), "field pointer byte");
      assertEquals(p.bit().isPresent() ? String.valueOf(p.bit().getAsInt()) : null, fp.group(4), "bit pointer");
    } else if (k instanceof SenseKeySpecific.ActualRetryCount r) {
      assertEquals(r.count(), parseNumber(retry.group(1)), "retry count");
    } else if (k instanceof SenseKeySpecific.ProgressIndication p) {
      // sg3_utils truncates to two decimals.
      double theirs = Double.parseDouble(progress.group(1));
      assertTrue(p.percent() - theirs >= 0 && p.percent() - theirs < 0.011, "progress " + p.percent() + " vs " + theirs);
    } else if (k instanceof SenseKeySpecific.SegmentPointer s) {
      assertEquals(s.inSegmentDescriptor(), segment.group(1).equals("segment descriptor"), "SD");
      assertEquals(s.byteOffset(), Integer.parseInt(segment.group(2)), "segment byte");
      assertEquals(s.bit().isPresent() ? String.valueOf(s.bit().getAsInt()) : null, segment.group(4), "segment bit");
    } else if (k instanceof SenseKeySpecific.UnitAttentionQueueOverflow u) {
      assertEquals(u.overflow() ? "1" : "0", overflow.group(1), "overflow");
    }
  }

  private static String line(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.contains(prefix)) {
        return l;
      }
    }
    return "";
  }

  private static int parseNumber(String s) {
    return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
  }
}
