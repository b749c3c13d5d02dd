package dev.clir.search.fusion;

/**
 * Weighted reciprocal-rank fusion (Cormack et al., 2009; weighted as in Elasticsearch's {@code rrf} retriever):
 * {@code score(d) = sum over legs of weight * 1 / (k + rank(d))}. It needs only ranks, so it fuses a cosine ranking
 * with a BM25 ranking whose scores are on unrelated scales; a larger {@code k} flattens the head of each ranking.
 *
 * @param k the rank constant, {@code >= 1} (60 in the paper)
 */
public record ReciprocalRankFusion(int k) implements FusionFunction {
  public static final int DEFAULT_K = 60;

  public ReciprocalRankFusion {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
  }

  @Override
  public LegScale scale(Ranking<?> leg) {
    return new LegScale() {
      @Override
      public double value(int rank, double score) {
        return 1.0 / (k + rank);
      }

      @Override
      public double absent() {
        return 0;
      }
    };
  }

  @Override
  public String describe() {
    return "rrf(k=" + k + ")";
  }
}
