package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module arrows of ../shared/ARCHITECTURE.md, checked on the compiled classes (read with the
 * JDK's {@code jdeps}) and on each module's POM. It lives in tape-tools because Maven builds this
 * module after every library module, so their {@code target/classes} exist when it runs.
 *
 * <ul>
 *   <li>A module's main classes reference only the tapekit modules and external packages its row
 *       allows; of tape-scsi, tape-vtl uses only the SPI package {@code dev.tapekit.scsi} itself (its
 *       CDB parsing is its own), and it serves over iSCSI with tape-iscsi's target.
 *   <li>Nothing but tape-sgio references JNA ({@code com.sun.jna}).
 *   <li>An {@code internal} package is used only inside the module that owns it.
 *   <li>A POM's compile and runtime dependencies follow the same arrows (tests may use anything).
 * </ul>
 */
class ArchitectureTest {
  /** What a module is, what tapekit modules it may use, and which external package prefixes. */
  record Module(String name, String packagePrefix, Set<String> mayUse, Set<String> external) {}

  private static final Set<String> JDK = Set.of("java.", "javax.", "jdk.", "sun.");

  static final List<Module> MODULES = List.of(
      new Module("tape-scsi", "dev.tapekit.scsi", Set.of(), Set.of("org.slf4j.")),
      new Module("tape-sgio", "dev.tapekit.sgio", Set.of("tape-scsi"), Set.of("org.slf4j.", "com.sun.jna.")),
      new Module("tape-changer", "dev.tapekit.changer", Set.of("tape-scsi"), Set.of("org.slf4j.")),
      // iSCSI beside the virtual library (issue 16): the target serves any ScsiTransport, the initiator is one.
      new Module("tape-iscsi", "dev.tapekit.iscsi", Set.of("tape-scsi"), Set.of("org.slf4j.")),
      new Module("tape-vtl", "dev.tapekit.vtl", Set.of("tape-scsi", "tape-iscsi"),
          Set.of("org.slf4j.", "com.fasterxml.jackson.")),
      new Module("tape-crypto", "dev.tapekit.crypto", Set.of(),
          // Bouncy Castle for scrypt alone: it is 60-100x slower than the JCE for bulk AES and SHA.
          Set.of("org.bouncycastle.crypto.generators.SCrypt", "com.google.zxing.", "com.fasterxml.jackson.core.")),
      new Module("tape-format", "dev.tapekit.format", Set.of("tape-scsi", "tape-crypto"),
          Set.of("com.github.luben.zstd.", "com.fasterxml.jackson.core.")),
      // tape-scsi and tape-crypto only through tape-format's API (BlockSource's ReadResult, the set
      // label's key fingerprint); the PostgreSQL driver only through JDBC's DriverManager, never by class.
      new Module("tape-catalog", "dev.tapekit.catalog", Set.of("tape-format", "tape-scsi", "tape-crypto"),
          Set.of("org.sqlite.")),
      new Module("tape-backup", "dev.tapekit.backup",
          Set.of("tape-scsi", "tape-changer", "tape-crypto", "tape-format", "tape-catalog"), Set.of("org.slf4j.")),
      new Module("tape-tools", "dev.tapekit.tools", Set.of("tape-scsi", "tape-sgio", "tape-changer", "tape-iscsi", "tape-vtl",
          "tape-crypto", "tape-format", "tape-catalog", "tape-backup"),
          Set.of("org.slf4j.", "picocli.", "com.fasterxml.jackson.", "me.tongfei.progressbar.", "com.google.zxing.")));

  /** Artifacts other than tapekit modules that a module's POM may have in compile or runtime scope. */
  private static final Map<String, Set<String>> EXTERNAL_ARTIFACTS = Map.of(
      "tape-scsi", Set.of("slf4j-api"),
      "tape-sgio", Set.of("slf4j-api", "jna"),
      "tape-changer", Set.of("slf4j-api"),
      "tape-iscsi", Set.of("slf4j-api"),
      "tape-vtl", Set.of("slf4j-api", "jackson-dataformat-toml"),
      "tape-crypto", Set.of("bcprov-jdk18on", "core", "jackson-core"),
      "tape-format", Set.of("zstd-jni", "jackson-core"),
      "tape-catalog", Set.of("sqlite-jdbc", "postgresql"),
      "tape-backup", Set.of("slf4j-api"),
      "tape-tools", Set.of("slf4j-api", "slf4j-simple", "picocli", "jackson-dataformat-toml", "core",
          "progressbar"));

  /** One class-to-class reference found in compiled code. */
  record Reference(String from, String to) {}

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void compiledClassesFollowTheArrows() throws Exception {
    List<String> violations = new ArrayList<>();
    for (Module m : MODULES) {
      Path classes = ROOT.resolve(m.name()).resolve("target/classes");
      assertTrue(Files.isDirectory(classes), classes + " is missing: build the reactor (./mvnw verify) first");
      violations.addAll(violations(m, references(classes)));
    }
    assertEquals(List.of(), violations, "references across the module arrows of ARCHITECTURE.md");
  }

  @Test
  void pomDependenciesFollowTheArrows() throws Exception {
    List<String> violations = new ArrayList<>();
    for (Module m : MODULES) {
      for (String artifact : compileDependencies(ROOT.resolve(m.name()).resolve("pom.xml"))) {
        boolean module = MODULES.stream().anyMatch(other -> other.name().equals(artifact));
        boolean allowed = module ? m.mayUse().contains(artifact) : EXTERNAL_ARTIFACTS.get(m.name()).contains(artifact);
        if (!allowed) {
          violations.add(m.name() + "/pom.xml: compile dependency on " + artifact + " is not among "
              + (module ? m.mayUse() : EXTERNAL_ARTIFACTS.get(m.name())));
        }
      }
    }
    assertEquals(List.of(), violations, "POM dependencies across the module arrows of ARCHITECTURE.md");
  }

  /** The checker finds each kind of violation (so the two tests above can fail). */
  @Test
  void theRulesCatchEachKindOfViolation() {
    Module changer = module("tape-changer");
    Module vtl = module("tape-vtl");
    Module scsi = module("tape-scsi");
    assertEquals(1, violations(changer, List.of(new Reference("dev.tapekit.changer.A", "dev.tapekit.sgio.SgIoTransport"))).size());
    assertEquals(1, violations(changer, List.of(new Reference("dev.tapekit.changer.A", "com.sun.jna.Pointer"))).size());
    assertEquals(1, violations(vtl, List.of(new Reference("dev.tapekit.vtl.A", "dev.tapekit.scsi.sense.SenseData"))).size());
    assertEquals(0, violations(vtl, List.of(new Reference("dev.tapekit.vtl.A", "dev.tapekit.scsi.ScsiTransport"))).size());
    assertEquals(1, violations(module("tape-tools"),
        List.of(new Reference("dev.tapekit.tools.A", "dev.tapekit.sgio.internal.LibC"))).size());
    assertEquals(0, violations(module("tape-sgio"),
        List.of(new Reference("dev.tapekit.sgio.A", "dev.tapekit.sgio.internal.LibC"))).size());
    assertEquals(1, violations(scsi, List.of(new Reference("dev.tapekit.scsi.A", "picocli.CommandLine"))).size());
    assertEquals(0, violations(scsi, List.of(new Reference("dev.tapekit.scsi.A", "java.util.List"))).size());
    Module crypto = module("tape-crypto");
    assertEquals(1, violations(crypto, List.of(new Reference("dev.tapekit.crypto.A", "dev.tapekit.scsi.ScsiTransport"))).size());
    assertEquals(1, violations(crypto, List.of(new Reference("dev.tapekit.crypto.A", "org.bouncycastle.crypto.engines.AESEngine"))).size());
    assertEquals(0, violations(crypto, List.of(new Reference("dev.tapekit.crypto.A", "org.bouncycastle.crypto.generators.SCrypt"))).size());
  }

  private static Module module(String name) {
    return MODULES.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  static List<String> violations(Module m, List<Reference> references) {
    List<String> found = new ArrayList<>();
    for (Reference r : references) {
      String why = rule(m, r.to());
      if (why != null) {
        found.add(m.name() + ": " + r.from() + " references " + r.to() + " (" + why + ")");
      }
    }
    return found;
  }

  /** Why {@code m} may not reference {@code target}, or null when it may. */
  private static String rule(Module m, String target) {
    if (target.startsWith(m.packagePrefix() + ".")) {
      return null; // its own classes, internal packages included
    }
    if (target.contains(".internal.")) {
      return "an internal package is for its own module only";
    }
    for (Module other : MODULES) {
      if (target.startsWith(other.packagePrefix() + ".")) {
        if (!m.mayUse().contains(other.name())) {
          return m.name() + " may use " + (m.mayUse().isEmpty() ? "no other tapekit module" : m.mayUse());
        }
        if (m.name().equals("tape-vtl") && other.name().equals("tape-scsi") && !packageOf(target).equals("dev.tapekit.scsi")) {
          return "tape-vtl uses tape-scsi's SPI package dev.tapekit.scsi only; CDB parsing is its own code";
        }
        return null;
      }
    }
    if (target.startsWith("com.sun.jna.") && !m.name().equals("tape-sgio")) {
      return "nothing but tape-sgio touches JNA";
    }
    if (JDK.stream().anyMatch(target::startsWith) || m.external().stream().anyMatch(target::startsWith)) {
      return null;
    }
    return m.name() + " may use only " + m.external() + " outside the JDK and tapekit";
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Every class-to-class reference in a class folder, as the JDK's jdeps reports it. */
  static List<Reference> references(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "-verbose:class", "-filter:none", "--multi-release", "base", classes.toString());
    assertEquals(0, status, () -> "jdeps failed on " + classes + ": " + err.toString(StandardCharsets.UTF_8));
    List<Reference> references = new ArrayList<>();
    try (Stream<String> lines = out.toString(StandardCharsets.UTF_8).lines()) {
      lines.filter(l -> l.startsWith(" ") && l.contains("->")).forEach(l -> {
        String[] words = l.trim().split("\\s+");
        references.add(new Reference(words[0], words[2]));
      });
    }
    assertTrue(!references.isEmpty(), "jdeps reported no references in " + classes);
    return references;
  }

  /** The artifactIds of a POM's dependencies in compile or runtime scope. */
  static Set<String> compileDependencies(Path pom) throws Exception {
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    Set<String> artifacts = new TreeSet<>();
    NodeList children = project.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
        NodeList deps = e.getElementsByTagName("dependency");
        for (int j = 0; j < deps.getLength(); j++) {
          Element d = (Element) deps.item(j);
          String scope = text(d, "scope");
          if (scope == null || scope.equals("compile") || scope.equals("runtime")) {
            artifacts.add(text(d, "artifactId"));
          }
        }
      }
    }
    return artifacts;
  }

  private static String text(Element e, String tag) {
    NodeList n = e.getElementsByTagName(tag);
    return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
  }
}
