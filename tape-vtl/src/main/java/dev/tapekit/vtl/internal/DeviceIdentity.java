package dev.tapekit.vtl.internal;

import java.util.List;

/**
 * What a virtual device says about itself: peripheral device type, INQUIRY strings, serial number
 * (VPD 0x80), NAA designator (VPD 0x83), the version descriptor of its command set (SSC-3 0x0400,
 * SMC-3 0x0480; SPC-4 0x0460 is always listed first) and its device-specific commands (the SPC ones
 * every device answers are added).
 */
public record DeviceIdentity(
    int type, String vendor, String product, String revision, String serial, byte[] naa, int commandSetVersion, List<OpInfo> operations) {

  public DeviceIdentity {
    if (naa.length != 8) {
      throw new IllegalArgumentException("NAA designator must be 8 bytes");
    }
    naa = naa.clone();
    List<OpInfo> all = new java.util.ArrayList<>(OpInfo.SPC);
    all.addAll(operations);
    all.sort(java.util.Comparator.comparingInt(OpInfo::opcode).thenComparingInt(OpInfo::serviceAction));
    operations = List.copyOf(all);
  }

  @Override
  public byte[] naa() {
    return naa.clone();
  }
}
