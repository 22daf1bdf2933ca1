package dev.tapekit.scsi.tape;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a drive is: the identification strings of standard INQUIRY data (SPC-5 6.7.2, bytes 8..35,
 * trailing spaces removed) and the unit serial number of VPD page 80h.
 *
 * @param vendor T10 vendor identification, e.g. {@code IBM} or {@code HPE}
 * @param product product identification, e.g. {@code ULT3580-TD9}
 * @param revision product revision level (firmware), e.g. {@code Q3A1}
 * @param serialNumber the unit serial number; empty when the drive has no VPD page 80h
 */
public record DriveIdentity(String vendor, String product, String revision, Optional<String> serialNumber) {
  public DriveIdentity {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(serialNumber, "serialNumber");
  }

  /** Vendor and product as one name for messages, e.g. {@code IBM ULT3580-TD9}. */
  public String model() {
    return vendor.isEmpty() ? product : vendor + " " + product;
  }
}
