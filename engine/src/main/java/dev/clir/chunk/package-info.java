/**
 * Cutting documents into passages the model reads whole, counted in the model's own tokens.
 *
 * <p>Deliberately free of Lucene: the Solr module reuses it on Lucene 9 (checked by ChunkPackageIsLuceneFreeTest).
 */
package dev.clir.chunk;
