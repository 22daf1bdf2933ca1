package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Security protocol 00h, page 0000h: the security protocols a device supports (SPC-5 7.7.1.3).
 * Immutable.
 *
 * <pre>
 *  0..5 reserved
 *  6..7 SUPPORTED SECURITY PROTOCOL LIST LENGTH (m - 7)
 *  8..m SUPPORTED SECURITY PROTOCOL, one byte each
 * </pre>
 *
 * @param protocols the protocol numbers in reply order
 */
public record SupportedSecurityProtocols(List<Integer> protocols) {
  public SupportedSecurityProtocols {
    protocols = List.copyOf(protocols);
  }

  public static SupportedSecurityProtocols parse(byte[] data) throws MalformedResponseException {
    int length = Bytes.u16(data, 6, "supported security protocol list length");
    Bytes.require(data, 8, length, "supported security protocol list");
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      list.add(data[8 + i] & 0xFF);
    }
    return new SupportedSecurityProtocols(list);
  }

  /** True if the device lists protocol 20h (tape data encryption). */
  public boolean supportsTapeDataEncryption() {
    return protocols.contains(SecurityProtocolCommands.TAPE_DATA_ENCRYPTION);
  }
}
