package dev.tapekit.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdditionalSenseTableTest {
  /** The data file the constants are generated from (tests run in the module directory). */
  private static final Path TABLE = Path.of("src/tables/asc-ascq.txt");

  private static final Pattern ROW =
      Pattern.compile("([0-9A-F]{2}) ([0-9A-F]{2}|NN) +([DZTPROMAEBKVF]+) +(\\S.*)");

  record Row(String asc, String ascq, String devices, String text) {}

  static List<Row> table() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = ROW.matcher(line);
      assertTrue(m.matches(), "unparsable row: " + line);
      rows.add(new Row(m.group(1), m.group(2), m.group(3), m.group(4)));
    }
    return rows;
  }

  static Map<String, AdditionalSense> constants() throws IllegalAccessException {
    Map<String, AdditionalSense> out = new HashMap<>();
    for (Field f : AdditionalSense.class.getFields()) {
      int mod = f.getModifiers();
      if (f.getType() == AdditionalSense.class && Modifier.isStatic(mod) && Modifier.isFinal(mod)) {
        out.put(f.getName(), (AdditionalSense) f.get(null));
      }
    }
    return out;
  }

  @Test
  void everyTableRowIsAConstantWithItsMechanicalNameAndT10Text() throws Exception {
    Map<String, AdditionalSense> constants = constants();
    int named = 0;
    for (Row r : table()) {
      assertTrue(r.devices().contains("T") || r.devices().contains("M"), "row not for tape/changer: " + r);
      if (r.ascq().equals("NN")) {
        continue;
      }
      named++;
      String name = r.text().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
      AdditionalSense s = constants.get(name);
      assertNotNull(s, "no constant " + name + " for " + r);
      assertEquals(Integer.parseInt(r.asc(), 16), s.asc(), name);
      assertEquals(Integer.parseInt(r.ascq(), 16), s.ascq(), name);
      assertTrue(r.text().equalsIgnoreCase(s.description()), name + ": " + s.description() + " vs T10 " + r.text());
      assertTrue(s.isKnown());
      assertSame(s, AdditionalSense.of(s.asc(), s.ascq()));
    }
    assertEquals(named, constants.size(), "constants not in the table");
    assertTrue(named > 400, "table has only " + named + " named pairs");
  }

  @Test
  void noDuplicateCodesOrNames() throws Exception {
    Map<String, AdditionalSense> constants = constants();
    Set<AdditionalSense> codes = new HashSet<>(constants.values());
    assertEquals(constants.size(), codes.size(), "two constants share an ASC/ASCQ");
    Set<String> texts = new HashSet<>();
    for (AdditionalSense s : constants.values()) {
      assertTrue(texts.add(s.description().toLowerCase(Locale.ROOT)), "duplicate text " + s);
    }
    assertEquals(codes.size(), AdditionalSense.values().size());
    for (int i = 1; i < AdditionalSense.values().size(); i++) {
      assertTrue(AdditionalSense.values().get(i - 1).hashCode() < AdditionalSense.values().get(i).hashCode());
    }
  }

  @ParameterizedTest(name = "{0}/{1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "00|00|No additional sense information",
        "00|01|Filemark detected",
        "00|02|End-of-partition/medium detected",
        "00|04|Beginning-of-partition/medium detected",
        "00|05|End-of-data detected",
        "00|07|Programmable early warning detected",
        "00|17|Cleaning requested",
        "00|18|Erase operation in progress",
        "00|1A|Rewind operation in progress",
        "03|02|Excessive write errors",
        "04|01|Logical unit is in process of becoming ready",
        "04|12|Logical unit not ready, offline",
        "04|15|Logical unit not ready, robotics disabled",
        "04|18|Logical unit not ready, a door is open",
        "08|03|Logical unit communication CRC error (ultra-DMA/32)",
        "0B|01|Warning - specified temperature exceeded",
        "0C|00|Write error",
        "11|00|Unrecovered read error",
        "11|08|Incomplete block read",
        "14|02|Filemark or setmark not found",
        "14|03|End-of-data not found",
        "15|01|Mechanical positioning error",
        "20|00|Invalid command operation code",
        "21|01|Invalid element address",
        "24|00|Invalid field in CDB",
        "26|10|Data decryption key fail limit reached",
        "27|00|Write protected",
        "28|01|Import or export element accessed",
        "29|00|Power on, reset, or bus device reset occurred",
        "2A|01|Mode parameters changed",
        "30|00|Incompatible medium installed",
        "30|03|Cleaning cartridge installed",
        "30|0C|WORM medium - overwrite attempted",
        "3A|00|Medium not present",
        "3A|02|Medium not present - tray open",
        "3B|0D|Medium destination element full",
        "3B|0E|Medium source element empty",
        "3B|11|Medium magazine not accessible",
        "3F|03|Inquiry data has changed",
        "3F|0E|Reported LUNs data has changed",
        "44|00|Internal target failure",
        "47|02|SCSI parity error detected during ST data phase",
        "50|00|Write append error",
        "51|00|Erase failure",
        "52|00|Cartridge fault",
        "53|02|Medium removal prevented",
        "53|09|Data transfer device error - load failed",
        "5D|00|Failure prediction threshold exceeded",
        "74|01|Unable to decrypt data",
        "74|08|Digital signature validation failure",
        "71|00|Decompression exception long algorithm ID",
        "3F|12|iSCSI IP address added",
      })
  void spotChecks(String asc, String ascq, String text) {
    AdditionalSense s = AdditionalSense.of(Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16));
    assertTrue(s.isKnown(), s.toString());
    assertEquals(text, s.description());
  }

  @Test
  void rangeFamiliesAreDescribedWithTheirParameter() {
    AdditionalSense diag = AdditionalSense.of(0x40, 0x85);
    assertFalse(diag.isKnown());
    assertEquals(Optional.of(AdditionalSense.CodeRange.DIAGNOSTIC_FAILURE_ON_COMPONENT), diag.codeRange());
    assertEquals("Diagnostic failure on component 85h", diag.description());
    assertFalse(diag.isVendorSpecific());
    // 40h/00h-7Fh are not in the family (40h/00h is the obsolete disk-only RAM FAILURE).
    assertEquals(Optional.empty(), AdditionalSense.of(0x40, 0x7F).codeRange());
    assertEquals(
        "Tagged overlapped commands (task tag 00h)", AdditionalSense.of(0x4D, 0x00).description());
    assertEquals(
        Optional.of(AdditionalSense.CodeRange.TAGGED_OVERLAPPED_COMMANDS), AdditionalSense.of(0x4D, 0xFF).codeRange());
    assertEquals(
        "Decompression exception short algorithm ID of 03h", AdditionalSense.of(0x70, 0x03).description());
    assertTrue(AdditionalSense.CodeRange.DECOMPRESSION_EXCEPTION_SHORT_ALGORITHM_ID.contains(0x70, 0xFE));
    assertEquals(0x80, AdditionalSense.CodeRange.DIAGNOSTIC_FAILURE_ON_COMPONENT.firstAscq());
    assertEquals(0x4D, AdditionalSense.CodeRange.TAGGED_OVERLAPPED_COMMANDS.asc());
  }

  @Test
  void unassignedAndVendorCodesStillDecode() {
    AdditionalSense vendorAsc = AdditionalSense.of(0x80, 0x01);
    assertTrue(vendorAsc.isVendorSpecific());
    assertEquals("Vendor specific ASC 0x80, ASCQ 0x01", vendorAsc.description());
    AdditionalSense vendorAscq = AdditionalSense.of(0x3A, 0x90);
    assertTrue(vendorAscq.isVendorSpecific());
    assertEquals("ASC 0x3a, vendor specific qualifier 0x90", vendorAscq.description());
    AdditionalSense unknown = AdditionalSense.of(0x7F, 0x7F);
    assertFalse(unknown.isKnown());
    assertFalse(unknown.isVendorSpecific());
    assertEquals("Unknown ASC 0x7f, ASCQ 0x7f", unknown.description());
    // Only the low 8 bits count, so a sign-extended byte finds the constant.
    assertSame(AdditionalSense.MEDIUM_NOT_PRESENT, AdditionalSense.of((byte) 0x3A, 0x100));
    assertEquals(AdditionalSense.of(0x7F, 0x7F), unknown);
    assertEquals("Medium not present (ASC/ASCQ 3a/00)", AdditionalSense.MEDIUM_NOT_PRESENT.toString());
    assertFalse(AdditionalSense.MEDIUM_NOT_PRESENT.isVendorSpecific());
    assertEquals(Optional.empty(), AdditionalSense.MEDIUM_NOT_PRESENT.codeRange());
  }
}
