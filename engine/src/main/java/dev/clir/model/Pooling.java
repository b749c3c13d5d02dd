package dev.clir.model;

import java.util.Locale;

/** How token vectors become one sentence vector (sentence-transformers' {@code 1_Pooling/config.json}). */
public enum Pooling {
  /** Mean of the token vectors under the attention mask (e5, most sentence-transformers models). */
  MEAN,
  /** The first token's vector ({@code [CLS]} / {@code <s>}). */
  CLS,
  /** Element-wise maximum over the masked token vectors. */
  MAX,
  /** The graph already outputs one vector per text (e.g. a {@code sentence_embedding} output). */
  NONE;

  public static Pooling parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown pooling '" + name + "': use mean, cls, max or none", e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
