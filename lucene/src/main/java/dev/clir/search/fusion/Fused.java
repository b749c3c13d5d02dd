package dev.clir.search.fusion;

import java.util.Arrays;

/**
 * An item of a fused ranking, with where it stood in each leg (for {@code --explain}).
 *
 * @param key the item
 * @param score its fused score
 * @param ranks its rank in each leg, from 1; 0 where the leg did not return it
 * @param legScores its score in each leg; {@code NaN} where the leg did not return it
 */
public record Fused<T>(T key, double score, int[] ranks, double[] legScores) {
  public Fused {
    ranks = ranks.clone();
    legScores = legScores.clone();
  }

  @Override
  public int[] ranks() {
    return ranks.clone();
  }

  @Override
  public double[] legScores() {
    return legScores.clone();
  }

  /** Its rank in leg {@code leg}, from 1; 0 where absent. */
  public int rank(int leg) {
    return ranks[leg];
  }

  /** Its score in leg {@code leg}; {@code NaN} where absent. */
  public double legScore(int leg) {
    return legScores[leg];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fused<?> f && key.equals(f.key) && Double.compare(score, f.score) == 0
        && Arrays.equals(ranks, f.ranks) && Arrays.equals(legScores, f.legScores);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(ranks);
  }

  @Override
  public String toString() {
    return key + "=" + score + Arrays.toString(ranks);
  }
}
