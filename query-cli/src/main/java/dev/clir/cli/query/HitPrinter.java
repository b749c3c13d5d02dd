package dev.clir.cli.query;

import dev.clir.search.SearchHit;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchResults;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints search results as a readable table or as JSON-ready maps. */
final class HitPrinter {
  private static final int SNIPPET = 110;
  private static final int TITLE = 42;

  private HitPrinter() {}

  /** Columns when output goes to a pipe or a file: the table as it always was. */
  static final int PIPE_WIDTH = 116;

  /**
   * The score column's header: what the score is, since the modes' scores are not comparable (a fused score of 0.03 or
   * 1.06 is no similarity).
   */
  static String scoreLabel(SearchMode mode) {
    return switch (mode) {
      case VECTOR -> "similarity";
      case HYBRID, AUTO -> "fused";
      case KEYWORD -> "bm25";
    };
  }

  /**
   * The hits as a table that fits {@code width} columns: rank, id, title (cut with …), score (headed by what it is), and
   * the passage under each row. The id column is as wide as the longest id shown (at least 12).
   */
  static void table(SearchResults results, PrintWriter out, int width) {
    if (results.hits().isEmpty()) {
      out.println("(no documents)");
      return;
    }
    int idWidth = Math.max(12, results.hits().stream().mapToInt(h -> h.id().length()).max().orElse(0));
    String score = scoreLabel(results.mode());
    int scoreWidth = Math.max(7, score.length());
    int titleWidth = Math.max(8, Math.min(TITLE, width - 4 - 1 - idWidth - 1 - 1 - scoreWidth));
    int snippetWidth = Math.max(20, Math.min(SNIPPET, width - 6));
    String row = "%-4s %-" + idWidth + "s %-" + titleWidth + "s %" + scoreWidth + "s%n";
    out.printf(Locale.ROOT, row, "rank", "id", "title", score);
    int rank = 1;
    for (SearchHit h : results.hits()) {
      out.printf(Locale.ROOT, "%-4d %-" + idWidth + "s %-" + titleWidth + "s %" + scoreWidth + ".4f%n", rank++, h.id(),
          clip(h.title(), titleWidth), h.score());
      if (h.passage() != null) {
        out.println("     " + clip(oneLine(h.passage().text()), snippetWidth));
      }
    }
    out.flush();
  }

  static Map<String, Object> json(String question, SearchResults results) {
    List<Map<String, Object>> hits = new ArrayList<>();
    int rank = 1;
    for (SearchHit h : results.hits()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", rank++);
      m.put("id", h.id());
      m.put("title", h.title());
      m.put("score", h.score());
      m.put("url", h.url());
      m.put("meta", h.meta());
      if (h.passage() != null) {
        m.put("passage", Map.of("ordinal", h.passage().ordinal(), "start", h.passage().start(), "end", h.passage().end(),
            "text", h.passage().text()));
      }
      hits.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("question", question);
    out.put("mode", results.mode().name().toLowerCase(Locale.ROOT));
    out.put("hits", hits);
    out.put("embedMillis", results.embedMillis());
    out.put("searchMillis", results.searchMillis());
    return out;
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    int cut = Math.max(0, max - 1);
    if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--; // never split an emoji or other supplementary character
    }
    return s.substring(0, cut) + "…";
  }
}
