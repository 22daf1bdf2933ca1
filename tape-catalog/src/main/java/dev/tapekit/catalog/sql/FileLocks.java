package dev.tapekit.catalog.sql;

import dev.tapekit.catalog.LockHolder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared and exclusive locks on files, between processes (POSIX record locks through {@link
 * FileChannel#tryLock}) and between threads of this JVM (which the OS does not tell apart: a JVM
 * holds one OS lock per file and counts its holders here). The OS drops a dead process's locks, so a
 * crash never leaves a lock behind.
 */
final class FileLocks {
  /** This JVM's holders of each lock file. */
  private static final Map<Path, Held> HELD = new HashMap<>(); // guarded by itself

  private static final class Held {
    final FileChannel channel;
    final FileLock lock;
    int shared;
    boolean exclusive;

    Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }

  private FileLocks() {}

  /**
   * Takes the lock on {@code file} in {@code mode} if it is free now.
   *
   * @return whether it was granted
   */
  static boolean tryLock(Path file, LockHolder.Mode mode) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        if (mode == LockHolder.Mode.SHARED && !held.exclusive) {
          held.shared++;
          return true;
        }
        return false;
      }
      FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, mode == LockHolder.Mode.SHARED);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (lock == null) {
        channel.close();
        return false;
      }
      Held h = new Held(channel, lock);
      if (mode == LockHolder.Mode.SHARED) {
        h.shared = 1;
      } else {
        h.exclusive = true;
      }
      HELD.put(key, h);
      return true;
    }
  }

  /** Releases one hold of the lock on {@code file} taken in {@code mode}. */
  static void unlock(Path file, LockHolder.Mode mode) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held == null) {
        return;
      }
      if (mode == LockHolder.Mode.SHARED && --held.shared > 0) {
        return;
      }
      HELD.remove(key);
      try {
        held.lock.release();
      } finally {
        held.channel.close();
      }
    }
  }
}
