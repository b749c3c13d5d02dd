package dev.clir.search;

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
 */
public record SearchResults(List<SearchHit> hits, double embedMillis, double searchMillis, SearchMode mode,
    boolean exact, boolean rescored) {
  public SearchResults {
    hits = List.copyOf(hits);
  }

  public int size() {
    return hits.size();
  }

  public List<String> ids() {
    return hits.stream().map(SearchHit::id).toList();
  }
}
