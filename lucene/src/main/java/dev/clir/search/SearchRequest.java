package dev.clir.search;

import dev.clir.search.fusion.FusionSettings;
import java.util.Objects;
import org.apache.lucene.search.Query;

/**
 * One search. Immutable; build with {@link #builder(String)}.
 *
 * @param query the user's question, in any language the model covers
 * @param k documents to return
 * @param numCandidates documents the HNSW search collects before the top {@code k} are taken (Lucene's {@code k}
 *     of the kNN query, i.e. the search beam "ef"); more means better recall, slower search. Also how deep each
 *     leg is searched in hybrid and auto mode (the fusion settings' depth then cuts them) and the depth of the
 *     full-precision rescore. At least {@code k}.
 * @param filter optional pre-filter on document (parent) fields, e.g. {@code IndexFields.metaFilter(...)}: only
 *     passages of matching documents are searched, so {@code k} hits come back even for rare filters
 * @param minScore drop hits whose best passage has a lower vector similarity (Lucene's score: for dot product of
 *     unit vectors {@code (1 + cos) / 2}, in [0, 1]); 0 keeps all. In keyword mode it applies only when a query
 *     vector is given
 * @param exact brute-force search over every (filtered) passage with full-precision vectors instead of HNSW: for
 *     small sets and for measuring HNSW recall
 * @param mode vector only, hybrid with BM25 (fixed weight), auto (weight per question), or BM25 only (keyword)
 * @param fusionSettings how hybrid and auto mode fuse the legs; {@code null} for those recorded with the index,
 *     else the settings clir ships for the index's model ({@link FusionSettings#forModel})
 * @param fullPrecisionRescore whether HNSW candidates are rescored with the float32 vectors; {@code null} means
 *     yes exactly when the index's vector format is quantized
 */
public record SearchRequest(String query, int k, int numCandidates, Query filter, float minScore, boolean exact,
    SearchMode mode, FusionSettings fusionSettings, Boolean fullPrecisionRescore) {
  public static final int DEFAULT_K = 10;
  public static final int DEFAULT_NUM_CANDIDATES = 100;
  /** Passages per HNSW candidate beyond {@link #DEFAULT_NUM_CANDIDATES} in {@link #scaledNumCandidates}. */
  public static final long PASSAGES_PER_CANDIDATE = 2_000;
  /** The most candidates {@link #scaledNumCandidates} asks for (unless k is larger). */
  public static final int MAX_SCALED_NUM_CANDIDATES = 1_000;

  public SearchRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(mode, "mode");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    if (numCandidates < k) {
      throw new IllegalArgumentException("numCandidates (" + numCandidates + ") must be >= k (" + k + ")");
    }
    if (Float.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number");
    }
  }

  public static Builder builder(String query) {
    return new Builder(query);
  }

  public Builder toBuilder() {
    Builder b = new Builder(query).k(k).numCandidates(numCandidates).filter(filter).minScore(minScore).exact(exact)
        .mode(mode).fusionSettings(fusionSettings).fullPrecisionRescore(fullPrecisionRescore);
    return b;
  }

  /**
   * A candidate count that grows with the index: {@code max(100, k, passages / 2000)}, at most 1000 unless {@code k}
   * is larger. HNSW's recall at a fixed candidate count falls as the graph grows: on clustered synthetic 384-d
   * vectors, 100 candidates found all of the exact top 10 at 100,000 vectors, 0.985 at 300,000 and 0.78 at 1M, where
   * 500 candidates found 0.97 in about 2 ms per query, small beside embedding the question (bench/REPORT.md, section 4
   * and its notes). This keeps 100 up to 200,000 passages and gives 500 at 1M. Measure your own vectors before
   * relying on it at scale.
   *
   * @param passages passages (vectors) in the index, e.g. {@link ClirSearcher#passageCount()}
   */
  public static int scaledNumCandidates(int k, long passages) {
    long scaled = Math.min(MAX_SCALED_NUM_CANDIDATES, (passages + PASSAGES_PER_CANDIDATE - 1) / PASSAGES_PER_CANDIDATE);
    return (int) Math.max(Math.max(DEFAULT_NUM_CANDIDATES, k), scaled);
  }

  /**
   * Chained setters; {@link #build()} validates. Unless set, numCandidates is {@code max(100, k)}; for an index of
   * several hundred thousand passages or more, set {@link #scaledNumCandidates} instead.
   */
  public static final class Builder {
    private final String query;
    private int k = DEFAULT_K;
    private int numCandidates = -1;
    private Query filter;
    private float minScore;
    private boolean exact;
    private SearchMode mode = SearchMode.VECTOR;
    private FusionSettings fusionSettings;
    private Boolean fullPrecisionRescore;

    private Builder(String query) {
      this.query = query;
    }

    public Builder k(int value) {
      this.k = value;
      return this;
    }

    public Builder numCandidates(int value) {
      this.numCandidates = value;
      return this;
    }

    public Builder filter(Query value) {
      this.filter = value;
      return this;
    }

    public Builder minScore(float value) {
      this.minScore = value;
      return this;
    }

    public Builder exact(boolean value) {
      this.exact = value;
      return this;
    }

    public Builder mode(SearchMode value) {
      this.mode = value;
      return this;
    }

    public Builder hybrid() {
      return mode(SearchMode.HYBRID);
    }

    /** How hybrid and auto mode fuse; {@code null} (the default) for the settings clir ships for the index's model. */
    public Builder fusionSettings(FusionSettings value) {
      this.fusionSettings = value;
      return this;
    }

    public Builder fullPrecisionRescore(Boolean value) {
      this.fullPrecisionRescore = value;
      return this;
    }

    public SearchRequest build() {
      int candidates = numCandidates < 0 ? Math.max(DEFAULT_NUM_CANDIDATES, k) : numCandidates;
      return new SearchRequest(query, k, candidates, filter, minScore, exact, mode, fusionSettings,
          fullPrecisionRescore);
    }
  }
}
