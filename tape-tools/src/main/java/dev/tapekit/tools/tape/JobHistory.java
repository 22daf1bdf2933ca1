package dev.tapekit.tools.tape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapekit.tools.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of backup jobs, one JSON line per run appended to {@link TapePaths#jobHistory()}:
 *
 * <pre>
 * {"job":"nightly","start":"2026-01-05T02:00:00Z","end":"2026-01-05T02:41:07Z","state":"ok","media-set-uuid":"…"}
 * {"job":"nightly","start":"2026-01-06T02:00:00Z","end":"2026-01-06T02:00:03Z","state":"failed","error":"…"}
 * </pre>
 *
 * <p>Contract: {@link #append} writes a whole line with one write and forces it to disk before it
 * returns; a line torn by a crash is ended before the next one is appended, and {@link #read} skips
 * lines that are not a whole record, so a crash costs at most the run it interrupted.
 */
final class JobHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One run of a job; {@code mediaSet} when it wrote one, {@code error} when it failed. */
  record Run(String job, Instant start, Instant end, boolean ok, Optional<String> mediaSet, Optional<String> error) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job", job);
      m.put("start", start.toString());
      m.put("end", end.toString());
      m.put("state", state());
      mediaSet.ifPresent(u -> m.put("media-set-uuid", u));
      error.ifPresent(e -> m.put("error", e));
      return m;
    }

    String state() {
      return ok ? "ok" : "failed";
    }
  }

  private final Path file;

  JobHistory(Path file) {
    this.file = file;
  }

  /** Appends {@code run} as one line and forces it to disk. */
  void append(Run run) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] line = (Json.write(run.json(), false) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.wrap(line);
    if (tornAtEnd()) { // a line torn by a crash: end it, so that this one stays whole
      b = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private boolean tornAtEnd() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer last = ByteBuffer.allocate(1);
      return size > 0 && ch.read(last, size - 1) == 1 && last.get(0) != '\n';
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Every whole run recorded, oldest first. */
  List<Run> read() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Run> runs = new ArrayList<>();
    int end = text.lastIndexOf('\n'); // what follows the last newline is a torn line
    for (String line : text.substring(0, end + 1).split("\n")) {
      parse(line).ifPresent(runs::add);
    }
    return runs;
  }

  /** The last run of each job. */
  Map<String, Run> last() throws IOException {
    Map<String, Run> last = new LinkedHashMap<>();
    for (Run r : read()) {
      last.put(r.job(), r);
    }
    return last;
  }

  private static Optional<Run> parse(String line) {
    if (line.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.path("job").isTextual() || !n.path("start").isTextual() || !n.path("end").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new Run(n.get("job").asText(), Instant.parse(n.get("start").asText()),
          Instant.parse(n.get("end").asText()), "ok".equals(n.path("state").asText()), text(n, "media-set-uuid"),
          text(n, "error")));
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
