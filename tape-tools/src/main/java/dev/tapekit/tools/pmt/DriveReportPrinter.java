package dev.tapekit.tools.pmt;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.encryption.AlgorithmDescriptor;
import dev.tapekit.scsi.encryption.DataEncryptionCapabilities;
import dev.tapekit.scsi.encryption.DataEncryptionStatus;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.tape.DriveSettings;
import dev.tapekit.scsi.tape.DriveStatus;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import dev.tapekit.tools.OutputFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PBS-style reports of {@code pmt}: cartridge memory, TapeAlert flags, volume statistics, drive
 * settings and the extended status. Each is built as an ordered map of name to value; JSON prints the
 * map, text prints one {@code name: value} line per entry (rows of tables as {@code |}-separated
 * columns). Every method returns what to print: a String (text) or a map/list (JSON).
 */
final class DriveReportPrinter {
  private DriveReportPrinter() {}

  /** {@code name: value} lines, names padded to the longest. */
  static String lines(Map<String, Object> m) {
    int width = m.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s : %s%n", k, text(v))));
    return sb.toString();
  }

  private static String text(Object v) {
    if (v instanceof java.util.Optional<?> o) {
      return o.map(DriveReportPrinter::text).orElse("-");
    }
    if (v instanceof java.util.OptionalLong o) {
      return o.isPresent() ? Long.toString(o.getAsLong()) : "-";
    }
    if (v instanceof java.util.OptionalDouble o) {
      return o.isPresent() ? String.format(Locale.ROOT, "%.2f%%", o.getAsDouble() * 100) : "-";
    }
    if (v instanceof java.util.OptionalInt o) {
      return o.isPresent() ? Integer.toString(o.getAsInt()) : "-";
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "-" : String.join(", ", l.stream().map(DriveReportPrinter::text).toList());
    }
    return String.valueOf(v);
  }

  private static Object render(OutputFormat format, Map<String, Object> m) {
    return format.isJson() ? m : lines(m);
  }

  static Object cartridgeMemory(AttributeList list, OutputFormat format) {
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Attribute a : list.attributes().stream().sorted(Comparator.comparingInt(Attribute::id)).toList()) {
      String name = a.definition().map(MamAttribute::t10Name).orElse("Unknown attribute");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", String.format(Locale.ROOT, "%04X", a.id()));
      row.put("name", name);
      row.put("value", a.displayValue());
      row.put("readOnly", a.readOnly());
      rows.add(row);
      text.append(String.format(Locale.ROOT, "%04X | %-40s | %s%n", a.id(), name, a.displayValue()));
    }
    return format.isJson() ? rows : text.toString();
  }

  static Object tapeAlerts(Set<TapeAlertFlag> flags, OutputFormat format) {
    List<TapeAlertFlag> sorted = flags.stream().sorted(Comparator.comparingInt(TapeAlertFlag::number)).toList();
    if (format.isJson()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (TapeAlertFlag f : sorted) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("flag", f.number());
        row.put("name", f.t10Name());
        row.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        rows.add(row);
      }
      return rows;
    }
    if (sorted.isEmpty()) {
      return "no TapeAlert flags set\n";
    }
    StringBuilder sb = new StringBuilder();
    sorted.forEach(f -> sb.append(String.format(Locale.ROOT, "%02X | %-11s | %s%n", f.number(),
        f.severity().name().toLowerCase(Locale.ROOT), f.t10Name())));
    return sb.toString();
  }

  static Object volumeStatistics(VolumeStatisticsPage page, OutputFormat format) throws MalformedResponseException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (VolumeStatistic s : VolumeStatistic.values()) {
      String key = camel(s.t10Name());
      switch (s.unit()) {
        case ASCII -> page.text(s).map(String::trim).ifPresent(t -> m.put(key, t));
        case PARTITION_RECORDS -> {
          List<Object> parts = new ArrayList<>();
          for (VolumeStatisticsPage.PartitionRecord r : page.partitions(s)) {
            if (format.isJson()) {
              Map<String, Object> record = new LinkedHashMap<>(); // JSON keys in a fixed order
              record.put("partition", r.partition());
              record.put("value", r.value());
              parts.add(record);
            } else {
              parts.add(r.partition() + ":" + r.value());
            }
          }
          if (!parts.isEmpty()) {
            m.put(key, parts);
          }
        }
        case RAW -> { }
        case FLAG -> page.value(s).ifPresent(v -> m.put(key, v != 0));
        default -> page.value(s).ifPresent(v -> m.put(key, v));
      }
    }
    page.wearout().ifPresent(w -> m.put("mediumWearout", format.isJson() ? (Object) w : String.format(Locale.ROOT, "%.2f%%", w * 100)));
    return render(format, m);
  }

  static Object settings(DriveSettings s, OutputFormat format) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("blockSize", s.blockSize());
    m.put("compression", s.compression());
    m.put("bufferMode", s.bufferMode());
    m.put("densityCode", String.format(Locale.ROOT, "0x%02x", s.densityCode()));
    m.put("density", Densities.describe(s.densityCode()));
    m.put("writeProtected", s.writeProtected());
    return render(format, m);
  }

  /** {@code pmt status --extended}: PBS's drive and media status. */
  static Object extendedStatus(DriveStatus s, OutputFormat format) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vendor", s.identity().vendor());
    m.put("product", s.identity().product());
    m.put("revision", s.identity().revision());
    m.put("serial", s.identity().serialNumber());
    m.put("mediumPresent", s.mediumPresent());
    m.put("ready", s.ready());
    m.put("blockSize", s.settings().blockSize());
    m.put("compression", s.settings().compression());
    m.put("bufferMode", s.settings().bufferMode());
    m.put("density", Densities.describe(s.settings().densityCode()));
    m.put("writeProtected", s.settings().writeProtected());
    m.put("driveActivity", s.activity().map(a -> a.description()));
    m.put("alertFlags", s.alertFlags().map(f -> f.stream().sorted(Comparator.comparingInt(TapeAlertFlag::number))
        .map(TapeAlertFlag::t10Name).toList()));
    m.put("fileNumber", s.position().flatMap(p -> p.fileNumber().isPresent()
        ? java.util.Optional.of(p.fileNumber().getAsLong()) : java.util.Optional.empty()));
    m.put("logicalObject", s.position().map(p -> p.logicalObject()));
    m.put("manufactured", s.manufactured().map(Object::toString));
    m.put("bytesWritten", s.bytesWritten());
    m.put("bytesRead", s.bytesRead());
    m.put("volumeMounts", s.volumeMounts());
    m.put("mediumPasses", s.mediumPasses());
    m.put("mediumWearout", format.isJson() ? s.mediumWearout() : (Object) s.mediumWearout());
    return render(format, m);
  }

  /** "Lifetime megabytes written" → "lifetimeMegabytesWritten", "WORM" → "worm". */
  static String camel(String words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words.split("[^A-Za-z0-9]+")) {
      if (w.isEmpty()) {
        continue;
      }
      sb.append(sb.length() == 0 ? w.toLowerCase(Locale.ROOT)
          : Character.toUpperCase(w.charAt(0)) + w.substring(1));
    }
    return sb.toString();
  }

  /**
   * {@code pmt encryption status}: the hardware algorithms (index, name, key size, what the drive does
   * itself) and, when the drive has any, the current modes, key scope and key instance counter. No
   * key material exists in either page.
   */
  static Object encryption(Optional<DataEncryptionCapabilities> caps, TapeDrive drive, OutputFormat format)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> algorithms = new ArrayList<>();
    for (AlgorithmDescriptor a : caps.map(DataEncryptionCapabilities::algorithms).orElse(List.of())) {
      if (format.isJson()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("index", a.index());
        row.put("name", a.algorithmName());
        row.put("keyBytes", a.keySize());
        row.put("encrypts", a.canEncrypt());
        row.put("decrypts", a.canDecrypt());
        algorithms.add(row);
      } else {
        algorithms.add(a.index() + ": " + a.algorithmName() + " (" + a.keySize() + "-byte key"
            + (a.canEncrypt() && a.canDecrypt() ? "" : ", not in the drive itself") + ")");
      }
    }
    m.put("algorithms", algorithms);
    Optional<DataEncryptionStatus> status = caps.isPresent() ? Optional.of(drive.encryptionStatus()) : Optional.empty();
    m.put("encryption", status.map(s -> s.isOff() ? "off" : s.isEncrypting() ? "on" : "other").orElse("unsupported"));
    m.put("encryptionMode", status.map(DataEncryptionStatus::encryptionMode));
    m.put("decryptionMode", status.map(DataEncryptionStatus::decryptionMode));
    m.put("algorithmIndex", status.filter(s -> !s.isOff()).map(DataEncryptionStatus::algorithmIndex));
    m.put("scope", status.map(DataEncryptionStatus::itNexusScope));
    m.put("keyScope", status.map(DataEncryptionStatus::keyScope));
    m.put("keyInstanceCounter", status.map(DataEncryptionStatus::keyInstanceCounter));
    return render(format, m);
  }
}
