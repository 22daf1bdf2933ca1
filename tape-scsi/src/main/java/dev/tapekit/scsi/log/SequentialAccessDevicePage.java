package dev.tapekit.scsi.log;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import java.util.OptionalLong;

/**
 * The Sequential-Access Device log page (0Ch), SSC-5 8.2.3: byte counters before and after
 * compression, native capacity estimates and the cleaning-required indicator. A view over a
 * {@link LogPage}; immutable.
 *
 * <pre>
 * code   meaning                                                               unit
 * 0000h  data bytes received from the application client by WRITE (before compression) bytes
 * 0001h  data bytes written to the medium by WRITE (after compression)         bytes
 * 0002h  data bytes read from the medium by READ (compressed)                  bytes
 * 0003h  data bytes transferred to the application client by READ              bytes
 * 0004h  approximate native capacity from BOP to EOD                           MB (10^6)
 * 0005h  approximate native capacity from BOP to EW of the current partition   MB
 * 0006h  minimum native capacity from EW to EOP of the current partition       MB
 * 0007h  approximate native capacity from BOP to the current position          MB
 * 0008h  maximum native capacity that fits in the device object buffer         MB
 * 0100h  cleaning required (non-zero: clean the drive)                         flag
 * 8000h.. vendor specific
 * </pre>
 *
 * <p>The capacity parameters 0004h..0008h use all bytes FFh for "unknown"; their accessors return
 * empty then.
 *
 * @param page the underlying page
 */
public record SequentialAccessDevicePage(LogPage page) {
  public static final int PAGE_CODE = 0x0C;

  public static ScsiCommand command() {
    return LogCommands.logSense(PAGE_CODE, 0, 1024);
  }

  public static SequentialAccessDevicePage parse(byte[] data) throws MalformedResponseException {
    LogPage page = LogPage.parse(data);
    page.header().expect(PAGE_CODE, 0, "sequential-access device log page");
    return new SequentialAccessDevicePage(page);
  }

  public OptionalLong bytesReceivedFromHost() throws MalformedResponseException {
    return page.counter(0x0000);
  }

  public OptionalLong bytesWrittenToMedium() throws MalformedResponseException {
    return page.counter(0x0001);
  }

  public OptionalLong bytesReadFromMedium() throws MalformedResponseException {
    return page.counter(0x0002);
  }

  public OptionalLong bytesTransferredToHost() throws MalformedResponseException {
    return page.counter(0x0003);
  }

  public OptionalLong nativeCapacityBopToEodMegabytes() throws MalformedResponseException {
    return capacity(0x0004);
  }

  public OptionalLong nativeCapacityBopToEwMegabytes() throws MalformedResponseException {
    return capacity(0x0005);
  }

  public OptionalLong minimumNativeCapacityEwToEopMegabytes() throws MalformedResponseException {
    return capacity(0x0006);
  }

  public OptionalLong nativeCapacityBopToPositionMegabytes() throws MalformedResponseException {
    return capacity(0x0007);
  }

  public OptionalLong maximumNativeCapacityInBufferMegabytes() throws MalformedResponseException {
    return capacity(0x0008);
  }

  /** Parameter 0100h is present and non-zero. */
  public boolean cleaningRequired() throws MalformedResponseException {
    OptionalLong v = page.counter(0x0100);
    return v.isPresent() && v.getAsLong() != 0;
  }

  private OptionalLong capacity(int code) throws MalformedResponseException {
    if (page.parameter(code).map(LogParameter::allOnes).orElse(false)) {
      return OptionalLong.empty();
    }
    return page.counter(code);
  }
}
