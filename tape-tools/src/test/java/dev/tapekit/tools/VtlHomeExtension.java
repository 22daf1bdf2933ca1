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
 * tapekit.vtl.home} system property), so every test starts from the default L700/L80 layout.
 */
public final class VtlHomeExtension implements BeforeEachCallback, AfterEachCallback {
  private static final String PROPERTY = "tapekit.vtl.home";

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Path home = Files.createTempDirectory("tapekit-vtl-");
    System.setProperty(PROPERTY, home.toString());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Path home = Path.of(System.getProperty(PROPERTY));
    System.clearProperty(PROPERTY);
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
}
