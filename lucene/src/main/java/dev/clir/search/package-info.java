/**
 * Searching clir indexes: questions become vectors, passages are searched and documents returned, optionally
 * fused with BM25 (or ranked by BM25 alone, {@link dev.clir.search.SearchMode#KEYWORD}, the baseline).
 * {@link dev.clir.search.CrossLingualQuery} brings the same to an application's own queries.
 */
package dev.clir.search;
