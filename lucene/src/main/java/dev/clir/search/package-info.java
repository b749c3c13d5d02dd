/**
 * Searching clir indexes: questions become vectors, passages are searched and documents returned, optionally
 * fused with BM25 ({@link dev.clir.search.SearchMode#HYBRID}, {@link dev.clir.search.SearchMode#AUTO}) or ranked by
 * BM25 alone ({@link dev.clir.search.SearchMode#KEYWORD}, the baseline).
 * The vector search is {@link dev.clir.search.CrossLingualQuery}, the same query applications compose with their
 * own; {@link dev.clir.search.FusedSearch#search} fuses any two rankings as hybrid mode does, with the fusion
 * functions and measured settings of {@link dev.clir.search.fusion}.
 */
package dev.clir.search;
