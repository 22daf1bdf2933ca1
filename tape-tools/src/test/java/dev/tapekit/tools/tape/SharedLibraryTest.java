package dev.tapekit.tools.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts sharing one library, on one machine: {@code tape vtl serve} serves a virtual library over
 * iSCSI; two separate JVMs, each with its own configuration, state and lock directories (as two hosts
 * have) but one PostgreSQL catalog, back up into the same pool through {@code iscsi://} device paths
 * on different drives at the same time, three rounds. Every backup succeeds (the pool's media set is
 * locked in the catalog, so one host waits for the other); no tape ends up in two media sets or with
 * two sequence numbers; every host's snapshots restore identically from the other host. Then one host's
 * job holds a drive (reading a stream that the test feeds slowly) while the other host's job for that
 * drive gives up after its lock timeout (exit 10, naming the holder), and the holder's job ends well.
 *
 * <p>Needs the PostgreSQL server {@code TAPEKIT_TEST_POSTGRES_URL} names (CI starts one); skipped without
 * it unless {@code tapekit.require.postgres=true}.
 */
class SharedLibraryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void twoHostsBackUpIntoOnePoolThroughOneServedLibrary() throws Exception {
    String admin = System.getenv("TAPEKIT_TEST_POSTGRES_URL");
    if (admin == null || admin.isBlank()) {
      if (Boolean.getBoolean("tapekit.require.postgres")) {
        Assertions.fail("tapekit.require.postgres=true but TAPEKIT_TEST_POSTGRES_URL is not set");
      }
      Assumptions.abort("no PostgreSQL: set TAPEKIT_TEST_POSTGRES_URL (bash .ci/postgres start DIR prints it)");
    }
    String db = "tapekit_shared_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    int query = admin.indexOf('?');
    String base = query < 0 ? admin : admin.substring(0, query);
    String url = base.substring(0, base.lastIndexOf('/') + 1) + db + (query < 0 ? "" : admin.substring(query));
    try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
    }
    Host server = new Host(dir.resolve("server"));
    Process serve = null;
    try {
      assertEquals(0, server.tape("vtl", "create", "SHARED", "--no-config", "--capacity", "64M").exit, server.last);
      serve = server.start("vtl", "serve", "--listen", "127.0.0.1:0", "--output-format", "json", "SHARED");
      JsonNode served = JSON.readTree(jsonLine(firstLines(serve)));
      String portal = served.get(0).get("portal").asText();
      String iqn = served.get(0).get("target").asText();
      String prefix = "iscsi://" + portal + "/" + iqn + "/";
      String toml = "[catalog]\nurl = " + TapeConfig.quote(url) + "\n\n"
          + "[changer.shared]\npath = \"" + prefix + "0\"\n\n"
          + "[drive.d1]\npath = \"" + prefix + "1\"\nchanger = \"shared\"\nchanger-drivenum = 0\n\n"
          + "[drive.d2]\npath = \"" + prefix + "2\"\nchanger = \"shared\"\nchanger-drivenum = 1\n";
      Host a = new Host(dir.resolve("host-a"));
      Host b = new Host(dir.resolve("host-b"));
      Files.writeString(a.config.resolve("tape.toml"), toml);
      Files.writeString(b.config.resolve("tape.toml"), toml);
      assertEquals(0, a.tape("pool", "create", "shared").exit, a.last);
      // the pool is configured on each host (media-pool.toml) the same way; the catalog is shared
      Files.copy(a.config.resolve("media-pool.toml"), b.config.resolve("media-pool.toml"));
      Path srcA = tree(dir.resolve("src-a"), 1);
      Path srcB = tree(dir.resolve("src-b"), 2);

      Map<String, String> lastSnapshot = new HashMap<>();
      Map<String, String> lastSet = new HashMap<>();
      for (int round = 1; round <= 3; round++) {
        Files.writeString(srcA.resolve("round-" + round), "a".repeat(1000 * round));
        Files.writeString(srcB.resolve("round-" + round), "b".repeat(1000 * round));
        Process pa = a.start("backup", srcA.toString(), "--pool", "shared", "--drive", "d1", "--name", "host-a/data",
            "--eject-media", "--lock-timeout", "600", "--output-format", "json", "-q");
        Process pb = b.start("backup", srcB.toString(), "--pool", "shared", "--drive", "d2", "--name", "host-b/data",
            "--eject-media", "--lock-timeout", "600", "--output-format", "json", "-q");
        for (var e : Map.of("host-a", pa, "host-b", pb).entrySet()) {
          Done d = finish(e.getValue());
          assertEquals(0, d.exit, e.getKey() + " round " + round + ": " + d.out + d.err);
          JsonNode result = JSON.readTree(jsonLine(d.out));
          lastSnapshot.put(e.getKey(), result.get("snapshots").get(0).get("snapshot").asText());
          lastSet.put(e.getKey(), result.get("media-set-uuid").asText());
        }
      }

      // a drive one host's job holds stays that job's: the other host's job for it waits, gives up after
      // its --lock-timeout (exit 10, locked, naming the holder), and the holder's job is not disturbed
      Process held = a.start("backup", "--stdin", "held.bin", "--name", "host-a/held", "--pool", "shared", "--drive",
          "d1", "--eject-media", "--lock-timeout", "600", "--output-format", "json", "-q");
      byte[] stream = new byte[3 << 20];
      new Random(3).nextBytes(stream);
      held.getOutputStream().write(stream, 0, 1 << 20);
      held.getOutputStream().flush();
      awaitLock(url, "drive:shared:0", held);
      Done refused = b.tape("backup", srcB.toString(), "--pool", "shared", "--drive", "d1", "--lock-timeout", "2", "-q");
      assertEquals(10, refused.exit, refused.out + refused.err);
      assertTrue(refused.err.contains("drive shared:0 is locked by 'backup shared'")
          && refused.err.contains("(pid " + held.pid() + ","), refused.err);
      held.getOutputStream().write(stream, 1 << 20, stream.length - (1 << 20));
      held.getOutputStream().close();
      Done heldDone = finish(held);
      assertEquals(0, heldDone.exit, heldDone.out + heldDone.err);

      Done list = finish(a.start("media", "list", "--output-format", "json"));
      assertEquals(0, list.exit, list.err);
      Map<String, String> setOfTape = new TreeMap<>();
      Map<String, String> tapeAtSeq = new HashMap<>();
      for (JsonNode m : JSON.readTree(jsonLine(list.out))) {
        if (!m.has("media-set-uuid")) {
          continue;
        }
        String label = m.get("label-text").asText();
        String set = m.get("media-set-uuid").asText();
        assertEquals(null, setOfTape.put(label, set), "tape " + label + " listed twice");
        String seq = set + "#" + m.get("seq-nr").asInt();
        String before = tapeAtSeq.put(seq, label);
        assertEquals(null, before, "two tapes at " + seq + ": " + before + " and " + label);
      }
      assertTrue(!setOfTape.isEmpty(), list.out);

      // each host's last snapshot restores, through the other host
      for (var e : Map.of("host-a", new Object[] {b, srcA}, "host-b", new Object[] {a, srcB}).entrySet()) {
        Host other = (Host) e.getValue()[0];
        Path source = (Path) e.getValue()[1];
        Path target = dir.resolve("restore-" + e.getKey());
        Done r = finish(other.start("restore", lastSet.get(e.getKey()), target.toString(), "--snapshot",
            lastSnapshot.get(e.getKey()), "--drive", other == a ? "d1" : "d2", "-q"));
        assertEquals(0, r.exit, r.out + r.err);
        assertEquals(files(source), files(target), e.getKey() + " restored");
        String drive = other == a ? "d1" : "d2";
        Done unload = finish(other.start("unload", "--drive", drive));
        assertEquals(0, unload.exit, unload.out + unload.err); // the other host's restore needs the tape next
      }
    } finally {
      if (serve != null) {
        serve.destroy(); // SIGTERM: the sessions end, the library's state is saved
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "tape vtl serve stops on SIGTERM");
        assertTrue(serve.exitValue() == 143 || serve.exitValue() == 0, "exit " + serve.exitValue());
      }
      try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  /** Waits (up to two minutes) until the catalog at {@code url} records a holder of lock {@code target}. */
  private static void awaitLock(String url, String target, Process job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    try (Connection c = DriverManager.getConnection(url);
        var q = c.prepareStatement("SELECT count(*) FROM lock_holder WHERE target = ?")) {
      q.setString(1, target);
      while (System.nanoTime() < deadline && job.isAlive()) {
        try (var rs = q.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    Done d = job.isAlive() ? null : finish(job);
    throw new AssertionError("no holder of " + target + " in two minutes" + (d == null ? "" : ": " + d.out + d.err));
  }

  /** A directory of files with seeded content, some in subdirectories. */
  private static Path tree(Path root, long seed) throws IOException {
    Random r = new Random(seed);
    for (int i = 0; i < 30; i++) {
      Path f = root.resolve("d" + (i % 4)).resolve("f" + i);
      Files.createDirectories(f.getParent());
      byte[] data = new byte[r.nextInt(200_000)];
      r.nextBytes(data);
      Files.write(f, data);
    }
    return root;
  }

  /** Every regular file under {@code root} by relative path, with its content's hex digest. */
  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return m;
  }

  /**
   * The lines tape vtl serve prints until its JSON line ({@code [{...}]}); the JVM itself may print a
   * warning line ({@code [0.123s][warning]...}) on standard output first.
   */
  private static String firstLines(Process p) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = in.readLine()) != null;) {
      seen.append(line).append('\n');
      if (line.startsWith("[{")) {
        return seen.toString();
      }
    }
    p.waitFor(10, TimeUnit.SECONDS);
    throw new AssertionError("tape vtl serve printed no JSON: " + seen
        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** The JSON line of a tool's output ({@code --output-format json} prints one); other lines are the JVM's. */
  private static String jsonLine(String out) {
    return out.lines().filter(l -> l.startsWith("{") || l.startsWith("[{") || l.equals("[]")).findFirst()
        .orElseThrow(() -> new AssertionError("no JSON line in: " + out));
  }

  record Done(int exit, String out, String err) {}

  private static Done finish(Process p) throws Exception {
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("a tape process did not end in 10 minutes");
    }
    return new Done(p.exitValue(), out.get(), err.get());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** One host: its own configuration, state and lock directories; {@code tape} runs in a JVM of its own. */
  private static final class Host {
    final Path config;
    final Path home;
    final Path locks;
    String last = "";

    Host(Path root) throws IOException {
      config = Files.createDirectories(root.resolve("etc"));
      home = Files.createDirectories(root.resolve("var"));
      locks = Files.createDirectories(root.resolve("lock"));
    }

    Process start(String... args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // as the launcher does: the JVM's own warnings on standard error
      List<String> command = new ArrayList<>(List.of(java, "-Xlog:disable", "-Xlog:all=warning:stderr:uptime,level,tags",
          "-cp", System.getProperty("java.class.path"), Tape.class.getName()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("TAPEKIT_CONFIG", config.toString());
      pb.environment().put("TAPEKIT_HOME", home.toString());
      pb.environment().put("TAPEKIT_LOCK_DIR", locks.toString());
      pb.environment().put("TAPEKIT_VTL_HOME", home.resolve("vtl").toString());
      return pb.start();
    }

    Done run(String... args) throws Exception {
      Done d = finish(start(args));
      last = d.out + d.err;
      return d;
    }

    Done tape(String... args) throws Exception {
      return run(args);
    }
  }
}
