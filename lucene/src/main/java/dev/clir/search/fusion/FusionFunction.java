package dev.clir.search.fusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the rankings of several legs (in clir: the vector leg, then the BM25 leg) into one, each leg weighted.
 * Implementations: {@link ReciprocalRankFusion} (ranks only) and {@link ScoreFusion} (a convex combination of
 * normalised scores, distribution-based score fusion included). Immutable and thread-safe.
 */
public interface FusionFunction {

  /**
   * Fuses {@code legs} into one ranking, best first. An item absent from a leg gets that leg's
   * {@linkplain LegScale#absent() absent value}. Equal scores are ordered by the weighted reciprocal ranks of the
   * items ({@code sum of weight / rank}), then by the order in which they first appear, leg by leg, so the result is
   * deterministic, and a leg of weight 1 with every other leg at 0 gives back that leg's ranking, followed by the
   * other legs' remaining items.
   *
   * @param weights one per leg, each finite and {@code >= 0}
   */
  default <T> List<Fused<T>> fuse(List<Ranking<T>> legs, double... weights) {
    if (weights.length != legs.size()) {
      throw new IllegalArgumentException(legs.size() + " legs but " + weights.length + " weights");
    }
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be finite and >= 0: " + w);
      }
    }
    int n = legs.size();
    Map<T, int[]> ranks = new LinkedHashMap<>();
    for (int leg = 0; leg < n; leg++) {
      List<Scored<T>> items = legs.get(leg).items();
      for (int i = 0; i < items.size(); i++) {
        int[] r = ranks.computeIfAbsent(items.get(i).key(), key -> new int[n]);
        if (r[leg] != 0) {
          throw new IllegalArgumentException("leg " + leg + " holds " + items.get(i).key() + " twice");
        }
        r[leg] = i + 1;
      }
    }
    LegScale[] scales = new LegScale[n];
    for (int leg = 0; leg < n; leg++) {
      scales[leg] = scale(legs.get(leg));
    }
    List<Fused<T>> fused = new ArrayList<>(ranks.size());
    Map<T, Double> headStart = new HashMap<>();
    ranks.forEach((key, r) -> {
      double score = 0;
      double head = 0;
      double[] legScores = new double[n];
      for (int leg = 0; leg < n; leg++) {
        if (r[leg] > 0) {
          legScores[leg] = legs.get(leg).score(r[leg]);
          score += weights[leg] * scales[leg].value(r[leg], legScores[leg]);
          head += weights[leg] / r[leg];
        } else {
          legScores[leg] = Double.NaN;
          score += weights[leg] * scales[leg].absent();
        }
      }
      fused.add(new Fused<>(key, score, r, legScores));
      headStart.put(key, head);
    });
    // Stable sort: equal scores go to the better weighted ranks, then keep first appearance.
    fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed()
        .thenComparing(Comparator.comparingDouble((Fused<T> f) -> headStart.get(f.key())).reversed()));
    return fused;
  }

  /** How this function maps one leg's items to the values it sums. */
  LegScale scale(Ranking<?> leg);

  /** A short name for reports and {@code --explain}, e.g. {@code rrf(k=60)}, {@code convex(min-max)}. */
  String describe();

  /** One leg's contribution before weighting. */
  interface LegScale {
    /** The value of the item at {@code rank} (from 1) with {@code score}. */
    double value(int rank, double score);

    /** The value of an item the leg did not return. */
    double absent();
  }
}
