/**
 * Cutting documents into passages the model reads whole, counted in the model's own tokens, and
 * {@link dev.clir.chunk.PassagePipeline}: split with the document's language, embed as passages, the one way every
 * front end (clir index, Lucene application, Solr) turns a document into passage vectors.
 *
 * <p>Free of Lucene (the engine module has no Lucene dependency), so the Solr module uses it on Lucene 9.
 */
package dev.clir.chunk;
