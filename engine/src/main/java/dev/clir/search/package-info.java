/**
 * Searching clir indexes: questions become vectors, passages are searched and documents returned, optionally
 * fused with BM25. {@link dev.clir.search.CrossLingualQuery} brings the same to an application's own queries.
 */
package dev.clir.search;
