package dev.clir.bench.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the indexes and files a reliability run leaves behind. */
final class TempFiles {
  private TempFiles() {}

  /** Deletes {@code dir} and everything under it; what cannot be deleted stays. */
  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left for the temporary directory's owner
    }
  }
}
