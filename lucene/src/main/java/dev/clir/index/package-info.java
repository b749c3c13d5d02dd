/**
 * Writing clir indexes: each document is a Lucene block of passage children (vectors) and a parent (fields
 * for filters and BM25), with the model and settings recorded in the commit so that no one searches it with
 * incomparable vectors. The passages are written through {@link dev.clir.index.ClirFields}, the same field API an
 * existing Lucene application uses to add clir vectors to its own index (with {@link dev.clir.index.ClirCodec}).
 */
package dev.clir.index;
