package dev.tapekit.vtl.drive;

import dev.tapekit.scsi.testing.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapekit.vtl.Cdbs;
import dev.tapekit.vtl.Cdbs.Reply;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.cartridge.Barcode;
import dev.tapekit.vtl.cartridge.CartridgeFile;
import dev.tapekit.vtl.cartridge.CartridgeInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random command sequences against a drive and against a deliberately naive reference model (a list
 * of blocks and filemarks walked one object at a time). Every reply's sense triple, flags and
 * INFORMATION, every position and every byte read must agree. Reopens the cartridge midway to check
 * that the rebuilt index agrees too.
 */
class DriveModelTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return Seeds.of(8);
  }

  /** Expected outcome of one command: sense triple (or -1 for GOOD), flags, information, data. */
  record Outcome(int key, int asc, int ascq, int flags, long info, byte[] data) {
    static Outcome good(byte[] data) {
      return new Outcome(-1, 0, 0, 0, 0, data);
    }

    static Outcome sense(int key, int asc, int ascq, int flags, long info) {
      return new Outcome(key, asc, ascq, flags, info, null);
    }
  }

  /** The reference: SSC semantics written the slow, obvious way. */
  static final class Model {
    final List<byte[]> tape = new ArrayList<>(); // null = filemark
    int pos;

    Outcome write(byte[] b) {
      truncate();
      tape.add(b);
      pos++;
      return Outcome.good(null);
    }

    Outcome writeFilemarks(int n) {
      if (n > 0) {
        truncate();
      }
      for (int i = 0; i < n; i++) {
        tape.add(null);
        pos++;
      }
      return Outcome.good(null);
    }

    void truncate() {
      while (tape.size() > pos) {
        tape.remove(tape.size() - 1);
      }
    }

    Outcome read(int len, boolean sili) {
      if (pos == tape.size()) {
        return Outcome.sense(8, 0, 5, 0x40, len);
      }
      byte[] b = tape.get(pos++);
      if (b == null) {
        return Outcome.sense(0, 0, 1, 0x80, len);
      }
      byte[] got = java.util.Arrays.copyOf(b, Math.min(len, b.length));
      if (b.length == len || (b.length < len && sili)) {
        return Outcome.good(got);
      }
      return new Outcome(0, 0, 0, 0x20, len - b.length, got);
    }

    Outcome spaceBlocks(int n) {
      if (n >= 0) {
        for (int i = 0; i < n; i++) {
          if (pos == tape.size()) {
            return Outcome.sense(8, 0, 5, 0x40, n - i);
          }
          if (tape.get(pos++) == null) {
            return Outcome.sense(0, 0, 1, 0x80, n - i);
          }
        }
        return Outcome.good(null);
      }
      for (int i = 0; i < -n; i++) {
        if (pos == 0) {
          return Outcome.sense(0, 0, 4, 0x40, n + i);
        }
        if (tape.get(pos - 1) == null) {
          pos--;
          return Outcome.sense(0, 0, 1, 0x80, n + i);
        }
        pos--;
      }
      return Outcome.good(null);
    }

    Outcome spaceFilemarks(int n) {
      if (n >= 0) {
        for (int i = 0; i < n; i++) {
          while (pos < tape.size() && tape.get(pos) != null) {
            pos++;
          }
          if (pos == tape.size()) {
            return Outcome.sense(8, 0, 5, 0x40, n - i);
          }
          pos++;
        }
        return Outcome.good(null);
      }
      for (int i = 0; i < -n; i++) {
        while (pos > 0 && tape.get(pos - 1) != null) {
          pos--;
        }
        if (pos == 0) {
          return Outcome.sense(0, 0, 4, 0x40, n + i);
        }
        pos--;
      }
      return Outcome.good(null);
    }

    Outcome locate(int object) {
      if (object > tape.size()) {
        pos = tape.size();
        return Outcome.sense(8, 0, 5, 0x40, 0);
      }
      pos = object;
      return Outcome.good(null);
    }

    long fileNumber() {
      long n = 0;
      for (int i = 0; i < pos; i++) {
        n += tape.get(i) == null ? 1 : 0;
      }
      return n;
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void driveAgreesWithModel(long seed) {
    Seeds.replayable(getClass(), seed, this::run);
  }

  private void run(SplittableRandom rnd) throws Exception {
    Path file = dir.resolve("M00001L8.tkc");
    CartridgeFile cart = CartridgeFile.create(file, CartridgeInfo.fresh(Barcode.parse("M00001L8"), 1L << 40, "20260101"));
    VirtualTapeDrive drive = new VirtualTapeDrive("vtl:model:0", DrivePersonality.ibmLto(8), "MODEL1", new byte[8], new FaultPlan());
    drive.insert(cart);
    Cdbs s = new Cdbs(drive);
    s.clearUnitAttentions();
    Model m = new Model();
    int steps = 400;
    for (int step = 0; step < steps; step++) {
      if (step == steps / 2) { // reopen the cartridge: the rebuilt index must agree
        long keep = s.position()[0];
        cart = drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS);
        cart.close();
        cart = CartridgeFile.open(file);
        drive.insert(cart);
        s.clearUnitAttentions();
        s.locate10(keep).expectGood();
      }
      int op = rnd.nextInt(100);
      String what;
      Outcome expected;
      Reply actual;
      if (op < 30) {
        int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 5000);
        byte[] b = new byte[len];
        if (rnd.nextInt(4) > 0) {
          rnd.nextBytes(b);
        }
        what = "WRITE " + len;
        expected = m.write(b);
        actual = s.write(b);
      } else if (op < 38) {
        int n = rnd.nextInt(3);
        what = "WRITE FILEMARKS " + n;
        expected = m.writeFilemarks(n);
        actual = s.writeFilemarks(n);
      } else if (op < 60) {
        int len = 1 + rnd.nextInt(5000);
        boolean sili = rnd.nextBoolean();
        what = "READ " + len + (sili ? " SILI" : "");
        expected = m.read(len, sili);
        actual = s.read(len, sili);
      } else if (op < 72) {
        int n = rnd.nextInt(21) - 10;
        what = "SPACE blocks " + n;
        expected = m.spaceBlocks(n);
        actual = rnd.nextBoolean() ? s.space(0, n) : s.space16(0, n);
      } else if (op < 82) {
        int n = rnd.nextInt(7) - 3;
        what = "SPACE filemarks " + n;
        expected = m.spaceFilemarks(n);
        actual = s.space(1, n);
      } else if (op < 92) {
        int target = rnd.nextInt(m.tape.size() + 3);
        what = "LOCATE " + target;
        expected = m.locate(target);
        actual = rnd.nextBoolean() ? s.locate10(target) : s.locate16(0, target);
      } else {
        what = "REWIND";
        m.pos = 0;
        expected = Outcome.good(null);
        actual = s.rewind();
      }
      String ctx = "step " + step + " " + what + " at model position " + m.pos;
      if (expected.key < 0) {
        assertEquals(0, actual.result().status(), () -> ctx + ": " + actual.result());
      } else {
        assertEquals(
            String.format("%X/%02X/%02X flags %02X info %d", expected.key, expected.asc, expected.ascq, expected.flags, expected.info),
            String.format("%X/%02X/%02X flags %02X info %d", actual.key(), actual.asc(), actual.ascq(), actual.flags(),
                (long) actual.information()),
            ctx);
      }
      if (expected.data != null) {
        assertArrayEquals(expected.data, actual.data(), ctx);
      }
      long[] p = s.position();
      assertEquals(m.pos, p[0], ctx + ": object number");
      assertEquals(m.fileNumber(), p[1], ctx + ": file number");
    }
    drive.takeCartridge(VirtualTapeDrive.ThreadedRemoval.UNLOAD_ALWAYS).close();
  }
}
