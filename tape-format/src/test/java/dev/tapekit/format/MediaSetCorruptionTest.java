package dev.tapekit.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tapekit.crypto.PayloadAuthenticationException;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.block.MemoryTape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corruption sweep over a two-tape media set ({@link MediaSetImages}): truncation, a flipped bit
 * in every structure of every block, zeroed, duplicated and swapped blocks, a filemark dropped or
 * added, a block of another media set spliced in, the second part of a spanned stream removed. Every
 * case must end in a defined error naming where ({@link TapeFormatException} or {@link
 * PayloadAuthenticationException}), never an unchecked exception, and never a success that reads as
 * the intact set.
 */
class MediaSetCorruptionTest {
  static List<MemoryTape> intact;
  static List<MediaSetVerifier.TapeReport> intactReport;
  static MemoryTape otherSet;

  @BeforeAll
  static void write() throws Exception {
    intact = MediaSetImages.write();
    intactReport = MediaSetVerifier.verify(intact, Optional.of(MediaSetImages.payloadKey()));
    // Same shape, another media set and other volume names.
    otherSet = MediaSetImages.write(java.util.UUID.fromString("11111111-2222-4333-8444-555555555555"), "OTH").get(0);
  }

  @Test
  void theIntactSetVerifies() {
    assertEquals(2, intactReport.size());
    assertEquals(4, intactReport.get(0).files().size(), "two chunk archives, a snapshot, the stream's first part");
    assertEquals(3, intactReport.get(1).files().size(),
        "the stream's second part, a chunk archive and the catalog archive");
    assertEquals(11, intactReport.get(1).files().get(2).items(), "the catalog's records");
    assertEquals(MediaSetImages.STREAM_BYTES, intactReport.get(0).files().get(3).bodyBytes());
  }

  /** Runs {@code mutation} on a copy of tape {@code t} and checks the outcome. */
  private static String check(int t, Consumer<MemoryTape> mutation, String what) throws Exception {
    List<MemoryTape> tapes = new ArrayList<>();
    for (MemoryTape tape : intact) {
      tapes.add(MediaSetImages.copy(tape));
    }
    mutation.accept(tapes.get(t));
    try {
      List<MediaSetVerifier.TapeReport> report = MediaSetVerifier.verify(tapes, Optional.of(MediaSetImages.payloadKey()));
      assertNotEquals(intactReport, report, what + ": damage went unnoticed");
      return "shorter";
    } catch (TapeFormatException e) {
      assertTrue(e.location().volume().startsWith("SET"), what + ": " + e.getMessage());
      return e.kind().name();
    } catch (PayloadAuthenticationException e) {
      return "AUTHENTICATION";
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": an unchecked exception instead of a format error", e);
    }
  }

  private static int payloadLength(byte[] block) {
    return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
  }

  @Test
  void aFlippedBitInAnyBlockOfEitherTapeIsFound() throws Exception {
    for (int t = 0; t < 2; t++) {
      MemoryTape tape = intact.get(t);
      for (int i = 0; i < tape.objects(); i++) {
        byte[] block = tape.object(i);
        if (block == null) {
          continue;
        }
        int end = BlockHeader.LENGTH + payloadLength(block);
        for (int offset : new int[] {0, 9, 17, 25, 40, 50, 57, 64, 64 + (end - 64) / 2, end - 1}) {
          if (offset >= end) {
            continue;
          }
          int object = i;
          String kind = check(t, m -> {
            byte[] b = m.object(object);
            b[offset] ^= 0x10;
            m.replace(object, b);
          }, "tape " + t + " object " + i + " byte " + offset);
          assertNotEquals("shorter", kind, "a flipped bit must be an error, tape " + t + " object " + i + " byte " + offset);
        }
      }
    }
  }

  @Test
  void zeroedDuplicatedAndSwappedBlocks() throws Exception {
    MemoryTape a = intact.get(0);
    for (int i = 0; i < a.objects() - 1; i++) {
      if (a.object(i) == null) {
        continue;
      }
      int object = i;
      assertEquals("FOREIGN", check(0, m -> m.replace(object, new byte[m.object(object).length]), "zeroed " + i));
      String dup = check(0, m -> m.insert(object, m.object(object)), "duplicated " + i);
      assertTrue(dup.equals("OUT_OF_ORDER") || dup.equals("INVALID"), "duplicated " + i + ": " + dup);
      if (a.object(i + 1) != null) {
        String swapped = check(0, m -> {
          byte[] x = m.object(object);
          m.replace(object, m.object(object + 1));
          m.replace(object + 1, x);
        }, "swapped " + i);
        assertTrue(swapped.equals("OUT_OF_ORDER") || swapped.equals("INVALID"), "swapped " + i + ": " + swapped);
      }
    }
  }

  /**
   * The tape's last object is the filemark after its last file. Without it (a writer that stopped
   * between the end-of-stream block and the filemark) the file is complete and reads as written:
   * FORMAT.md 3.3 accepts end of data there.
   */
  private static boolean lastFilemark(MemoryTape tape, int i) {
    return i == tape.objects() - 1;
  }

  @Test
  void droppedAndAddedFilemarks() throws Exception {
    MemoryTape a = intact.get(0);
    for (int i = 0; i < a.objects(); i++) {
      if (lastFilemark(a, i)) {
        continue;
      }
      int object = i;
      if (a.object(i) == null) {
        assertNotEquals("shorter", check(0, m -> m.remove(object), "dropped filemark " + i));
      } else if (i + 1 < a.objects() && a.object(i + 1) != null) {
        assertEquals("TRUNCATED", check(0, m -> m.insert(object + 1, null), "added filemark after " + i));
      }
    }
  }

  @Test
  void truncationAnywhere() throws Exception {
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < intact.get(t).objects(); i++) {
        if (lastFilemark(intact.get(t), i)) {
          continue;
        }
        int at = i;
        check(t, m -> m.truncate(at), "truncated tape " + t + " at " + i);
      }
    }
  }

  @Test
  void aBlockOfAnotherMediaSetSplicedIn() throws Exception {
    MemoryTape a = intact.get(0);
    for (int i = 0; i < a.objects(); i++) {
      byte[] foreign = otherSet.object(i);
      if (a.object(i) == null || foreign == null || java.util.Arrays.equals(foreign, a.object(i))) {
        continue;
      }
      int object = i;
      String kind = check(0, m -> m.replace(object, foreign), "spliced " + i);
      // File 0 is one block, and a media label names no set: another tape's label of the same name
      // is a valid label (check() has already required that the result is not the intact set's).
      if (i > 0) {
        assertNotEquals("shorter", kind, "spliced " + i);
      }
    }
  }

  @Test
  void theSecondPartOfTheSpannedStreamRemoved() throws Exception {
    // Tape B: file 0, file 1, then the stream's part 1 at file 2: drop its blocks and filemark.
    String kind = check(1, m -> {
      int start = -1;
      int marks = 0;
      for (int i = 0; i < m.objects(); i++) {
        if (m.object(i) == null && ++marks == 2) {
          start = i + 1;
          break;
        }
      }
      while (m.object(start) != null) {
        m.remove(start);
      }
      m.remove(start);
    }, "part 1 removed");
    assertEquals("TRUNCATED", kind);
  }

  @Test
  void aWholeFileMissingFromATapeIsFoundThroughTheCatalog() throws Exception {
    // Tape A: files 0 and 1 are the labels; remove file 2 (a chunk archive) with its filemark. Every
    // file after it moves up one, which only the catalog on tape B can tell.
    String kind = check(0, m -> {
      int start = -1;
      int marks = 0;
      for (int i = 0; i < m.objects(); i++) {
        if (m.object(i) == null && ++marks == 2) {
          start = i + 1;
          break;
        }
      }
      while (m.object(start) != null) {
        m.remove(start);
      }
      m.remove(start);
    }, "file 2 removed");
    assertEquals("MISPLACED", kind);
  }

  @Test
  void aLabelAfterTheLabelsIsMisplaced() throws Exception {
    String kind = check(1, m -> {
      try {
        m.locate(m.objects());
        try (var w = dev.tapekit.format.content.TapeFileWriter.begin(m, MediaSetImages.BLOCK,
            new dev.tapekit.format.content.ContentHeader(dev.tapekit.format.content.ContentType.MEDIA_LABEL, 1,
                java.util.UUID.randomUUID(), MediaSetImages.CTIME, dev.tapekit.format.content.ContentHeader.NO_SET, 0, 0,
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
          w.finish(0, false);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "a label appended");
    assertEquals("MISPLACED", kind);
  }

  @Test
  void tapesInTheWrongOrderAreMisplaced() throws Exception {
    try {
      MediaSetVerifier.verify(List.of(intact.get(1), intact.get(0)), Optional.of(MediaSetImages.payloadKey()));
      fail("tapes in the wrong order verified");
    } catch (TapeFormatException e) {
      assertEquals(TapeFormatException.Kind.MISPLACED, e.kind());
    }
  }
}
