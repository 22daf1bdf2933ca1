package dev.tapekit.tools.pmt;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SCSI tape density codes and the formats they name, for {@code pmt status} ({@code Density code 0x5e
 * (LTO-8).}) and {@code pmt densities}. Codes are those of the block descriptor (SSC-5 and vendor
 * documentation); names are the usual product names. A code not listed prints as {@code no translation},
 * as mt does.
 */
final class Densities {
  private static final Map<Integer, String> NAMES = new TreeMap<>();

  static {
    String[] table = {
      "00", "default",
      "01", "NRZI 800 bpi", "02", "PE 1600 bpi", "03", "GCR 6250 bpi",
      "04", "QIC-11", "05", "QIC-24 / QIC-45/60", "06", "PE 3200 bpi", "07", "IMFM 6400 bpi",
      "08", "GCR 8000 bpi", "09", "GCR 37871 bpi", "0a", "MFM 6667 bpi", "0b", "PE 1600 bpi",
      "0c", "GCR 12960 bpi", "0d", "GCR 25380 bpi", "0f", "QIC-120", "10", "QIC-150/250",
      "11", "QIC-320/525", "12", "QIC-1350", "13", "DDS", "14", "Exabyte 8200", "15", "Exabyte 8500 / QIC-1000",
      "16", "MFM 10000 bpi", "17", "MFM 42500 bpi", "18", "TZ86", "19", "DLT 10 GB", "1a", "DLT 20 GB",
      "1b", "DLT 35 GB", "1c", "QIC-385M", "1d", "QIC-410M", "1e", "QIC-1000C", "1f", "QIC-2100C",
      "20", "QIC-6GB", "21", "QIC-20GB", "22", "QIC-2GB", "23", "QIC-875", "24", "DDS-2", "25", "DDS-3",
      "26", "DDS-4", "27", "Exabyte Mammoth", "28", "Exabyte Mammoth-2", "29", "IBM 3590 B", "2a", "IBM 3590 E",
      "30", "AIT-1", "31", "AIT-2", "32", "AIT-3", "33", "SLR6", "34", "SLR100",
      "40", "LTO-1", "41", "DLT 40 GB", "42", "LTO-2", "44", "LTO-3", "45", "QIC-3095-MC", "46", "LTO-4",
      "47", "DDS-5", "48", "SDLT220", "49", "SDLT320", "4a", "SDLT600 / T10000A", "4b", "T10000B",
      "4c", "T10000C", "4d", "T10000D",
      "51", "IBM 3592 J1A", "52", "IBM 3592 E05", "53", "IBM 3592 E06", "54", "IBM 3592 E07",
      "55", "IBM 3592 E08", "56", "IBM 3592 60F", "57", "IBM 3592 70F",
      "58", "LTO-5", "5a", "LTO-6", "5c", "LTO-7", "5d", "LTO-7 M8", "5e", "LTO-8", "60", "LTO-9",
      "71", "IBM 3592 J1A encrypted", "72", "IBM 3592 E05 encrypted", "73", "IBM 3592 E06 encrypted",
      "74", "IBM 3592 E07 encrypted", "75", "IBM 3592 E08 encrypted",
      "80", "DLT 15 GB", "81", "DLT 15 GB compressed", "82", "DLT 20 GB", "83", "DLT 20 GB compressed",
      "84", "DLT 35 GB", "85", "DLT 35 GB compressed", "86", "DLT1 40 GB", "87", "DLT1 40 GB compressed",
      "88", "DLT 40 GB", "89", "DLT 40 GB compressed", "8c", "Exabyte 8505 compressed",
      "90", "SDLT110", "91", "SDLT110 compressed", "92", "SDLT160", "93", "SDLT160 compressed"
    };
    for (int i = 0; i < table.length; i += 2) {
      NAMES.put(Integer.parseInt(table[i], 16), table[i + 1]);
    }
  }

  private Densities() {}

  static Optional<String> name(int code) {
    return Optional.ofNullable(NAMES.get(code));
  }

  /** The name, or mt's {@code no translation}. */
  static String describe(int code) {
    return name(code).orElse("no translation");
  }

  /** {@code pmt densities}: a header and two columns of code and name. */
  static String table() {
    StringBuilder sb = new StringBuilder("SCSI tape density codes:\n");
    Object[] entries = NAMES.entrySet().toArray();
    int half = (entries.length + 1) / 2;
    sb.append(String.format(Locale.ROOT, "%-6s %-28s %-6s %s%n", "code", "format", "code", "format"));
    for (int i = 0; i < half; i++) {
      sb.append(cell(entries[i], true));
      if (i + half < entries.length) {
        sb.append(' ').append(cell(entries[i + half], false));
      }
      sb.append('\n');
    }
    return sb.toString().replaceAll(" +\n", "\n");
  }

  private static String cell(Object entry, boolean pad) {
    @SuppressWarnings("unchecked")
    Map.Entry<Integer, String> e = (Map.Entry<Integer, String>) entry;
    return String.format(Locale.ROOT, pad ? "0x%02x   %-28s" : "0x%02x   %s", e.getKey(), e.getValue());
  }

  /** All codes and names, for JSON. */
  static Map<Integer, String> all() {
    return java.util.Collections.unmodifiableMap(NAMES);
  }
}
