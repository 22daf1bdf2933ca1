package dev.tapekit.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The other process of {@link DeviceLockFileTest}, started as {@code java -cp <test classpath>}.
 *
 * <p>Arguments: lock directory, then what to do with {@link DeviceLockFileTest#KEY}'s lock:
 *
 * <ul>
 *   <li>{@code hold}: acquire it as the job {@code backup child}, print {@code locked}, then wait
 *       until killed (or stdin ends);
 *   <li>{@code garble}: lock the file with a bare file lock, write bytes that name nobody, print
 *       {@code locked}, then wait likewise;
 *   <li>{@code try}: acquire it once without waiting; print {@code acquired}, or {@code refused}
 *       and the message on the next line; exit.
 * </ul>
 */
public final class DeviceLockChild {
  private DeviceLockChild() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    switch (args[1]) {
      case "hold" -> {
        DeviceLockFile lock = DeviceLockFile.acquire(dir, DeviceLockFileTest.KEY, "/dev/nst0", DeviceLockFile.Mode.JOB,
            "backup child", Duration.ZERO);
        System.out.println("locked " + lock.file());
        System.out.flush();
        waitForEndOfInput();
      }
      case "garble" -> {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(DeviceLockFileTest.KEY.fileName()), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.lock();
        ch.truncate(0);
        ch.write(ByteBuffer.wrap("\u0000\u0007garbage\nhost=\npid=-1\n".getBytes(StandardCharsets.UTF_8)), 0);
        System.out.println("locked");
        System.out.flush();
        waitForEndOfInput();
      }
      case "try" -> {
        try (DeviceLockFile lock = DeviceLockFile.acquire(dir, DeviceLockFileTest.KEY, "/dev/sg3",
            DeviceLockFile.Mode.COMMAND, "pmt status", Duration.ZERO)) {
          System.out.println("acquired");
        } catch (DeviceLockedException e) {
          System.out.println("refused");
          System.out.println(e.getMessage());
        }
      }
      default -> throw new IllegalArgumentException(args[1]);
    }
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // the parent ends this process (destroyForcibly), or closes stdin
    }
  }
}
