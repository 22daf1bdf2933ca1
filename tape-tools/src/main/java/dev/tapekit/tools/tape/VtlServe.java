package dev.tapekit.tools.tape;

import dev.tapekit.iscsi.ChapCredentials;
import dev.tapekit.iscsi.IscsiTarget;
import dev.tapekit.scsi.ScsiTransport;
import dev.tapekit.tools.Devices;
import dev.tapekit.tools.ExitCode;
import dev.tapekit.tools.ToolFailure;
import dev.tapekit.vtl.VirtualLibraries;
import dev.tapekit.vtl.VirtualLibrary;
import dev.tapekit.vtl.VirtualLibraryTarget;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tape vtl serve}: virtual libraries as iSCSI targets, one per library (LUN 0 the changer, LUN 1
 * to n the drives), until the process is stopped (SIGINT or SIGTERM end every session cleanly and save
 * the libraries' state). While served, a library is open in this process only: other processes reach
 * it through iSCSI ({@code iscsi://HOST:PORT/IQN/LUN} device paths), the kernel through open-iscsi.
 */
@Command(name = "serve", description = "Serves virtual libraries over iSCSI (RFC 7143) until stopped: LUN 0 is the "
    + "changer, LUN 1..n the drives. Linux attaches them with open-iscsi (iscsiadm) as /dev/sg*, /dev/nst*, "
    + "/dev/sch*; tapekit's tools use iscsi://HOST:PORT/IQN/LUN paths.",
    footer = {"", "Every library given (all of them when none is) becomes target iqn.2026-12.dev.tapekit:NAME "
        + "(lower case). Secrets come from the first line of their file; CHAP applies to discovery and "
        + "normal sessions alike."})
final class VtlServe extends TapeCommand {
  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3260",
      description = "Address to listen on (default ${DEFAULT-VALUE}: loopback only; 0.0.0.0:3260 for every "
          + "interface; port 0 picks a free one).")
  String listen;

  @Option(names = "--advertise", paramLabel = "HOST:PORT",
      description = "Address SendTargets reports, when initiators reach this host under another one "
          + "(a QEMU guest sees the host's loopback as 10.0.2.2). Default: the address each initiator connected to.")
  String advertise;

  @Option(names = "--chap-user", paramLabel = "USER", description = "Require CHAP: the initiators' user name.")
  String chapUser;

  @Option(names = "--chap-secret-file", paramLabel = "FILE", description = "The initiators' CHAP secret.")
  Path chapSecretFile;

  @Option(names = "--mutual-user", paramLabel = "USER",
      description = "The target's own CHAP user, for initiators that authenticate the target (mutual CHAP).")
  String mutualUser;

  @Option(names = "--mutual-secret-file", paramLabel = "FILE", description = "The target's own CHAP secret.")
  Path mutualSecretFile;

  @Option(names = "--nop-interval", paramLabel = "SECONDS", defaultValue = "0",
      description = "Ping idle initiators every SECONDS and drop those that do not answer (default: no pings; "
          + "TCP keepalive finds dead peers).")
  int nopInterval;

  @Parameters(paramLabel = "LIBRARY", arity = "0..*", description = "Virtual libraries to serve (default: all).")
  List<String> names = new ArrayList<>();

  @Override
  int run(Session s) throws Exception {
    List<String> chosen = names.isEmpty() ? VtlCommands.libraries(s) : names;
    if (chosen.isEmpty()) {
      throw new ToolFailure(ExitCode.NOT_FOUND, "no virtual library in " + s.paths().vtlHome()
          + " to serve: create one first (tape vtl create NAME)");
    }
    IscsiTarget.Builder b = IscsiTarget.builder().listen(address(listen, "--listen")).nopInterval(nopInterval);
    if (advertise != null) {
      address(advertise, "--advertise");
      b.advertise(advertise);
    }
    credentials(chapUser, chapSecretFile, "--chap").ifPresent(b::chap);
    var mutual = credentials(mutualUser, mutualSecretFile, "--mutual");
    if (mutual.isPresent()) {
      if (chapUser == null) {
        throw new ToolFailure(ExitCode.USAGE, "--mutual-user needs --chap-user and --chap-secret-file as well: "
            + "the target authenticates itself only to initiators that authenticated");
      }
      b.mutualChap(mutual.get());
    }
    List<ScsiTransport> opened = new ArrayList<>();
    List<Map<String, Object>> served = new ArrayList<>();
    for (String name : chosen) {
      VtlCommands.layout(s, name);
      ScsiTransport t = s.open(Devices.VTL_PREFIX + name);
      opened.add(t);
      VirtualLibrary lib = VirtualLibraries.library(t);
      IscsiTarget.Target target = VirtualLibraryTarget.of(lib);
      b.target(target);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("library", name);
      m.put("target", target.name());
      m.put("changer-lun", 0);
      m.put("drive-luns", lib.drives().size() == 0 ? List.of() : range(1, lib.drives().size()));
      served.add(m);
    }
    IscsiTarget target;
    try {
      target = b.start();
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.USAGE, e.getMessage());
    } catch (IOException e) {
      boolean inUse = e.getCause() instanceof BindException;
      throw new ToolFailure(inUse ? ExitCode.BUSY : ExitCode.FAILED, List.of(e.getMessage(),
          inUse ? "another target (tgtd, LIO, another tape vtl serve) may hold the port: pick another with --listen" : ""),
          e);
    }
    String portal = IscsiTarget.hostPort(target.address());
    for (Map<String, Object> m : served) {
      m.put("portal", portal);
    }
    s.print(() -> served, () -> {
      StringBuilder sb = new StringBuilder();
      for (Map<String, Object> m : served) {
        sb.append("serving ").append(m.get("library")).append(" as ").append(m.get("target")).append(" on ")
            .append(portal).append(" (LUN 0 changer, LUN ").append(describe(m.get("drive-luns"))).append(")\n");
      }
      sb.append("attach: iscsiadm -m discovery -t sendtargets -p ").append(portal)
          .append(" && iscsiadm -m node -p ").append(portal).append(" --login\n");
      sb.append("stop with Ctrl-C or SIGTERM");
      return sb.toString();
    });
    s.out().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopped.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tape vtl serve stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } finally {
      try {
        target.close();
        for (ScsiTransport t : opened) {
          t.close(); // saves each library's state and releases it
        }
      } finally {
        closed.countDown();
      }
    }
    return 0;
  }

  private static List<Integer> range(int from, int count) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      r.add(from + i);
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static String describe(Object luns) {
    List<Integer> l = (List<Integer>) luns;
    if (l.isEmpty()) {
      return "no drives";
    }
    return (l.size() == 1 ? l.get(0) + " drive" : l.get(0) + "-" + l.get(l.size() - 1) + " drives");
  }

  /** {@code HOST:PORT} ({@code [V6]:PORT}) as a socket address; a usage error says what is wrong. */
  static InetSocketAddress address(String text, String option) throws ToolFailure {
    int colon = text.lastIndexOf(':');
    String host = colon <= 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new ToolFailure(ExitCode.USAGE, option + " " + text + ": expected HOST:PORT, as 127.0.0.1:3260 or [::1]:3260");
    }
    return new InetSocketAddress(host, port);
  }

  private static java.util.Optional<ChapCredentials> credentials(String user, Path file, String option) throws ToolFailure {
    if (user == null && file == null) {
      return java.util.Optional.empty();
    }
    if (user == null || file == null) {
      throw new ToolFailure(ExitCode.USAGE, option + "-user and " + option + "-secret-file go together");
    }
    String secret;
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      secret = lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      throw new ToolFailure(ExitCode.USAGE, "cannot read " + option + "-secret-file " + file + ": " + e.getMessage());
    }
    try {
      return java.util.Optional.of(new ChapCredentials(user, secret));
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(ExitCode.USAGE, option + "-secret-file " + file + ": " + e.getMessage());
    }
  }
}
