package dev.tapekit.sgio.internal;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.scsi.ScsiTransportException.Kind;
import dev.tapekit.sgio.internal.Sysfs;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the SCSI generic node ({@code /dev/sgN}) behind a path a user gave: an sg node itself, a tape
 * node ({@code /dev/nstN}, {@code /dev/stN} and their mode variants {@code a}, {@code l}, {@code m}), a
 * changer node ({@code /dev/schN}), or a symbolic link to any of them such as {@code
 * /dev/tape/by-id/scsi-<serial>-sg}. Tape and changer nodes are never opened: opening and closing a
 * rewinding tape node would rewind the tape.
 *
 * <p>The mapping reads sysfs: {@code <sysfs>/class/scsi_tape/<name>/device/scsi_generic/sgN} (or
 * {@code scsi_changer}); for a node with another name, {@code <sysfs>/dev/char/<major>:<minor>/device},
 * which is the SCSI device of any sg, st or ch class device. Both
 * roots are injectable so tests run on a fake tree. Thread-safe (stateless apart from the roots).
 */
public final class SgNodeResolver {
  /** The sg driver's character major. */
  public static final int SG_MAJOR = 21;

  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;

  private final Path sysfsRoot;
  private final Path devRoot;

  /** Resolves against the real {@code /sys} and {@code /dev}. */
  public SgNodeResolver() {
    this(Path.of("/sys"), Path.of("/dev"));
  }

  public SgNodeResolver(Path sysfsRoot, Path devRoot) {
    this.sysfsRoot = sysfsRoot;
    this.devRoot = devRoot;
  }

  /**
   * Returns the sg node for {@code userPath}.
   *
   * @throws ScsiTransportException {@link Kind#NO_DEVICE} when the path or the sg node it maps to does
   *     not exist; {@link Kind#NOT_SCSI} when it is neither an sg node nor a tape/changer node with one
   */
  public Path resolve(String userPath) throws ScsiTransportException {
    Path given = Path.of(userPath);
    Path real;
    try {
      real = given.toRealPath();
    } catch (IOException e) {
      throw new ScsiTransportException(userPath, Kind.NO_DEVICE,
          (Files.isSymbolicLink(given) ? "dangling link" : "no such device node")
              + " (is the drive or library connected and powered on? lsscsi -g lists SCSI devices)");
    }
    String name = real.getFileName() == null ? "" : real.getFileName().toString();
    if (Sysfs.SG_NAME.matcher(name).matches()) {
      return real;
    }
    if (Sysfs.TAPE_NAME.matcher(name).matches()) {
      return sgNodeOf(userPath, real, sysfsRoot.resolve("class/scsi_tape").resolve(name).resolve("device"));
    }
    if (Sysfs.CHANGER_NAME.matcher(name).matches()) {
      return sgNodeOf(userPath, real, sysfsRoot.resolve("class/scsi_changer").resolve(name).resolve("device"));
    }
    OptionalLong rdev = characterDevice(real);
    if (rdev.isEmpty()) {
      throw new ScsiTransportException(userPath, Kind.NOT_SCSI,
          real + " is not a character device (expected /dev/sgN, /dev/nstN, /dev/schN or a link to one)");
    }
    Path charDir = sysfsRoot.resolve("dev/char").resolve(major(rdev.getAsLong()) + ":" + minor(rdev.getAsLong()));
    if (Files.isDirectory(charDir.resolve("device"))) {
      return sgNodeOf(userPath, real, charDir.resolve("device"));
    }
    throw new ScsiTransportException(userPath, Kind.NOT_SCSI,
        real + " (device " + major(rdev.getAsLong()) + ":" + minor(rdev.getAsLong())
            + ") is not a SCSI generic, tape or changer device");
  }

  private Path sgNodeOf(String userPath, Path real, Path scsiDevice) throws ScsiTransportException {
    List<String> sg;
    try {
      sg = Sysfs.children(scsiDevice.resolve("scsi_generic"), Sysfs.SG_NAME);
    } catch (IOException e) {
      sg = List.of();
    }
    if (sg.isEmpty()) {
      throw new ScsiTransportException(userPath, Kind.NOT_SCSI,
          "no SCSI generic node found for " + real + " under " + scsiDevice
              + " (load the sg driver: modprobe sg)");
    }
    Path node = devRoot.resolve(sg.get(0));
    if (!Files.exists(node)) {
      throw new ScsiTransportException(userPath, Kind.NO_DEVICE,
          real + " maps to " + sg.get(0) + " but " + node + " does not exist (is udev running?)");
    }
    return node;
  }

  /**
   * The device number of a character device, or empty when {@code path} is not one (or the platform
   * does not expose device numbers).
   */
  public static OptionalLong characterDevice(Path path) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
      return OptionalLong.empty();
    }
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      if ((mode & S_IFMT) != S_IFCHR) {
        return OptionalLong.empty();
      }
      return OptionalLong.of((Long) Files.getAttribute(path, "unix:rdev"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      return OptionalLong.empty();
    }
  }

  /** The major number of a Linux {@code dev_t} (glibc encoding). */
  public static int major(long rdev) {
    return (int) (((rdev >>> 32) & 0xFFFFF000L) | ((rdev >>> 8) & 0xFFFL));
  }

  /** The minor number of a Linux {@code dev_t} (glibc encoding). */
  public static int minor(long rdev) {
    return (int) (((rdev >>> 12) & 0xFFFFFF00L) | (rdev & 0xFFL));
  }
}
