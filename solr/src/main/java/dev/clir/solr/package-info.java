/**
 * clir inside Solr 9.10 (Lucene 9.12): documents and foreign-language questions embedded in-process with an ONNX
 * sentence-embedding model, on the Solr nodes themselves.
 *
 * <ul>
 *   <li>{@link dev.clir.solr.ClirEmbeddingUpdateProcessorFactory}: cuts title + body into passages as the engine does,
 *       embeds them as passages, writes {@code solr.DenseVectorField} values (and one child document per passage);
 *   <li>{@link dev.clir.solr.ClirQParserPlugin}: {@code {!clir f=vector topK=10}question} embeds the question as a query
 *       and returns Solr's kNN query, composable with {@code fq}, hybrid and re-rank queries;
 *   <li>{@link dev.clir.solr.ClirValueSourceParser}: {@code clir(vector,$question)}, the exact similarity, for
 *       re-ranking another query's results;
 *   <li>{@link dev.clir.solr.NodeSettings}: what only the node's operator decides (the model, run options, downloads),
 *       from {@code solr.xml} or {@code SOLR_OPTS}; {@code ModelChoice} refuses collection properties and untrusted
 *       configsets that try; {@link dev.clir.solr.ModelConfig} finds the model's folder (a directory checked against
 *       {@code solr.allowPaths}, or a Hugging Face id in the node's caches, downloaded only when allowed);
 *   <li>{@link dev.clir.solr.NodeModels}: one loaded model per node, shared by its cores and threads;
 *   <li>{@link dev.clir.solr.ModelGuard}: the model fingerprint recorded per collection, a different model refused.
 * </ul>
 *
 * <p>Only the engine's Lucene-free packages ({@code dev.clir.embed}, {@code dev.clir.model}, {@code dev.clir.chunk})
 * are used, so that Lucene 10 never reaches Solr's classpath. Install, configuration and measured figures:
 * {@code solr/README.md}.
 */
package dev.clir.solr;
