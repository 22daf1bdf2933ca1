package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.codec.Bytes;
import dev.tapekit.scsi.codec.Checks;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Builds MODE SELECT parameter lists (SPC-5 7.5.5): the header of the chosen form, at most one
 * short block descriptor, and pages.
 *
 * <p>What SPC and SSC require of a parameter list, and what this builder does: the mode data
 * length is reserved and sent as 0; PS of every page is cleared; the WP bit of the device-specific
 * parameter is cleared (write protection cannot be set this way; buffered mode and speed are kept);
 * LONGLBA is 0; the block descriptor length is 8 when a descriptor is given, else 0. Stateless.
 */
public final class ModeSelectParameterList {
  private ModeSelectParameterList() {}

  /**
   * The parameter list bytes.
   *
   * @throws IllegalArgumentException when the list exceeds 255 bytes for {@link
   *     ModeParameters.Form#SIX} or 65535 for {@link ModeParameters.Form#TEN}, or a field does not fit
   */
  public static byte[] build(
      ModeParameters.Form form,
      int mediumType,
      int deviceSpecificParameter,
      Optional<BlockDescriptor> blockDescriptor,
      List<ModePage> pages) {
    Checks.range("medium type", mediumType, 0, 0xFF);
    Checks.range("device-specific parameter", deviceSpecificParameter, 0, 0xFF);
    int bdl = blockDescriptor.isPresent() ? BlockDescriptor.SHORT_LENGTH : 0;
    byte[] header = new byte[form.headerLength()];
    int dsp = deviceSpecificParameter & 0x7F;
    if (form == ModeParameters.Form.SIX) {
      header[1] = (byte) mediumType;
      header[2] = (byte) dsp;
      header[3] = (byte) bdl;
    } else {
      header[2] = (byte) mediumType;
      header[3] = (byte) dsp;
      Bytes.put16(header, 6, bdl);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    blockDescriptor.ifPresent(b -> out.writeBytes(b.encodeShort()));
    for (ModePage page : pages) {
      out.writeBytes(page.forSelect().encode());
    }
    byte[] list = out.toByteArray();
    Checks.range("MODE SELECT parameter list length", list.length, 0, form == ModeParameters.Form.SIX ? 0xFF : 0xFFFF);
    return list;
  }
}
