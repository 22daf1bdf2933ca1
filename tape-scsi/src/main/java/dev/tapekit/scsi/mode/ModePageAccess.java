package dev.tapekit.scsi.mode;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.spc.FullReply;
import java.util.Objects;

/**
 * MODE SENSE and MODE SELECT on one device, with the quirks handled: the whole reply is fetched
 * (the mode data length decides, see {@link FullReply}), and a device that rejects MODE SENSE(10)
 * with ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE is asked with MODE SENSE(6) instead, from
 * then on for MODE SELECT too (PBS does the same for older drives and some bridges).
 *
 * <p>Contract: command failures other than the fallback case propagate as {@link
 * ScsiCommandException}; undecodable replies as {@code MalformedResponseException}. The fallback
 * decision is remembered per instance; instances are thread-safe, but a read-modify-write is only
 * atomic if nobody else changes the same page in between (SCSI has no compare-and-set for mode
 * pages).
 *
 * <p>Example, what PBS does when it opens a drive (compression on, variable blocks, buffered):
 *
 * <pre>{@code
 * ModePageAccess modes = new ModePageAccess(transport);
 * modes.update(DataCompressionPage.PAGE_CODE, 0, p -> p
 *     .withPage(DataCompressionPage.from(p).withDataCompressionEnabled(true).toModePage())
 *     .withBlockDescriptor(p.blockDescriptor().orElse(BlockDescriptor.variable()).withBlockLength(0))
 *     .withBufferedMode(1));
 * }</pre>
 */
public final class ModePageAccess {
  /** First allocation length of MODE SENSE(10), as sg_modes uses. */
  public static final int SENSE10_ALLOCATION = 4096;
  /** Allocation length of MODE SENSE(6): the most its one-byte field allows. */
  public static final int SENSE6_ALLOCATION = 0xFF;

  private final ScsiTransport transport;
  private volatile boolean sixByteOnly;

  public ModePageAccess(ScsiTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** True once the device has rejected MODE SENSE(10) or MODE SELECT(10) and the 6-byte commands are used. */
  public boolean usesSixByteCommands() {
    return sixByteOnly;
  }

  /**
   * Reads one page (or {@link ModeCommands#ALL_PAGES}) with its block descriptors.
   *
   * @param pageCode 0..0x3F
   * @param subpageCode 0 for page_0 pages, 0xFF for all subpages
   * @param pc which values: current, changeable, default or saved
   */
  public ModeParameters sense(int pageCode, int subpageCode, ModePageControl pc) throws ScsiException {
    if (!sixByteOnly) {
      try {
        byte[] reply =
            FullReply.read(
                transport,
                len -> ModeCommands.modeSense10(false, false, pc, pageCode, subpageCode, len),
                SENSE10_ALLOCATION,
                0xFFFF,
                FullReply.MODE_SENSE_10);
        return ModeParameters.parse10(reply);
      } catch (ScsiCommandException e) {
        if (!isInvalidOpcode(e)) {
          throw e;
        }
        sixByteOnly = true;
      }
    }
    byte[] reply = ModeCommands.modeSense6(false, pc, pageCode, subpageCode, SENSE6_ALLOCATION).readData(transport);
    return ModeParameters.parse6(reply);
  }

  /**
   * Sends {@code parameters} with MODE SELECT (PF=1) in the form this device takes: header, first
   * block descriptor, pages (see {@link ModeSelectParameterList}).
   *
   * @param savePages SP: also make the values the saved ones
   */
  public void select(ModeParameters parameters, boolean savePages) throws ScsiException {
    if (!sixByteOnly && parameters.form() == ModeParameters.Form.TEN) {
      try {
        select(ModeParameters.Form.TEN, parameters, savePages);
        return;
      } catch (ScsiCommandException e) {
        // Some targets (Linux tgt among them) answer MODE SENSE(10) but refuse MODE SELECT(10).
        if (!isInvalidOpcode(e)) {
          throw e;
        }
        sixByteOnly = true;
      }
    }
    select(ModeParameters.Form.SIX, parameters, savePages);
  }

  private void select(ModeParameters.Form form, ModeParameters parameters, boolean savePages) throws ScsiException {
    byte[] list =
        ModeSelectParameterList.build(
            form, parameters.mediumType(), parameters.deviceSpecificParameter(), parameters.blockDescriptor(), parameters.pages());
    ScsiCommand command =
        form == ModeParameters.Form.SIX
            ? ModeCommands.modeSelect6(true, savePages, list.length)
            : ModeCommands.modeSelect10(true, savePages, list.length);
    command.writeData(transport, list);
  }

  /**
   * Read-modify-write of one page: reads the current values of the page and the block descriptor,
   * applies {@code change}, and sends the result back with MODE SELECT (SP=0). Pages other than the
   * one read are not sent.
   *
   * @return the parameters as sent
   */
  public ModeParameters update(int pageCode, int subpageCode, Change change)
      throws ScsiException {
    ModeParameters current = sense(pageCode, subpageCode, ModePageControl.CURRENT);
    ModeParameters changed = change.apply(current);
    select(changed, false);
    return changed;
  }

  /**
   * The change of a read-modify-write. It may throw {@link MalformedResponseException}, which is
   * what the typed pages' {@code from} methods throw when the page is missing or malformed; the
   * exception propagates from {@link #update} and nothing is sent.
   */
  @FunctionalInterface
  public interface Change {
    ModeParameters apply(ModeParameters current) throws MalformedResponseException;
  }

  private static boolean isInvalidOpcode(ScsiCommandException e) {
    return e.sense()
        .map(s -> s.is(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE))
        .orElse(false);
  }
}
