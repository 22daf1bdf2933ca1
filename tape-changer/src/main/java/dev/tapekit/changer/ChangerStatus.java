package dev.tapekit.changer;

import dev.tapekit.changer.smc.ElementAddressAssignment;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of every element of a changer, by type, in the order the changer reported them. Drives
 * carry their serial numbers when the changer answered the DVCID request. Immutable.
 *
 * @param device the device name
 * @param assignment the element address assignment page, when the changer returned it
 * @param transports medium transport elements (pickers)
 * @param storage storage elements (slots)
 * @param importExport import/export elements (mail slots)
 * @param drives data transfer elements
 * @param volumeTags whether the status was read with VOLTAG (false when the changer refused barcodes)
 */
public record ChangerStatus(
    String device,
    Optional<ElementAddressAssignment> assignment,
    List<ElementDescriptor> transports,
    List<ElementDescriptor> storage,
    List<ElementDescriptor> importExport,
    List<ElementDescriptor> drives,
    boolean volumeTags) {

  public ChangerStatus {
    transports = List.copyOf(transports);
    storage = List.copyOf(storage);
    importExport = List.copyOf(importExport);
    drives = List.copyOf(drives);
  }

  /** The elements of one type ({@link ElementType#ALL}: all, transports first). */
  public List<ElementDescriptor> elements(ElementType type) {
    return switch (type) {
      case MEDIUM_TRANSPORT -> transports;
      case STORAGE -> storage;
      case IMPORT_EXPORT -> importExport;
      case DATA_TRANSFER -> drives;
      case ALL -> {
        List<ElementDescriptor> all = new ArrayList<>(transports);
        all.addAll(storage);
        all.addAll(importExport);
        all.addAll(drives);
        yield all;
      }
    };
  }

  /** The element at {@code address}, of any type. */
  public Optional<ElementDescriptor> element(int address) {
    return elements(ElementType.ALL).stream().filter(e -> e.address() == address).findFirst();
  }

  /** The address to put in MOVE MEDIUM: the first transport's, or 0 (changer's choice) when none is reported. */
  public int transportAddress() {
    return transports.isEmpty() ? 0 : transports.get(0).address();
  }

  /** The element holding the medium with this (trimmed) barcode. */
  public Optional<ElementDescriptor> findBarcode(String barcode) {
    return elements(ElementType.ALL).stream()
        .filter(e -> e.full() && e.barcode().filter(barcode::equals).isPresent())
        .findFirst();
  }
}
