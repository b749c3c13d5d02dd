package dev.clir.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal-rank fusion (Cormack et al., 2009): {@code score(d) = sum over rankings of 1 / (k + rank(d))}.
 * It needs only ranks, which is why it can fuse a cosine ranking with a BM25 ranking whose scores are on
 * unrelated scales; {@code k = 60} damps the head of each ranking as in the paper.
 */
public final class ReciprocalRankFusion {
  private ReciprocalRankFusion() {}

  /**
   * A fused item.
   *
   * @param key the item
   * @param score its RRF score
   * @param ranks its rank in each input ranking, from 1; 0 where absent
   */
  public record Fused<T>(T key, double score, int[] ranks) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Fused<?> f && key.equals(f.key) && score == f.score && Arrays.equals(ranks, f.ranks);
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

  /**
   * Fuses rankings (each best first, without duplicates) into one, best first. Ties keep the order in which
   * items first appear, ranking by ranking, so the result is deterministic.
   */
  public static <T> List<Fused<T>> fuse(List<? extends List<T>> rankings, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    Map<T, int[]> ranks = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<T> ranking = rankings.get(r);
      for (int i = 0; i < ranking.size(); i++) {
        int[] itemRanks = ranks.computeIfAbsent(ranking.get(i), key -> new int[rankings.size()]);
        if (itemRanks[r] == 0) {
          itemRanks[r] = i + 1;
        }
      }
    }
    List<Fused<T>> fused = new ArrayList<>(ranks.size());
    ranks.forEach((key, itemRanks) -> {
      double score = 0;
      for (int rank : itemRanks) {
        if (rank > 0) {
          score += 1.0 / (k + rank);
        }
      }
      fused.add(new Fused<>(key, score, itemRanks));
    });
    fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
    return fused;
  }
}
