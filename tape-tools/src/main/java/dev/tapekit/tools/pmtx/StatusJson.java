package dev.tapekit.tools.pmtx;

import dev.tapekit.changer.MtxLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pmtx status --output-format json}: the mtx view as data, numbered like mtx.
 *
 * <pre>{@code
 * {"device": "vtl:L700", "storageSlots": 39, "importExportSlots": 4,
 *  "drives": [{"drive": 0, "address": 500, "full": true, "loadedSlot": 3, "volumeTag": "E01003L8",
 *              "cleaning": false, "serial": "XYZZY_A1", "device": "vtl:L700:0"}, ...],
 *  "slots": [{"slot": 1, "address": 1000, "importExport": false, "full": false, "volumeTag": null,
 *             "cleaning": false}, ...]}
 * }</pre>
 *
 * Volume tags are trimmed; {@code loadedSlot} is null for "Unknown Storage Element Loaded"; {@code
 * device} is present only when it was looked up ({@code --verbose}).
 */
final class StatusJson {
  private StatusJson() {}

  static Map<String, Object> of(String device, MtxLibrary library, Map<Integer, String> nodes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("device", device);
    m.put("storageSlots", library.storageSlotCount());
    m.put("importExportSlots", library.importExportCount());
    List<Object> drives = new ArrayList<>();
    for (MtxLibrary.Drive d : library.drives()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("drive", d.number());
      e.put("address", d.address());
      e.put("full", d.full());
      e.put("loadedSlot", d.full() ? d.loadedSlot() : null);
      e.put("volumeTag", d.barcode());
      e.put("cleaning", d.isCleaning());
      e.put("serial", d.serialNumber());
      if (!nodes.isEmpty()) {
        e.put("device", Optional.ofNullable(nodes.get(d.number())));
      }
      drives.add(e);
    }
    m.put("drives", drives);
    List<Object> slots = new ArrayList<>();
    for (MtxLibrary.Slot s : library.slots()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("slot", s.number());
      e.put("address", s.address());
      e.put("importExport", s.importExport());
      e.put("full", s.full());
      e.put("volumeTag", s.barcode());
      e.put("cleaning", s.isCleaning());
      slots.add(e);
    }
    m.put("slots", slots);
    return m;
  }
}
