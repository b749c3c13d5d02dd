package dev.clir.index;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;

/**
 * Who holds an index's write lock, for the message a second writer gets: Lucene's {@code write.lock} records
 * nobody. The holder writes {@value #FILE} next to it right after taking the lock and removes it on close; a record
 * left by a crash names a process that no longer exists and is ignored. Lucene leaves the file alone (it is not
 * one of its index files).
 */
final class WriterHolder {
  static final String FILE = "clir-writer.txt";
  private static final String HOST = hostName();

  private WriterHolder() {}

  /** The directory's folder when it is a file system directory (possibly wrapped), else empty. */
  static Optional<Path> folder(Directory dir) {
    return FilterDirectory.unwrap(dir) instanceof FSDirectory fs ? Optional.of(fs.getDirectory()) : Optional.empty();
  }

  /** Records this process as the holder (best effort: a read-only record never stops indexing). */
  static void record(Path folder) {
    ProcessHandle self = ProcessHandle.current();
    String command = self.info().commandLine().orElse("java");
    String text = "pid " + self.pid() + " on " + HOST + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " ("
        + (command.length() > 300 ? command.substring(0, 300) + "…" : command) + ")\n";
    try {
      Path tmp = Files.writeString(folder.resolve(FILE + ".tmp"), text, StandardCharsets.UTF_8);
      Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      // the message of a second writer will then name no process
    }
  }

  /** Removes the record (while the lock is still held, so as not to remove a later holder's). */
  static void clear(Path folder) {
    try {
      Files.deleteIfExists(folder.resolve(FILE));
    } catch (IOException e) {
      // a stale record names a dead process and is ignored
    }
  }

  /**
   * The holder of the lock on the index in {@code folder}, e.g. {@code pid 4711 on host since 2026-12-03T21:00:00Z
   * (java -jar clir-index.jar ...)}, or {@code null} when unknown. Waits a moment for a holder that has just taken the
   * lock to record itself.
   */
  static String describe(Path folder) {
    long deadline = System.nanoTime() + 2_000_000_000L;
    do {
      try {
        String text = Files.readString(folder.resolve(FILE), StandardCharsets.UTF_8).strip();
        if (isAlive(text)) {
          return text;
        }
      } catch (IOException | RuntimeException e) {
        // not recorded (yet)
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    } while (System.nanoTime() < deadline);
    return null;
  }

  private static boolean isAlive(String record) {
    String[] words = record.split(" ", 4);
    if (words.length < 4 || !words[0].equals("pid") || !words[2].equals("on")) {
      return false;
    }
    long pid = Long.parseLong(words[1]);
    String host = words[3].substring(0, words[3].indexOf(' ') < 0 ? words[3].length() : words[3].indexOf(' '));
    // a process on another machine (a shared disk) cannot be looked up: trust its record
    return !host.equals(HOST) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
