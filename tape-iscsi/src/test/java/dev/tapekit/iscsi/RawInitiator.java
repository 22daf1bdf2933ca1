package dev.tapekit.iscsi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test client that speaks iSCSI PDU by PDU, so tests can say exactly what goes on the wire — in
 * order, out of order, or wrong. Not an initiator: it keeps the sequence numbers and nothing else.
 */
final class RawInitiator implements AutoCloseable {
  final Socket socket;
  final PduReader reader;
  final PduWriter writer;
  final String name;
  final long isid;
  int cmdSN = 1;
  int expStatSN;
  int itt = 0x100;
  TextParameters lastLogin;

  RawInitiator(InetSocketAddress target, String name, long isid) throws IOException {
    this.socket = new Socket(target.getAddress(), target.getPort());
    socket.setSoTimeout(10_000);
    this.reader = new PduReader(socket.getInputStream(), 1 << 24);
    this.writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream()));
    this.name = name;
    this.isid = isid;
  }

  RawInitiator(InetSocketAddress target) throws IOException {
    this(target, "iqn.2026-12.dev.tapekit.test:raw", 0x800000000001L);
  }

  /** One login PDU from {@code csg} to {@code nsg} (transit when nsg > csg) with {@code keys}; returns the response. */
  Pdu loginStep(int csg, int nsg, TextParameters keys) throws IOException {
    boolean transit = nsg > csg;
    Pdu p = new Pdu(Pdu.LOGIN_REQUEST).immediate(true).flags((transit ? 0x80 : 0) | (csg << 2) | (transit ? nsg : 0))
        .isid(isid).itt(itt).u16(20, 0).sn24(cmdSN).sn28(expStatSN).data(keys.encode());
    writer.write(p);
    Pdu r = reader.read();
    if (r != null && r.opcode() == Pdu.LOGIN_RESPONSE) {
      expStatSN = r.sn24() + 1;
      lastLogin = TextParameters.parse(r.data());
    }
    return r;
  }

  /** A login without authentication straight into full feature phase; {@code extra} key=value pairs are offered too. */
  Pdu login(String targetName, String... extra) throws IOException {
    TextParameters keys = new TextParameters().add("InitiatorName", name).add("SessionType", targetName == null ? "Discovery" : "Normal");
    if (targetName != null) {
      keys.add("TargetName", targetName);
    }
    keys.add("AuthMethod", "None");
    Pdu r = loginStep(0, 1, keys);
    if (r.u16(36) != 0) {
      return r;
    }
    TextParameters op = new TextParameters();
    for (String kv : extra) {
      int eq = kv.indexOf('=');
      op.add(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return loginStep(1, 3, op);
  }

  /** Turns on the digests the login settled. */
  void digests(boolean header, boolean data) {
    reader.digests(header, data);
    writer.digests(header, data);
  }

  Pdu command(int lun, byte[] cdb, boolean read, boolean write, int expected, byte[] immediate, boolean finalBit) {
    Pdu p = new Pdu(Pdu.SCSI_COMMAND).flags((finalBit ? 0x80 : 0) | (read ? 0x40 : 0) | (write ? 0x20 : 0) | 1)
        .lun(lun).itt(++itt).field20(expected).sn24(cmdSN++).sn28(expStatSN).cdb(cdb);
    if (immediate != null) {
      p.data(immediate);
    }
    return p;
  }

  void send(Pdu p) throws IOException {
    writer.write(p);
  }

  Pdu read() throws IOException {
    Pdu p = reader.read();
    if (p != null && (p.opcode() == Pdu.SCSI_RESPONSE || p.opcode() == Pdu.NOP_IN && p.itt() != Pdu.NO_TAG
        || p.opcode() == Pdu.TASK_RESPONSE || p.opcode() == Pdu.LOGOUT_RESPONSE || p.opcode() == Pdu.TEXT_RESPONSE
        || p.opcode() == Pdu.DATA_IN && (p.flags() & 0x01) != 0)) {
      expStatSN = p.sn24() + 1;
    }
    return p;
  }

  /** Reads until the response of {@code itt}: its Data-In PDUs and the final status PDU. */
  List<Pdu> until(int itt) throws IOException {
    List<Pdu> got = new ArrayList<>();
    while (true) {
      Pdu p = read();
      if (p == null) {
        throw new IOException("connection closed before the response of itt " + itt);
      }
      got.add(p);
      boolean status = p.opcode() == Pdu.SCSI_RESPONSE || p.opcode() == Pdu.DATA_IN && (p.flags() & 0x01) != 0;
      if (p.itt() == itt && status) {
        return got;
      }
    }
  }

  Pdu text(String key, String value) throws IOException {
    Pdu p = new Pdu(Pdu.TEXT_REQUEST).immediate(true).flags(0x80).itt(++itt).field20(Pdu.NO_TAG).sn24(cmdSN)
        .sn28(expStatSN).data((key + "=" + value + "\0").getBytes(StandardCharsets.UTF_8));
    writer.write(p);
    return read();
  }

  Pdu logout() throws IOException {
    writer.write(new Pdu(Pdu.LOGOUT_REQUEST).immediate(true).flags(0x80).itt(++itt).sn24(cmdSN).sn28(expStatSN));
    return read();
  }

  /** True when the target closed the connection (end of stream) within the socket timeout. */
  boolean closedByTarget() throws IOException {
    try {
      while (true) {
        Pdu p = reader.read();
        if (p == null) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
