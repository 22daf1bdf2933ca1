package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import dev.tapekit.vtl.cartridge.MediumKind;
import dev.tapekit.vtl.internal.CheckCondition;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.Out;
import java.util.Map;
import java.util.TreeMap;

/**
 * READ ATTRIBUTE and WRITE ATTRIBUTE over the cartridge's medium auxiliary memory (SPC-4 §7.4).
 *
 * <p>Device and medium attributes (ids below 0x0800) are computed from {@link CartridgeInfo} and are
 * read-only; host attributes (0x0800 and above) are stored in the cartridge header. Attribute encoding:
 * id(2), READ ONLY(bit 7) | FORMAT(bits 1..0: 0 binary, 1 ASCII, 2 text)(1), length(2), value.
 * Capacities and byte counters are reported in MiB, as LTO drives do.
 */
final class MamAttributes {
  private static final int BINARY = 0;
  private static final int ASCII = 1;
  private static final int MIB = 1 << 20;

  /** Maximum lengths of the standard host attributes; longer values are rejected. */
  private static final Map<Integer, Integer> HOST_LIMITS = Map.ofEntries(
      Map.entry(0x0800, 8), Map.entry(0x0801, 32), Map.entry(0x0802, 8), Map.entry(0x0803, 160),
      Map.entry(0x0804, 12), Map.entry(0x0805, 1), Map.entry(0x0806, 32), Map.entry(0x0807, 80),
      Map.entry(0x0808, 160), Map.entry(0x0809, 16), Map.entry(0x080A, 36), Map.entry(0x080B, 16),
      Map.entry(0x080C, 70));

  private MamAttributes() {}

  private record Attr(int id, boolean readOnly, int format, byte[] value) {
    void encode(Out o) {
      o.u16(id).u8((readOnly ? 0x80 : 0) | format).u16(value.length).bytes(value);
    }
  }

  /** The attributes of cartridge {@code f}; the two capacity attributes describe partition {@code part}. */
  private static TreeMap<Integer, Attr> attributes(VirtualTapeDrive d, CartridgeFile f, CartridgeFile part) {
    CartridgeInfo i = f.info();
    TreeMap<Integer, Attr> m = new TreeMap<>();
    long capacity = part.info().capacity();
    long remaining = Math.max(0, capacity - part.bytesUsed());
    bin(m, 0x0000, remaining / MIB, 8);
    bin(m, 0x0001, capacity / MIB, 8);
    bin(m, 0x0002, Long.reverse(d.tapeAlertFlags()), 8);
    bin(m, 0x0003, i.loadCount(), 8);
    bin(m, 0x0004, CartridgeInfo.HOST_ATTRIBUTE_SPACE - hostBytes(i), 8);
    ascii(m, 0x0005, "LTO-CVE", 8);
    bin(m, 0x0006, i.generation().densityCode(), 1);
    bin(m, 0x0007, Math.min(0xFFFF, i.initializeCount()), 2);
    bin(m, 0x0009, i.volumeChangeReference() & 0xFFFFFFFFL, 4);
    ascii(m, 0x020A, d.personality().vendor(), 8);
    ascii(m, 0x020B, d.serial(), 32);
    bin(m, 0x0220, i.bytesWrittenLifetime() / MIB, 8);
    bin(m, 0x0221, i.bytesReadLifetime() / MIB, 8);
    bin(m, 0x0222, i.bytesWrittenLastLoad() / MIB, 8);
    bin(m, 0x0223, i.bytesReadLastLoad() / MIB, 8);
    ascii(m, 0x0400, "TAPEKIT", 8);
    ascii(m, 0x0401, i.barcode().label(), 32);
    ascii(m, 0x0406, i.manufactureDate(), 8);
    bin(m, 0x0408, i.kind().mamMediumType(), 1);
    // cleaning medium: the maximum number of cleaning cycles (SPC); the cartridge keeps the uses left,
    // so the maximum is what makes "maximum - LOAD COUNT" come out as that
    bin(m, 0x0409, i.kind() == MediumKind.CLEANING ? Math.min(0xFFFF, i.loadCount() + i.cleaningUsesLeft()) : 0, 2);
    for (var e : i.hostAttributes().entrySet()) {
      byte[] v = e.getValue();
      byte[] value = java.util.Arrays.copyOfRange(v, 1, v.length);
      m.put(e.getKey(), new Attr(e.getKey(), false, v[0] & 0x03, value));
    }
    return m;
  }

  private static int hostBytes(CartridgeInfo i) {
    return 4 + i.hostAttributes().values().stream().mapToInt(v -> 4 + v.length).sum();
  }

  private static void bin(TreeMap<Integer, Attr> m, int id, long v, int size) {
    m.put(id, new Attr(id, true, BINARY, new Out().uN(v, size).toArray()));
  }

  private static void ascii(TreeMap<Integer, Attr> m, int id, String v, int size) {
    m.put(id, new Attr(id, true, ASCII, new Out().ascii(v, size).toArray()));
  }

  /** READ ATTRIBUTE: service actions 0 (values), 1 (list), 5 (supported attributes). */
  static void read(Command c, VirtualTapeDrive d) {
    int sa = c.u8(1) & 0x1F;
    int volume = c.u8(5);
    int partition = c.u8(7);
    int first = c.u16(8);
    long alloc = c.u32(10);
    if (volume != 0) {
      throw CheckCondition.invalidCdbField(5, -1);
    }
    CartridgeFile f = d.mounted();
    if (partition >= f.partitionCount()) {
      throw CheckCondition.invalidCdbField(7, -1);
    }
    TreeMap<Integer, Attr> all = attributes(d, f, f.partition(partition));
    Out o = new Out().u32(0);
    switch (sa) {
      case 0x00 -> all.tailMap(first, true).values().forEach(a -> a.encode(o));
      case 0x01, 0x05 -> all.keySet().forEach(o::u16);
      default -> throw CheckCondition.invalidCdbField(1, 4);
    }
    o.set32(0, o.length() - 4);
    c.dataIn(o.toArray(), alloc);
  }

  /** WRITE ATTRIBUTE: stores host attributes; a zero length deletes one. */
  static void write(Command c, VirtualTapeDrive d) {
    if (c.u8(5) != 0) {
      throw CheckCondition.invalidCdbField(5, -1);
    }
    if (c.u8(7) != 0) {
      throw CheckCondition.invalidCdbField(7, -1);
    }
    long length = c.u32(10);
    CartridgeFile f = d.loaded();
    if (f.info().writeProtected()) {
      throw new CheckCondition(0x07, 0x27, 0x00);
    }
    if (length == 0) {
      return;
    }
    if (length < 4 || length > 65536) {
      throw CheckCondition.invalidCdbField(10, -1);
    }
    byte[] p = c.dataOutBytes(length);
    long declared = ((p[0] & 0xFFL) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    if (declared + 4 > p.length) {
      throw new CheckCondition(0x05, 0x1A, 0x00); // parameter list length error
    }
    TreeMap<Integer, byte[]> host = new TreeMap<>(f.info().hostAttributes());
    int i = 4;
    int end = (int) (4 + declared);
    while (i < end) {
      if (i + 5 > end) {
        throw CheckCondition.invalidParameterField(i, -1);
      }
      int id = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
      int format = p[i + 2] & 0x03;
      int len = ((p[i + 3] & 0xFF) << 8) | (p[i + 4] & 0xFF);
      if (i + 5 + len > end) {
        throw CheckCondition.invalidParameterField(i + 3, -1);
      }
      if (id < 0x0800) {
        throw CheckCondition.invalidParameterField(i, -1); // device and medium attributes are read-only
      }
      Integer limit = HOST_LIMITS.get(id);
      if (limit != null && len > limit) {
        throw CheckCondition.invalidParameterField(i + 3, -1);
      }
      if (format == 3) {
        throw CheckCondition.invalidParameterField(i + 2, 1);
      }
      if (len == 0) {
        host.remove(id);
      } else {
        byte[] v = new byte[len + 1];
        v[0] = (byte) format;
        System.arraycopy(p, i + 5, v, 1, len);
        host.put(id, v);
      }
      i += 5 + len;
    }
    int needed = 4 + host.values().stream().mapToInt(v -> 4 + v.length).sum();
    if (needed > CartridgeInfo.HOST_ATTRIBUTE_SPACE) {
      throw new CheckCondition(0x05, 0x55, 0x06); // auxiliary memory out of space
    }
    VirtualTapeDrive.io(() -> f.updateInfo(x -> x.withHostAttributes(host)));
  }
}
