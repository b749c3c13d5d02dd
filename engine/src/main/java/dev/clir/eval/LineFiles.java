package dev.clir.eval;

import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.corpus.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Line-by-line reading shared by the evaluation file readers and the intent label files: strict UTF-8, blank lines
 * skipped, every problem an {@link InputFormatException} naming file and line. These files are small, so the first
 * problem stops reading.
 */
public final class LineFiles {

  /** Receives each non-blank line. */
  @FunctionalInterface
  public interface LineHandler {
    void accept(Origin origin, String line);
  }

  private LineFiles() {}

  public static void forEachLine(Path file, LineHandler handler) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new InputFormatException(Origin.file(file.toString()), "no such file", e);
    } catch (AccessDeniedException e) {
      throw new InputFormatException(Origin.file(file.toString()), "permission denied", e);
    } catch (IOException e) {
      throw new InputFormatException(Origin.file(file.toString()), "cannot open: " + e.getMessage(), e);
    }
    forEachLine(in, file.toString(), handler);
  }

  /** Reads and closes {@code in}. */
  static void forEachLine(InputStream in, String name, LineHandler handler) {
    try (Utf8Lines lines = new Utf8Lines(in)) {
      for (Utf8Lines.Line line = lines.next(); line != null; line = lines.next()) {
        Origin origin = new Origin(name, line.number());
        if (line.isMalformed()) {
          throw new InputFormatException(origin, line.malformed());
        }
        if (!line.text().isBlank()) {
          handler.accept(origin, line.text());
        }
      }
    } catch (IOException e) {
      throw new InputFormatException(Origin.file(name), "cannot read: " + e.getMessage(), e);
    }
  }
}
