package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.mode.BlockDescriptor;
import dev.tapekit.scsi.mode.DataCompressionPage;
import dev.tapekit.scsi.mode.DeviceConfigurationPage;
import dev.tapekit.scsi.mode.MediumConfigurationPage;
import dev.tapekit.scsi.mode.ModePage;
import dev.tapekit.scsi.mode.ModePageAccess;
import dev.tapekit.scsi.mode.ModePageControl;
import dev.tapekit.scsi.mode.ModeParameters;
import dev.tapekit.scsi.ssc.SscCommands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drive's settings in its mode pages, for {@link ScsiTapeDrive}: block size, density and
 * buffered mode (header and block descriptor), compression (page 0Fh), with page 10h and "all
 * pages" for drives that lack or garble page 0Fh, and the WORM flag (page 1Dh). MODE SENSE/SELECT
 * go through {@link ModePageAccess}: the 10-byte forms, or the 6-byte ones for good once a drive
 * rejects them.
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class ModeSettings {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);
  /** MODE SENSE page code for all pages. */
  private static final int ALL_PAGES = 0x3F;

  /** Density code and WORM flag of the mounted cartridge. */
  record MediumSettings(int density, boolean worm) {}

  private final DriveCommands commands;
  private final ModePageAccess modes;

  ModeSettings(DriveCommands commands) {
    this.commands = commands;
    this.modes = new ModePageAccess(commands.attentive());
  }

  /** See {@link ScsiTapeDrive#setOptions(DriveOptions)}. */
  void select(DriveOptions options) throws IOException {
    ModeParameters current = options.compression().isPresent()
        ? sense(DataCompressionPage.PAGE_CODE)
        : senseSettings();
    List<ModePage> pages = new ArrayList<>();
    if (options.compression().isPresent()) {
      DataCompressionPage page = commands.decode("MODE SENSE", () -> DataCompressionPage.from(current));
      if (options.compression().get() && !page.dataCompressionCapable()) {
        throw new TapeDriveException(commands.deviceName(), "the drive reports no data compression capability"
            + " (DCC=0 in mode page 0Fh); compress in software instead");
      }
      pages.add(page.withDataCompressionEnabled(options.compression().get()).toModePage());
    }
    Optional<BlockDescriptor> read = current.blockDescriptor();
    List<BlockDescriptor> descriptors = List.of();
    if (read.isPresent() || options.blockSize().isPresent()) {
      // Short form, number of blocks 0 (the whole medium): what a tape takes back in MODE SELECT.
      int length = options.blockSize().isPresent() ? options.blockSize().getAsInt() : tapeBlockLength(read.get());
      descriptors = List.of(new BlockDescriptor(read.map(BlockDescriptor::densityCode).orElse(0), 0, length));
    }
    ModeParameters changed = new ModeParameters(current.form(), 0, current.mediumType(),
        current.deviceSpecificParameter(), false, descriptors, pages, false);
    if (options.buffered().isPresent()) {
      changed = changed.withBufferedMode(options.buffered().get() ? 1 : 0);
    }
    ModeParameters selected = changed;
    commands.codec(() -> {
      modes.select(selected, false);
      return null;
    });
  }

  /**
   * See {@link ScsiTapeDrive#settings()}; the block size is the block descriptor's, or {@code
   * blockSize} when the drive sends none.
   */
  DriveSettings read(int blockSize) throws ScsiException {
    ModeParameters p = senseSettings();
    Optional<Boolean> compression = p.page(DataCompressionPage.PAGE_CODE).isPresent()
        ? Optional.of(commands.decode("MODE SENSE", () -> DataCompressionPage.from(p)).dataCompressionEnabled())
        : Optional.empty();
    Optional<BlockDescriptor> descriptor = p.blockDescriptor();
    int size = descriptor.isPresent() ? tapeBlockLength(descriptor.get()) : blockSize;
    return new DriveSettings(size, compression, p.bufferedMode(),
        descriptor.map(BlockDescriptor::densityCode).orElse(0), p.writeProtected());
  }

  /**
   * Page 1Dh (Medium Configuration, WORMM) with the block descriptor (density). Drives without page
   * 1Dh (LTO-3 and older) are asked for the settings pages and reported as not WORM.
   */
  MediumSettings medium() throws ScsiException {
    Optional<ModeParameters> p = commands.unlessUnsupported(() -> sense(MediumConfigurationPage.PAGE_CODE));
    ModeParameters parameters = p.isPresent() ? p.get() : senseSettings();
    boolean worm = parameters.page(MediumConfigurationPage.PAGE_CODE).isPresent()
        && commands.decode("MODE SENSE", () -> MediumConfigurationPage.from(parameters)).wormMode();
    return new MediumSettings(parameters.blockDescriptor().map(BlockDescriptor::densityCode).orElse(0), worm);
  }

  /** The block length of a MODE SENSE block descriptor, which for a tape fits 24 bits. */
  private int tapeBlockLength(BlockDescriptor d) throws MalformedResponseException {
    if (d.blockLength() > SscCommands.MAX_24_BIT) {
      throw new MalformedResponseException(commands.deviceName(), "MODE SENSE: block length " + d.blockLength()
          + " is more than a tape block descriptor holds (24 bits)");
    }
    return (int) d.blockLength();
  }

  /** Page 0Fh (data compression), or page 10h (device configuration) on drives without page 0Fh. */
  private ModeParameters senseSettings() throws ScsiException {
    Optional<ModeParameters> p;
    try {
      p = commands.unlessUnsupported(() -> sense(DataCompressionPage.PAGE_CODE));
    } catch (MalformedResponseException e) {
      // Quirk: Linux scsi_debug's tape (kernel 7.3) sends page 0Fh two bytes short of its page length
      // and has no page 10h; its all-pages reply leaves 0Fh out and carries the block descriptor.
      LOG.info("{}: ignoring a malformed data compression page; reading all pages instead ({})",
          commands.deviceName(), e.getMessage());
      return sense(ALL_PAGES);
    }
    return p.isPresent() ? p.get() : sense(DeviceConfigurationPage.PAGE_CODE);
  }

  /** The current values of one page_0 mode page, with the block descriptor. */
  private ModeParameters sense(int pageCode) throws ScsiException {
    return commands.codec(() -> modes.sense(pageCode, 0, ModePageControl.CURRENT));
  }
}
