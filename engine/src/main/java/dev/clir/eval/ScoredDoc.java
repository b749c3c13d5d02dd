package dev.clir.eval;

/**
 * A retrieved document and its score.
 *
 * @param docId non-empty, no whitespace
 * @param score finite; {@code -0.0} is stored as {@code 0.0}
 */
public record ScoredDoc(String docId, double score) {
  public ScoredDoc {
    Ids.require(docId, "document id");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score of '" + docId + "' must be finite: " + score);
    }
    score = score == 0.0 ? 0.0 : score; // -0.0 ties with 0.0, as in trec_eval's C comparison
  }
}
