package dev.tapekit.backup.media;

import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loader that passes everything to another one, for tests that change what one call does (a tape
 * whose drive fails to read, one whose TapeAlert flags say damaged). Closing it leaves the other open.
 */
public class ForwardingTapeLoader implements TapeLoader {
  protected final TapeLoader delegate;

  public ForwardingTapeLoader(TapeLoader delegate) {
    this.delegate = delegate;
  }

  /** What a test's drive does instead of one method of {@link TapeDrive}. */
  @FunctionalInterface
  public interface DriveCall {
    /** The result of {@code method}, or {@link #PASS} to let the drive do it. */
    Object call(String method, Object[] args) throws Throwable;
  }

  /** {@link DriveCall}'s "let the drive do it". */
  public static final Object PASS = new Object();

  /** {@code drive} with {@code override} in front of every call. */
  public static TapeDrive overriding(TapeDrive drive, DriveCall override) {
    return (TapeDrive) Proxy.newProxyInstance(TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class},
        (proxy, method, args) -> {
          Object r = override.call(method.getName(), args);
          if (r != PASS) {
            return r;
          }
          try {
            return method.invoke(drive, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public TapeDrive drive() {
    return delegate.drive();
  }

  @Override
  public String driveName() {
    return delegate.driveName();
  }

  @Override
  public Optional<String> changer() {
    return delegate.changer();
  }

  @Override
  public Set<String> reachable() throws IOException {
    return delegate.reachable();
  }

  @Override
  public Optional<String> loaded() throws IOException {
    return delegate.loaded();
  }

  @Override
  public dev.tapekit.catalog.policy.DriveOccupancy occupancy() throws IOException {
    return delegate.occupancy();
  }

  @Override
  public TapeDrive load(String label) throws IOException {
    return delegate.load(label);
  }

  @Override
  public void unload() throws IOException {
    delegate.unload();
  }

  @Override
  public Exported export(List<String> labels) throws IOException {
    return delegate.export(labels);
  }

  @Override
  public void close() {}
}
