package dev.tapekit.vtl.cartridge;

import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable metadata of a virtual cartridge, kept in the cartridge file's header slots: identity,
 * capacity, flags and the medium auxiliary memory (MAM) counters and host attributes.
 *
 * <p>Immutable; change it with the {@code with…} methods and {@link CartridgeFile#updateInfo}.
 *
 * @param barcode volume tag (also MAM 0x0806 BARCODE)
 * @param generation medium generation (density code)
 * @param kind data, WORM or cleaning
 * @param writeProtected the write-protect tab
 * @param cleaningUsesLeft remaining cleanings for a cleaning cartridge (0 = expired)
 * @param capacity capacity in bytes of logical data
 * @param earlyWarningDistance bytes before {@code capacity} where early warning starts
 * @param loadCount MAM 0x0003 LOAD COUNT
 * @param bytesWrittenLifetime bytes written over the cartridge's life (MAM 0x0220 reports MiB)
 * @param bytesReadLifetime bytes read over the cartridge's life (MAM 0x0221)
 * @param bytesWrittenLastLoad bytes written during the current or last load (MAM 0x0222)
 * @param bytesReadLastLoad bytes read during the current or last load (MAM 0x0223)
 * @param initializeCount MAM 0x0007 INITIALIZATION COUNT (formats and erases from BOP)
 * @param volumeChangeReference MAM 0x0009, bumped whenever recorded data changes in a new session
 * @param manufactureDate MAM 0x0406, 8 ASCII digits YYYYMMDD
 * @param hostAttributes attributes written by WRITE ATTRIBUTE: id → bytes, the first being the SPC
 *     attribute FORMAT byte and the rest the value
 */
public record CartridgeInfo(
    Barcode barcode,
    MediumGeneration generation,
    MediumKind kind,
    boolean writeProtected,
    int cleaningUsesLeft,
    long capacity,
    long earlyWarningDistance,
    long loadCount,
    long bytesWrittenLifetime,
    long bytesReadLifetime,
    long bytesWrittenLastLoad,
    long bytesReadLastLoad,
    long initializeCount,
    int volumeChangeReference,
    String manufactureDate,
    Map<Integer, byte[]> hostAttributes) {

  /** Largest total size of {@link #hostAttributes} as stored (3 header bytes + value each). */
  public static final int HOST_ATTRIBUTE_SPACE = CartridgeFile.HOST_ATTRIBUTE_SPACE;

  public CartridgeInfo {
    if (capacity <= 0 || earlyWarningDistance < 0 || earlyWarningDistance >= capacity) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " and early-warning distance " + earlyWarningDistance + " are inconsistent");
    }
    if (manufactureDate.length() != 8) {
      throw new IllegalArgumentException("manufacture date must be YYYYMMDD: " + manufactureDate);
    }
    TreeMap<Integer, byte[]> copy = new TreeMap<>();
    hostAttributes.forEach((k, v) -> copy.put(k, v.clone()));
    hostAttributes = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A fresh cartridge for {@code barcode}: generation and kind from the barcode, the given capacity,
   * early warning 2 MiB before the end (or a sixteenth of the capacity when that is smaller), fifty
   * cleanings for cleaning cartridges.
   */
  public static CartridgeInfo fresh(Barcode barcode, long capacity, String manufactureDate) {
    long ew = defaultEarlyWarningDistance(capacity);
    return new CartridgeInfo(
        barcode,
        barcode.generation(),
        barcode.kind(),
        false,
        barcode.kind() == MediumKind.CLEANING ? 50 : 0,
        capacity,
        ew,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        manufactureDate,
        Map.of());
  }

  /** Early warning 2 MiB before the end, or a sixteenth of {@code capacity} when that is smaller. */
  public static long defaultEarlyWarningDistance(long capacity) {
    return Math.min(2L << 20, capacity / 16);
  }

  /** Byte position at which writes report early warning. */
  public long earlyWarningPosition() {
    return capacity - earlyWarningDistance;
  }

  public CartridgeInfo withWriteProtected(boolean wp) {
    return new CartridgeInfo(barcode, generation, kind, wp, cleaningUsesLeft, capacity, earlyWarningDistance,
        loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad, bytesReadLastLoad,
        initializeCount, volumeChangeReference, manufactureDate, hostAttributes);
  }

  public CartridgeInfo withCapacity(long cap, long ewDistance) {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, cleaningUsesLeft, cap, ewDistance,
        loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad, bytesReadLastLoad,
        initializeCount, volumeChangeReference, manufactureDate, hostAttributes);
  }

  /** A new load: load count + 1, per-load counters reset. */
  public CartridgeInfo loaded() {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, cleaningUsesLeft, capacity,
        earlyWarningDistance, loadCount + 1, bytesWrittenLifetime, bytesReadLifetime, 0, 0, initializeCount,
        volumeChangeReference, manufactureDate, hostAttributes);
  }

  /** A cleaning cartridge with {@code uses} cleanings left (0: expired), as an operator's edit. */
  public CartridgeInfo withCleaningUsesLeft(int uses) {
    if (uses < 0) {
      throw new IllegalArgumentException("cleanings left must not be negative: " + uses);
    }
    return new CartridgeInfo(barcode, generation, kind, writeProtected, uses, capacity, earlyWarningDistance,
        loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad, bytesReadLastLoad,
        initializeCount, volumeChangeReference, manufactureDate, hostAttributes);
  }

  /** One cleaning used. */
  public CartridgeInfo cleaned() {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, Math.max(0, cleaningUsesLeft - 1),
        capacity, earlyWarningDistance, loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad,
        bytesReadLastLoad, initializeCount, volumeChangeReference, manufactureDate, hostAttributes);
  }

  /** Adds transferred bytes to the lifetime and per-load counters. */
  public CartridgeInfo transferred(long written, long read) {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, cleaningUsesLeft, capacity,
        earlyWarningDistance, loadCount, bytesWrittenLifetime + written, bytesReadLifetime + read,
        bytesWrittenLastLoad + written, bytesReadLastLoad + read, initializeCount, volumeChangeReference,
        manufactureDate, hostAttributes);
  }

  /** Recorded data changed: bump the volume change reference; from BOP also count an initialization. */
  public CartridgeInfo rewritten(boolean fromBeginning) {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, cleaningUsesLeft, capacity,
        earlyWarningDistance, loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad,
        bytesReadLastLoad, initializeCount + (fromBeginning ? 1 : 0), volumeChangeReference + 1,
        manufactureDate, hostAttributes);
  }

  /** Replaces the host attributes. */
  public CartridgeInfo withHostAttributes(Map<Integer, byte[]> attributes) {
    return new CartridgeInfo(barcode, generation, kind, writeProtected, cleaningUsesLeft, capacity,
        earlyWarningDistance, loadCount, bytesWrittenLifetime, bytesReadLifetime, bytesWrittenLastLoad,
        bytesReadLastLoad, initializeCount, volumeChangeReference, manufactureDate, attributes);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CartridgeInfo c)) {
      return false;
    }
    if (!c.hostAttributes.keySet().equals(hostAttributes.keySet())) {
      return false;
    }
    for (var e : hostAttributes.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), c.hostAttributes.get(e.getKey()))) {
        return false;
      }
    }
    return c.barcode.equals(barcode) && c.generation == generation && c.kind == kind
        && c.writeProtected == writeProtected && c.cleaningUsesLeft == cleaningUsesLeft
        && c.capacity == capacity && c.earlyWarningDistance == earlyWarningDistance
        && c.loadCount == loadCount && c.bytesWrittenLifetime == bytesWrittenLifetime
        && c.bytesReadLifetime == bytesReadLifetime && c.bytesWrittenLastLoad == bytesWrittenLastLoad
        && c.bytesReadLastLoad == bytesReadLastLoad && c.initializeCount == initializeCount
        && c.volumeChangeReference == volumeChangeReference && c.manufactureDate.equals(manufactureDate);
  }

  @Override
  public int hashCode() {
    return barcode.hashCode() * 31 + Long.hashCode(loadCount) * 7 + Long.hashCode(bytesWrittenLifetime);
  }
}
