/**
 * Searching clir indexes: questions become vectors, passages are searched and documents returned, optionally
 * fused with BM25 (or ranked by BM25 alone, {@link dev.clir.search.SearchMode#KEYWORD}, the baseline).
 * The vector search is {@link dev.clir.search.CrossLingualQuery}, the same query applications compose with their
 * own; {@link dev.clir.search.ReciprocalRankFusion#search} fuses any rankings as hybrid mode does.
 */
package dev.clir.search;
