package dev.tapekit.vtl.internal;

/**
 * One supported command for REPORT SUPPORTED OPERATION CODES: opcode, service action (-1 when the
 * command has none), CDB length, and nominal/recommended timeouts in seconds.
 */
public record OpInfo(int opcode, int serviceAction, int cdbLength, String name, int nominalSeconds, int recommendedSeconds) {

  /** The SPC commands every virtual device answers, with their timeouts. */
  static final java.util.List<OpInfo> SPC = java.util.List.of(
      of(0x00, 6, "TEST UNIT READY", 60),
      of(0x03, 6, "REQUEST SENSE", 60),
      of(0x12, 6, "INQUIRY", 60),
      of(0x16, 6, "RESERVE(6)", 60),
      of(0x17, 6, "RELEASE(6)", 60),
      sa(0x5E, 0x00, 10, "PERSISTENT RESERVE IN read keys", 60),
      sa(0x5E, 0x01, 10, "PERSISTENT RESERVE IN read reservation", 60),
      sa(0x5E, 0x02, 10, "PERSISTENT RESERVE IN report capabilities", 60),
      sa(0x5E, 0x03, 10, "PERSISTENT RESERVE IN read full status", 60),
      sa(0x5F, 0x00, 10, "PERSISTENT RESERVE OUT register", 60),
      sa(0x5F, 0x01, 10, "PERSISTENT RESERVE OUT reserve", 60),
      sa(0x5F, 0x02, 10, "PERSISTENT RESERVE OUT release", 60),
      sa(0x5F, 0x03, 10, "PERSISTENT RESERVE OUT clear", 60),
      sa(0x5F, 0x04, 10, "PERSISTENT RESERVE OUT preempt", 60),
      sa(0x5F, 0x05, 10, "PERSISTENT RESERVE OUT preempt and abort", 60),
      sa(0x5F, 0x06, 10, "PERSISTENT RESERVE OUT register and ignore existing key", 60),
      of(0xA0, 12, "REPORT LUNS", 60),
      sa(0xA3, 0x0C, 12, "REPORT SUPPORTED OPERATION CODES", 60));

  public static OpInfo of(int opcode, int cdbLength, String name, int seconds) {
    return new OpInfo(opcode, -1, cdbLength, name, seconds / 2, seconds);
  }

  public static OpInfo sa(int opcode, int serviceAction, int cdbLength, String name, int seconds) {
    return new OpInfo(opcode, serviceAction, cdbLength, name, seconds / 2, seconds);
  }

  /**
   * The CDB usage map: the opcode, then for each other byte the bits a target may look at. We mark every
   * bit of the middle bytes usable (our parsers check reserved bits themselves) and the control byte's
   * NACA bit only.
   */
  public byte[] usageMap() {
    byte[] m = new byte[cdbLength];
    m[0] = (byte) opcode;
    for (int i = 1; i < cdbLength - 1; i++) {
      m[i] = (byte) 0xFF;
    }
    if (serviceAction >= 0 && (cdbLength == 12 || cdbLength == 16)) {
      m[1] = 0x1F; // the service action field
    }
    m[cdbLength - 1] = 0x04;
    return m;
  }
}
