package dev.tapekit.scsi.reservation;

import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.codec.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to PERSISTENT RESERVE IN, READ KEYS: every registered reservation key.
 *
 * <pre>
 *  0-3 PRGENERATION   4-7 ADDITIONAL LENGTH (n, a multiple of 8)   8.. n/8 keys of 8 bytes
 * </pre>
 *
 * <p>A reply cut short by the allocation length decodes the whole keys that arrived and says {@link
 * #truncated()}; a key cut in half is left out.
 *
 * @param generation PRGENERATION: counts REGISTER, CLEAR and PREEMPT actions (32-bit unsigned)
 * @param keys the registered keys, one per registered initiator port (keys may repeat)
 * @param additionalLength the device's ADDITIONAL LENGTH, to size a retry when truncated
 */
public record RegisteredKeys(long generation, List<Long> keys, long additionalLength) {

  public RegisteredKeys {
    keys = List.copyOf(keys);
  }

  /** True when the device had more keys than the reply held. */
  public boolean truncated() {
    return keys.size() * 8L < additionalLength;
  }

  /**
   * Decodes a READ KEYS reply.
   *
   * @throws MalformedResponseException when the header is missing or the length is not a multiple of 8
   */
  public static RegisteredKeys parse(byte[] reply) throws MalformedResponseException {
    long generation = Bytes.u32(reply, 0, "READ KEYS PRGENERATION");
    long length = Bytes.u32(reply, 4, "READ KEYS ADDITIONAL LENGTH");
    if (length % 8 != 0) {
      throw new MalformedResponseException("READ KEYS: additional length " + length + " is not a multiple of 8");
    }
    long arrived = Math.min(length, reply.length - 8L) / 8;
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < arrived; i++) {
      keys.add(Bytes.u64(reply, 8 + 8 * i, "READ KEYS key"));
    }
    return new RegisteredKeys(generation, keys, length);
  }
}
