package dev.clir.corpus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Opens a knowledge base input, choosing the reader from the path or an explicit {@link Format}. */
public final class DocumentSources {

  /** The argument that means standard input. */
  public static final String STDIN = "-";

  private DocumentSources() {}

  /**
   * Opens {@code -} (standard input, JSON Lines unless {@code format} says CSV or TSV) or a path.
   *
   * @param format {@code null} to pick by path
   * @throws InputFormatException for a missing or unreadable path, a format that cannot be told from the path,
   *     or a CSV/TSV header that lacks the id or text column
   */
  public static DocumentSource open(String pathOrDash, FieldMapping fields, Format format) {
    Objects.requireNonNull(pathOrDash, "pathOrDash");
    if (pathOrDash.equals(STDIN)) {
      return open(new KeepOpen(System.in), Origin.STDIN, fields, format == null ? Format.JSONL : format);
    }
    return open(Path.of(pathOrDash), fields, format);
  }

  /**
   * Opens a file or directory. Without a format: a directory is a {@link Format#DIRECTORY directory tree},
   * {@code .jsonl}/{@code .ndjson}/{@code .json} JSON Lines, {@code .csv} CSV, {@code .tsv}/{@code .tab} TSV.
   *
   * @param format {@code null} to pick by path
   * @throws InputFormatException as for {@link #open(String, FieldMapping, Format)}
   */
  public static DocumentSource open(Path path, FieldMapping fields, Format format) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fields, "fields");
    Origin origin = Origin.file(path.toString());
    if (!Files.exists(path)) {
      throw new InputFormatException(origin, "no such file or directory");
    }
    Format chosen = format != null ? format : Format.of(path).orElseThrow(() -> new InputFormatException(origin,
        "cannot tell the input format from the file name; name it .jsonl, .csv or .tsv, or give the format"
            + " (jsonl, csv, tsv, dir)"));
    boolean directory = Files.isDirectory(path);
    if (chosen == Format.DIRECTORY) {
      if (!directory) {
        throw new InputFormatException(origin, "not a directory");
      }
      return new DirectorySource(path);
    }
    if (directory) {
      throw new InputFormatException(origin, "is a directory, not a " + chosen + " file");
    }
    InputStream in;
    try {
      in = Files.newInputStream(path);
    } catch (IOException e) {
      throw new InputFormatException(origin, "cannot open: " + DirectorySource.describe(e), e);
    }
    return open(in, path.toString(), fields, chosen);
  }

  /**
   * Reads a stream (standard input, or anything else a caller has open). The source closes the stream.
   *
   * @param name how messages name the stream, e.g. {@code <stdin>}
   * @param format {@link Format#JSONL}, {@link Format#CSV} or {@link Format#TSV}
   */
  public static DocumentSource open(InputStream in, String name, FieldMapping fields, Format format) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fields, "fields");
    return switch (Objects.requireNonNull(format, "format")) {
      case JSONL -> new JsonLinesSource(name, in, fields);
      case CSV -> new CsvSource(name, in, fields, false);
      case TSV -> new CsvSource(name, in, fields, true);
      case DIRECTORY -> throw new IllegalArgumentException("a directory tree cannot be read from a stream");
    };
  }

  /** Standard input stays open for the rest of the program when a source is closed. */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // leave System.in open
    }
  }
}
