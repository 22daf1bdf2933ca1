package dev.tapekit.scsi.mam;

/** The service actions of READ ATTRIBUTE (SPC-5 6.17, table "READ ATTRIBUTE service action codes"). */
public enum ReadAttributeServiceAction {
  /** 00h: attribute headers and values, starting at the first attribute identifier. */
  ATTRIBUTE_VALUES(0x00),
  /** 01h: identifiers of the attributes present. */
  ATTRIBUTE_LIST(0x01),
  /** 02h: first logical volume number and how many volumes there are. */
  LOGICAL_VOLUME_LIST(0x02),
  /** 03h: first partition number and how many partitions there are. */
  PARTITION_LIST(0x03),
  /** 05h: identifiers of the attributes the device supports. */
  SUPPORTED_ATTRIBUTES(0x05);

  private final int code;

  ReadAttributeServiceAction(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
