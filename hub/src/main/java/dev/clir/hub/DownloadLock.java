package dev.clir.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one download of a model folder run at a time, across threads and processes. A file lock alone is
 * not enough within one JVM (a second lock on the same file throws there), so threads first queue on an
 * in-process lock. The lock file stays in place afterwards: deleting it would let a waiter and a newcomer
 * lock two different files.
 */
final class DownloadLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 200;

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private DownloadLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Waits for the lock at {@code lockFile}; {@code onWait} is told once if another holder makes it wait. */
  static DownloadLock acquire(Path lockFile, Runnable onWait) throws IOException {
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
    boolean waited = false;
    if (!threadLock.tryLock()) {
      onWait.run();
      waited = true;
      threadLock.lock();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new DownloadLock(threadLock, channel, lock);
        }
        if (!waited) {
          onWait.run();
          waited = true;
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(channel, threadLock);
      throw new IOException("interrupted while waiting for the download lock " + lockFile, e);
    } catch (IOException | RuntimeException e) {
      close(channel, threadLock);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
    } finally {
      close(channel, threadLock);
    }
  }

  private static void close(FileChannel channel, ReentrantLock threadLock) throws IOException {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      threadLock.unlock();
    }
  }
}
