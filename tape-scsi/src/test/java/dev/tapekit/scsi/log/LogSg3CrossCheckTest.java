package dev.tapekit.scsi.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.scsi.testing.Hex;
import dev.tapekit.scsi.testing.Sg3Utils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Feeds the same page bytes to our decoders and to {@code sg_logs --inhex --pdt=1} (tape device
 * type, so pages 0Ch/11h/... get their SSC meaning) and compares the values both print.
 */
class LogSg3CrossCheckTest {
  private static String sgLogs(byte[] page) throws Exception {
    return Sg3Utils.runInhex("sg_logs", page, "--pdt=1", "-v");
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static long number(String text, String label) {
    Matcher m = Pattern.compile(Pattern.quote(label) + ":\\s+(\\d+)").matcher(text);
    assertTrue(m.find(), label + " not in sg_logs output:\n" + text);
    return Long.parseLong(m.group(1));
  }

  @Test
  void supportedPagesAndSubpages() throws Exception {
    byte[] page = Hex.bytes("40 ff 000a 0000 00ff 0c00 1700 1701");
    SupportedLogPages ours = SupportedLogPages.parse(page);
    String out = sgLogs(page);
    List<String> theirs = all(Pattern.compile("(?m)^\\s+(0x[0-9a-f]{2}(?:,0x[0-9a-f]{2})?)\\s"), out);
    List<String> mine = new ArrayList<>();
    for (SupportedLogPages.Entry e : ours.pages()) {
      mine.add(e.subpageCode() == 0
          ? String.format("0x%02x", e.pageCode())
          : String.format("0x%02x,0x%02x", e.pageCode(), e.subpageCode()));
    }
    assertEquals(mine, theirs, out);
  }

  @Test
  void sequentialAccessDevice() throws Exception {
    byte[] page = LogPage.encode(SequentialAccessDevicePage.PAGE_CODE, 0, List.of(
        LogParameter.counter(0x0000, 8, 5_000_000_000L),
        LogParameter.counter(0x0001, 8, 2_500_000_000L),
        LogParameter.counter(0x0002, 8, 1_000_000_000L),
        LogParameter.counter(0x0003, 8, 2_000_000_000L),
        LogParameter.counter(0x0004, 4, 1234),
        LogParameter.counter(0x0100, 8, 1)));
    SequentialAccessDevicePage ours = SequentialAccessDevicePage.parse(page);
    String out = sgLogs(page);
    List<String> bytes = all(Pattern.compile("\\[(\\d+) bytes\\]"), out);
    assertEquals(List.of(
        Long.toString(ours.bytesReceivedFromHost().getAsLong()),
        Long.toString(ours.bytesWrittenToMedium().getAsLong()),
        Long.toString(ours.bytesReadFromMedium().getAsLong()),
        Long.toString(ours.bytesTransferredToHost().getAsLong())), bytes, out);
    assertEquals(ours.nativeCapacityBopToEodMegabytes().getAsLong(), number(out, "Native capacity from BOP to EOD"));
    assertTrue(ours.cleaningRequired());
    assertTrue(out.contains("Cleaning action required"), out);
  }

  @Test
  void dtDeviceStatusBits() throws Exception {
    for (String vhf : new String[] {"b5 37 06 a5", "4a c8 0b 5a", "01 00 0e 00"}) {
      byte[] page = LogPage.encode(DtDeviceStatusPage.PAGE_CODE, 0,
          List.of(LogParameter.binary(0x0000, Hex.bytes(vhf))));
      DtDeviceStatusPage.VhfData v = DtDeviceStatusPage.parse(page).vhf().orElseThrow();
      String out = sgLogs(page);
      Map<String, Integer> bits = new HashMap<>();
      Matcher m = Pattern.compile("([A-Z]+)=([01])").matcher(out);
      while (m.find()) {
        bits.put(m.group(1), Integer.parseInt(m.group(2)));
      }
      Map<String, Boolean> mine = new HashMap<>();
      mine.put("PAMR", v.pamr());
      mine.put("HUI", v.hui());
      mine.put("MACC", v.macc());
      mine.put("CMPR", v.cmpr());
      mine.put("WRTP", v.wrtp());
      mine.put("CRQST", v.crqst());
      mine.put("CRQRD", v.crqrd());
      mine.put("DINIT", v.dinit());
      mine.put("INXTN", v.inxtn());
      mine.put("RAA", v.raa());
      mine.put("MPRSNT", v.mprsnt());
      mine.put("MSTD", v.mstd());
      mine.put("MTHRD", v.mthrd());
      mine.put("MOUNTED", v.mounted());
      mine.put("VS", v.vs());
      mine.put("TDDEC", v.tddec());
      mine.put("EPP", v.epp());
      mine.put("ESR", v.esr());
      mine.put("RRQST", v.rrqst());
      mine.put("INTFC", v.intfc());
      mine.put("TAFC", v.tafc());
      for (Map.Entry<String, Boolean> e : mine.entrySet()) {
        assertEquals(e.getValue() ? 1 : 0, bits.get(e.getKey()), e.getKey() + " for " + vhf + ":\n" + out);
      }
      assertTrue(out.contains("DT device activity: " + v.activity().description()), out);
    }
  }

  @Test
  void tapeAlertResponseBitOrder() throws Exception {
    Set<TapeAlertFlag> flags = EnumSet.of(TapeAlertFlag.READ_WARNING, TapeAlertFlag.MEDIA,
        TapeAlertFlag.CLEANING_REQUIRED, TapeAlertFlag.LOST_STATISTICS, TapeAlertFlag.RESERVED_40);
    byte[] page = TapeAlertResponsePage.encode(flags);
    TapeAlertResponsePage ours = TapeAlertResponsePage.parse(page);
    String out = sgLogs(page);
    Matcher m = Pattern.compile("([0-9A-F]{2})h: ([01])").matcher(out);
    Set<TapeAlertFlag> theirs = EnumSet.noneOf(TapeAlertFlag.class);
    int seen = 0;
    while (m.find()) {
      seen++;
      if (m.group(2).equals("1")) {
        theirs.add(TapeAlertFlag.of(Integer.parseInt(m.group(1), 16)));
      }
    }
    assertEquals(64, seen, out);
    assertEquals(ours.flags(), theirs, out);
    assertEquals(flags, theirs);
  }

  @Test
  void tapeAlertPageNamesAndFlags() throws Exception {
    Set<TapeAlertFlag> active = EnumSet.of(TapeAlertFlag.MEDIA, TapeAlertFlag.CLEANING_REQUIRED,
        TapeAlertFlag.WORM_OVERWRITE_ATTEMPTED, TapeAlertFlag.RESERVED_40);
    byte[] page = TapeAlertPage.encode(active);
    TapeAlertPage ours = TapeAlertPage.parse(page);
    String out = Sg3Utils.runInhex("sg_logs", page, "--pdt=1");
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.matches("\\s+.*\\b[01]\\s*$")) {
        lines.add(line.trim());
      }
    }
    assertEquals(64, lines.size(), out);
    for (TapeAlertFlag f : TapeAlertFlag.values()) {
      String line = lines.get(f.number() - 1);
      assertEquals(ours.active().contains(f), line.endsWith("1"), f + " vs " + line);
      boolean namedAlike = !f.isObsoleteOrReserved() && (f.number() <= 0x27 || (f.number() >= 0x32 && f.number() <= 0x3C));
      if (namedAlike) {
        assertTrue(line.startsWith(f.t10Name() + ":"), f + " vs " + line);
      }
    }
  }

  @Test
  void volumeStatistics() throws Exception {
    byte[] partitions = Hex.bytes("07 00 0000 0112a880 07 00 0001 000003e8");
    byte[] page = LogPage.encode(VolumeStatisticsPage.PAGE_CODE, 0, List.of(
        LogParameter.binary(0x0000, new byte[] {1}),
        LogParameter.counter(0x0001, 4, 42),
        LogParameter.counter(0x000E, 4, 1500),
        LogParameter.counter(0x0010, 8, 987654),
        LogParameter.counter(0x0012, 2, 200),
        new LogParameter(0x0040, 0x01, "ABC123L9".getBytes(StandardCharsets.US_ASCII)),
        LogParameter.counter(0x0101, 4, 120),
        LogParameter.counter(0x0102, 4, 80),
        LogParameter.binary(0x0202, partitions)));
    VolumeStatisticsPage ours = VolumeStatisticsPage.parse(page);
    String out = sgLogs(page);
    assertEquals(ours.pageValid() ? 1 : 0, number(out, "Page valid"));
    for (VolumeStatistic s : new VolumeStatistic[] {VolumeStatistic.THREAD_COUNT,
        VolumeStatistic.LAST_MOUNT_MEGABYTES_WRITTEN, VolumeStatistic.LIFETIME_MEGABYTES_WRITTEN,
        VolumeStatistic.LAST_LOAD_WRITE_COMPRESSION_RATIO, VolumeStatistic.BEGINNING_OF_MEDIUM_PASSES}) {
      assertEquals(ours.value(s).getAsLong(), number(out, s.t10Name()), s.toString());
    }
    assertTrue(out.contains("Volume serial number: " + ours.text(VolumeStatistic.VOLUME_SERIAL_NUMBER).orElseThrow()), out);
    List<String> records = all(Pattern.compile("partition number: (\\d+, partition record data counter: \\d+)"), out);
    List<String> mine = new ArrayList<>();
    for (VolumeStatisticsPage.PartitionRecord r : ours.partitions(VolumeStatistic.NATIVE_CAPACITY_PARTITIONS)) {
      mine.add(r.partition() + ", partition record data counter: " + r.value());
    }
    assertEquals(mine, records, out);
  }
}
