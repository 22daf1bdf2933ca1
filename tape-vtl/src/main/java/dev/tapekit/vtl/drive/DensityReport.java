package dev.tapekit.vtl.drive;

import dev.tapekit.vtl.cartridge.MediumGeneration;
import dev.tapekit.vtl.drive.DrivePersonality.Compatibility;
import dev.tapekit.vtl.internal.Command;
import dev.tapekit.vtl.internal.Out;
import java.util.ArrayList;
import java.util.List;

/** REPORT DENSITY SUPPORT for {@link VirtualTapeDrive}: the densities and medium types of its personality. */
final class DensityReport {
  private static final int MB = 1_000_000;

  private DensityReport() {}

  /**
   * Density descriptors (52 bytes each) after a 4-byte header (available length, reserved):
   * primary code, secondary code, WRTOK(7)|DUP(6)|DEFLT(5)|DLV(0), reserved(2), bits per mm(3), media
   * width in 0.1 mm(2), tracks(2), capacity in MB(4), assigning organization(8), density name(8),
   * description(20). The medium-type form (MEDIUM TYPE bit) gives 56-byte medium type descriptors.
   */
  static void reportDensitySupport(Command c, VirtualTapeDrive d) {
    boolean media = c.bit(1, 0);
    boolean mediumType = c.bit(1, 1);
    long alloc = c.u16(7);
    List<MediumGeneration> gens = new ArrayList<>();
    if (media) {
      gens.add(d.loaded().info().generation());
    } else {
      for (MediumGeneration g : MediumGeneration.values()) {
        if (d.personality().compatibility(g) != Compatibility.UNSUPPORTED) {
          gens.add(g);
        }
      }
      gens.sort((a, b) -> Integer.compare(b.densityCode(), a.densityCode()));
    }
    Out o = new Out().u16(0).u16(0);
    for (MediumGeneration g : gens) {
      boolean wrtok = d.personality().compatibility(g) == Compatibility.READ_WRITE;
      boolean deflt = g == d.personality().nativeGeneration();
      if (mediumType) {
        o.u8(g.dataMediumType()).u8(0).u16(52).u8(1).u8(g.densityCode()).zeros(8)
            .u16(127).u16(lengthMeters(g)).u16(0)
            .ascii(organization(g), 8).ascii(g.densityName(), 8).ascii(description(g), 20);
      } else {
        o.u8(g.densityCode()).u8(g.densityCode()).u8((wrtok ? 0x80 : 0) | (deflt ? 0x20 : 0) | 0x01)
            .u16(0).u24(bitsPerMm(g)).u16(127).u16(tracks(g)).u32(g.nativeCapacity() / MB)
            .ascii(organization(g), 8).ascii(g.densityName(), 8).ascii(description(g), 20);
      }
    }
    o.set16(0, o.length() - 2);
    c.dataIn(o.toArray(), alloc);
  }

  private static String organization(MediumGeneration g) {
    return g.family() == MediumGeneration.Family.LTO ? "LTO-CVE" : "STK";
  }

  private static String description(MediumGeneration g) {
    return g.family() == MediumGeneration.Family.LTO ? "Ultrium " + g.level() + "/" + (g.level() >= 3 ? "16T" : "8T")
        : "T10000 " + (char) ('A' + g.level() - 1);
  }

  /** Linear recording densities (bits/mm) and track counts as published for each generation. */
  private static int bitsPerMm(MediumGeneration g) {
    return switch (g) {
      case LTO1 -> 4880;
      case LTO2 -> 7398;
      case LTO3 -> 9638;
      case LTO4 -> 13250;
      case LTO5, LTO6 -> 15142;
      case LTO7 -> 19107;
      case LTO8 -> 20669;
      case LTO9 -> 23761;
      case T10000A, T10000B, T10000C -> 0; // not published
    };
  }

  private static int tracks(MediumGeneration g) {
    return switch (g) {
      case LTO1 -> 384;
      case LTO2 -> 512;
      case LTO3 -> 704;
      case LTO4 -> 896;
      case LTO5 -> 1280;
      case LTO6 -> 2176;
      case LTO7 -> 3584;
      case LTO8 -> 6656;
      case LTO9 -> 8960;
      case T10000A, T10000B -> 768;
      case T10000C -> 3584;
    };
  }

  private static int lengthMeters(MediumGeneration g) {
    return g.family() == MediumGeneration.Family.LTO ? (g.level() >= 7 ? 960 : 846) : 855;
  }
}
