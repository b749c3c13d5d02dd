package dev.clir.search;

/** How documents are ranked. */
public enum SearchMode {
  /** By the similarity of their best passage to the query. */
  VECTOR,
  /**
   * By reciprocal-rank fusion of the vector ranking and a BM25 ranking over title and text: keyword matches on
   * names, codes and product terms that a query shares with the English documents lift them even when the
   * vectors miss.
   */
  HYBRID
}
