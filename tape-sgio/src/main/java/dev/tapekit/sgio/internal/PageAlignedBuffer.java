package dev.tapekit.sgio.internal;

import com.sun.jna.Memory;

/**
 * A native data buffer whose start is page-aligned, reused across commands and grown (never shrunk)
 * when a command needs more. Page alignment lets the kernel map the buffer for direct I/O and matches
 * what sg3_utils and PBS use. Not thread-safe: the owning transport serializes access.
 */
public final class PageAlignedBuffer {
  private final int pageSize;
  private Memory block;
  private Memory aligned;

  public PageAlignedBuffer(int pageSize) {
    if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException("page size must be a power of two: " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** Bytes usable from {@link #ensure}'s pointer without growing; 0 before the first use. */
  public long capacity() {
    return aligned == null ? 0 : aligned.size();
  }

  /** Returns a page-aligned region of at least {@code length} bytes, growing the buffer if needed. */
  public Memory ensure(int length) {
    if (length > capacity()) {
      free();
      long rounded = ((long) length + pageSize - 1) & -(long) pageSize;
      block = new Memory(rounded + pageSize);
      aligned = block.align(pageSize);
    }
    return aligned;
  }

  /** True when {@code address} starts a page. */
  public boolean isAligned(long address) {
    return (address & (pageSize - 1)) == 0;
  }

  /** Releases the native memory; {@link #ensure} allocates again. */
  public void free() {
    if (block != null) {
      block.close();
      block = null;
      aligned = null;
    }
  }
}
