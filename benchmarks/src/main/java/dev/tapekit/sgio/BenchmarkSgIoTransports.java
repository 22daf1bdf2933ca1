package dev.tapekit.sgio;

import dev.tapekit.sgio.internal.SgChannel;
import java.nio.file.Path;

/**
 * An {@link SgIoTransport} on a descriptor that is not an sg node, for {@code
 * SgIoTransportBenchmark}: the transport's constructor that takes its {@link SgChannel} (the seam its
 * tests script the kernel through) is package-private, so the benchmarks reach it from a class of the
 * same package, as tape-sgio's own test helper {@code SgIoTransports} does. Nothing else of the
 * transport is bypassed: every command goes through {@link SgIoTransport#execute}.
 */
public final class BenchmarkSgIoTransports {
  private BenchmarkSgIoTransports() {}

  /**
   * A transport whose calls to the sg driver go to {@code channel} with descriptor {@code fd} (-1 for a
   * channel that needs none; {@link SgIoTransport#close} closes any other), named {@code name}, with
   * the page size the transport would use on this machine.
   *
   * @throws IllegalStateException when SG_IO is unavailable here (not Linux, or JNA cannot load)
   */
  public static SgIoTransport over(String name, int fd, SgChannel channel) {
    if (!SgIo.isAvailable()) {
      throw new IllegalStateException("SG_IO transport unavailable: " + SgIo.unavailabilityCause().getMessage(),
          SgIo.unavailabilityCause());
    }
    return new SgIoTransport(name, Path.of(name), fd, 30536, -1, SgIo.current().pageSize(), channel);
  }
}
