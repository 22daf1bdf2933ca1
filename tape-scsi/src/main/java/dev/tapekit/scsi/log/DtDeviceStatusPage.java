package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The DT Device Status log page (11h), SSC-5 8.2.4: a cheap poll of what the drive is doing.
 * Parameter 0000h (very high frequency data) is decoded into {@link VhfData}; 0001h (VHF polling
 * delay, ms) is decoded; every other parameter (0002h ADC encryption control status, 0003h key
 * management error data, 0101h..01FFh primary port status, 8000h.. vendor) stays raw in {@link
 * #page()}. Immutable.
 *
 * <pre>
 * parameter 0000h, 4 value bytes:
 *  0  bit 7 PAMR, 6 HUI, 5 MACC, 4 CMPR, 3 WRTP, 2 CRQST, 1 CRQRD, 0 DINIT
 *  1  bit 7 INXTN, 5 RAA, 4 MPRSNT, 2 MSTD, 1 MTHRD, 0 MOUNTED
 *  2  DT DEVICE ACTIVITY (see {@link DeviceActivity})
 *  3  bit 7 VS, 5 TDDEC, 4 EPP, 3 ESR, 2 RRQST, 1 INTFC, 0 TAFC
 * </pre>
 *
 * <p>Poll it with {@link #command()}, whose timeout is one second: the drive answers it even while
 * it calibrates, when other pages can block.
 *
 * @param page the underlying page
 */
public record DtDeviceStatusPage(LogPage page) {
  public static final int PAGE_CODE = 0x11;

  /** The VHF data bits. DINIT=0 means the other bits are not valid yet. */
  public record VhfData(
      boolean pamr,
      boolean hui,
      boolean macc,
      boolean cmpr,
      boolean wrtp,
      boolean crqst,
      boolean crqrd,
      boolean dinit,
      boolean inxtn,
      boolean raa,
      boolean mprsnt,
      boolean mstd,
      boolean mthrd,
      boolean mounted,
      int activityCode,
      boolean vs,
      boolean tddec,
      boolean epp,
      boolean esr,
      boolean rrqst,
      boolean intfc,
      boolean tafc) {

    /** Decodes the 4 VHF bytes. */
    static VhfData decode(byte[] v) {
      int b0 = v[0] & 0xFF;
      int b1 = v[1] & 0xFF;
      int b3 = v[3] & 0xFF;
      return new VhfData(
          bit(b0, 7), bit(b0, 6), bit(b0, 5), bit(b0, 4), bit(b0, 3), bit(b0, 2), bit(b0, 1), bit(b0, 0),
          bit(b1, 7), bit(b1, 5), bit(b1, 4), bit(b1, 2), bit(b1, 1), bit(b1, 0),
          v[2] & 0xFF,
          bit(b3, 7), bit(b3, 5), bit(b3, 4), bit(b3, 3), bit(b3, 2), bit(b3, 1), bit(b3, 0));
    }

    private static boolean bit(int b, int n) {
      return ((b >> n) & 1) != 0;
    }

    public DeviceActivity activity() {
      return DeviceActivity.of(activityCode);
    }

    /** Cleaning requested (CRQST) or required (CRQRD). */
    public boolean wantsCleaning() {
      return crqst || crqrd;
    }
  }

  public static ScsiCommand command() {
    return LogCommands.logSense(PAGE_CODE, 0, 512).withTimeout(LogCommands.DT_DEVICE_STATUS_TIMEOUT);
  }

  public static DtDeviceStatusPage parse(byte[] data) throws MalformedResponseException {
    LogPage page = LogPage.parse(data);
    page.header().expect(PAGE_CODE, 0, "DT device status log page");
    Optional<LogParameter> vhf = page.parameter(0x0000);
    if (vhf.isPresent() && vhf.get().length() < 4) {
      throw new MalformedResponseException(
          "DT device status log page: VHF data parameter has " + vhf.get().length() + " bytes, needs 4");
    }
    return new DtDeviceStatusPage(page);
  }

  /** The VHF data, empty if the drive did not return parameter 0000h. */
  public Optional<VhfData> vhf() {
    return page.parameter(0x0000).map(p -> VhfData.decode(p.value()));
  }

  /** The device activity; empty if there is no VHF data or DINIT is 0 (not valid yet). */
  public Optional<DeviceActivity> activity() {
    return vhf().filter(VhfData::dinit).map(VhfData::activity);
  }

  /** Parameter 0001h: how often the VHF data may usefully be polled, in milliseconds. */
  public OptionalInt vhfPollingDelayMillis() throws MalformedResponseException {
    Optional<LogParameter> p = page.parameter(0x0001);
    if (p.isEmpty()) {
      return OptionalInt.empty();
    }
    if (p.get().length() < 2) {
      throw new MalformedResponseException("DT device status log page: polling delay parameter shorter than 2 bytes");
    }
    return OptionalInt.of((int) Bytes.getUnsigned(p.get().value(), 0, 2));
  }
}
