package dev.clir.search;

/** How documents are ranked. */
public enum SearchMode {
  /** By the similarity of their best passage to the query. */
  VECTOR,
  /**
   * By fusing the vector ranking with a BM25 ranking over title and text, with the function, depth and fixed weight
   * of the request's {@link dev.clir.search.fusion.FusionSettings}: keyword matches on names, codes and product
   * terms that a query shares with the English documents lift them even when the vectors miss.
   */
  HYBRID,
  /**
   * Like {@link #HYBRID}, with the vector weight chosen per question from its language and signals
   * ({@link dev.clir.search.fusion.FusionSettings#auto}): more weight on BM25 where the model reads the question
   * poorly but the index holds its words, less where BM25 would only add noise.
   */
  AUTO,
  /**
   * By BM25 over title and text alone, the keyword side of {@link #HYBRID} without the vectors: the baseline that
   * shows what the vectors add, and the right choice where a query shares only names and codes with the documents.
   * The query is not embedded; a hit's passage and vector score are filled in only when the caller passes a query
   * vector ({@link ClirSearcher#search(float[], SearchRequest)}).
   */
  KEYWORD;

  /** Whether this mode fuses the vector ranking with the BM25 ranking ({@link #HYBRID}, {@link #AUTO}). */
  public boolean fuses() {
    return this == HYBRID || this == AUTO;
  }
}
