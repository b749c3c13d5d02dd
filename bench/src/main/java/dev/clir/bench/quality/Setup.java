package dev.clir.bench.quality;

import dev.clir.index.VectorFormat;
import dev.clir.search.SearchMode;
import java.util.Objects;

/**
 * One way of answering measured by the report: a search mode and, for the modes that use vectors, the index's
 * vector format. BM25 alone does not read vectors, so it is measured once, with no format.
 */
public record Setup(SearchMode mode, VectorFormat format) {
  public Setup {
    Objects.requireNonNull(mode, "mode");
    if ((mode == SearchMode.KEYWORD) != (format == null)) {
      throw new IllegalArgumentException(mode == SearchMode.KEYWORD ? "BM25 takes no vector format"
          : mode + " needs a vector format");
    }
  }

  public static Setup bm25() {
    return new Setup(SearchMode.KEYWORD, null);
  }

  /** {@code vector float32}, {@code hybrid int8}, {@code auto float32}, {@code BM25}. */
  public String label() {
    return mode == SearchMode.KEYWORD ? "BM25" : modeName() + " " + format.label();
  }

  /** {@code vector}, {@code hybrid}, {@code auto} or {@code bm25}. */
  public String modeName() {
    return switch (mode) {
      case VECTOR -> "vector";
      case HYBRID -> "hybrid";
      case AUTO -> "auto";
      case KEYWORD -> "bm25";
    };
  }

  /** {@code vector-float32}, {@code hybrid-int8}, {@code bm25}: JSON keys and file names. */
  public String key() {
    return mode == SearchMode.KEYWORD ? "bm25" : modeName() + "-" + format.label();
  }
}
