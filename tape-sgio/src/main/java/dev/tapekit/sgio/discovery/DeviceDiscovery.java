package dev.tapekit.sgio.discovery;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.spc.SerialNumberVpd;
import dev.tapekit.sgio.internal.Sysfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the tape drives and medium changers attached to this Linux machine by reading sysfs, the way
 * {@code lsscsi -g} does, without opening any device (so it needs no permissions and never disturbs a
 * running backup).
 *
 * <p>It walks {@code <sysfs>/class/scsi_generic/sgN}, keeps the SCSI devices whose {@code type} is 1
 * (tape) or 8 (changer), and reads {@code vendor}, {@code model}, {@code rev} and {@code vpd_pg80} of
 * each, its {@code scsi_tape/nstN} or {@code scsi_changer/schN} class device, and the {@code
 * <dev>/tape/by-id} links that point at any of its nodes. Both roots are injectable (tests use a fake
 * tree); the defaults are {@code /sys} and {@code /dev}.
 *
 * <p>Contract: a machine without SCSI (no {@code class/scsi_generic}, or the sg driver not loaded)
 * yields an empty list. A device that vanishes or is half-visible while being read is skipped or
 * listed with what could be read (missing attributes as empty text). Only an unreadable existing
 * directory is an {@link IOException}. Thread-safe: every call reads sysfs afresh.
 */
public final class DeviceDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceDiscovery.class);
  private static final Pattern NST = Pattern.compile("nst\\d+");
  private static final Pattern ANY = Pattern.compile(".+");

  private final Path sysfsRoot;
  private final Path devRoot;

  /** Discovery on the real {@code /sys} and {@code /dev}. */
  public DeviceDiscovery() {
    this(Path.of("/sys"), Path.of("/dev"));
  }

  /**
   * Discovery on other roots, e.g. a fake tree in tests or a container's view.
   *
   * @param sysfsRoot the directory mounted as {@code /sys}
   * @param devRoot the directory holding the device nodes, normally {@code /dev}
   */
  public DeviceDiscovery(Path sysfsRoot, Path devRoot) {
    this.sysfsRoot = sysfsRoot;
    this.devRoot = devRoot;
  }

  /**
   * All tape drives and changers, in sg node order.
   *
   * @throws IOException when an existing sysfs or {@code /dev/tape/by-id} directory cannot be listed
   */
  public List<DiscoveredDevice> scan() throws IOException {
    Map<Path, Path> byIdTargets = byIdLinks();
    List<DiscoveredDevice> found = new ArrayList<>();
    Path classDir = sysfsRoot.resolve("class/scsi_generic");
    for (String sg : Sysfs.children(classDir, Sysfs.SG_NAME)) {
      describe(sg, classDir.resolve(sg).resolve("device"), byIdTargets).ifPresent(found::add);
    }
    return found;
  }

  /** The tape drives of {@link #scan()}. */
  public List<DiscoveredDevice> tapeDrives() throws IOException {
    return ofType(DeviceType.TAPE);
  }

  /** The changers of {@link #scan()}. */
  public List<DiscoveredDevice> changers() throws IOException {
    return ofType(DeviceType.CHANGER);
  }

  private List<DiscoveredDevice> ofType(DeviceType type) throws IOException {
    return scan().stream().filter(d -> d.type() == type).collect(Collectors.toList());
  }

  private Optional<DiscoveredDevice> describe(String sg, Path device, Map<Path, Path> byIdTargets) throws IOException {
    Optional<DeviceType> type = Sysfs.text(device.resolve("type")).flatMap(DeviceDiscovery::peripheralType);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Optional<ScsiAddress> address = realName(device).flatMap(ScsiAddress::parse);
    if (address.isEmpty()) {
      LOG.debug("skipping {}: {} does not lead to an H:C:T:L directory", sg, device);
      return Optional.empty();
    }
    List<String> classNodes = type.get() == DeviceType.TAPE
        ? Sysfs.children(device.resolve("scsi_tape"), Sysfs.TAPE_NAME)
        : Sysfs.children(device.resolve("scsi_changer"), Sysfs.CHANGER_NAME);
    Pattern primary = type.get() == DeviceType.TAPE ? NST : Sysfs.CHANGER_NAME;
    Optional<Path> deviceNode = classNodes.stream().filter(n -> primary.matcher(n).matches()).findFirst()
        .map(devRoot::resolve).filter(Files::exists);
    Path sgNode = devRoot.resolve(sg);
    return Optional.of(new DiscoveredDevice(sgNode, type.get(), address.get(),
        attribute(device, "vendor"), attribute(device, "model"), attribute(device, "rev"),
        serial(sg, device), deviceNode, linksTo(sgNode, classNodes, byIdTargets)));
  }

  private static Optional<DeviceType> peripheralType(String text) {
    try {
      return DeviceType.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String attribute(Path device, String name) {
    return Sysfs.text(device.resolve(name)).orElse("");
  }

  private static Optional<String> serial(String sg, Path device) {
    Optional<byte[]> page = Sysfs.bytes(device.resolve("vpd_pg80"));
    if (page.isEmpty()) {
      return Optional.empty();
    }
    try {
      String serial = SerialNumberVpd.parseUnitSerialNumber(page.get()).serialNumber();
      return serial.isEmpty() ? Optional.empty() : Optional.of(serial);
    } catch (MalformedResponseException e) {
      LOG.debug("{}: ignoring vpd_pg80: {}", sg, e.getMessage());
      return Optional.empty();
    }
  }

  /** The by-id links whose target is the sg node or one of the class nodes; sg links first. */
  private List<Path> linksTo(Path sgNode, List<String> classNodes, Map<Path, Path> byIdTargets) {
    Optional<Path> sgReal = realPath(sgNode);
    Set<Path> nodes = classNodes.stream().map(devRoot::resolve).map(DeviceDiscovery::realPath)
        .flatMap(Optional::stream).collect(Collectors.toSet());
    sgReal.ifPresent(nodes::add);
    return byIdTargets.entrySet().stream()
        .filter(e -> nodes.contains(e.getValue()))
        .sorted(Comparator.comparing((Map.Entry<Path, Path> e) -> !sgReal.equals(Optional.of(e.getValue())))
            .thenComparing(e -> e.getKey().getFileName().toString()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
  }

  /** Every {@code <dev>/tape/by-id} entry with the real path it resolves to (dangling links left out). */
  private Map<Path, Path> byIdLinks() throws IOException {
    Path dir = devRoot.resolve("tape/by-id");
    Map<Path, Path> targets = new LinkedHashMap<>();
    for (String name : Sysfs.children(dir, ANY)) {
      Path link = dir.resolve(name);
      realPath(link).ifPresent(real -> targets.put(link, real));
    }
    return targets;
  }

  private static Optional<Path> realPath(Path p) {
    try {
      return Optional.of(p.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> realName(Path p) {
    return realPath(p).map(Path::getFileName).map(Path::toString);
  }
}
