package dev.tapekit.iscsi;

/**
 * 32-bit serial number arithmetic (RFC 1982), which iSCSI uses for CmdSN, StatSN, DataSN and R2TSN:
 * the numbers wrap, so {@code a < b} means {@code b} is ahead of {@code a} by less than 2^31.
 */
final class SerialNumbers {
  private SerialNumbers() {}

  /** True when {@code a} comes before {@code b}. */
  static boolean lessThan(int a, int b) {
    return a != b && (b - a) > 0;
  }

  /** True when {@code a} comes before or is {@code b}. */
  static boolean atMost(int a, int b) {
    return a == b || lessThan(a, b);
  }
}
