package dev.tapekit.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 3720 appendix B.4: the CRC32C examples, as the bytes go on the wire. */
  @Test
  void crc32cMatchesTheRfcExamples() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      ones[i] = (byte) 0xFF;
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    assertEquals("aa36918a", wire(zeros));
    assertEquals("43aba862", wire(ones));
    assertEquals("4e79dd46", wire(up));
    assertEquals("5cdb3f11", wire(down));
  }

  private static String wire(byte[] data) {
    byte[] out = new byte[4];
    Crc32cDigest.put(Crc32cDigest.of(data, 0, data.length), out, 0);
    assertEquals(Crc32cDigest.of(data, 0, data.length), Crc32cDigest.get(out, 0));
    return HEX.formatHex(out);
  }

  @Test
  void pduRoundTripsWithAndWithoutDigestsOneByteAtATime() throws Exception {
    for (boolean digests : new boolean[] {false, true}) {
      for (int length : new int[] {0, 1, 3, 4, 5, 8191, 8192}) {
        byte[] data = new byte[length + 7];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i * 31);
        }
        Pdu pdu = new Pdu(Pdu.DATA_IN).flags(0x81).lun(3).itt(0x12345678).sn24(7).u32(40, 4096)
            .data(data, 7, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduWriter writer = new PduWriter(out);
        writer.digests(digests, digests);
        writer.write(pdu);
        byte[] wire = out.toByteArray();
        int expected = 48 + (digests ? 4 : 0) + ((length + 3) & ~3) + (digests && length > 0 ? 4 : 0);
        assertEquals(expected, wire.length);
        PduReader reader = new PduReader(new OneByteAtATime(wire), 8192);
        reader.digests(digests, digests);
        Pdu back = reader.read();
        assertEquals(Pdu.DATA_IN, back.opcode());
        assertEquals(0x81, back.flags());
        assertEquals(3, back.lun());
        assertEquals(0x12345678, back.itt());
        assertEquals(4096, back.u32(40));
        assertArrayEquals(pdu.data(), back.data());
        assertNull(reader.read(), "clean end of stream between PDUs");
      }
    }
  }

  @Test
  void digestsAndLimitsAreChecked() throws Exception {
    Pdu pdu = new Pdu(Pdu.SCSI_COMMAND).itt(1).data(new byte[100]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PduWriter writer = new PduWriter(out);
    writer.digests(true, true);
    writer.write(pdu);
    byte[] wire = out.toByteArray();

    byte[] badHeader = wire.clone();
    badHeader[20] ^= 1;
    ProtocolException h = assertThrows(ProtocolException.class, () -> reader(badHeader, 8192).read());
    assertEquals(ProtocolException.HEADER_DIGEST_ERROR, h.reason());

    byte[] badData = wire.clone();
    badData[60] ^= 1;
    ProtocolException d = assertThrows(ProtocolException.class, () -> reader(badData, 8192).read());
    assertEquals(ProtocolException.DATA_DIGEST_ERROR, d.reason());
    assertEquals(1, new Pdu(d.header(), new byte[0]).itt());

    ProtocolException big = assertThrows(ProtocolException.class, () -> reader(wire, 96).read());
    assertEquals(ProtocolException.PROTOCOL_ERROR, big.reason());
    assertTrue(big.getMessage().contains("100-byte data segment"), big.getMessage());

    byte[] cut = java.util.Arrays.copyOf(wire, 60);
    assertThrows(EOFException.class, () -> reader(cut, 8192).read());
    byte[] cutHeader = java.util.Arrays.copyOf(wire, 20);
    assertThrows(EOFException.class, () -> reader(cutHeader, 8192).read());
  }

  private static PduReader reader(byte[] wire, int max) {
    PduReader r = new PduReader(new ByteArrayInputStream(wire), max);
    r.digests(true, true);
    return r;
  }

  @Test
  void lunsUseSingleLevelAddressing() {
    assertEquals(0x0001000000000000L, Pdu.encodeLun(1));
    assertEquals(0x4100000000000000L, Pdu.encodeLun(256));
    assertEquals(1, Pdu.decodeLun(0x0001000000000000L));
    assertEquals(256, Pdu.decodeLun(0x4100000000000000L));
    assertEquals(-1, Pdu.decodeLun(0x0101000000000000L)); // bus 1
    assertEquals(-1, Pdu.decodeLun(0x0001000100000000L)); // second level
  }

  @Test
  void loginIsidAndTsihShareEightBytes() {
    Pdu p = new Pdu(Pdu.LOGIN_REQUEST).u16(14, 0xBEEF).isid(0x80123456789AL);
    assertEquals(0x80123456789AL, p.isid());
    assertEquals(0xBEEF, p.u16(14));
  }

  @Test
  void textParametersParseAndEncode() throws Exception {
    byte[] text = "InitiatorName=iqn.1993-08.org.debian:01:abc\0SessionType=Normal\0AuthMethod=CHAP,None\0"
        .getBytes(StandardCharsets.UTF_8);
    TextParameters p = TextParameters.parse(text);
    assertEquals(3, p.pairs().size());
    assertEquals("CHAP,None", p.get("AuthMethod").orElseThrow());
    assertArrayEquals(text, p.encode());
    // the last zero byte may be missing
    assertEquals("Normal", TextParameters.parse("SessionType=Normal".getBytes(StandardCharsets.UTF_8))
        .get("SessionType").orElseThrow());
    assertThrows(ProtocolException.class, () -> TextParameters.parse("NoEquals\0".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ProtocolException.class, () -> TextParameters.parse("=x\0".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ProtocolException.class, () -> TextParameters.parse("a b=x\0".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ProtocolException.class,
        () -> TextParameters.parse(("K" + "x".repeat(63) + "=1\0").getBytes(StandardCharsets.UTF_8)));
  }

  /** Expected values computed with Python's hashlib: md5(bytes([id]) + secret + challenge). */
  @Test
  void chapResponsesAreHashOfIdSecretChallenge() {
    byte[] challenge = new byte[16];
    for (int i = 0; i < 16; i++) {
      challenge[i] = (byte) i;
    }
    assertEquals("54d49338a27b0c1dd5e935c21ab005a3",
        HEX.formatHex(Chap.response(Chap.Algorithm.MD5, 0x2a, Chap.secretBytes("secretsecret"), challenge)));
    assertEquals("15d4a9df1d05c6b5835f0408d918f8581fcb400c14cfbf37a0ebc1fe9cd3caf1",
        HEX.formatHex(Chap.response(Chap.Algorithm.SHA256, 7, Chap.secretBytes("TargetSecret12"),
            HEX.parseHex("00ff".repeat(8)))));
    assertArrayEquals(challenge, Chap.decode(Chap.encode(challenge)));
    assertArrayEquals(new byte[] {1, 2, 3}, Chap.decode("0b" + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
    assertArrayEquals(new byte[] {0x0a, (byte) 0xbc}, Chap.decode("0xabc"));
    assertThrows(IllegalArgumentException.class, () -> Chap.decode("abc"));
    assertThrows(IllegalArgumentException.class, () -> Chap.decode("0xzz"));
  }

  @Test
  void negotiationRulesAgreeOnBothSides() throws Exception {
    var keys = Negotiation.OPERATIONAL;
    assertEquals("CRC32C", Negotiation.respond(keys.get("HeaderDigest"), "CRC32C,None", "None,CRC32C"));
    assertEquals("None", Negotiation.respond(keys.get("HeaderDigest"), "None,CRC32C", "None,CRC32C"));
    assertEquals(Negotiation.REJECT, Negotiation.respond(keys.get("HeaderDigest"), "MD5", "None,CRC32C"));
    assertEquals("No", Negotiation.respond(keys.get("ImmediateData"), "No", "Yes"));
    assertEquals("Yes", Negotiation.respond(keys.get("InitialR2T"), "Yes", "No"));
    assertEquals("65536", Negotiation.respond(keys.get("MaxBurstLength"), "65536", "16776192"));
    assertEquals("20", Negotiation.respond(keys.get("DefaultTime2Wait"), "20", "2"));
    assertEquals(Negotiation.REJECT, Negotiation.respond(keys.get("MaxBurstLength"), "100", "16776192"));
    assertEquals(Negotiation.REJECT, Negotiation.respond(keys.get("ErrorRecoveryLevel"), "3", "0"));
    assertEquals(Negotiation.REJECT, Negotiation.respond(keys.get("ImmediateData"), "maybe", "Yes"));
    assertEquals("0", Negotiation.settle(keys.get("ErrorRecoveryLevel"), "2", "0"));
    assertThrows(ProtocolException.class, () -> Negotiation.settle(keys.get("MaxBurstLength"), "65536", "262144"));
    assertThrows(ProtocolException.class, () -> Negotiation.settle(keys.get("HeaderDigest"), "None", "CRC32C"));
    assertThrows(ProtocolException.class, () -> Negotiation.settle(keys.get("InitialR2T"), "Yes", "No"));
  }

  /** Hands out one byte per read, the most awkward shape a socket can have. */
  static final class OneByteAtATime extends InputStream {
    private final byte[] bytes;
    private int at;

    OneByteAtATime(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return at < bytes.length ? bytes[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
