package dev.clir.corpus;

import java.util.Objects;

/**
 * Which field (JSON key or CSV column) holds each part of a document, for knowledge bases that do not use
 * clir's names. Only JSON Lines reads {@link #meta()}; CSV/TSV turn every unmapped column into metadata.
 */
public record FieldMapping(String id, String title, String text, String url, String lang, String meta) {

  /** {@code id}, {@code title}, {@code text}, {@code url}, {@code lang}, {@code meta}. */
  public static final FieldMapping DEFAULT = new FieldMapping("id", "title", "text", "url", "lang", "meta");

  public FieldMapping {
    requireName(id, "id");
    requireName(title, "title");
    requireName(text, "text");
    requireName(url, "url");
    requireName(lang, "lang");
    requireName(meta, "meta");
  }

  /**
   * Parses {@code part=name} pairs separated by commas onto the defaults, e.g. {@code id=doc_id,text=body}, for
   * a command-line option.
   *
   * @throws IllegalArgumentException for an unknown part or a pair without {@code =}
   */
  public static FieldMapping parse(String spec) {
    FieldMapping m = DEFAULT;
    if (spec == null || spec.isBlank()) {
      return m;
    }
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("field mapping '" + pair.strip() + "' is not part=name");
      }
      String part = pair.substring(0, eq).strip();
      String name = pair.substring(eq + 1).strip();
      m = switch (part) {
        case "id" -> new FieldMapping(name, m.title, m.text, m.url, m.lang, m.meta);
        case "title" -> new FieldMapping(m.id, name, m.text, m.url, m.lang, m.meta);
        case "text" -> new FieldMapping(m.id, m.title, name, m.url, m.lang, m.meta);
        case "url" -> new FieldMapping(m.id, m.title, m.text, name, m.lang, m.meta);
        case "lang" -> new FieldMapping(m.id, m.title, m.text, m.url, name, m.meta);
        case "meta" -> new FieldMapping(m.id, m.title, m.text, m.url, m.lang, name);
        default -> throw new IllegalArgumentException(
            "unknown field '" + part + "' in mapping (expected id, title, text, url, lang or meta)");
      };
    }
    return m;
  }

  private static void requireName(String name, String part) {
    Objects.requireNonNull(name, part);
    if (name.isBlank()) {
      throw new IllegalArgumentException("field name for " + part + " must not be blank");
    }
  }
}
