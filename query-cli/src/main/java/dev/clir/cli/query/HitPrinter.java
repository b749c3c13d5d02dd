package dev.clir.cli.query;

import dev.clir.search.SearchHit;
import dev.clir.search.SearchResults;
import java.io.PrintStream;
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

  static void table(SearchResults results, PrintStream out) {
    if (results.hits().isEmpty()) {
      out.println("(no documents)");
      return;
    }
    out.printf(Locale.ROOT, "%-4s %-12s %-" + TITLE + "s %7s%n", "rank", "id", "title", "score");
    int rank = 1;
    for (SearchHit h : results.hits()) {
      out.printf(Locale.ROOT, "%-4d %-12s %-" + TITLE + "s %7.4f%n", rank++, h.id(), clip(h.title(), TITLE), h.score());
      if (h.passage() != null) {
        out.println("     " + clip(oneLine(h.passage().text()), SNIPPET));
      }
    }
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
