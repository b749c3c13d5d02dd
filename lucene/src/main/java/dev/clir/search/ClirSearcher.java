package dev.clir.search;

import dev.clir.embed.Embedder;
import dev.clir.index.ClirAnalyzer;
import dev.clir.index.ClirIndexException;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexFields;
import dev.clir.index.IndexMetadata;
import dev.clir.index.IndexOpener;
import dev.clir.index.IndexStats;
import dev.clir.search.ExactPassageSearch.DocHit;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Answers questions against a clir index: embeds the question, searches passage vectors and returns documents,
 * each with its best passage. Filters apply to documents but the kNN search runs over passages, so a document
 * filter is carried down to its passages with {@link ToChildBlockJoinQuery} and applied before the HNSW search
 * (pre-filtering), not to its results.
 *
 * <p>Thread-safe; searches run concurrently with a writer's updates and see them after {@link #refresh()}.
 */
public final class ClirSearcher implements Closeable {
  private final SearcherManager searchers;
  private final Directory ownedDir;
  private final Path path;
  private final Embedder embedder;
  private final IndexMetadata metadata;
  private final BitSetProducer parents = IndexFields.parentsFilter();
  private final Analyzer analyzer = ClirAnalyzer.create();

  private ClirSearcher(SearcherManager searchers, Directory ownedDir, Path path, Embedder embedder,
      IndexMetadata metadata) {
    this.searchers = searchers;
    this.ownedDir = ownedDir;
    this.path = path;
    this.embedder = embedder;
    this.metadata = metadata;
  }

  /**
   * Opens the last commit of the index at {@code path}, read-only; {@link #refresh()} picks up later commits.
   *
   * @throws dev.clir.model.ModelMismatchException when the index was built with another model
   */
  public static ClirSearcher open(Path path, Embedder embedder, boolean allowModelMismatch) {
    Objects.requireNonNull(embedder, "embedder");
    if (!Files.isDirectory(path)) {
      throw new ClirIndexException("no index at " + path + " (not a directory)");
    }
    Directory dir = null;
    try {
      dir = FSDirectory.open(path);
      IndexMetadata metadata = IndexMetadata.fromUserData(IndexOpener.commitData(path, dir));
      metadata.verifyCompatible(embedder.info(), allowModelMismatch);
      DirectoryReader reader = IndexOpener.openReader(path, dir);
      return new ClirSearcher(new SearcherManager(reader, null), dir, path, embedder, metadata);
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        try {
          dir.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof IOException io) {
        throw IndexOpener.explain(path, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Searches a writer's index near-real-time; the writer's embedder and searchers are used, not closed. */
  public static ClirSearcher over(ClirIndexWriter writer) {
    return new ClirSearcher(writer.searcherManager(), null, writer.path(), writer.embedder(), writer.metadata());
  }

  public IndexMetadata metadata() {
    return metadata;
  }

  /** Embeds {@code request.query()} (except in {@link SearchMode#KEYWORD} mode) and searches. */
  public SearchResults search(SearchRequest request) {
    if (request.mode() == SearchMode.KEYWORD) {
      return search(null, request, 0);
    }
    long t0 = System.nanoTime();
    float[] vector = embedder.embedQuery(request.query());
    double embedMillis = (System.nanoTime() - t0) / 1e6;
    return search(vector, request, embedMillis);
  }

  /**
   * Searches with an already computed query vector (the query text is still used by hybrid mode's BM25 side). In
   * {@link SearchMode#KEYWORD} mode the vector only picks each hit's best passage; it may be {@code null} there.
   */
  public SearchResults search(float[] queryVector, SearchRequest request) {
    if (queryVector == null && request.mode() != SearchMode.KEYWORD) {
      throw new IllegalArgumentException("a query vector is needed in " + request.mode() + " mode");
    }
    return search(queryVector, request, 0);
  }

  private SearchResults search(float[] vector, SearchRequest request, double embedMillis) {
    if (vector != null && vector.length != metadata.dimension()) {
      throw new IllegalArgumentException("query vector has " + vector.length + " dimensions; the index holds "
          + metadata.dimension());
    }
    long t0 = System.nanoTime();
    boolean rescore = !request.exact() && (request.fullPrecisionRescore() != null
        ? request.fullPrecisionRescore() : metadata.vectorFormat().quantized());
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        List<SearchHit> hits;
        if (request.mode() == SearchMode.KEYWORD) {
          rescore = false;
          hits = keywordOnly(searcher, vector, request);
        } else {
          List<DocHit> vectorHits = vectorSearch(searcher, vector, request, rescore);
          hits = request.mode() == SearchMode.HYBRID
              ? hybrid(searcher, vector, request, vectorHits)
              : vectorOnly(searcher, request, vectorHits);
        }
        double searchMillis = (System.nanoTime() - t0) / 1e6;
        return new SearchResults(hits, embedMillis, searchMillis, request.mode(), request.exact(), rescore);
      } catch (IOException e) {
        // damage Lucene finds only when reading (a checksum, a cut-short file) is the index's fault: exit 5, named
        throw IndexOpener.searchFailure(path, searcher.getIndexReader(), e);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed on " + path + ": " + e.getMessage(), e);
    }
  }

  /** Documents by best passage, best first: up to numCandidates from HNSW, or k (numCandidates for hybrid) exact. */
  private List<DocHit> vectorSearch(IndexSearcher searcher, float[] vector, SearchRequest request, boolean rescore)
      throws IOException {
    Query childFilter = request.filter() == null ? null
        : new ToChildBlockJoinQuery(documentsMatching(request.filter()), parents);
    if (request.exact()) {
      int depth = request.mode() == SearchMode.HYBRID ? request.numCandidates() : request.k();
      return ExactPassageSearch.topDocuments(searcher, IndexFields.VECTOR, vector, childFilter, parents, depth);
    }
    Query knn = new DiversifyingChildrenFloatKnnVectorQuery(IndexFields.VECTOR, vector, childFilter,
        request.numCandidates(), parents);
    if (rescore) {
      knn = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, vector, IndexFields.VECTOR,
          request.numCandidates());
    }
    TopDocs top = searcher.search(knn, request.numCandidates());
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<DocHit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext ctx = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      int parent = parents.getBitSet(ctx).nextSetBit(sd.doc - ctx.docBase);
      hits.add(new DocHit(ctx.docBase + parent, sd.doc, sd.score));
    }
    return hits;
  }

  private Query documentsMatching(Query filter) {
    return new BooleanQuery.Builder()
        .add(filter, Occur.FILTER)
        .add(IndexFields.parentsQuery(), Occur.FILTER)
        .build();
  }

  private List<SearchHit> vectorOnly(IndexSearcher searcher, SearchRequest request, List<DocHit> vectorHits)
      throws IOException {
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (int i = 0; i < vectorHits.size() && hits.size() < request.k(); i++) {
      DocHit h = vectorHits.get(i);
      if (h.score() < request.minScore()) {
        break;
      }
      hits.add(hit(stored, h.parentDoc(), h.childDoc(), h.score(), h.score(), i + 1, 0));
    }
    return hits;
  }

  private List<SearchHit> hybrid(IndexSearcher searcher, float[] vector, SearchRequest request,
      List<DocHit> vectorHits) throws IOException {
    Map<Integer, DocHit> byParent = new HashMap<>();
    List<Integer> vectorRanking = new ArrayList<>();
    for (DocHit h : vectorHits) {
      byParent.put(h.parentDoc(), h);
      vectorRanking.add(h.parentDoc());
    }
    List<Integer> keywordRanking = new ArrayList<>();
    for (ScoreDoc sd : keywordSearch(searcher, request, request.numCandidates())) {
      keywordRanking.add(sd.doc);
    }
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (var fused : ReciprocalRankFusion.fuse(List.of(vectorRanking, keywordRanking), request.rrfK())) {
      if (hits.size() >= request.k()) {
        break;
      }
      int parent = fused.key();
      DocHit best = byParent.get(parent);
      if (best == null) {
        best = ExactPassageSearch.bestPassage(searcher, IndexFields.VECTOR, vector, parent, parents);
      }
      float vectorScore = best == null ? 0f : best.score();
      if (vectorScore < request.minScore()) {
        continue;
      }
      hits.add(hit(stored, parent, best == null ? -1 : best.childDoc(), (float) fused.score(), vectorScore,
          fused.ranks()[0], fused.ranks()[1]));
    }
    return hits;
  }

  /** Documents (parents) by BM25 over title and text, best first; empty when the query has no indexable words. */
  private ScoreDoc[] keywordSearch(IndexSearcher searcher, SearchRequest request, int depth) throws IOException {
    Query keywords = KeywordQuery.build(analyzer, request.query());
    if (keywords == null) {
      return new ScoreDoc[0];
    }
    BooleanQuery.Builder q = new BooleanQuery.Builder()
        .add(keywords, Occur.MUST)
        .add(IndexFields.parentsQuery(), Occur.FILTER);
    if (request.filter() != null) {
      q.add(request.filter(), Occur.FILTER);
    }
    return searcher.search(q.build(), depth).scoreDocs;
  }

  private List<SearchHit> keywordOnly(IndexSearcher searcher, float[] vector, SearchRequest request)
      throws IOException {
    List<SearchHit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    ScoreDoc[] ranking = keywordSearch(searcher, request, request.k());
    for (int i = 0; i < ranking.length; i++) {
      int parent = ranking[i].doc;
      DocHit best = vector == null ? null : ExactPassageSearch.bestPassage(searcher, IndexFields.VECTOR, vector, parent, parents);
      float vectorScore = best == null ? 0f : best.score();
      if (vector != null && vectorScore < request.minScore()) {
        continue; // without a query vector there is no similarity to hold against minScore
      }
      hits.add(hit(stored, parent, best == null ? -1 : best.childDoc(), ranking[i].score, vectorScore, 0, i + 1));
    }
    return hits;
  }

  private static SearchHit hit(StoredFields stored, int parentDoc, int childDoc, float score, float vectorScore,
      int vectorRank, int keywordRank) throws IOException {
    Document parent = stored.document(parentDoc);
    Map<String, String> meta = new LinkedHashMap<>();
    for (IndexableField f : parent.getFields()) {
      if (f.name().startsWith(IndexFields.META_PREFIX)) {
        meta.put(f.name().substring(IndexFields.META_PREFIX.length()), f.stringValue());
      }
    }
    PassageMatch passage = null;
    if (childDoc >= 0) {
      Document child = stored.document(childDoc);
      passage = new PassageMatch(intValue(child, IndexFields.PASSAGE_ORDINAL), intValue(child, IndexFields.PASSAGE_START),
          intValue(child, IndexFields.PASSAGE_END), child.get(IndexFields.PASSAGE_TEXT));
    }
    return new SearchHit(parent.get(IndexFields.ID), score, vectorScore, vectorRank, keywordRank,
        parent.get(IndexFields.TITLE), parent.get(IndexFields.URL), parent.get(IndexFields.LANG), Map.copyOf(meta),
        passage);
  }

  private static int intValue(Document doc, String field) {
    IndexableField f = doc.getField(field);
    return f == null ? -1 : f.numericValue().intValue();
  }

  /** Picks up changes committed (or, over a writer, refreshed) since the last call. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ids of every document this searcher sees, e.g. to check that relevance judgments name indexed documents. */
  public Set<String> documentIds() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        Set<String> ids = new HashSet<>();
        TopDocs all = searcher.search(IndexFields.parentsQuery(), Math.max(1, searcher.getIndexReader().numDocs()));
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : all.scoreDocs) {
          ids.add(stored.document(sd.doc, Set.of(IndexFields.ID)).get(IndexFields.ID));
        }
        return ids;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live passages (vectors) this searcher sees: cheaper than {@link #stats()}, which also sizes the files. */
  public long passageCount() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.count(IndexFields.passagesQuery());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Documents, passages and size of what this searcher sees. */
  public IndexStats stats() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return IndexStats.compute(searcher, ownedDir != null ? ownedDir
            : ((DirectoryReader) searcher.getIndexReader()).directory());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes what this searcher opened (not a writer's searchers). */
  @Override
  public void close() {
    if (ownedDir == null) {
      return;
    }
    try {
      searchers.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      ownedDir.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
