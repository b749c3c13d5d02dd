package dev.clir.corpus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A document of the knowledge base as the user gives it, before it is cut into passages and embedded.
 *
 * @param id unique, non-blank
 * @param title may be empty
 * @param text the body; may be empty (callers decide whether to skip such documents)
 * @param url optional, {@code null} when absent
 * @param lang optional language code of the text (e.g. {@code en}), {@code null} when absent
 * @param meta metadata key/values, stored and indexed as keywords for filtering; never {@code null}
 */
public record SourceDocument(String id, String title, String text, String url, String lang, Map<String, String> meta) {

  public SourceDocument {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("document id must not be blank");
    }
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    meta = meta == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(meta));
  }

  public static SourceDocument of(String id, String title, String text) {
    return new SourceDocument(id, title, text, null, null, Map.of());
  }

  public SourceDocument withMeta(Map<String, String> newMeta) {
    return new SourceDocument(id, title, text, url, lang, newMeta);
  }
}
