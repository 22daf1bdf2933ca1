package dev.tapekit.scsi.mam;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;

/**
 * The reply of READ ATTRIBUTE service actions 02h (logical volume list) and 03h (partition list),
 * SPC-5 6.17.4 and 6.17.5. Immutable.
 *
 * <pre>
 *  0..1 AVAILABLE DATA (u16) = 0002h
 *  2    FIRST LOGICAL VOLUME NUMBER / FIRST PARTITION NUMBER
 *  3    NUMBER OF LOGICAL VOLUMES AVAILABLE / NUMBER OF PARTITIONS AVAILABLE
 * </pre>
 *
 * @param first the first volume or partition number
 * @param count how many there are
 */
public record VolumeList(int first, int count) {
  public static VolumeList parse(byte[] data) throws MalformedResponseException {
    int available = Bytes.u16(data, 0, "READ ATTRIBUTE volume/partition list available data");
    if (available < 2) {
      throw new MalformedResponseException(
          "READ ATTRIBUTE volume/partition list: available data " + available + " is below 2");
    }
    return new VolumeList(Bytes.u8(data, 2, "first number"), Bytes.u8(data, 3, "number available"));
  }
}
