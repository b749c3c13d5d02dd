package dev.clir.embed;

/**
 * Which side of an asymmetric retrieval model a text is on. e5 models, for example, expect
 * {@code "query: "} before questions and {@code "passage: "} before the documents they search.
 */
public enum TextKind {
  QUERY,
  PASSAGE
}
