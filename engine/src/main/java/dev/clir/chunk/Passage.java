package dev.clir.chunk;

import java.util.Objects;

/**
 * One window of a document, as stored and embedded.
 *
 * @param ordinal position among the document's passages, from 0
 * @param start offset of the passage's first char in the full text (UTF-16 units, inclusive)
 * @param end offset after its last char (exclusive); {@code text.substring(start, end)} is {@link #text()}
 * @param text the passage as it appears in the document, without the title
 * @param embeddingText what the model embeds: the carried title and the passage text
 * @param tokenCount tokens of {@code embeddingText} as the model's tokenizer counts them (no prefix, no specials)
 */
public record Passage(int ordinal, int start, int end, String text, String embeddingText, int tokenCount) {
  public Passage {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(embeddingText, "embeddingText");
    if (ordinal < 0 || start < 0 || end < start) {
      throw new IllegalArgumentException("bad passage: ordinal=" + ordinal + " start=" + start + " end=" + end);
    }
  }
}
