package dev.tapekit.changer;

import dev.tapekit.changer.smc.ChangerInquiry;
import dev.tapekit.changer.smc.DeviceCapabilities;
import dev.tapekit.changer.smc.ElementAddressAssignment;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.ElementStatusData;
import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.changer.smc.ReadElementStatus;
import dev.tapekit.changer.smc.SmcCommands;
import dev.tapekit.changer.smc.SmcModeSense;
import dev.tapekit.changer.smc.TransportGeometry;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.ScsiResult;
import dev.tapekit.scsi.ScsiStatus;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.scsi.Sleeper;
import dev.tapekit.scsi.UnitAttentionPolicy;
import dev.tapekit.scsi.sense.AdditionalSense;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.sense.SenseKey;
import dev.tapekit.scsi.spc.FullReply;
import dev.tapekit.scsi.spc.ReportedTimeouts;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaChanger} over any {@link ScsiTransport}: SMC-3 commands with the workarounds real
 * libraries need.
 *
 * <p>How {@link #status()} reads a library (after Proxmox Backup Server and mtx):
 *
 * <ol>
 *   <li>MODE SENSE page 0x1D for the element ranges (optional: without it every type is read from
 *       address 0; with it the counts are cross-checked).
 *   <li>READ ELEMENT STATUS per element type — storage, import/export, data transfer, medium
 *       transport — because some changers reject mixed or DVCID requests for non-drives. At most
 *       {@link Builder#maxElementsPerRequest} elements per request (1000); bigger ranges are paged
 *       from the last address + 1.
 *   <li>Drive serial numbers in a separate DVCID request without VOLTAG (some changers refuse both
 *       together), merged by element address; a changer that refuses DVCID simply yields no serials.
 * </ol>
 *
 * <p>Quirks handled: a request with VOLTAG that fails with ILLEGAL REQUEST rejecting the VOLTAG
 * bit (or naming no field) is repeated without VOLTAG (libraries without a barcode reader), and
 * VOLTAG stays off for this instance — any other failure (NOT READY while the library inventories,
 * after its waits run out) is reported and leaves volume tags on; the allocation length never exceeds 0xFFFF (changers that read only two of its three
 * bytes); ILLEGAL REQUEST pointing at the allocation length is answered by asking for the 8-byte
 * header and then the exact size (mtx); a reply cut at the allocation length is re-read bigger or with
 * fewer elements.
 *
 * <p>Retry policy, for every command: a UNIT ATTENTION is retried at once as {@link
 * UnitAttentionPolicy} says (clearing the reset/medium-changed conditions a changer queues after
 * power-on or a door opening); NOT READY
 * with ASC 04 and BUSY status are retried every second for up to 5 s, extended to 300 s once the
 * changer says it is becoming ready (02/04/01). The clock and the sleeper are injectable so tests do
 * not wait.
 *
 * <p>Timeouts: before the first command that moves media or scans the library (MOVE MEDIUM,
 * EXCHANGE MEDIUM, POSITION TO ELEMENT, OPEN/CLOSE IMPORT/EXPORT ELEMENT, INITIALIZE ELEMENT STATUS
 * with or without range) the changer is asked once for its command timeouts (REPORT SUPPORTED
 * OPERATION CODES with RCTD, {@link ReportedTimeouts}); from then on every command, READ ELEMENT
 * STATUS included, is sent with the longer of the changer's recommended timeout and the fallback of
 * {@link SmcCommands} (PBS's: 300 s for moves and element status, 30 minutes for an inventory). A
 * changer that refuses the report keeps the fallbacks. Reading the status alone sends no extra
 * command.
 *
 * <p>Thread-safe: public methods are synchronized; one instance per device.
 */
public final class SmcChanger implements MediaChanger {
  private static final Logger LOG = LoggerFactory.getLogger(SmcChanger.class);
  /** Generous per-element budget for the allocation length: 12 + 2 volume tags + DVCID of 34. */
  private static final int BYTES_PER_ELEMENT = 128;

  private final ScsiTransport transport;
  /** {@link #transport} with unit attentions consumed: what commands are sent through. */
  private final ScsiTransport attentive;
  private final Clock clock;
  private final Sleeper sleeper;
  private final boolean volumeTags;
  private final boolean driveIdentifiers;
  private final int maxElements;
  private final Duration retryWindow;
  private final Duration readyTimeout;
  private final Duration retryInterval;
  private boolean volumeTagsRefused;
  private Integer transportAddress;
  /** The changer's recommended command timeouts; null until read before the first move or scan. */
  private ReportedTimeouts timeouts;
  private final Set<String> loggedConditions = new HashSet<>();

  private SmcChanger(Builder b) {
    this.transport = b.transport;
    ScsiTransport timed = ReportedTimeouts.applying(transport, () -> timeouts == null ? ReportedTimeouts.NONE : timeouts);
    this.attentive = UnitAttentionPolicy.consuming(timed, (device, cdb, sense) ->
        logOnce("ua:" + sense.additionalSense(), "{}: opcode {} reported unit attention ({}); repeating",
            device, String.format("%02Xh", cdb[0] & 0xFF), sense.additionalSense()));
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.volumeTags = b.volumeTags;
    this.driveIdentifiers = b.driveIdentifiers;
    this.maxElements = b.maxElements;
    this.retryWindow = b.retryWindow;
    this.readyTimeout = b.readyTimeout;
    this.retryInterval = b.retryInterval;
  }

  /** A changer with the default policy (system clock, real sleeping, barcodes and serials on). */
  public static SmcChanger open(ScsiTransport transport) {
    return builder(transport).build();
  }

  public static Builder builder(ScsiTransport transport) {
    return new Builder(transport);
  }

  /** Options for {@link SmcChanger}. */
  public static final class Builder {
    private final ScsiTransport transport;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private boolean volumeTags = true;
    private boolean driveIdentifiers = true;
    private int maxElements = ReadElementStatus.MAX_ELEMENTS_PER_REQUEST;
    private Duration retryWindow = Duration.ofSeconds(5);
    private Duration readyTimeout = Duration.ofSeconds(300);
    private Duration retryInterval = Duration.ofSeconds(1);

    private Builder(ScsiTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The clock the retry deadlines are measured with. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** How to wait between retries. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value);
      return this;
    }

    /** Ask for volume tags (barcodes); false is mtx's {@code nobarcode}. */
    public Builder volumeTags(boolean value) {
      this.volumeTags = value;
      return this;
    }

    /** Ask drives for their identification (serial numbers) with DVCID. */
    public Builder driveIdentifiers(boolean value) {
      this.driveIdentifiers = value;
      return this;
    }

    /** Most elements per READ ELEMENT STATUS (1..65535, default 1000). */
    public Builder maxElementsPerRequest(int value) {
      if (value < 1 || value > 0xFFFF) {
        throw new IllegalArgumentException("elements per request " + value);
      }
      this.maxElements = value;
      return this;
    }

    /** How long NOT READY and BUSY are retried (default 5 s). */
    public Builder retryWindow(Duration value) {
      this.retryWindow = Objects.requireNonNull(value);
      return this;
    }

    /** How long a changer that is becoming ready (02/04/01) is waited for (default 300 s). */
    public Builder readyTimeout(Duration value) {
      this.readyTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** Pause between retries (default 1 s). */
    public Builder retryInterval(Duration value) {
      this.retryInterval = Objects.requireNonNull(value);
      return this;
    }

    public SmcChanger build() {
      return new SmcChanger(this);
    }
  }

  @Override
  public String deviceName() {
    return transport.deviceName();
  }

  // ---------------------------------------------------------------- commands

  @Override
  public synchronized ChangerInquiry inquiry() throws ScsiException {
    ScsiCommand cmd = SmcCommands.inquiry();
    return ChangerInquiry.decode(readData(cmd, "", cmd.transferLength()));
  }

  @Override
  public synchronized void move(int source, int destination, MoveOptions options) throws ScsiException {
    int picker = picker(options);
    run(SmcCommands.moveMedium(picker, source, destination, options.invert(), options.eepos()),
        "from element " + source + " to element " + destination + " via transport " + picker);
  }

  @Override
  public synchronized void exchange(int source, int firstDestination, int secondDestination, MoveOptions options)
      throws ScsiException {
    int picker = picker(options);
    run(SmcCommands.exchangeMedium(picker, source, firstDestination, secondDestination,
            options.invert(), options.invert2(), options.eepos()),
        "from element " + source + " to element " + firstDestination + ", second destination element "
            + secondDestination + " via transport " + picker);
  }

  @Override
  public synchronized void inventory() throws ScsiException {
    run(SmcCommands.initializeElementStatus(), "");
  }

  @Override
  public synchronized void inventory(int start, int count) throws ScsiException {
    run(SmcCommands.initializeElementStatusWithRange(false, true, start, count),
        count + " element(s) from element " + start);
  }

  @Override
  public synchronized void position(int address) throws ScsiException {
    int picker = transportAddress();
    run(SmcCommands.positionToElement(picker, address, false),
        "to element " + address + " via transport " + picker);
  }

  @Override
  public synchronized void preventRemoval(boolean prevent) throws ScsiException {
    run(SmcCommands.preventAllowMediumRemoval(prevent), "");
  }

  @Override
  public synchronized void openImportExport(int address, boolean open) throws ScsiException {
    run(SmcCommands.openCloseImportExportElement(address, open), "import/export element " + address);
  }

  // ---------------------------------------------------------------- mode pages

  /** MODE SENSE page 0x1D: the element ranges (mtx's {@code loaderinfo}). */
  public synchronized ElementAddressAssignment elementAddressAssignment() throws ScsiException {
    return ElementAddressAssignment.decodeModeSense(modePage(SmcModeSense.ELEMENT_ADDRESS_ASSIGNMENT));
  }

  /** MODE SENSE page 0x1E: which transports can rotate media. */
  public synchronized TransportGeometry transportGeometry() throws ScsiException {
    return TransportGeometry.decodeModeSense(modePage(SmcModeSense.TRANSPORT_GEOMETRY));
  }

  /** MODE SENSE page 0x1F: which element types store media and which moves and exchanges are supported. */
  public synchronized DeviceCapabilities deviceCapabilities() throws ScsiException {
    return DeviceCapabilities.decodeModeSense(modePage(SmcModeSense.DEVICE_CAPABILITIES));
  }

  private byte[] modePage(int pageCode) throws ScsiException {
    ScsiCommand cmd = SmcModeSense.request(pageCode);
    return readData(cmd, String.format("page 0x%02X", pageCode), cmd.transferLength());
  }

  // ---------------------------------------------------------------- status

  @Override
  public synchronized ChangerStatus status() throws ScsiException {
    Optional<ElementAddressAssignment> assignment = readAssignment();
    List<ElementDescriptor> storage = readType(ElementType.STORAGE, assignment, volumeTags, false);
    List<ElementDescriptor> mailSlots = readType(ElementType.IMPORT_EXPORT, assignment, volumeTags, false);
    List<ElementDescriptor> drives = readType(ElementType.DATA_TRANSFER, assignment, volumeTags, false);
    if (driveIdentifiers && !drives.isEmpty()) {
      drives = mergeIdentifiers(drives, assignment);
    }
    List<ElementDescriptor> transports = readType(ElementType.MEDIUM_TRANSPORT, assignment, volumeTags, false);
    if (assignment.isPresent()) {
      checkCount(assignment.get(), ElementType.STORAGE, storage);
      checkCount(assignment.get(), ElementType.IMPORT_EXPORT, mailSlots);
      checkCount(assignment.get(), ElementType.DATA_TRANSFER, drives);
    }
    ChangerStatus status = new ChangerStatus(
        deviceName(), assignment, transports, storage, mailSlots, drives, volumeTags && !volumeTagsRefused);
    transportAddress = status.transportAddress();
    return status;
  }

  private void checkCount(ElementAddressAssignment a, ElementType type, List<ElementDescriptor> got)
      throws MalformedResponseException {
    if (a.count(type) != got.size()) {
      throw new MalformedResponseException(deviceName(),
          "the element address assignment page announces " + a.count(type) + " " + type.text()
              + " element(s) from address " + a.start(type) + " but READ ELEMENT STATUS reported " + got.size());
    }
  }

  /** MODE SENSE page 0x1D, or empty when the changer does not support it (ILLEGAL REQUEST) or garbles it. */
  private Optional<ElementAddressAssignment> readAssignment() throws ScsiException {
    try {
      return Optional.of(elementAddressAssignment());
    } catch (MalformedResponseException e) {
      logOnce("bad-1d", "{}: unusable element address assignment page ({}); reading every element type from address 0",
          deviceName(), e.detail());
      return Optional.empty();
    } catch (ChangerException e) {
      if (e.sense().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false)) {
        logOnce("no-1d", "{}: no element address assignment page ({}); reading every element type from address 0",
            deviceName(), e.detail());
        return Optional.empty();
      }
      throw e;
    }
  }

  private int picker(MoveOptions options) throws ScsiException {
    return options.transport().isPresent() ? options.transport().getAsInt() : transportAddress();
  }

  private int transportAddress() throws ScsiException {
    if (transportAddress == null) {
      Optional<ElementAddressAssignment> a;
      try {
        a = readAssignment();
      } catch (ChangerException e) {
        a = Optional.empty();
      }
      transportAddress = a.filter(x -> x.transportCount() > 0).map(ElementAddressAssignment::transportStart).orElse(0);
    }
    return transportAddress;
  }

  private List<ElementDescriptor> readType(
      ElementType type, Optional<ElementAddressAssignment> assignment, boolean voltag, boolean dvcid)
      throws ScsiException {
    int expected = assignment.map(a -> a.count(type)).orElse(-1);
    if (expected == 0) {
      return List.of();
    }
    int next = assignment.map(a -> a.start(type)).orElse(0);
    List<ElementDescriptor> out = new ArrayList<>();
    while (next <= 0xFFFF) {
      int want = expected < 0 ? maxElements : Math.min(maxElements, expected - out.size());
      want = Math.min(want, 0x10000 - next);
      if (want <= 0) {
        break;
      }
      Reply reply;
      try {
        reply = readElementStatus(new ReadElementStatus(
            type, next, want, voltag, false, dvcid, allocationFor(want)));
      } catch (ChangerException e) {
        if (assignment.isEmpty() && out.isEmpty() && e.sense().map(s -> s.key() == SenseKey.ILLEGAL_REQUEST).orElse(false)) {
          // Without the assignment page we probe every type; a changer with none of this type may say so.
          return List.of();
        }
        throw e;
      }
      List<ElementDescriptor> page = reply.data().descriptors().stream()
          .filter(d -> d.type() == type && d.address() >= 0)
          .toList();
      if (page.isEmpty()) {
        break;
      }
      out.addAll(page);
      int last = page.get(page.size() - 1).address();
      if (last < next) {
        throw new MalformedResponseException(deviceName(),
            "READ ELEMENT STATUS from element " + next + " returned element " + last + " (addresses must not go back)");
      }
      next = last + 1;
      if (expected < 0 && page.size() < reply.request().count()) {
        break;
      }
    }
    return out;
  }

  private static int allocationFor(int elements) {
    long want = 2L * ElementStatusData.HEADER_LENGTH + (long) elements * BYTES_PER_ELEMENT;
    return (int) Math.min(ReadElementStatus.MAX_ALLOCATION_LENGTH, want);
  }

  private List<ElementDescriptor> mergeIdentifiers(
      List<ElementDescriptor> drives, Optional<ElementAddressAssignment> assignment) throws ScsiException {
    Optional<ElementAddressAssignment> range = Optional.of(assignment.orElse(
        new ElementAddressAssignment(0, 0, 0, 0, 0, 0, drives.get(0).address(), drives.size())));
    List<ElementDescriptor> ids;
    try {
      ids = readType(ElementType.DATA_TRANSFER, range, false, true);
    } catch (ChangerException | MalformedResponseException e) {
      logOnce("no-dvcid", "{}: drive serial numbers unavailable (DVCID request failed: {})", deviceName(), e.detail());
      return drives;
    }
    Map<Integer, ElementDescriptor> byAddress = new HashMap<>();
    for (ElementDescriptor d : ids) {
      byAddress.put(d.address(), d);
    }
    List<ElementDescriptor> merged = new ArrayList<>();
    for (ElementDescriptor d : drives) {
      ElementDescriptor withId = byAddress.get(d.address());
      merged.add(withId == null || withId.identifier().isEmpty() ? d : d.withIdentifier(withId.identifier()));
    }
    return merged;
  }

  /** A decoded reply and the request that produced it (which may ask for fewer elements than first wanted). */
  private record Reply(ReadElementStatus request, ElementStatusData data) {}

  /** One READ ELEMENT STATUS exchange, with the VOLTAG and allocation-length fallbacks. */
  private Reply readElementStatus(ReadElementStatus request) throws ScsiException {
    ReadElementStatus req = volumeTagsRefused ? request.withoutVolumeTags() : request;
    String elements = req.type().text() + " elements from element " + req.start() + ", count " + req.count()
        + (req.volumeTags() ? ", VOLTAG" : "") + (req.deviceIdentifiers() ? ", DVCID" : "");
    while (true) {
      byte[] data;
      try {
        data = readData(req.toCommand(), elements, req.allocationLength());
      } catch (ChangerException e) {
        if (pointsAtAllocationLength(e) && req.allocationLength() != ElementStatusData.HEADER_LENGTH) {
          byte[] header = readData(req.withAllocationLength(ElementStatusData.HEADER_LENGTH).toCommand(),
              elements, ElementStatusData.HEADER_LENGTH);
          int exact = Math.min(ReadElementStatus.MAX_ALLOCATION_LENGTH, ElementStatusData.reportLength(header));
          data = readData(req.withAllocationLength(exact).toCommand(), elements, exact);
          return new Reply(req, decode(data, elements));
        }
        if (req.volumeTags() && rejectsVolumeTags(e)) {
          logOnce("voltag", "{}: READ ELEMENT STATUS with VOLTAG refused ({}); reading without volume tags",
              deviceName(), e.detail());
          volumeTagsRefused = true;
          req = req.withoutVolumeTags();
          continue;
        }
        throw e;
      }
      if (data.length >= ElementStatusData.HEADER_LENGTH && data.length == req.allocationLength()) {
        int needed = ElementStatusData.reportLength(data);
        if (needed > data.length) {
          if (req.allocationLength() < ReadElementStatus.MAX_ALLOCATION_LENGTH) {
            req = req.withAllocationLength(Math.min(ReadElementStatus.MAX_ALLOCATION_LENGTH, needed));
            continue;
          }
          if (req.count() > 1) {
            req = req.withRange(req.start(), req.count() / 2);
            continue;
          }
        }
      }
      return new Reply(req, decode(data, elements));
    }
  }

  private ElementStatusData decode(byte[] data, String elements) throws MalformedResponseException {
    try {
      return ElementStatusData.decode(data);
    } catch (MalformedResponseException e) {
      Optional<ElementStatusData> counted = ElementStatusData.decodeEightBytesShort(data);
      if (counted.isPresent()) {
        logOnce("8-short", "{}: READ ELEMENT STATUS sent {} bytes, 8 fewer than its header announces (it counts "
            + "the header's 8 bytes into 'byte count of report available', as Linux tgt does); the missing end of "
            + "the last descriptor holds no barcode or identifier text and is read as zeros", deviceName(), data.length);
        return counted.get();
      }
      throw new MalformedResponseException(deviceName(), "READ ELEMENT STATUS (" + elements + "): " + e.detail());
    }
  }

  /**
   * Whether a READ ELEMENT STATUS with VOLTAG failed because of the VOLTAG bit: ILLEGAL REQUEST
   * pointing at CDB byte 1 (bit 4 when the changer names a bit), or without a field pointer
   * (libraries without a barcode reader often send none). A NOT READY while the library inventories,
   * a hardware error or a reset says nothing about volume tags and must not turn them off.
   */
  private static boolean rejectsVolumeTags(ChangerException e) {
    return e.sense()
        .filter(s -> s.key() == SenseKey.ILLEGAL_REQUEST)
        .map(s -> s.fieldPointer()
            .map(f -> f.inCdb() && f.byteOffset() == 1 && f.bit().orElse(4) == 4)
            .orElse(true))
        .orElse(false);
  }

  private static boolean pointsAtAllocationLength(ChangerException e) {
    return e.sense()
        .filter(s -> s.key() == SenseKey.ILLEGAL_REQUEST)
        .flatMap(SenseData::fieldPointer)
        .filter(f -> f.inCdb() && f.byteOffset() >= 7 && f.byteOffset() <= 9)
        .isPresent();
  }

  // ---------------------------------------------------------------- execution with retries

  private byte[] readData(ScsiCommand cmd, String elements, int length) throws ScsiException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    ScsiResult result = execute(cmd, buffer, elements);
    return Arrays.copyOf(buffer.array(), Math.min(length, result.transferred()));
  }

  private void run(ScsiCommand cmd, String elements) throws ScsiException {
    execute(cmd, null, elements);
  }

  /** Sends {@code cmd}, retrying as the class comment says; returns a GOOD result or throws. */
  private ScsiResult execute(ScsiCommand cmd, ByteBuffer buffer, String elements) throws ScsiException {
    if (timeouts == null && movesOrScans(cmd.cdb()[0] & 0xFF)) {
      timeouts = readReportedTimeouts();
    }
    Instant start = clock.instant();
    Instant deadline = start.plus(retryWindow);
    while (true) {
      ScsiResult result = cmd.execute(attentive, buffer);
      if (result.isGood()) {
        return result;
      }
      Optional<SenseData> sense = result.senseData();
      SenseKey key = sense.map(SenseData::key).orElse(null);
      boolean becomingReady = sense.map(s -> s.is(SenseKey.NOT_READY,
          AdditionalSense.LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY)).orElse(false);
      if (becomingReady) {
        Instant extended = start.plus(readyTimeout);
        if (extended.isAfter(deadline)) {
          deadline = extended;
        }
      }
      boolean transient_ = result.scsiStatus() == ScsiStatus.BUSY
          || (key == SenseKey.NOT_READY && sense.get().asc() == 0x04);
      if (transient_ && clock.instant().plus(retryInterval).compareTo(deadline) <= 0) {
        logOnce("wait:" + cmd.name() + result.scsiStatus() + sense.map(SenseData::additionalSense).orElse(null),
            "{}: {} not ready yet ({}); retrying until {}", deviceName(), cmd.name(), result, deadline);
        pause();
        continue;
      }
      throw new ChangerException(deviceName(), cmd.name(), result, elements, null);
    }
  }

  /** MOVE MEDIUM, EXCHANGE MEDIUM, POSITION TO ELEMENT, OPEN/CLOSE I/E ELEMENT, INITIALIZE ELEMENT STATUS (+ WITH RANGE). */
  private static boolean movesOrScans(int opcode) {
    return switch (opcode) {
      case 0xA5, 0xA6, 0x2B, 0x1B, 0x07, 0xE7 -> true;
      default -> false;
    };
  }

  /**
   * The changer's recommended timeouts (REPORT SUPPORTED OPERATION CODES with RCTD); none when it
   * rejects the command, answers with anything but GOOD, or sends a malformed list. Asked once.
   */
  private ReportedTimeouts readReportedTimeouts() throws ScsiException {
    try {
      ReportedTimeouts t = ReportedTimeouts.of(FullReply.supportedOperationCodes(attentive, true));
      LOG.debug("{}: command timeouts: {}", deviceName(), t);
      return t;
    } catch (ScsiCommandException e) {
      LOG.debug("{}: no command timeouts reported ({}); using the defaults", deviceName(), e.getMessage());
      return ReportedTimeouts.NONE;
    } catch (MalformedResponseException e) {
      LOG.info("{}: ignoring a malformed list of supported commands; using default timeouts ({})",
          deviceName(), e.getMessage());
      return ReportedTimeouts.NONE;
    }
  }

  private void pause() throws ScsiException {
    try {
      sleeper.sleep(retryInterval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScsiException(deviceName(), "interrupted while waiting for the changer to become ready", e);
    }
  }

  private void logOnce(String condition, String format, Object... args) {
    if (loggedConditions.add(condition)) {
      LOG.info(format, args);
    } else {
      LOG.debug(format, args);
    }
  }
}
