package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommandException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.AttributeCommands;
import dev.tapekit.scsi.mam.AttributeList;
import dev.tapekit.scsi.mam.AttributeParameterList;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.sense.AdditionalSense;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cartridge memory (MAM) for {@link ScsiTapeDrive}: READ ATTRIBUTE and WRITE ATTRIBUTE, and the
 * tolerant reading {@code status()} wants (no memory, an unreadable one, or a malformed date or
 * counter leave fields empty and are logged).
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class CartridgeMemory {
  private static final Logger LOG = LoggerFactory.getLogger(ScsiTapeDrive.class);
  /** Bytes per MAM "MiB" counter unit (0220h, 0221h), as PBS converts them. */
  private static final long MIB = 1L << 20;
  /** Sense that means the cartridge memory cannot be read now: status() leaves MAM fields empty. */
  private static final Set<AdditionalSense> UNREADABLE = Set.of(
      AdditionalSense.LOGICAL_UNIT_NOT_READY_AUXILIARY_MEMORY_NOT_ACCESSIBLE,
      AdditionalSense.MEDIUM_AUXILIARY_MEMORY_NOT_ACCESSIBLE,
      AdditionalSense.AUXILIARY_MEMORY_READ_ERROR);

  private final DriveCommands commands;

  CartridgeMemory(DriveCommands commands) {
    this.commands = commands;
  }

  AttributeList read() throws ScsiException {
    return commands.readDecoded(AttributeCommands.readAttributeValues(0), AttributeList::parse);
  }

  /** See {@link ScsiTapeDrive#readAttributes(int...)}. */
  List<Attribute> read(int... ids) throws IOException {
    if (ids.length == 0) {
      throw new IllegalArgumentException("no attribute identifiers given; use readAttributes() for all");
    }
    TreeSet<Integer> wanted = new TreeSet<>();
    for (int id : ids) {
      wanted.add(Attribute.requireId(id));
    }
    AttributeList all = commands.readDecoded(AttributeCommands.readAttributeValues(wanted.first()),
        AttributeList::parse);
    return all.attributes().stream().filter(a -> wanted.contains(a.id())).toList();
  }

  void write(AttributeParameterList attributes) throws IOException {
    if (attributes.attributes().isEmpty()) {
      throw new IllegalArgumentException("no attributes to write");
    }
    byte[] data = attributes.encode();
    commands.codec(() -> AttributeCommands.writeAttribute(attributes).writeData(commands.attentive(), data));
  }

  void clear(MamAttribute... attributes) throws IOException {
    AttributeParameterList list = new AttributeParameterList();
    for (MamAttribute a : attributes) {
      list.clear(a);
    }
    write(list);
  }

  /** The cartridge memory for status(): empty when the drive has none or cannot read it now. */
  Optional<AttributeList> readForStatus() throws ScsiException {
    try {
      return commands.unlessUnsupported(this::read);
    } catch (ScsiCommandException e) {
      if (e.sense().map(s -> UNREADABLE.contains(s.additionalSense())).orElse(false)) {
        LOG.info("{}: status without cartridge memory: {}", commands.deviceName(), e.getMessage());
        return Optional.empty();
      }
      throw e;
    }
  }

  /** MAM 0406h as a date; empty when absent or not a valid YYYYMMDD (logged). */
  Optional<LocalDate> manufactured(AttributeList mam) {
    Optional<Attribute> a = mam.get(MamAttribute.MEDIUM_MANUFACTURE_DATE);
    try {
      return a.isPresent() ? Optional.of(a.get().date()) : Optional.empty();
    } catch (MalformedResponseException e) {
      LOG.info("{}: ignoring the cartridge's manufacture date: {}", commands.deviceName(), e.getMessage());
      return Optional.empty();
    }
  }

  /** A MiB counter of the cartridge memory in bytes; empty when absent or not a number (logged). */
  OptionalLong mebibytes(AttributeList mam, MamAttribute counter) {
    Optional<Attribute> a = mam.get(counter);
    try {
      return a.isPresent() ? OptionalLong.of(Math.multiplyExact(a.get().number(), MIB)) : OptionalLong.empty();
    } catch (MalformedResponseException | ArithmeticException e) {
      LOG.info("{}: ignoring cartridge memory attribute {}: {}", commands.deviceName(), counter, e.getMessage());
      return OptionalLong.empty();
    }
  }
}
