package dev.clir.search;

import dev.clir.embed.Embedder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.FullPrecisionFloatVectorSimilarityValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;

/**
 * A Lucene {@link Query} for a question in any language the model covers, over vectors made with
 * {@code ClirFields}: it composes with an application's own queries and filters ({@code BooleanQuery}) on the
 * application's own {@link IndexSearcher}. {@code ClirSearcher} (and so {@code clir-query}) runs this same query.
 *
 * <p>The text is embedded when the query is built ({@link #of}), never while searching: queries are rewritten
 * and scored many times (caches, explain, per segment) and must be cheap and deterministic. It rewrites to
 * Lucene's HNSW search over {@link #getNumCandidates()} candidates ({@link KnnFloatVectorQuery}, or with
 * {@link #withParents} a {@link DiversifyingChildrenFloatKnnVectorQuery}: the best child of each parent), then,
 * unless switched off, rescores them with the full-precision float32 vectors and keeps the best {@link #getK()}
 * (one-bit fields collect {@value #ONE_BIT_OVERSAMPLE} times as many candidates for that).
 * Quantized formats (int8, int4, binary) only estimate scores in the graph and Lucene does not rescore unless asked,
 * so without this step they lose recall; for float32 fields the rescore reproduces the same scores. Immutable;
 * equality covers everything that changes the result.
 *
 * <p>Note that Lucene's kNN queries select their top {@code k} first: {@link #withFilter} and {@link
 * #withParentFilter} restrict the candidates before the search, while a {@code FILTER} clause next to this query in
 * a {@code BooleanQuery} only removes hits from the {@code k} found.
 */
public final class CrossLingualQuery extends Query {
  /** HNSW candidates for {@code k} up to this many, as in {@code clir-query}. */
  public static final int DEFAULT_NUM_CANDIDATES = 100;
  /**
   * Candidates collected per requested one for one-bit fields when rescoring: their graph scores are coarse. On
   * 10,000 clustered 384-d unit vectors, 100 rescored candidates held 0.966 of the exact top 10, 200 all of them
   * (measured with Lucene 10.6 while writing this; QuantizedFormatsTest checks the default keeps at least 0.99).
   */
  static final int ONE_BIT_OVERSAMPLE = 2;

  private final String field;
  private final String text;
  private final float[] vector;
  private final int k;
  private final int numCandidates;
  private final Query filter;
  private final BitSetProducer parents;
  private final Query parentFilter;
  private final boolean rescore;

  private CrossLingualQuery(String field, String text, float[] vector, int k, int numCandidates, Query filter,
      BitSetProducer parents, Query parentFilter, boolean rescore) {
    this.field = Objects.requireNonNull(field, "field");
    this.text = Objects.requireNonNull(text, "text");
    this.vector = Objects.requireNonNull(vector, "vector");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    if (numCandidates < k) {
      throw new IllegalArgumentException("numCandidates (" + numCandidates + ") must be >= k (" + k + ")");
    }
    if (parentFilter != null && parents == null) {
      throw new IllegalArgumentException("a parent filter needs the parents: call withParents first");
    }
    this.k = k;
    this.numCandidates = numCandidates;
    this.filter = filter;
    this.parents = parents;
    this.parentFilter = parentFilter;
    this.rescore = rescore;
  }

  /**
   * Embeds {@code text} as a query with {@code embedder}; finds the {@code k} nearest vectors of {@code field}
   * among {@code max(k, }{@value #DEFAULT_NUM_CANDIDATES}{@code )} HNSW candidates, rescored at full precision.
   */
  public static CrossLingualQuery of(Embedder embedder, String field, String text, int k) {
    return ofVector(field, text, embedder.embedQuery(text), k);
  }

  /** With a query vector computed elsewhere; {@code text} is only shown by {@link #toString}. */
  public static CrossLingualQuery ofVector(String field, String text, float[] vector, int k) {
    return new CrossLingualQuery(field, text, vector.clone(), k, Math.max(k, DEFAULT_NUM_CANDIDATES), null, null,
        null, true);
  }

  /**
   * Only documents with vectors that match {@code filter} are candidates (pre-filtering). With {@link #withParents},
   * the filter applies to the children (passages); see {@link #withParentFilter} for filters on the parents.
   */
  public CrossLingualQuery withFilter(Query filter) {
    return new CrossLingualQuery(field, text, vector, k, numCandidates, filter, parents, parentFilter, rescore);
  }

  /**
   * For vectors on child documents of Lucene blocks (one per passage, the parent last): the best child per parent,
   * {@code k} parents' children. Wrap in a {@code ToParentBlockJoinQuery} with the same parents to get the parents.
   */
  public CrossLingualQuery withParents(BitSetProducer parents) {
    return new CrossLingualQuery(field, text, vector, k, numCandidates, filter, parents, parentFilter, rescore);
  }

  /**
   * Only children of parents matching {@code parentFilter} are candidates: a filter on the application's
   * documents (language, product, date...), applied inside the HNSW search, so {@code k} parents come back even for
   * rare filters. Needs {@link #withParents}. When the parents are a {@link QueryBitSetProducer} the filter is
   * restricted to them; otherwise it must match parents only (as for {@link ToChildBlockJoinQuery}).
   */
  public CrossLingualQuery withParentFilter(Query parentFilter) {
    return new CrossLingualQuery(field, text, vector, k, numCandidates, filter, parents, parentFilter, rescore);
  }

  /**
   * How many nearest vectors (with parents: parents) the HNSW search collects before the best {@code k} are kept:
   * more finds more of the true nearest, and gives the full-precision rescore more to choose from, at some cost.
   */
  public CrossLingualQuery withNumCandidates(int numCandidates) {
    return new CrossLingualQuery(field, text, vector, k, numCandidates, filter, parents, parentFilter, rescore);
  }

  /**
   * Whether candidates are rescored with the float32 vectors (default {@code true}). Off, the scores are the
   * format's own: exact for float32, estimates for quantized formats.
   */
  public CrossLingualQuery withRescore(boolean rescore) {
    return new CrossLingualQuery(field, text, vector, k, numCandidates, filter, parents, parentFilter, rescore);
  }

  public String getField() {
    return field;
  }

  public String getText() {
    return text;
  }

  public float[] getVector() {
    return vector.clone();
  }

  public int getK() {
    return k;
  }

  public int getNumCandidates() {
    return numCandidates;
  }

  public Query getFilter() {
    return filter;
  }

  public BitSetProducer getParents() {
    return parents;
  }

  public Query getParentFilter() {
    return parentFilter;
  }

  public boolean isRescore() {
    return rescore;
  }

  @Override
  public Query rewrite(IndexSearcher searcher) throws IOException {
    if (!rescore && numCandidates == k) {
      return candidates(numCandidates);
    }
    int collect = rescore && isOneBit(searcher.getIndexReader(), field) ? ONE_BIT_OVERSAMPLE * numCandidates
        : numCandidates;
    TopDocs top = searcher.search(candidates(collect), collect);
    ScoreDoc[] hits = rescore ? rescored(searcher, top.scoreDocs) : top.scoreDocs;
    if (hits.length == 0) {
      return new MatchNoDocsQuery("no vector within the filters");
    }
    return new FixedHitsQuery(searcher.getIndexReader(), Arrays.copyOf(hits, Math.min(k, hits.length)));
  }

  /** Lucene's HNSW query for {@code n} candidates, with the filters as its pre-filter. */
  private Query candidates(int n) {
    Query childFilter = candidateFilter();
    return parents == null ? new KnnFloatVectorQuery(field, vector, n, childFilter)
        : new DiversifyingChildrenFloatKnnVectorQuery(field, vector, childFilter, n, parents);
  }

  /** The filter on the documents that hold the vectors: {@link #withFilter} and {@link #withParentFilter} joined. */
  Query candidateFilter() {
    if (parentFilter == null) {
      return filter;
    }
    Query parentsOnly = parentFilter;
    if (parents instanceof QueryBitSetProducer p) {
      parentsOnly = new BooleanQuery.Builder().add(parentFilter, Occur.FILTER).add(p.getQuery(), Occur.FILTER).build();
    }
    Query ofParents = new ToChildBlockJoinQuery(parentsOnly, parents);
    return filter == null ? ofParents
        : new BooleanQuery.Builder().add(filter, Occur.FILTER).add(ofParents, Occur.FILTER).build();
  }

  /**
   * Whether any segment searches {@code field} with about one bit per dimension (binary quantization), judged from
   * the sizes Lucene reports for its files: the quantized copy ({@code .veq}) against the float32 one ({@code .vec}).
   */
  static boolean isOneBit(IndexReader reader, String field) throws IOException {
    for (LeafReaderContext ctx : reader.leaves()) {
      FieldInfo info = ctx.reader().getFieldInfos().fieldInfo(field);
      if (info == null || !(FilterLeafReader.unwrap(ctx.reader()) instanceof CodecReader codec)
          || codec.getVectorReader() == null) {
        continue;
      }
      Map<String, Long> bytes = codec.getVectorReader().getOffHeapByteSize(info);
      Long quantized = bytes.get("veq");
      Long floats = bytes.get("vec");
      if (quantized != null && floats != null && floats > 0 && 32.0 * quantized / floats < 2) {
        return true;
      }
    }
    return false;
  }

  /** The hits with full-precision scores, best first (ties by doc id, as Lucene sorts). */
  private ScoreDoc[] rescored(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
    ScoreDoc[] byDoc = hits.clone();
    Arrays.sort(byDoc, (a, b) -> Integer.compare(a.doc, b.doc));
    var source = new FullPrecisionFloatVectorSimilarityValuesSource(vector, field);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    ScoreDoc[] out = new ScoreDoc[byDoc.length];
    DoubleValues values = null;
    int leaf = -1;
    for (int i = 0; i < byDoc.length; i++) {
      int doc = byDoc[i].doc;
      int l = ReaderUtil.subIndex(doc, leaves);
      if (l != leaf) {
        leaf = l;
        values = source.getSimilarityScores(leaves.get(l));
      }
      int local = doc - leaves.get(l).docBase;
      out[i] = new ScoreDoc(doc, values.advanceExact(local) ? (float) values.doubleValue() : byDoc[i].score);
    }
    Arrays.sort(out, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
    return out;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    StringBuilder b = new StringBuilder("CrossLingualQuery(");
    if (!field.equals(defaultField)) {
      b.append(field).append(':');
    }
    b.append('"').append(text).append("\", k=").append(k);
    if (numCandidates != Math.max(k, DEFAULT_NUM_CANDIDATES)) {
      b.append(", candidates=").append(numCandidates);
    }
    if (!rescore) {
      b.append(", no rescore");
    }
    if (filter != null) {
      b.append(", filter=").append(filter.toString(defaultField));
    }
    if (parents != null) {
      b.append(", parents=").append(parents);
    }
    if (parentFilter != null) {
      b.append(", parentFilter=").append(parentFilter.toString(defaultField));
    }
    return b.append(')').toString();
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && equalsTo((CrossLingualQuery) other);
  }

  private boolean equalsTo(CrossLingualQuery o) {
    return k == o.k && numCandidates == o.numCandidates && rescore == o.rescore && field.equals(o.field)
        && Arrays.equals(vector, o.vector) && Objects.equals(filter, o.filter) && Objects.equals(parents, o.parents)
        && Objects.equals(parentFilter, o.parentFilter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), field, Arrays.hashCode(vector), k, numCandidates, rescore, filter, parents,
        parentFilter);
  }
}
