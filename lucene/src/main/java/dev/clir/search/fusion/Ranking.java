package dev.clir.search.fusion;

import java.util.List;

/**
 * One leg of a hybrid search: its items best first, without duplicates, each with its score.
 *
 * @param items best first
 * @param lowerBound the lowest score this leg can give at all, when known (0 for Lucene's dot-product score of
 *     unit vectors, {@code (1 + cos) / 2}, and for BM25); {@code NaN} when not known. Only
 *     {@link Normalization#THEORETICAL_MIN_MAX} reads it.
 */
public record Ranking<T>(List<Scored<T>> items, double lowerBound) {
  public Ranking {
    items = List.copyOf(items);
    for (int i = 1; i < items.size(); i++) {
      if (items.get(i).score() > items.get(i - 1).score()) {
        throw new IllegalArgumentException("ranking not best first at position " + (i + 1) + ": "
            + items.get(i - 1).score() + " then " + items.get(i).score());
      }
    }
  }

  /** A ranking whose scores have no known lower bound. */
  public static <T> Ranking<T> of(List<Scored<T>> items) {
    return new Ranking<>(items, Double.NaN);
  }

  /** Its first {@code depth} items: the candidate depth of a leg. */
  public Ranking<T> top(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1: " + depth);
    }
    return items.size() <= depth ? this : new Ranking<>(items.subList(0, depth), lowerBound);
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The score of the item at {@code rank} (from 1). */
  public double score(int rank) {
    return items.get(rank - 1).score();
  }
}
