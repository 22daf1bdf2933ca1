package dev.tapekit.changer;

import dev.tapekit.changer.smc.ChangerInquiry;
import dev.tapekit.changer.smc.VolumeTag;
import dev.tapekit.scsi.sense.SenseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The text mtx 1.3.12 prints, byte for byte, so scripts that parse mtx (Bacula/Bareos
 * {@code mtx-changer}, Amanda, home-grown shell) keep working.
 *
 * <p>{@code status}:
 *
 * <pre>
 *   Storage Changer /dev/sg5:2 Drives, 43 Slots ( 4 Import/Export )
 * Data Transfer Element 0:Empty
 * Data Transfer Element 1:Full (Storage Element 3 Loaded):VolumeTag = E01003L8
 *       Storage Element 1:Full :VolumeTag=E01001L8
 *       Storage Element 3:Empty
 *       Storage Element 40 IMPORT/EXPORT:Empty
 * </pre>
 *
 * The header starts with two spaces and shows the device exactly as given; the slot count includes
 * mail slots. Drive lines say {@code VolumeTag = } (spaces), slot lines {@code VolumeTag=}. A tag is
 * printed as mtx copies it ({@link VolumeTag#mtxText()}: trailing blanks kept) whenever that text is
 * non-empty — for empty slots too; {@code :AlternateVolumeTag} follows the same rules.
 * {@link TagStyle#TRIMMED} prints trimmed barcodes and drops blank ones instead.
 *
 * <p>Thread-safe (stateless).
 */
public final class MtxText {
  /** How volume tags are printed. */
  public enum TagStyle {
    /** As mtx: the 36-byte field up to the first non-printable byte. */
    MTX,
    /** Trimmed barcode; blank tags omitted. */
    TRIMMED
  }

  /** What mtx prints after a successful load or unload. */
  public static final String DONE = "done\n";
  /** What mtx's first/last print when the wanted medium is already in the drive. */
  public static final String ALREADY_LOADED = "loading...done.\n";

  private static final String[] PERIPHERAL_TYPES = {
    "Disk Drive", "Tape Drive", "Printer", "Processor", "Write-once", "CD-ROM", "Scanner", "Optical",
    "Medium Changer", "Communications", "ASC IT8", "ASC IT8", "RAID Array", "Enclosure Services",
    "RBC Simplified Disk", "OCR/W", "Bridging Expander"
  };

  private static final String[] SENSE_KEYS = {
    "No Sense", "Recovered Error", "Not Ready", "Medium Error", "Hardware Error", "Illegal Request",
    "Unit Attention", "Data Protect", "Blank Check", "0x09", "0x0a", "Aborted Command", "0x0c",
    "Volume Overflow", "Miscompare", "0x0f"
  };

  private MtxText() {}

  /** {@code mtx status} output with mtx-exact tags. */
  public static String status(String device, MtxLibrary library) {
    return status(device, library, TagStyle.MTX);
  }

  /** {@code mtx status} output. */
  public static String status(String device, MtxLibrary library, TagStyle style) {
    Function<Optional<VolumeTag>, String> tag = t -> t.map(v -> style == TagStyle.MTX ? v.mtxText() : v.identifier()).orElse("");
    StringBuilder sb = new StringBuilder();
    sb.append("  Storage Changer ").append(device).append(':').append(library.drives().size()).append(" Drives, ")
        .append(library.slotCount()).append(" Slots ( ").append(library.importExportCount()).append(" Import/Export )\n");
    for (MtxLibrary.Drive d : library.drives()) {
      sb.append("Data Transfer Element ").append(d.number()).append(':');
      if (!d.full()) {
        sb.append("Empty\n");
        continue;
      }
      if (d.loadedSlot().isPresent()) {
        sb.append("Full (Storage Element ").append(d.loadedSlot().getAsInt()).append(" Loaded)");
      } else {
        sb.append("Full (Unknown Storage Element Loaded)");
      }
      appendTag(sb, ":VolumeTag = ", tag.apply(d.primaryTag()));
      appendTag(sb, ":AlternateVolumeTag = ", tag.apply(d.alternateTag()));
      sb.append('\n');
    }
    for (MtxLibrary.Slot s : library.slots()) {
      sb.append("      Storage Element ").append(s.number()).append(s.importExport() ? " IMPORT/EXPORT" : "")
          .append(':').append(s.full() ? "Full " : "Empty");
      appendTag(sb, ":VolumeTag=", tag.apply(s.primaryTag()));
      appendTag(sb, ":AlternateVolumeTag=", tag.apply(s.alternateTag()));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void appendTag(StringBuilder sb, String label, String text) {
    if (!text.isEmpty()) {
      sb.append(label).append(text);
    }
  }

  /** {@code mtx inquiry} output; vendor, product and revision keep their blank padding. */
  public static String inquiry(ChangerInquiry inquiry) {
    int type = inquiry.peripheralDeviceType();
    String typeName = type < PERIPHERAL_TYPES.length ? PERIPHERAL_TYPES[type] : type == 0x1F ? "Unknown" : "Reserved";
    return "Product Type: " + typeName + "\n"
        + "Vendor ID: '" + inquiry.vendor() + "'\n"
        + "Product ID: '" + inquiry.product() + "'\n"
        + "Revision: '" + inquiry.revision() + "'\n"
        + "Attached Changer API: " + (inquiry.mediumChangerAttached() ? "Yes" : "No") + "\n";
  }

  /** The progress text {@code mtx load} prints before moving (no newline; {@link #DONE} follows). */
  public static String loading(int slot, int drive) {
    return "Loading media from Storage Element " + slot + " into drive " + drive + "...";
  }

  /** The progress text {@code mtx unload} prints before moving (no newline; {@link #DONE} follows). */
  public static String unloading(int drive, int slot) {
    return "Unloading drive " + drive + " into Storage Element " + slot + "...";
  }

  /**
   * mtx's sense printout ({@code PrintRequestSense}), one string per line without newlines. Fields come
   * from the raw fixed-format bytes as mtx reads them; descriptor-format sense is shown through the
   * decoded key, ASC/ASCQ, information and sense-key specific fields.
   */
  public static List<String> requestSense(SenseData sense) {
    byte[] raw = sense.raw();
    boolean fixed = !sense.isDescriptorFormat();
    boolean valid = fixed ? (raw[0] & 0x80) != 0 : sense.information().isPresent();
    byte[] sks = fixed ? new byte[] {at(raw, 15), at(raw, 16), at(raw, 17)} : sense.senseKeySpecificBytes().orElse(new byte[3]);
    boolean sksv = (sks[0] & 0x80) != 0;
    boolean commandData = (sks[0] & 0x40) != 0;
    boolean bpv = (sks[0] & 0x08) != 0;
    List<String> lines = new ArrayList<>();
    String p = "mtx: Request Sense: ";
    lines.add(p + "Long Report=yes");
    lines.add(p + "Valid Residual=" + yesNo(valid));
    int code = sense.responseCode();
    String codeText = code == 0x70 ? "Current" : code == 0x71 ? "Deferred" : "Unknown?!";
    lines.add(p + "Error Code=" + Integer.toHexString(code) + " (" + codeText + ")");
    lines.add(p + "Sense Key=" + SENSE_KEYS[sense.key().code() & 0x0F]);
    lines.add(p + "FileMark=" + yesNo(sense.filemark()));
    lines.add(p + "EOM=" + yesNo(sense.eom()));
    lines.add(p + "ILI=" + yesNo(sense.ili()));
    if (valid) {
      long info = fixed ? ((at(raw, 3) & 0xFFL) << 24) | ((at(raw, 4) & 0xFF) << 16) | ((at(raw, 5) & 0xFF) << 8) | (at(raw, 6) & 0xFF)
          : sense.information().getAsLong();
      lines.add(String.format("%sResidual = %02X %02X %02X %02X", p,
          (info >>> 24) & 0xFF, (info >>> 16) & 0xFF, (info >>> 8) & 0xFF, info & 0xFF));
    }
    lines.add(String.format("%sAdditional Sense Code = %02X", p, sense.asc()));
    lines.add(String.format("%sAdditional Sense Qualifier = %02X", p, sense.ascq()));
    if (sksv) {
      lines.add(String.format("%sField in Error = %02X", p, sks[0] & 0x07));
    }
    lines.add(p + "BPV=" + yesNo(bpv));
    lines.add(p + "Error in CDB=" + yesNo(commandData));
    lines.add(p + "SKSV=" + yesNo(sksv));
    if (bpv || sksv) {
      lines.add(String.format("%sField Pointer = %02X %02X", p, sks[1] & 0xFF, sks[2] & 0xFF));
    }
    return lines;
  }

  private static byte at(byte[] raw, int index) {
    return index < raw.length ? raw[index] : 0;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
