package dev.clir.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file of clir's cache so that a concurrent start, or one after a crash mid-write, sees either the whole
 * file or none: written to a temporary file beside it and renamed.
 */
public final class AtomicFiles {
  /** What writes the file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** What writes the file's content into the temporary file it is given (a library that writes files itself). */
  @FunctionalInterface
  public interface Writer<T> {
    T writeTo(Path tmp) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, Content content) throws IOException {
    publish(target, tmp -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        content.writeTo(out);
      }
      return null;
    });
  }

  /** Lets {@code writer} write a temporary file beside {@code target}, then renames it to {@code target}; returns what the writer returned. */
  public static <T> T publish(Path target, Writer<T> writer) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      T result = writer.writeTo(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return result;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
