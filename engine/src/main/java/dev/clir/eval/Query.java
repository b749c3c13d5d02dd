package dev.clir.eval;

import java.util.Objects;

/**
 * One evaluation question.
 *
 * @param id the query id that qrels and runs refer to; non-blank, no whitespace (TREC files split on it)
 * @param text the question as asked
 * @param lang language code of the text, or {@code null} when the query file does not say
 */
public record Query(String id, String text, String lang) {

  public Query {
    Ids.require(id, "query id");
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("query text must not be blank: " + id);
    }
    lang = lang == null || lang.isBlank() ? null : lang.strip();
  }
}
