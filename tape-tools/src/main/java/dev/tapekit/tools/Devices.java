package dev.tapekit.tools;

import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.SgIoTransport;
import dev.tapekit.vtl.VirtualLibraries;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the device a tool was pointed at: a kernel node ({@code /dev/sgN}, {@code /dev/nstN}, {@code
 * /dev/schN}, {@code /dev/tape/by-id/...}) through SG_IO, or a virtual-library address ({@code vtl:L700}
 * for the changer, {@code vtl:L700:0} for drive 0) in the library home ({@code $TAPEKIT_VTL_HOME}, the
 * {@code tapekit.vtl.home} property, else {@code ~/.local/share/tapekit/vtl}).
 *
 * <p>Every failure to open is a {@link ScsiTransportException} whose kind says why ({@code NO_DEVICE},
 * {@code PERMISSION_DENIED}, {@code BUSY}, {@code NOT_SCSI}, ...), for virtual devices too, so the tools
 * map both to the same exit codes; a malformed {@code vtl:} address is a {@link ToolFailure} with
 * {@link ExitCode#USAGE}.
 */
public final class Devices {
  /** Prefix of virtual-library addresses. */
  public static final String VTL_PREFIX = "vtl:";

  private Devices() {}

  public static boolean isVirtual(String device) {
    return device.startsWith(VTL_PREFIX);
  }

  /**
   * The device named by {@code -f}, else the first of {@code variables} set (non-empty) in {@code env},
   * else {@code fallback} — mt's and mtx's order.
   */
  public static String select(String option, Map<String, String> env, String fallback, String... variables) {
    if (option != null) {
      return option;
    }
    for (String v : variables) {
      String value = env.get(v);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return fallback;
  }

  /** Opens {@code device}; see the class description. */
  public static ScsiTransport open(String device) throws ScsiTransportException, ToolFailure {
    return open(device, VirtualLibraries.home());
  }

  /** Opens {@code device}, a {@code vtl:} address in the libraries under {@code vtlHome}. */
  public static ScsiTransport open(String device, java.nio.file.Path vtlHome) throws ScsiTransportException, ToolFailure {
    if (!isVirtual(device)) {
      return SgIoTransport.open(device);
    }
    try {
      return VirtualLibraries.open(device, vtlHome);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("library ")) {
        // drive index beyond the library's drives
        throw new ScsiTransportException(device, Kind.NO_DEVICE, e.getMessage(), e);
      }
      throw new ToolFailure(ExitCode.USAGE, java.util.List.of("bad device " + device + ": " + e.getMessage()), e);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      Kind kind = message.contains("in use by another process") ? Kind.BUSY
          : message.startsWith("no virtual library") ? Kind.NO_DEVICE
          : Kind.OS_ERROR;
      throw new ScsiTransportException(device, kind, message, e);
    }
  }

  /**
   * The virtual library name of a {@code vtl:} address ({@code L700} for {@code vtl:L700:1}); empty for
   * kernel paths.
   */
  public static Optional<String> virtualLibrary(String device) {
    if (!isVirtual(device)) {
      return Optional.empty();
    }
    String rest = device.substring(VTL_PREFIX.length());
    int colon = rest.indexOf(':');
    return Optional.of(colon < 0 ? rest : rest.substring(0, colon));
  }
}
