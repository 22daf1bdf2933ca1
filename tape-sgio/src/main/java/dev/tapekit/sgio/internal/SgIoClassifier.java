package dev.tapekit.sgio.internal;

import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import java.util.HexFormat;
import java.util.Map;

/**
 * Turns what the Linux sg driver reports into tapekit's outcome, in the order sg3_utils uses
 * ({@code get_scsi_pt_result_category}): an operating-system error, then the host byte, then the
 * driver byte, then the SCSI status and sense. Pure Java: every rule is testable from header values.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #errnoKind} and {@link #osError}: an errno from {@code open}, {@code ioctl}, {@code write} or {@code read} becomes a
 *       {@link ScsiTransportException} whose {@link Kind} depends on the errno and the {@link Stage}.
 *   <li>{@link #classify}: a non-zero host byte or a driver byte other than {@code DRIVER_SENSE}
 *       throws; anything else reached the device and is returned as a {@link ScsiResult}, whatever
 *       the SCSI status. The host bytes Linux 4.x/5.x derive from the device's own reply ({@code
 *       DID_TARGET_FAILURE}, {@code DID_NEXUS_FAILURE}, {@code DID_ALLOC_FAILURE}, {@code
 *       DID_MEDIUM_ERROR}) do not hide a non-GOOD status: the result keeps them in {@link
 *       ScsiResult#hostStatus()} (newer kernels report 0 there).
 * </ul>
 */
public final class SgIoClassifier {
  private SgIoClassifier() {}

  /** What the transport was doing when the operating system refused. */
  public enum Stage {
    /** {@code open(2)} of the node. */
    OPEN,
    /** Checking that an open node is an sg device ({@code SG_GET_VERSION_NUM}). */
    PROBE,
    /** Issuing a command ({@code write} of its header, {@code read} of the reply). */
    COMMAND
  }

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int EROFS = 30;
  public static final int EOVERFLOW = 75;
  public static final int ETIMEDOUT = 110;

  private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(
      Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(EINTR, "EINTR"),
      Map.entry(EIO, "EIO"), Map.entry(ENXIO, "ENXIO"), Map.entry(EAGAIN, "EAGAIN"),
      Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(EFAULT, "EFAULT"),
      Map.entry(EBUSY, "EBUSY"), Map.entry(ENODEV, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"),
      Map.entry(EINVAL, "EINVAL"), Map.entry(ENOTTY, "ENOTTY"), Map.entry(EROFS, "EROFS"),
      Map.entry(EOVERFLOW, "EOVERFLOW"), Map.entry(ETIMEDOUT, "ETIMEDOUT"));

  public static final int DID_OK = 0x00;
  public static final int DID_NO_CONNECT = 0x01;
  public static final int DID_BUS_BUSY = 0x02;
  public static final int DID_TIME_OUT = 0x03;
  public static final int DID_BAD_TARGET = 0x04;
  public static final int DID_ABORT = 0x05;
  public static final int DID_ERROR = 0x07;
  public static final int DID_RESET = 0x08;
  public static final int DID_TARGET_FAILURE = 0x10;
  public static final int DID_NEXUS_FAILURE = 0x11;
  public static final int DID_ALLOC_FAILURE = 0x12;
  public static final int DID_MEDIUM_ERROR = 0x13;

  private static final String[] HOST_NAMES = {
    "DID_OK", "DID_NO_CONNECT", "DID_BUS_BUSY", "DID_TIME_OUT", "DID_BAD_TARGET", "DID_ABORT",
    "DID_PARITY", "DID_ERROR", "DID_RESET", "DID_BAD_INTR", "DID_PASSTHROUGH", "DID_SOFT_ERROR",
    "DID_IMM_RETRY", "DID_REQUEUE", "DID_TRANSPORT_DISRUPTED", "DID_TRANSPORT_FAILFAST",
    "DID_TARGET_FAILURE", "DID_NEXUS_FAILURE", "DID_ALLOC_FAILURE", "DID_MEDIUM_ERROR",
    "DID_TRANSPORT_MARGINAL"
  };

  /** Only the low nibble of the driver byte is meaningful (sg3_utils' SG_LIB_DRIVER_MASK). */
  public static final int DRIVER_MASK = 0x0F;
  public static final int DRIVER_BUSY = 0x01;
  public static final int DRIVER_TIMEOUT = 0x06;
  public static final int DRIVER_SENSE = 0x08;

  private static final String[] DRIVER_NAMES = {
    "DRIVER_OK", "DRIVER_BUSY", "DRIVER_SOFT", "DRIVER_MEDIA", "DRIVER_ERROR", "DRIVER_INVALID",
    "DRIVER_TIMEOUT", "DRIVER_HARD", "DRIVER_SENSE"
  };

  /** The symbolic name of a Linux errno, e.g. {@code ENOTTY}, or {@code errno N} when not known here. */
  public static String errnoName(int errno) {
    String name = ERRNO_NAMES.get(errno);
    return name != null ? name : "errno " + errno;
  }

  /** The kernel's name of a host byte, e.g. {@code DID_TIME_OUT (0x03)}. */
  public static String hostStatusName(int host) {
    return named(HOST_NAMES, host, "DID_");
  }

  /** The kernel's name of the low nibble of a driver byte, e.g. {@code DRIVER_SENSE (0x08)}. */
  public static String driverStatusName(int driver) {
    return named(DRIVER_NAMES, driver & DRIVER_MASK, "DRIVER_");
  }

  private static String named(String[] names, int value, String prefix) {
    String hex = String.format("0x%02x", value);
    return value < names.length ? names[value] + " (" + hex + ")" : prefix + "unknown (" + hex + ")";
  }

  /** Maps an errno seen at {@code stage} to the exception kind callers branch on. */
  public static Kind errnoKind(int errno, Stage stage) {
    switch (errno) {
      case ENOENT, ENODEV, ENXIO:
        return Kind.NO_DEVICE;
      case EACCES, EPERM:
        return Kind.PERMISSION_DENIED;
      case EBUSY:
        return Kind.BUSY;
      case ENOTTY:
        return Kind.NOT_SCSI;
      case EINVAL:
        return stage == Stage.PROBE ? Kind.NOT_SCSI : Kind.OS_ERROR;
      case ETIMEDOUT:
        return Kind.TIMEOUT;
      case EIO:
        return Kind.HOST_ERROR;
      default:
        return Kind.OS_ERROR;
    }
  }

  /**
   * Builds the exception for an operating-system error.
   *
   * @param device the device name for the message
   * @param errno the errno
   * @param stage what was being done
   * @param what what failed, e.g. {@code "open of /dev/sg3"}
   * @param hint what the user can do, or {@code null}
   */
  public static ScsiTransportException osError(String device, int errno, Stage stage, String what, String hint) {
    StringBuilder msg = new StringBuilder(what).append(" failed: ").append(errnoName(errno));
    if (hint != null && !hint.isEmpty()) {
      msg.append("; ").append(hint);
    }
    return new ScsiTransportException(device, errnoKind(errno, stage), msg.toString());
  }

  /**
   * Classifies the reply to a completed command.
   *
   * @param device the device name for messages
   * @param cdb the command, named in messages
   * @param onNode appended to the command in messages, e.g. {@code " on /dev/sg1"} when the device
   *     name is another path; empty otherwise
   * @param timeoutMillis the timeout the command ran with, for the timeout message
   * @param reply the header's output fields
   * @return the result of a command that reached the device
   * @throws ScsiTransportException when the host adapter or the driver failed the command
   */
  public static ScsiResult classify(String device, byte[] cdb, String onNode, long timeoutMillis, SgIoReply reply)
      throws ScsiTransportException {
    int host = reply.hostStatus();
    int driver = reply.driverStatus() & DRIVER_MASK;
    boolean deviceReported = ScsiStatus.of(reply.status()) != ScsiStatus.GOOD;
    if (host != DID_OK && !(deviceReported && isDerivedFromDeviceReply(host))) {
      throw new ScsiTransportException(device, hostKind(host),
          describe(cdb) + onNode + ": host adapter reported " + hostStatusName(host) + hostHint(host, timeoutMillis));
    }
    if (driver != 0 && driver != DRIVER_SENSE) {
      Kind kind = driver == DRIVER_TIMEOUT ? Kind.TIMEOUT : driver == DRIVER_BUSY ? Kind.BUSY : Kind.HOST_ERROR;
      throw new ScsiTransportException(device, kind,
          describe(cdb) + onNode + ": sg driver reported " + driverStatusName(driver));
    }
    return new ScsiResult(reply.status(), host, reply.driverStatus(), reply.requested(), reply.resid(),
        reply.sense(), reply.duration());
  }

  /** Names a command in messages by its bytes, e.g. {@code CDB 08 00 00 10 00 00}. */
  public static String describe(byte[] cdb) {
    return "CDB " + HexFormat.ofDelimiter(" ").formatHex(cdb);
  }

  private static boolean isDerivedFromDeviceReply(int host) {
    return host >= DID_TARGET_FAILURE && host <= DID_MEDIUM_ERROR;
  }

  private static Kind hostKind(int host) {
    switch (host) {
      case DID_TIME_OUT:
        return Kind.TIMEOUT;
      case DID_NO_CONNECT, DID_BAD_TARGET:
        return Kind.NO_DEVICE;
      default:
        return Kind.HOST_ERROR;
    }
  }

  private static String hostHint(int host, long timeoutMillis) {
    switch (host) {
      case DID_TIME_OUT:
        return " (no completion within " + timeoutMillis + " ms; the command was aborted)";
      case DID_NO_CONNECT:
        return " (device not connected: removed, powered off or path lost)";
      case DID_BAD_TARGET:
        return " (no such target behind the host adapter)";
      case DID_BUS_BUSY:
        return " (bus busy; retry later)";
      case DID_RESET:
        return " (bus or device reset during the command)";
      case DID_ABORT:
        return " (command aborted by the host adapter)";
      default:
        return "";
    }
  }
}
