/**
 * clir inside Solr 9.10 (Lucene 9.12): documents and foreign-language questions embedded in-process with an ONNX
 * sentence-embedding model, on the Solr nodes themselves.
 *
 * <ul>
 *   <li>{@link dev.clir.solr.ClirEmbeddingUpdateProcessorFactory}: cuts title + body into passages as the engine does,
 *       embeds them as passages, writes {@code solr.DenseVectorField} values (and one child document per passage);
 *   <li>{@link dev.clir.solr.ClirQParserPlugin}: {@code {!clir f=vector topK=10}question} embeds the question as a query
 *       and returns Solr's kNN query, composable with {@code fq}, hybrid and re-rank queries;
 *   <li>{@link dev.clir.solr.ModelConfig}: the model, named only in {@code solrconfig.xml}, as a directory (checked
 *       against {@code solr.allowPaths}) or a Hugging Face id resolved through the engine's
 *       {@link dev.clir.model.ModelResolver} with the node's environment (caches, {@code HF_ENDPOINT},
 *       {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}, {@code https_proxy} and the other download settings; overridable by
 *       {@code -Dclir.env.NAME}); never by a request;
 *   <li>{@link dev.clir.solr.NodeModels}: one loaded model per node, shared by its cores and threads;
 *   <li>{@link dev.clir.solr.ModelGuard}: the model fingerprint recorded per collection, a different model refused.
 * </ul>
 *
 * <p>Only the engine's Lucene-free packages ({@code dev.clir.embed}, {@code dev.clir.model}, {@code dev.clir.chunk})
 * are used, so that Lucene 10 never reaches Solr's classpath. Install, configuration and measured figures:
 * {@code solr/README.md}.
 */
package dev.clir.solr;
