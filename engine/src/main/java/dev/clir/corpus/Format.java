package dev.clir.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The shapes of knowledge base that {@link DocumentSources} reads. */
public enum Format {
  /** One JSON object per line ({@code .jsonl}, {@code .ndjson}, {@code .json}). */
  JSONL,
  /** Comma-separated values with a header row, RFC 4180 quoting ({@code .csv}). */
  CSV,
  /**
   * Tab-separated values with a header row ({@code .tsv}, {@code .tab}), IANA style: no quoting, so fields cannot
   * hold tabs or line breaks, and quote characters are literal text.
   */
  TSV,
  /** A directory tree of {@code .txt}, {@code .md}, {@code .html} and {@code .htm} files. */
  DIRECTORY;

  /** The format a path implies: directories, then the file name extension; empty when it implies none. */
  public static Optional<Format> of(Path path) {
    if (Files.isDirectory(path)) {
      return Optional.of(DIRECTORY);
    }
    Path name = path.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".tsv") || n.endsWith(".tab")) {
      return Optional.of(TSV);
    }
    return Optional.empty();
  }

  /** Parses a command-line name: {@code jsonl}, {@code csv}, {@code tsv}, {@code dir} or {@code directory}. */
  public static Format parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "jsonl", "ndjson", "json" -> JSONL;
      case "csv" -> CSV;
      case "tsv" -> TSV;
      case "dir", "directory" -> DIRECTORY;
      default -> throw new IllegalArgumentException("unknown input format '" + name + "' (expected jsonl, csv, tsv or dir)");
    };
  }
}
