package dev.tapekit.scsi.encryption;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiCommand;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tape data encryption IN page 0010h, Data Encryption Capabilities (SSC-5 8.5.2.4): the
 * algorithms the drive offers. Immutable.
 *
 * <pre>
 *  0..1  PAGE CODE 0010h
 *  2..3  PAGE LENGTH (n - 3)
 *  4     bits 3..2 EXTDECC, bits 1..0 CFG_P
 *  5..19 reserved
 *  20..n algorithm descriptors (see {@link AlgorithmDescriptor})
 * </pre>
 *
 * @param extdecc external data encryption control capable
 * @param cfgP configuration prevented (0 unknown, 1 allowed, 2 prevented)
 * @param algorithms the descriptors in reply order
 */
public record DataEncryptionCapabilities(int extdecc, int cfgP, List<AlgorithmDescriptor> algorithms) {
  public static final int PAGE_CODE = 0x0010;
  private static final String NAME = "data encryption capabilities page";

  public DataEncryptionCapabilities {
    algorithms = List.copyOf(algorithms);
  }

  public static ScsiCommand command() {
    return SecurityProtocolCommands.tapeEncryptionIn(PAGE_CODE);
  }

  public static DataEncryptionCapabilities parse(byte[] data) throws MalformedResponseException {
    int end = SspPages.body(data, PAGE_CODE, 16, NAME);
    List<AlgorithmDescriptor> list = new ArrayList<>();
    int off = 20;
    while (off < end) {
      if (off + 4 > end) {
        throw new MalformedResponseException(NAME + ": algorithm descriptor header at offset " + off + " is cut off");
      }
      AlgorithmDescriptor ad = AlgorithmDescriptor.decode(data, off, end);
      list.add(ad);
      off += 4 + ad.descriptorLength();
    }
    int b4 = data[4] & 0xFF;
    return new DataEncryptionCapabilities((b4 >> 2) & 3, b4 & 3, list);
  }

  /** The first hardware AES-256-GCM algorithm with a 32-byte key (PBS's choice). */
  public Optional<AlgorithmDescriptor> aes256Gcm() {
    return algorithms.stream().filter(AlgorithmDescriptor::isAes256Gcm).findFirst();
  }

  /** Builds the page (for virtual drives and tests). */
  public byte[] encode() {
    byte[] out = new byte[20 + AlgorithmDescriptor.SIZE * algorithms.size()];
    Bytes.put16(out, 0, PAGE_CODE);
    Bytes.put16(out, 2, out.length - 4);
    out[4] = (byte) (((extdecc & 3) << 2) | (cfgP & 3));
    int off = 20;
    for (AlgorithmDescriptor ad : algorithms) {
      System.arraycopy(ad.encode(), 0, out, off, AlgorithmDescriptor.SIZE);
      off += AlgorithmDescriptor.SIZE;
    }
    return out;
  }
}
