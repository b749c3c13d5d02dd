package dev.clir.index;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.model.ModelIdentity;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelMismatchException;
import dev.clir.model.Pooling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.Version;

/**
 * What an index's vectors mean and how they were made, kept in Lucene's commit user data: vectors are only
 * comparable to query vectors of the same model, prefixes and pooling, and passages only consistent when cut the
 * same way, so every writer and searcher checks it before touching the vectors.
 *
 * @param formatVersion version of this record's layout
 * @param clirVersion clir version that created the index
 * @param luceneVersion Lucene version that created the index
 * @param modelId model id, e.g. {@code intfloat/multilingual-e5-small}
 * @param modelFingerprint the model's {@code sha256:} fingerprint (ONNX graph + tokenizer)
 * @param dimension vector dimension
 * @param similarity Lucene vector similarity of the vector field
 * @param maxSeqLength model's maximum tokens per text
 * @param queryPrefix prefix put before queries
 * @param passagePrefix prefix put before passages
 * @param pooling token pooling
 * @param normalize whether vectors are L2-normalised
 * @param chunking chunking settings as configured
 * @param passageTokens the passage size they resolved to for this model
 * @param vectorFormat vector storage format
 * @param hnsw HNSW construction parameters
 */
public record IndexMetadata(
    int formatVersion,
    String clirVersion,
    String luceneVersion,
    String modelId,
    String modelFingerprint,
    int dimension,
    VectorSimilarityFunction similarity,
    int maxSeqLength,
    String queryPrefix,
    String passagePrefix,
    Pooling pooling,
    boolean normalize,
    ChunkingConfig chunking,
    int passageTokens,
    VectorFormat vectorFormat,
    HnswParams hnsw) {

  public static final int FORMAT_VERSION = 1;
  /** clir's version, from the jar manifest when there is one. */
  public static final String CLIR_VERSION = clirVersionFromManifest();

  public static final String KEY_PREFIX = "clir.";
  static final String K_FORMAT = "clir.format_version";
  static final String K_CLIR_VERSION = "clir.version";
  static final String K_LUCENE_VERSION = "clir.lucene_version";
  static final String K_MODEL_ID = ModelIdentity.KEY_ID;
  static final String K_FINGERPRINT = ModelIdentity.KEY_FINGERPRINT;
  static final String K_DIMENSION = ModelIdentity.KEY_DIMENSION;
  static final String K_SIMILARITY = "clir.model.similarity";
  static final String K_MAX_SEQ = "clir.model.max_seq_length";
  static final String K_QUERY_PREFIX = ModelIdentity.KEY_QUERY_PREFIX;
  static final String K_PASSAGE_PREFIX = ModelIdentity.KEY_PASSAGE_PREFIX;
  static final String K_POOLING = ModelIdentity.KEY_POOLING;
  static final String K_NORMALIZE = ModelIdentity.KEY_NORMALIZE;
  static final String K_CHUNK_MAX = "clir.chunk.max_tokens";
  static final String K_CHUNK_OVERLAP = "clir.chunk.overlap_tokens";
  static final String K_CHUNK_TITLE = "clir.chunk.include_title";
  static final String K_PASSAGE_TOKENS = "clir.chunk.passage_tokens";
  static final String K_VECTOR_FORMAT = "clir.vector.format";
  static final String K_LUCENE_FORMAT = "clir.vector.lucene_format";
  static final String K_HNSW_M = "clir.vector.hnsw_m";
  static final String K_HNSW_BEAM = "clir.vector.hnsw_beam_width";

  public IndexMetadata {
    Objects.requireNonNull(clirVersion, "clirVersion");
    Objects.requireNonNull(luceneVersion, "luceneVersion");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelFingerprint, "modelFingerprint");
    Objects.requireNonNull(similarity, "similarity");
    Objects.requireNonNull(queryPrefix, "queryPrefix");
    Objects.requireNonNull(passagePrefix, "passagePrefix");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(chunking, "chunking");
    Objects.requireNonNull(vectorFormat, "vectorFormat");
    Objects.requireNonNull(hnsw, "hnsw");
  }

  /** The metadata of a new index for {@code model}. */
  public static IndexMetadata create(ModelInfo model, VectorSimilarityFunction similarity, ChunkingConfig chunking,
      int passageTokens, VectorFormat vectorFormat, HnswParams hnsw) {
    return new IndexMetadata(FORMAT_VERSION, CLIR_VERSION, Version.LATEST.toString(), model.id(), model.fingerprint(),
        model.dimension(), similarity, model.maxSeqLength(), model.queryPrefix(), model.passagePrefix(),
        model.pooling(), model.normalize(), chunking, passageTokens, vectorFormat, hnsw);
  }

  /** The similarity clir uses for a model: dot product for unit vectors (same ranking as cosine, cheaper). */
  public static VectorSimilarityFunction defaultSimilarity(ModelInfo model) {
    return model.normalize() ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.COSINE;
  }

  /** Whether commit user data carries clir metadata. */
  public static boolean isClirIndex(Map<String, String> userData) {
    return userData.containsKey(K_FINGERPRINT);
  }

  public Map<String, String> toUserData() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(K_FORMAT, Integer.toString(formatVersion));
    m.put(K_CLIR_VERSION, clirVersion);
    m.put(K_LUCENE_VERSION, luceneVersion);
    m.putAll(modelIdentity().toProperties());
    m.put(K_SIMILARITY, similarity.name());
    m.put(K_MAX_SEQ, Integer.toString(maxSeqLength));
    m.put(K_CHUNK_MAX, Integer.toString(chunking.maxTokens()));
    m.put(K_CHUNK_OVERLAP, Integer.toString(chunking.overlapTokens()));
    m.put(K_CHUNK_TITLE, Boolean.toString(chunking.includeTitle()));
    m.put(K_PASSAGE_TOKENS, Integer.toString(passageTokens));
    m.put(K_VECTOR_FORMAT, vectorFormat.label());
    m.put(K_LUCENE_FORMAT, vectorFormat.luceneFormat(hnsw).getName());
    m.put(K_HNSW_M, Integer.toString(hnsw.m()));
    m.put(K_HNSW_BEAM, Integer.toString(hnsw.beamWidth()));
    return m;
  }

  /**
   * Reads the metadata back.
   *
   * @throws ClirIndexException when the data is not a clir index's, or is from a newer clir
   */
  public static IndexMetadata fromUserData(Map<String, String> d) {
    if (!isClirIndex(d)) {
      throw new ClirIndexException("not a clir index: its commit data has no " + K_FINGERPRINT
          + " (it was not created by clir, or never committed by it)");
    }
    int format = intValue(d, K_FORMAT);
    if (format > FORMAT_VERSION) {
      throw new ClirIndexException("index metadata format " + format + " is newer than this clir ("
          + CLIR_VERSION + ") understands (" + FORMAT_VERSION + "); upgrade clir");
    }
    try {
      return new IndexMetadata(format, value(d, K_CLIR_VERSION), value(d, K_LUCENE_VERSION), value(d, K_MODEL_ID),
          value(d, K_FINGERPRINT), intValue(d, K_DIMENSION), VectorSimilarityFunction.valueOf(value(d, K_SIMILARITY)),
          intValue(d, K_MAX_SEQ), value(d, K_QUERY_PREFIX), value(d, K_PASSAGE_PREFIX),
          Pooling.parse(value(d, K_POOLING)), Boolean.parseBoolean(value(d, K_NORMALIZE)),
          new ChunkingConfig(intValue(d, K_CHUNK_MAX), intValue(d, K_CHUNK_OVERLAP),
              Boolean.parseBoolean(value(d, K_CHUNK_TITLE))),
          intValue(d, K_PASSAGE_TOKENS), VectorFormat.parse(value(d, K_VECTOR_FORMAT)),
          new HnswParams(intValue(d, K_HNSW_M), intValue(d, K_HNSW_BEAM)));
    } catch (IllegalArgumentException e) {
      throw new ClirIndexException("clir index metadata is damaged: " + e.getMessage(), e);
    }
  }

  /** The model the index's vectors come from, as every holder of vectors records it. */
  public ModelIdentity modelIdentity() {
    return new ModelIdentity(modelId, modelFingerprint, dimension, queryPrefix, passagePrefix, pooling, normalize);
  }

  /** How {@code model} differs from the model the index was built with; empty when it is the same. */
  public List<String> differences(ModelInfo model) {
    return modelIdentity().differences(ModelIdentity.of(model));
  }

  /**
   * Refuses a model whose vectors are not comparable with the index's.
   *
   * @param allowModelMismatch for experts who know two models share a space (e.g. the same model re-exported):
   *     accepts a different fingerprint, prefixes or pooling. A different dimension is refused regardless,
   *     because Lucene cannot hold two dimensions in one vector field.
   * @throws ModelMismatchException with the differences and the way out
   */
  public void verifyCompatible(ModelInfo model, boolean allowModelMismatch) {
    modelIdentity().verifyCompatible(ModelIdentity.of(model), "the index", allowModelMismatch, "--allow-model-mismatch");
  }

  private static String value(Map<String, String> d, String key) {
    String v = d.get(key);
    if (v == null) {
      throw new ClirIndexException("clir index metadata is incomplete: missing " + key);
    }
    return v;
  }

  private static int intValue(Map<String, String> d, String key) {
    String v = value(d, key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ClirIndexException("clir index metadata is damaged: " + key + "=" + v, e);
    }
  }

  private static String clirVersionFromManifest() {
    String v = IndexMetadata.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
