package dev.tapekit.vtl;

import dev.tapekit.iscsi.IscsiTarget;
import dev.tapekit.iscsi.LogicalUnit;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.vtl.internal.VirtualDevice;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A virtual library as an iSCSI target: LUN 0 is the changer, LUN 1 to n the drives in order. Every
 * iSCSI session gets the I_T nexus of its initiator port on each device (with the power-on unit
 * attention a real device gives a new initiator), so reservations and unit attentions keep sessions
 * apart as they keep hosts apart on a SAN; a LUN reset is the device's logical unit reset.
 */
public final class VirtualLibraryTarget {
  /** The prefix of the default target names: {@code iqn.2026-12.dev.tapekit:} and the library name. */
  public static final String IQN_PREFIX = "iqn.2026-12.dev.tapekit:";

  private VirtualLibraryTarget() {}

  /** The default target name of a library: {@code iqn.2026-12.dev.tapekit:l700} for L700. */
  public static String defaultName(String library) {
    String n = library.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.:-]", "-");
    return IQN_PREFIX + n;
  }

  public static IscsiTarget.Target of(VirtualLibrary library) {
    return of(library, defaultName(library.layout().name()));
  }

  public static IscsiTarget.Target of(VirtualLibrary library, String targetName) {
    Map<Integer, LogicalUnit> luns = new LinkedHashMap<>();
    luns.put(0, unit(library.changer()));
    for (int i = 0; i < library.drives().size(); i++) {
      luns.put(i + 1, unit(library.drive(i)));
    }
    return new IscsiTarget.Target(targetName, "tapekit " + library.layout().name(), luns);
  }

  private static LogicalUnit unit(VirtualDevice device) {
    return new LogicalUnit() {
      @Override
      public ScsiTransport connect(String initiatorPort) {
        return device.initiator(initiatorPort, true);
      }

      @Override
      public void reset() {
        device.logicalUnitReset();
      }
    };
  }
}
