package dev.tapekit.sgio;

import dev.tapekit.scsi.ScsiTransportException;
import dev.tapekit.sgio.internal.SgChannel;
import dev.tapekit.sgio.internal.SgNodeResolver;
import java.util.Set;

/** Test access to {@link SgIoTransport}'s seams, for tests outside its package (the kernel tests). */
public final class SgIoTransports {
  private SgIoTransports() {}

  /** Opens {@code path} as {@link SgIoTransport#open(String)} does, sending its calls through {@code channel}. */
  public static SgIoTransport open(String path, SgChannel channel) throws ScsiTransportException {
    return SgIoTransport.open(path, Set.of(), new SgNodeResolver(), SgIo.current(), channel);
  }
}
