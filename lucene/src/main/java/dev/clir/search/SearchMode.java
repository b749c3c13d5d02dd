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
  HYBRID,
  /**
   * By BM25 over title and text alone, the keyword side of {@link #HYBRID} without the vectors: the baseline that
   * shows what the vectors add, and the right choice where a query shares only names and codes with the documents.
   * The query is not embedded; a hit's passage and vector score are filled in only when the caller passes a query
   * vector ({@link ClirSearcher#search(float[], SearchRequest)}).
   */
  KEYWORD
}
