package dev.tapekit.scsi.codec;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Finds the enum constant that carries a numeric code (a status byte, a parameter code, an
 * attribute identifier...). Built once per enum, in a static field after the constants; every
 * constant is in the table and no two may share a code. Immutable and thread-safe; a lookup is a
 * binary search and allocates nothing.
 *
 * @param <E> the enum type
 */
public final class CodeTable<E extends Enum<E>> {
  private final int[] codes;
  private final E[] constants;

  private CodeTable(int[] codes, E[] constants) {
    this.codes = codes;
    this.constants = constants;
  }

  /**
   * A table of {@code constants} (usually {@code values()}) keyed by {@code code}.
   *
   * @throws IllegalArgumentException if two constants have the same code
   */
  public static <E extends Enum<E>> CodeTable<E> of(E[] constants, ToIntFunction<? super E> code) {
    E[] sorted = constants.clone();
    Arrays.sort(sorted, Comparator.comparingInt(code));
    int[] codes = new int[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      codes[i] = code.applyAsInt(sorted[i]);
      if (i > 0 && codes[i] == codes[i - 1]) {
        throw new IllegalArgumentException(sorted[i - 1] + " and " + sorted[i] + " share the code " + codes[i]);
      }
    }
    return new CodeTable<>(codes, sorted);
  }

  /** The constant with this code, or {@code fallback} when none has it. */
  public E getOrDefault(int code, E fallback) {
    int i = Arrays.binarySearch(codes, code);
    return i >= 0 ? constants[i] : fallback;
  }

  /** The constant with this code, if one has it. */
  public Optional<E> find(int code) {
    return Optional.ofNullable(getOrDefault(code, null));
  }
}
