import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regenerates the named constants of AdditionalSense.java from asc-ascq.txt. Run from the repository
 * root with {@code java tape-scsi/src/tables/GenerateAdditionalSense.java}; it rewrites the region
 * between the BEGIN/END GENERATED markers and nothing else.
 *
 * <p>Names are derived mechanically: the T10 text upper-cased, every run of characters other than
 * letters and digits replaced by one underscore. Descriptions are the T10 text in sentence case with
 * acronyms kept upper case (see ACRONYMS).
 */
public final class GenerateAdditionalSense {
  static final Path TABLE = Path.of("tape-scsi/src/tables/asc-ascq.txt");
  static final Path TARGET =
      Path.of("tape-scsi/src/main/java/dev/tapekit/scsi/sense/AdditionalSense.java");
  static final String BEGIN = "  // BEGIN GENERATED from asc-ascq.txt";
  static final String END = "  // END GENERATED";

  /** Words kept as spelled here instead of lower-cased. */
  static final Map<String, String> ACRONYMS =
      Map.ofEntries(
          Map.entry("ACK", "ACK"), Map.entry("ACL", "ACL"), Map.entry("ACS", "ACS"),
          Map.entry("ATA", "ATA"), Map.entry("CDB", "CDB"), Map.entry("CRC", "CRC"),
          Map.entry("DMA", "DMA"), Map.entry("ECRC", "ECRC"), Map.entry("I", "I"),
          Map.entry("O", "O"), Map.entry("I_T", "I_T"), Map.entry("ID", "ID"),
          Map.entry("IDLE_B", "IDLE_B"), Map.entry("IDLE_C", "IDLE_C"), Map.entry("IP", "IP"),
          Map.entry("ISCSI", "iSCSI"), Map.entry("IUCRC", "iuCRC"), Map.entry("LU", "LU"),
          Map.entry("LUN", "LUN"), Map.entry("LUNS", "LUNs"), Map.entry("LVD", "LVD"),
          Map.entry("NAK", "NAK"), Map.entry("PCIE", "PCIe"), Map.entry("PHY", "PHY"),
          Map.entry("ROD", "ROD"), Map.entry("SA", "SA"), Map.entry("SCSI", "SCSI"),
          Map.entry("ST", "ST"), Map.entry("STANDBY_Y", "STANDBY_Y"), Map.entry("TLP", "TLP"),
          Map.entry("WORM", "WORM"), Map.entry("XCDB", "XCDB"), Map.entry("EAN", "EAN"),
          Map.entry("UPC", "UPC"));

  private static final Pattern ROW =
      Pattern.compile("([0-9A-F]{2}) ([0-9A-F]{2}|NN) +([DZTPROMAEBKVF]+) +(\\S.*)");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");

  /** One row of the table. */
  record Row(int asc, int ascq, String devices, String t10Text) {
    String name() {
      return t10Text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
    }

    String description() {
      Matcher m = WORD.matcher(t10Text);
      StringBuilder sb = new StringBuilder();
      boolean startsWithAcronym = false;
      while (m.find()) {
        String w = m.group().toUpperCase(Locale.ROOT);
        String acronym = ACRONYMS.get(w);
        startsWithAcronym |= sb.length() == 0 && m.start() == 0 && acronym != null;
        m.appendReplacement(sb, Matcher.quoteReplacement(acronym != null ? acronym : w.toLowerCase(Locale.ROOT)));
      }
      m.appendTail(sb);
      return startsWithAcronym ? sb.toString() : Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
    }
  }

  /** The named rows of the table (range rows, ASCQ NN, are left out). */
  static List<Row> read(Path table) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("unparsable table row: " + line);
      }
      if (m.group(2).equals("NN")) {
        continue;
      }
      rows.add(new Row(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16), m.group(3), m.group(4)));
    }
    return rows;
  }

  public static void main(String[] args) throws IOException {
    List<Row> rows = read(TABLE);
    Set<String> names = new HashSet<>();
    StringBuilder out = new StringBuilder(BEGIN).append('\n');
    for (Row r : rows) {
      if (!names.add(r.name())) {
        throw new IllegalStateException("duplicate constant name " + r.name());
      }
      out.append(String.format("  /** %02Xh/%02Xh, device types %s. */%n", r.asc(), r.ascq(), r.devices()));
      String decl =
          String.format(
              "  public static final AdditionalSense %s = define(0x%02X, 0x%02X, \"%s\");",
              r.name(), r.asc(), r.ascq(), r.description());
      if (decl.length() > 100) {
        decl =
            String.format(
                "  public static final AdditionalSense %s =%n      define(0x%02X, 0x%02X, \"%s\");",
                r.name(), r.asc(), r.ascq(), r.description());
      }
      out.append(decl).append('\n');
    }
    out.append(END);
    String source = Files.readString(TARGET, StandardCharsets.UTF_8);
    int from = source.indexOf(BEGIN);
    int to = source.indexOf(END);
    if (from < 0 || to < from) {
      throw new IllegalStateException(TARGET + " lacks the generated-region markers");
    }
    Files.writeString(
        TARGET, source.substring(0, from) + out + source.substring(to + END.length()), StandardCharsets.UTF_8);
    System.out.println("wrote " + rows.size() + " constants to " + TARGET);
  }
}
