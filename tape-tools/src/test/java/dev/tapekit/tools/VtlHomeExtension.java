package dev.tapekit.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test its own virtual-library home (a fresh temporary directory in the {@code
 * tapekit.vtl.home} system property), so every test starts from the default L700/L80 layout, and its
 * own lock directory ({@code locks} in that home, in the {@code tapekit.lock.dir} property): every
 * home's L700 has the same drive serials, so a shared lock directory would let tests of other
 * checkouts running at the same time refuse this one's devices.
 */
public final class VtlHomeExtension implements BeforeEachCallback, AfterEachCallback {
  private static final String PROPERTY = "tapekit.vtl.home";
  private static final String LOCK_PROPERTY = "tapekit.lock.dir";

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Path home = Files.createTempDirectory("tapekit-vtl-");
    System.setProperty(PROPERTY, home.toString());
    System.setProperty(LOCK_PROPERTY, home.resolve("locks").toString());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Path home = Path.of(System.getProperty(PROPERTY));
    System.clearProperty(PROPERTY);
    System.clearProperty(LOCK_PROPERTY);
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The home of the running test. */
  public static Path home() {
    return Path.of(System.getProperty(PROPERTY));
  }

  /** The lock directory of the running test. */
  public static Path locks() {
    return Path.of(System.getProperty(LOCK_PROPERTY));
  }
}
