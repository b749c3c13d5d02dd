package dev.clir.corpus;

import java.util.Objects;

/**
 * Where a record came from, so that messages can point the user at the right place.
 *
 * @param file the file as the user named it, or {@code <stdin>}
 * @param line 1-based line where the record starts; 0 when the record is a whole file (directory trees)
 */
public record Origin(String file, long line) {

  public static final String STDIN = "<stdin>";

  public Origin {
    Objects.requireNonNull(file, "file");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
  }

  /** A whole file, as for a document read from a directory tree. */
  public static Origin file(String file) {
    return new Origin(file, 0);
  }

  /** {@code file:line}, or just {@code file} for a whole file. */
  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line;
  }
}
