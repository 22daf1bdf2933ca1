package dev.tapekit.vtl;

import dev.tapekit.scsi.testing.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random MOVE MEDIUM / EXCHANGE MEDIUM sequences (valid and invalid) against a library and a map of
 * address → barcode. After every command the sense and READ ELEMENT STATUS (VOLTAG, all elements)
 * must agree with the model; midway the library is closed and reopened from disk.
 */
class ChangerModelTest {
  @TempDir Path home;

  static LongStream seeds() {
    return Seeds.of(4);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void changerAgreesWithModel(long seed) {
    Seeds.replayable(getClass(), seed, this::run);
  }

  private void run(SplittableRandom rnd) throws Exception {
    List<LibraryLayout.DriveSpec> drives = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      drives.add(new LibraryLayout.DriveSpec("IBM ULT3580-TD8", null, "M" + i, new byte[8]));
    }
    List<LibraryLayout.CartridgeSpec> carts = new ArrayList<>();
    TreeMap<Integer, String> model = new TreeMap<>();
    for (int i = 1; i <= 8; i++) {
      String b = String.format("M%05dL8", i);
      carts.add(new LibraryLayout.CartridgeSpec(b, i, 0));
      model.put(99 + i, b);
    }
    ChangerLayout cl = new ChangerLayout("STK", "L700", "550V", "MODEL", new byte[8], 1, 10, 2, 50, 100, 12,
        ThreadedRemoval.UNLOAD_ALWAYS);
    LibraryLayout layout = new LibraryLayout("MODEL", cl, 1, drives, carts);
    List<Integer> addresses = new ArrayList<>(List.of(10, 11, 50, 51, 52));
    for (int i = 0; i < 12; i++) {
      addresses.add(100 + i);
    }
    VirtualLibrary lib = VirtualLibrary.create(home, layout, Clock.systemUTC());
    Cdbs s = new Cdbs(lib.changer());
    s.clearUnitAttentions();
    for (int step = 0; step < 300; step++) {
      if (step == 150) {
        lib.close();
        lib = VirtualLibrary.open(home, layout.name());
        s = new Cdbs(lib.changer());
        s.clearUnitAttentions();
      }
      boolean invalid = rnd.nextInt(20) == 0;
      int src = invalid ? 60 + rnd.nextInt(30) : addresses.get(rnd.nextInt(addresses.size()));
      int dst = addresses.get(rnd.nextInt(addresses.size()));
      String ctx = "step " + step;
      if (rnd.nextInt(4) == 0) {
        int second = addresses.get(rnd.nextInt(addresses.size()));
        Reply r = s.none(0xA6, 0, 0, 0, src >>> 8, src, dst >>> 8, dst, second >>> 8, second, 0, 0);
        ctx += " EXCHANGE " + src + " -> " + dst + " -> " + second;
        if (invalid) {
          r.expect(5, 0x21, 0x01);
        } else if (!model.containsKey(src) || !model.containsKey(dst)) {
          r.expect(5, 0x3B, 0x0E);
        } else if (second != src && model.containsKey(second)) {
          r.expect(5, 0x3B, 0x0D);
        } else if (dst == src) {
          r.expect(5, 0x24, 0x00);
        } else {
          r.expectGood();
          String a = model.remove(src);
          String b = model.remove(dst);
          model.put(dst, a);
          model.put(second, b);
        }
      } else {
        Reply r = s.none(0xA5, 0, 0, 0, src >>> 8, src, dst >>> 8, dst, 0, 0, 0, 0);
        ctx += " MOVE " + src + " -> " + dst;
        if (invalid) {
          r.expect(5, 0x21, 0x01);
        } else if (!model.containsKey(src)) {
          r.expect(5, 0x3B, 0x0E);
        } else if (src != dst && model.containsKey(dst)) {
          r.expect(5, 0x3B, 0x0D);
        } else {
          r.expectGood();
          model.put(dst, model.remove(src));
        }
      }
      assertEquals(model, reported(s), ctx);
    }
    lib.close();
  }

  /** address → barcode of every full element, from READ ELEMENT STATUS with VOLTAG. */
  static TreeMap<Integer, String> reported(Cdbs s) throws Exception {
    byte[] r = s.in(65535, 0xB8, 0x10, 0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 0).expectGood().data();
    ByteBuffer b = ByteBuffer.wrap(r);
    TreeMap<Integer, String> out = new TreeMap<>();
    int at = 8;
    while (at < r.length) {
      int len = b.getShort(at + 2);
      int bytes = b.getInt(at + 4) & 0xFFFFFF;
      for (int d = at + 8; d < at + 8 + bytes; d += len) {
        if ((r[d + 2] & 0x01) != 0) {
          out.put(b.getShort(d) & 0xFFFF, new String(r, d + 12, 32, StandardCharsets.US_ASCII).trim());
        }
      }
      at += 8 + bytes;
    }
    return out;
  }
}
