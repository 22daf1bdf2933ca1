package dev.tapekit.iscsi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted iSCSI peer for initiator tests: it accepts connections on a loopback port and runs, for
 * each, the next script from the test, which reads and writes single PDUs through {@link Peer}. Not a
 * target: nothing is decoded beyond what a script checks. Failures in a script are kept and rethrown by
 * {@link #close()}, so a test fails when its peer saw something wrong.
 */
final class ScriptedTarget implements AutoCloseable {
  static final String TARGET = "iqn.2026-12.dev.tapekit:scripted";

  @FunctionalInterface
  interface Script {
    void run(Peer peer) throws Exception;
  }

  /** A script that logs in and answers one command with GOOD status. */
  static final Script ONE_GOOD_COMMAND = peer -> {
    peer.login(java.util.Map.of());
    peer.respond(peer.expect(Pdu.SCSI_COMMAND), 0, null, 0);
  };

  private final ServerSocket server;
  private final LinkedBlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  /** Every SCSI Command PDU any connection received, in order. */
  final List<Pdu> commands = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  ScriptedTarget() throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "scripted-target");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  IscsiAddress address(int lun) {
    return new IscsiAddress("127.0.0.1", port(), TARGET, lun);
  }

  /** Queues the script for the next connection. */
  ScriptedTarget then(Script script) {
    scripts.add(script);
    return this;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Script script = scripts.poll(10, TimeUnit.SECONDS);
        Thread t = new Thread(() -> {
          try (Peer peer = new Peer(s, this)) {
            if (script == null) {
              throw new AssertionError("a connection nobody scripted");
            }
            script.run(peer);
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "scripted-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException | InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    acceptor.join(5000);
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("the scripted target saw a problem: " + failures.get(0), failures.get(0));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }

  /** One connection's end of the script: PDUs in and out, with the target's sequence numbers. */
  static final class Peer implements AutoCloseable {
    final Socket socket;
    final PduReader reader;
    final PduWriter writer;
    private final ScriptedTarget owner;
    int statSN = 100;
    int expCmdSN;
    int window = 32;

    Peer(Socket socket, ScriptedTarget owner) throws IOException {
      this.socket = socket;
      this.owner = owner;
      this.reader = new PduReader(socket.getInputStream(), 1 << 24);
      this.writer = new PduWriter(socket.getOutputStream());
      socket.setSoTimeout(20000);
    }

    /** The next PDU; SCSI Commands are also recorded in {@link ScriptedTarget#commands}. */
    Pdu read() throws IOException {
      Pdu p = reader.read();
      if (p == null) {
        throw new IOException("the initiator closed the connection");
      }
      if (p.opcode() == Pdu.SCSI_COMMAND) {
        owner.commands.add(p);
        expCmdSN = p.sn24() + 1;
      }
      return p;
    }

    /** Reads until the initiator closes the connection; true when it did. */
    boolean closedByInitiator() throws IOException {
      return reader.read() == null;
    }

    Pdu expect(int opcode) throws IOException {
      Pdu p = read();
      if (p.opcode() != opcode) {
        throw new AssertionError("expected a " + Pdu.opcodeName(opcode) + ", got " + p);
      }
      return p;
    }

    /** Sets StatSN (when {@code status}), ExpCmdSN and MaxCmdSN and sends. */
    void send(Pdu p, boolean status) throws IOException {
      if (status) {
        p.sn24(statSN++);
      }
      p.sn28(expCmdSN).sn32(expCmdSN + window - 1);
      writer.write(p);
    }

    /**
     * Answers a login: AuthMethod=None in the security stage, then {@code answers} to the operational
     * offers (keys not listed are answered with the value the initiator offered; the first of a list).
     */
    void login(Map<String, String> answers) throws IOException {
      while (true) {
        Pdu req = expect(Pdu.LOGIN_REQUEST);
        expCmdSN = req.sn24();
        TextParameters keys = TextParameters.parse(req.data());
        int csg = (req.flags() >>> 2) & 3;
        TextParameters reply = new TextParameters();
        if (csg == 0) {
          reply.add("AuthMethod", "None");
        } else {
          for (TextParameters.Pair p : keys.pairs()) {
            if (!p.key().equals("MaxRecvDataSegmentLength")) {
              reply.add(p.key(), answers.getOrDefault(p.key(), p.value().split(",")[0]));
            }
          }
          reply.add("MaxRecvDataSegmentLength", answers.getOrDefault("MaxRecvDataSegmentLength", "262144"));
        }
        int nsg = req.flags() & 3;
        Pdu resp = new Pdu(Pdu.LOGIN_RESPONSE).flags(req.flags() & 0x8F).isid(req.isid()).itt(req.itt())
            .data(reply.encode());
        if (nsg == 3) {
          resp.u16(14, 7);
        }
        send(resp, true);
        if (nsg == 3) {
          Map<String, String> settled = new java.util.HashMap<>();
          reply.pairs().forEach(p -> settled.put(p.key(), p.value()));
          boolean digests = "CRC32C".equals(settled.get("HeaderDigest"));
          reader.digests(digests, "CRC32C".equals(settled.get("DataDigest")));
          writer.digests(digests, "CRC32C".equals(settled.get("DataDigest")));
          return;
        }
      }
    }

    /** Answers the initiator's Logout Request; returns it. */
    Pdu acceptLogout() throws IOException {
      Pdu logout = expect(Pdu.LOGOUT_REQUEST);
      send(new Pdu(Pdu.LOGOUT_RESPONSE).flags(0x80).itt(logout.itt()), true);
      return logout;
    }

    /** Refuses the first login request with {@code statusClass}/{@code detail} and optional keys. */
    void refuseLogin(int statusClass, int detail, TextParameters keys) throws IOException {
      Pdu req = expect(Pdu.LOGIN_REQUEST);
      expCmdSN = req.sn24();
      Pdu resp = new Pdu(Pdu.LOGIN_RESPONSE).isid(req.isid()).itt(req.itt()).u8(36, statusClass).u8(37, detail)
          .data(keys.encode());
      send(resp, true);
    }

    /** A SCSI Response for {@code command}: status, optional sense, underflow residual when positive. */
    void respond(Pdu command, int status, byte[] sense, int underflow) throws IOException {
      Pdu r = new Pdu(Pdu.SCSI_RESPONSE).flags(0x80 | (underflow > 0 ? 0x02 : 0)).u8(3, status).itt(command.itt())
          .u32(44, Math.max(0, underflow));
      if (sense != null) {
        byte[] d = new byte[2 + sense.length];
        d[0] = (byte) (sense.length >>> 8);
        d[1] = (byte) sense.length;
        System.arraycopy(sense, 0, d, 2, sense.length);
        r.data(d);
      }
      send(r, true);
    }

    /** A Data-In of {@code data[from, from+length)} at buffer offset {@code from}; with status when {@code last}. */
    void dataIn(Pdu command, byte[] data, int from, int length, int dataSN, boolean last, int underflow)
        throws IOException {
      Pdu d = new Pdu(Pdu.DATA_IN).flags(last ? 0x81 | (underflow > 0 ? 0x02 : 0) : 0).itt(command.itt())
          .field20(Pdu.NO_TAG).u32(36, dataSN).u32(40, from).u32(44, Math.max(0, underflow)).data(data, from, length);
      send(d, last);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
