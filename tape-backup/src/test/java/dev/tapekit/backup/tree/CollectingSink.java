package dev.tapekit.backup.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapekit.format.snapshot.SnapshotEntry;
import dev.tapekit.format.snapshot.SnapshotEntry.ChunkRef;
import dev.tapekit.format.snapshot.SnapshotEntry.Type;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TreeSink} for tests: keeps every entry and each regular file's data bytes in memory,
 * cut into chunks of {@value #CHUNK} bytes (SHA-256), and checks the order of the entries. {@link
 * #restore} writes what it holds with a {@link TreeWriter}.
 */
public class CollectingSink implements TreeSink {
  public static final int CHUNK = 1 << 20;

  public final List<SnapshotEntry> entries = new ArrayList<>();
  public final Map<String, byte[]> data = new HashMap<>();

  @Override
  public List<ChunkRef> data(String path, FileData in) throws IOException, InterruptedException {
    byte[] bytes = in.readAllBytes();
    data.put(path, bytes);
    return chunks(bytes);
  }

  @Override
  public void entry(SnapshotEntry entry) throws IOException, InterruptedException {
    if (!entries.isEmpty()) {
      String last = entries.get(entries.size() - 1).path();
      assertTrue(SnapshotEntry.comparePaths(last, entry.path()) < 0,
          "'" + entry.path() + "' comes after '" + last + "'");
    }
    entries.add(entry);
  }

  /** The paths of the entries, in order. */
  public List<String> paths() {
    return entries.stream().map(SnapshotEntry::path).toList();
  }

  /** The entry of {@code path}, or null. */
  public SnapshotEntry entry(String path) {
    return entries.stream().filter(e -> e.path().equals(path)).findFirst().orElse(null);
  }

  /** Restores every entry into {@code writer} and returns its problems. */
  public List<TreeProblem> restore(TreeWriter writer) throws IOException {
    for (SnapshotEntry e : entries) {
      InputStream in = e.type() == Type.REGULAR ? new ByteArrayInputStream(data.get(e.path())) : null;
      writer.add(e, in);
    }
    return writer.finish();
  }

  /** {@code bytes} cut into SHA-256 chunks of {@value #CHUNK} bytes (the last one shorter). */
  public static List<ChunkRef> chunks(byte[] bytes) {
    List<ChunkRef> chunks = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += CHUNK) {
      byte[] piece = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + CHUNK));
      try {
        chunks.add(new ChunkRef(MessageDigest.getInstance("SHA-256").digest(piece), piece.length));
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
    return chunks;
  }
}
