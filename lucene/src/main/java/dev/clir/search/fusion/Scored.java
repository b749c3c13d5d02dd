package dev.clir.search.fusion;

import java.util.Objects;

/**
 * An item of one leg's ranking with the score that leg gave it.
 *
 * @param key the item, e.g. a document id
 * @param score the leg's own score (cosine similarity, BM25, ...); higher is better
 */
public record Scored<T>(T key, double score) {
  public Scored {
    Objects.requireNonNull(key, "key");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score of " + key + " is NaN");
    }
  }
}
