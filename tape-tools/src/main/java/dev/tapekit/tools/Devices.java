package dev.tapekit.tools;

import dev.tapekit.iscsi.ChapCredentials;
import dev.tapekit.iscsi.IscsiAddress;
import dev.tapekit.iscsi.IscsiInitiatorOptions;
import dev.tapekit.iscsi.IscsiTransport;
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
 * /dev/schN}, {@code /dev/tape/by-id/...}) through SG_IO, an iSCSI logical unit ({@code
 * iscsi://HOST[:PORT]/IQN/LUN}) through tapekit's initiator, or a virtual-library address ({@code vtl:L700}
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
    if (IscsiAddress.isAddress(device)) {
      return openIscsi(device, System.getenv());
    }
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
   * Opens an {@code iscsi://HOST[:PORT]/IQN/LUN} address with tapekit's own initiator (no open-iscsi, no
   * root): a session of its own per device opened. The initiator name is {@code
   * $TAPEKIT_ISCSI_INITIATOR_NAME}, else {@code iqn.2026-12.dev.tapekit:HOSTNAME}; CHAP credentials come
   * from {@code $TAPEKIT_ISCSI_CHAP_USER} and the first line of {@code $TAPEKIT_ISCSI_CHAP_SECRET_FILE},
   * the target's (mutual CHAP) from {@code $TAPEKIT_ISCSI_MUTUAL_USER} and {@code
   * $TAPEKIT_ISCSI_MUTUAL_SECRET_FILE}.
   */
  static ScsiTransport openIscsi(String device, Map<String, String> env) throws ScsiTransportException, ToolFailure {
    IscsiAddress address;
    IscsiInitiatorOptions options = IscsiInitiatorOptions.defaults();
    try {
      address = IscsiAddress.parse(device);
      String name = env.get("TAPEKIT_ISCSI_INITIATOR_NAME");
      if (name != null && !name.isBlank()) {
        options = options.withInitiatorName(name);
      }
      java.util.Optional<ChapCredentials> chap = credentials(env, "TAPEKIT_ISCSI_CHAP_USER", "TAPEKIT_ISCSI_CHAP_SECRET_FILE");
      if (chap.isPresent()) {
        options = options.withChap(chap.get());
      }
      java.util.Optional<ChapCredentials> mutual = credentials(env, "TAPEKIT_ISCSI_MUTUAL_USER",
          "TAPEKIT_ISCSI_MUTUAL_SECRET_FILE");
      if (mutual.isPresent()) {
        options = options.withMutualChap(mutual.get());
      }
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.USAGE, java.util.List.of("bad device " + device + ": " + e.getMessage()), e);
    }
    return IscsiTransport.open(address, options);
  }

  private static java.util.Optional<ChapCredentials> credentials(Map<String, String> env, String userVariable,
      String fileVariable) throws ToolFailure {
    String user = env.get(userVariable);
    String file = env.get(fileVariable);
    boolean hasUser = user != null && !user.isBlank();
    boolean hasFile = file != null && !file.isBlank();
    if (!hasUser && !hasFile) {
      return java.util.Optional.empty();
    }
    if (!hasUser || !hasFile) {
      throw new ToolFailure(ExitCode.USAGE, userVariable + " and " + fileVariable + " go together: set both or neither");
    }
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
      return java.util.Optional.of(new ChapCredentials(user, lines.isEmpty() ? "" : lines.get(0)));
    } catch (IOException e) {
      throw new ToolFailure(ExitCode.USAGE, "cannot read " + fileVariable + "=" + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.USAGE, fileVariable + "=" + file + ": " + e.getMessage());
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
