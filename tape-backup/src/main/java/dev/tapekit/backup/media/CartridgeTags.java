package dev.tapekit.backup.media;

import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.tape.DeferredErrorException;
import dev.tapekit.scsi.tape.NoMediumException;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host attributes tapekit keeps in a cartridge's memory (MAM), the ones PBS writes: application
 * vendor (0800h), name (0801h) and version (0802h), the label text as user medium text label (0803h)
 * and the pool as media pool (0808h). Other software (a library's web page, {@code sg_read_attr}) shows
 * them without reading the tape. They are written when a tape is labelled and after each load (so a tape
 * that has joined a pool says so), and cleared when it is formatted.
 *
 * <p>Contract: tags are a courtesy, never a condition of a job. Each attribute is written with its own
 * WRITE ATTRIBUTE, as PBS does, and one the drive refuses (no cartridge memory, no WRITE ATTRIBUTE, memory
 * full) becomes a warning in the returned list; the others are still written. Thrown are only what the
 * job must hear anyway: a deferred error (an earlier write failed), no cartridge, an unreachable device.
 */
public final class CartridgeTags {
  private CartridgeTags() {}

  /** The attributes PBS clears when it formats a tape, and tapekit too. */
  private static final List<MamAttribute> TAGS = List.of(MamAttribute.APPLICATION_VENDOR,
      MamAttribute.APPLICATION_NAME, MamAttribute.APPLICATION_VERSION, MamAttribute.USER_MEDIUM_TEXT_LABEL,
      MamAttribute.MEDIA_POOL);

  /**
   * Who wrote the tape: printable ASCII of at most 8 (vendor, version) and 32 (name) characters, as the
   * attributes hold.
   */
  public record Application(String vendor, String name, String version) {
    public Application {
      // the parameter list checks lengths and characters, and says which attribute is wrong
      new AttributeParameterList().ascii(MamAttribute.APPLICATION_VENDOR, vendor)
          .ascii(MamAttribute.APPLICATION_NAME, name).ascii(MamAttribute.APPLICATION_VERSION, version);
    }

    /**
     * tapekit itself; the version is the jar's implementation version up to its first {@code -}
     * ({@code 0.1.0} of {@code 0.1.0-SNAPSHOT}), or {@code dev} when running from classes.
     */
    public static Application tapekit() {
      String v = CartridgeTags.class.getPackage().getImplementationVersion();
      String version = v == null ? "dev" : v.split("-", 2)[0];
      return new Application("tapekit", "tapekit", version.length() > 8 ? version.substring(0, 8) : version);
    }
  }

  /**
   * Tags the cartridge in {@code drive} as {@code label}'s, written by {@code application}, in {@code
   * pool} (a free tape has its pool tag cleared).
   *
   * @return a warning for each attribute the drive refused; empty when all were written
   */
  public static List<String> write(TapeDrive drive, String label, Optional<String> pool, Application application)
      throws IOException {
    Objects.requireNonNull(application, "application");
    List<String> warnings = new ArrayList<>();
    put(drive, label, MamAttribute.APPLICATION_VENDOR,
        new AttributeParameterList().ascii(MamAttribute.APPLICATION_VENDOR, application.vendor()), warnings);
    put(drive, label, MamAttribute.APPLICATION_NAME,
        new AttributeParameterList().ascii(MamAttribute.APPLICATION_NAME, application.name()), warnings);
    put(drive, label, MamAttribute.APPLICATION_VERSION,
        new AttributeParameterList().ascii(MamAttribute.APPLICATION_VERSION, application.version()), warnings);
    put(drive, label, MamAttribute.USER_MEDIUM_TEXT_LABEL, new AttributeParameterList()
        .text(MamAttribute.USER_MEDIUM_TEXT_LABEL, label, StandardCharsets.US_ASCII), warnings);
    AttributeParameterList poolTag = new AttributeParameterList();
    put(drive, label, MamAttribute.MEDIA_POOL, pool.isPresent()
        ? poolTag.text(MamAttribute.MEDIA_POOL, pool.get(), StandardCharsets.US_ASCII)
        : poolTag.clear(MamAttribute.MEDIA_POOL), warnings);
    return warnings;
  }

  /**
   * Deletes every tag of {@link #write} from the cartridge in {@code drive}, as formatting a tape does.
   *
   * @param label the tape's label text or barcode, for the warnings
   * @return a warning for each attribute the drive refused to delete
   */
  public static List<String> clear(TapeDrive drive, String label) throws IOException {
    List<String> warnings = new ArrayList<>();
    for (MamAttribute tag : TAGS) {
      put(drive, label, tag, new AttributeParameterList().clear(tag), warnings);
    }
    return warnings;
  }

  private static void put(TapeDrive drive, String label, MamAttribute tag, AttributeParameterList attribute,
      List<String> warnings) throws IOException {
    try {
      drive.writeAttributes(attribute);
    } catch (DeferredErrorException | NoMediumException e) {
      throw e;
    } catch (ScsiCommandException e) {
      warnings.add(String.format("%s in %s: cartridge memory attribute %04Xh (%s) not written, the tape is used "
          + "without it: %s", label, drive.deviceName(), tag.id(), tag.t10Name(), e.getMessage()));
    }
  }
}
