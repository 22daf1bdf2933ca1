package dev.tapekit.backup.job;

import dev.tapekit.backup.media.LibraryDrive;
import dev.tapekit.catalog.CatalogStore;
import dev.tapekit.scsi.tape.TapeDrive;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link BackupFaultSweepTest} kills: it backs up a tree through the sweep's library and
 * halts the JVM (no shutdown hooks, nothing flushed) at a commit point: before or after the
 * {@code n}-th tape sync (WRITE FILEMARKS 0), the step between "on tape" and "in the catalog".
 * Exits 0 when the job ended before that point.
 *
 * <p>Arguments: home, tree, spool directory, {@code before|after}, n.
 */
public final class BackupCrashChild {
  private BackupCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path tree = Path.of(args[1]);
    Path spool = Path.of(args[2]);
    boolean before = args[3].equals("before");
    int n = Integer.parseInt(args[4]);
    AtomicInteger syncs = new AtomicInteger();
    try (LibraryDrive library = SweepScenario.open(home, drive -> (TapeDrive) Proxy.newProxyInstance(
        TapeDrive.class.getClassLoader(), new Class<?>[] {TapeDrive.class}, (proxy, method, a) -> {
          boolean sync = method.getName().equals("writeFilemarks") && (Integer) a[0] == 0;
          if (sync && before && syncs.incrementAndGet() == n) {
            System.out.println("halt before sync " + n);
            System.out.flush();
            Runtime.getRuntime().halt(137);
          }
          Object r;
          try {
            r = method.invoke(drive, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (sync && !before && syncs.incrementAndGet() == n) {
            System.out.println("halt after sync " + n);
            System.out.flush();
            Runtime.getRuntime().halt(137);
          }
          return r;
        }));
        CatalogStore store = SweepScenario.catalog(home)) {
      SweepScenario.backup(store, library, tree, spool);
    }
    System.out.println("finished after " + syncs.get() + " syncs");
    System.exit(0);
  }
}
