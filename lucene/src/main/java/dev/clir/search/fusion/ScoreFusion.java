package dev.clir.search.fusion;

import java.util.Objects;

/**
 * A convex combination of normalised scores: {@code score(d) = sum over legs of weight * normalised score}, the
 * fusion that Bruch, Gai and Ingber ("An Analysis of Fusion Functions for Hybrid Retrieval", ACM TOIS 2023) find
 * beats RRF once its weight is tuned on a small labelled sample. With {@link Normalization#DISTRIBUTION} and equal
 * weights it is Qdrant's distribution-based score fusion (DBSF).
 *
 * @param normalization how each leg's scores are brought to a common scale
 */
public record ScoreFusion(Normalization normalization) implements FusionFunction {
  public ScoreFusion {
    Objects.requireNonNull(normalization, "normalization");
  }

  @Override
  public LegScale scale(Ranking<?> leg) {
    return normalization.scale(leg);
  }

  @Override
  public String describe() {
    return normalization == Normalization.DISTRIBUTION ? "dbsf" : "convex(" + normalization.label() + ")";
  }
}
