package dev.clir.search;

import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.QuestionSignals;
import java.util.List;

/**
 * The hits of a search, best first, with where the time went.
 *
 * @param hits at most {@code k} hits
 * @param embedMillis time to embed the query
 * @param searchMillis time to search and load the hits' stored fields
 * @param mode vector, hybrid or keyword
 * @param exact whether brute-force search was used
 * @param rescored whether HNSW candidates were rescored with full-precision vectors
 * @param fusion how the legs were fused in hybrid and auto mode; {@code null} in the others
 */
public record SearchResults(List<SearchHit> hits, double embedMillis, double searchMillis, SearchMode mode,
    boolean exact, boolean rescored, Fusion fusion) {
  public SearchResults {
    hits = List.copyOf(hits);
  }

  /**
   * How a hybrid or auto search fused its legs (for {@code --explain}).
   *
   * @param function the fusion function, e.g. {@code convex(min-max)}
   * @param depth candidates taken from each leg
   * @param weight the vector leg's weight (BM25 has the rest) and why
   * @param signals the question's signals
   */
  public record Fusion(String function, int depth, FusionSettings.Weight weight, QuestionSignals signals) {}

  public int size() {
    return hits.size();
  }

  public List<String> ids() {
    return hits.stream().map(SearchHit::id).toList();
  }
}
