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
import dev.clir.language.LanguageIdentifier;
import dev.clir.index.RecordedModel;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.Fused;
import dev.clir.search.fusion.QuestionSignals;
import dev.clir.search.fusion.Ranking;
import dev.clir.search.fusion.Scored;
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
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOFunction;

/**
 * Answers questions against a clir index: embeds the question, searches passage vectors and returns documents,
 * each with its best passage. The vector search is a {@link CrossLingualQuery} over the passages of document blocks,
 * the query applications run on their own searchers; filters apply to documents, as its parent filter, inside the
 * HNSW search (pre-filtering), not to its results.
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
  private final FusionSettings indexFusion;

  private ClirSearcher(SearcherManager searchers, Directory ownedDir, Path path, Embedder embedder,
      IndexMetadata metadata, FusionSettings indexFusion) {
    this.searchers = searchers;
    this.ownedDir = ownedDir;
    this.path = path;
    this.embedder = embedder;
    this.metadata = metadata;
    this.indexFusion = indexFusion;
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
      Map<String, String> commitData = IndexOpener.commitData(path, dir);
      IndexMetadata metadata = IndexOpener.metadata(path, commitData);
      FusionSettings fusion = fusionSettings(path, metadata, commitData);
      metadata.verifyCompatible(embedder.info(), allowModelMismatch);
      DirectoryReader reader = IndexOpener.openReader(path, dir);
      try {
        checkPassageBlocks(path, reader);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
      return new ClirSearcher(new SearcherManager(reader, null), dir, path, embedder, metadata, fusion);
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

  /**
   * The fusion settings a searcher of this index uses unless a request brings its own: those recorded with the index,
   * else those clir ships for its model. Known before any model loads, so that a caller can start loading what they
   * need ({@link LanguageIdentifier#warmUp}) meanwhile.
   */
  public static FusionSettings fusionSettings(RecordedModel recorded) {
    return fusionSettings(recorded.index(), recorded.metadata(), recorded.commitData());
  }

  /** The settings recorded with the index, else those clir ships for its model. */
  private static FusionSettings fusionSettings(Path path, IndexMetadata metadata, Map<String, String> commitData) {
    return FusionSettings.recorded(commitData, path.toString())
        .orElseGet(() -> FusionSettings.forModel(metadata.modelId()));
  }

  /**
   * Refuses an index whose vectors are not passages of document blocks (e.g. one vector on each application
   * document): the searcher returns documents by their best passage and would find none.
   */
  private static void checkPassageBlocks(Path path, DirectoryReader reader) throws IOException {
    if (reader.numDocs() == 0) {
      return;
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    if (searcher.count(IndexFields.passagesQuery()) > 0 && searcher.count(IndexFields.parentsQuery()) > 0) {
      return;
    }
    boolean vectors = FieldInfos.getMergedFieldInfos(reader).fieldInfo(IndexFields.VECTOR) != null;
    throw new ClirIndexException("index " + path + " holds no passage blocks: "
        + (vectors ? "it has " + IndexFields.VECTOR + " vectors, but " : "it has no " + IndexFields.VECTOR + " vectors and ")
        + "no documents marked " + IndexFields.KIND + ":" + IndexFields.KIND_DOC + " with passages marked "
        + IndexFields.KIND + ":" + IndexFields.KIND_PASSAGE + " before them. clir searches passages and returns "
        + "their documents: index each document as ClirFields.block(clir.passageDocuments(...), yourDocument) "
        + "(docs/lucene-extension.md).");
  }

  /** Searches a writer's index near-real-time; the writer's embedder and searchers are used, not closed. */
  public static ClirSearcher over(ClirIndexWriter writer) {
    return new ClirSearcher(writer.searcherManager(), null, writer.path(), writer.embedder(), writer.metadata(),
        fusionSettings(writer.path(), writer.metadata(), writer.commitData()));
  }

  public IndexMetadata metadata() {
    return metadata;
  }

  /** Embeds {@code request.query()} (except in {@link SearchMode#KEYWORD} mode) and searches. */
  public SearchResults search(SearchRequest request) {
    if (request.mode() == SearchMode.KEYWORD) {
      return search(null, request, 0);
    }
    if (request.mode().fuses()) {
      LanguageIdentifier.warmUp(fusionSettings(request).languages()); // its model loads while the question is embedded
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
        List<SearchHit> hits = new ArrayList<>();
        SearchResults.Fusion fusion = null;
        if (request.mode() == SearchMode.KEYWORD) {
          rescore = false;
          hits = keywordOnly(searcher, vector, request);
        } else {
          List<DocHit> vectorHits = vectorSearch(searcher, vector, request, rescore);
          if (request.mode().fuses()) {
            fusion = fused(searcher, vector, request, vectorHits, hits);
          } else {
            hits = vectorOnly(searcher, request, vectorHits);
          }
        }
        double searchMillis = (System.nanoTime() - t0) / 1e6;
        return new SearchResults(hits, embedMillis, searchMillis, request.mode(), request.exact(), rescore, fusion);
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
    CrossLingualQuery query = CrossLingualQuery.ofVector(IndexFields.VECTOR, request.query(), vector,
        request.numCandidates()).withParents(parents).withParentFilter(request.filter()).withRescore(rescore);
    if (request.exact()) {
      int depth = request.mode().fuses() ? request.numCandidates() : request.k();
      return ExactPassageSearch.topDocuments(searcher, IndexFields.VECTOR, vector, query.candidateFilter(), parents,
          depth);
    }
    TopDocs top = searcher.search(query, request.numCandidates());
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<DocHit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext ctx = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      int parent = parents.getBitSet(ctx).nextSetBit(sd.doc - ctx.docBase);
      hits.add(new DocHit(ctx.docBase + parent, sd.doc, sd.score));
    }
    return hits;
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
      hits.add(hit(stored, h.parentDoc(), h.childDoc(), h.score(), h.score(), i + 1, 0, Float.NaN));
    }
    return hits;
  }

  /**
   * The request's fusion settings, else those recorded with the index when it was built ({@link
   * FusionSettings#recorded}), else those clir has for the index's model ({@link FusionSettings#forModel}).
   */
  public FusionSettings fusionSettings(SearchRequest request) {
    return request.fusionSettings() != null ? request.fusionSettings() : indexFusion;
  }

  /** Fuses the vector leg with the BM25 leg as the request's fusion settings say; adds the top k to {@code hits}. */
  private SearchResults.Fusion fused(IndexSearcher searcher, float[] vector, SearchRequest request,
      List<DocHit> vectorHits, List<SearchHit> hits) throws IOException {
    Map<Integer, DocHit> byParent = new HashMap<>();
    vectorHits.forEach(h -> byParent.put(h.parentDoc(), h));
    Ranking<Integer> vectorLeg = HybridFusion.vectorLeg(vectorHits);
    FusionSettings settings = fusionSettings(request);
    KeywordSide keyword = keywordSide(searcher, settings, request, vectorLeg);
    Ranking<Integer> keywordLeg = keyword.leg();
    QuestionSignals signals = keyword.signals();
    FusionSettings.Weight weight = HybridFusion.weight(request.mode(), settings, signals);
    StoredFields stored = searcher.storedFields();
    for (Fused<Integer> f : HybridFusion.fuse(settings, vectorLeg, keywordLeg, weight)) {
      if (hits.size() >= request.k()) {
        break;
      }
      int parent = f.key();
      DocHit best = byParent.get(parent);
      if (best == null) {
        best = ExactPassageSearch.bestPassage(searcher, IndexFields.VECTOR, vector, parent, parents);
      }
      float vectorScore = best == null ? 0f : best.score();
      if (vectorScore < request.minScore()) {
        continue;
      }
      hits.add(hit(stored, parent, best == null ? -1 : best.childDoc(), (float) f.score(), vectorScore, f.rank(0),
          f.rank(1), (float) f.legScore(1)));
    }
    return new SearchResults.Fusion(settings.function().describe(), settings.depth(), weight, signals);
  }

  /**
   * What hybrid and auto search fuse for one question, keyed by document id: both legs to
   * {@code request.numCandidates()} and the question's signals, with the request's fusion settings' languages and stop
   * words (else those {@link #fusionSettings} gives). For learning fusion settings on judged questions
   * ({@link dev.clir.search.fusion.FusionLearner}); {@link #search} fuses exactly these.
   */
  public HybridCandidates candidates(float[] vector, SearchRequest request) {
    if (vector == null || vector.length != metadata.dimension()) {
      throw new IllegalArgumentException("a query vector of " + metadata.dimension() + " dimensions is needed");
    }
    SearchRequest asked = request.toBuilder().mode(SearchMode.AUTO).build();
    boolean rescore = !asked.exact() && (asked.fullPrecisionRescore() != null
        ? asked.fullPrecisionRescore() : metadata.vectorFormat().quantized());
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        StoredFields stored = searcher.storedFields();
        Ranking<Integer> vectorLeg = HybridFusion.vectorLeg(vectorSearch(searcher, vector, asked, rescore));
        KeywordSide keyword = keywordSide(searcher, fusionSettings(asked), asked, vectorLeg);
        return new HybridCandidates(byId(stored, vectorLeg), byId(stored, keyword.leg()), keyword.signals());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed on " + path, e);
    }
  }

  /** The BM25 leg of a fused search and the question's signals, as {@link #search} and {@link #candidates} both use them. */
  private record KeywordSide(Ranking<Integer> leg, QuestionSignals signals) {}

  /** The question's language decides the BM25 analyzer (its stop words) and is one of its signals. */
  private KeywordSide keywordSide(IndexSearcher searcher, FusionSettings settings, SearchRequest request,
      Ranking<Integer> vectorLeg) throws IOException {
    String language = HybridFusion.language(settings, request.query());
    Analyzer keywordAnalyzer = HybridFusion.keywordAnalyzer(settings, language, analyzer);
    Ranking<Integer> leg = HybridFusion.leg(keywordSearch(searcher, settings, language, request, request.numCandidates()));
    return new KeywordSide(leg, HybridFusion.signals(searcher, keywordAnalyzer, request.query(), language, vectorLeg, leg,
        request.numCandidates()));
  }

  private static Ranking<String> byId(StoredFields stored, Ranking<Integer> leg) throws IOException {
    List<Scored<String>> items = new ArrayList<>(leg.size());
    for (Scored<Integer> s : leg.items()) {
      items.add(new Scored<>(stored.document(s.key(), Set.of(IndexFields.ID)).get(IndexFields.ID), s.score()));
    }
    return new Ranking<>(items, leg.lowerBound());
  }

  /**
   * Documents (parents) by BM25 over title and text, best first, the question read as {@code settings}' keyword leg
   * says for its {@code language}; empty when the query has no indexable words.
   */
  private ScoreDoc[] keywordSearch(IndexSearcher searcher, FusionSettings settings, String language,
      SearchRequest request, int depth) throws IOException {
    Query keywords = KeywordQuery.build(searcher.getIndexReader(), HybridFusion.keywordAnalyzer(settings, language,
        analyzer), request.query(), HybridFusion.cognatePrefix(settings, language));
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
    // the same BM25 leg that hybrid and auto mode fuse, so that what they are measured against is what they fuse
    FusionSettings settings = fusionSettings(request);
    ScoreDoc[] ranking = keywordSearch(searcher, settings, HybridFusion.language(settings, request.query()), request,
        request.k());
    for (int i = 0; i < ranking.length; i++) {
      int parent = ranking[i].doc;
      DocHit best = vector == null ? null : ExactPassageSearch.bestPassage(searcher, IndexFields.VECTOR, vector, parent, parents);
      float vectorScore = best == null ? 0f : best.score();
      if (vector != null && vectorScore < request.minScore()) {
        continue; // without a query vector there is no similarity to hold against minScore
      }
      hits.add(hit(stored, parent, best == null ? -1 : best.childDoc(), ranking[i].score, vectorScore, 0, i + 1,
          ranking[i].score));
    }
    return hits;
  }

  private static SearchHit hit(StoredFields stored, int parentDoc, int childDoc, float score, float vectorScore,
      int vectorRank, int keywordRank, float keywordScore) throws IOException {
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
    return new SearchHit(parent.get(IndexFields.ID), score, vectorScore, vectorRank, keywordRank, keywordScore,
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
    return withSearcher(searcher -> {
      Set<String> ids = new HashSet<>();
      TopDocs all = searcher.search(IndexFields.parentsQuery(), Math.max(1, searcher.getIndexReader().numDocs()));
      StoredFields stored = searcher.storedFields();
      for (ScoreDoc sd : all.scoreDocs) {
        ids.add(stored.document(sd.doc, Set.of(IndexFields.ID)).get(IndexFields.ID));
      }
      return ids;
    });
  }

  /** Live passages (vectors) this searcher sees: cheaper than {@link #stats()}, which also sizes the files. */
  public long passageCount() {
    return withSearcher(searcher -> searcher.count(IndexFields.passagesQuery()));
  }

  /** The fields this searcher's documents can be filtered on ({@link MetadataFilter#filterableFields}). */
  public Set<String> filterableFields() {
    return withSearcher(searcher -> MetadataFilter.filterableFields(searcher.getIndexReader()));
  }

  /** Documents, passages and size of what this searcher sees. */
  public IndexStats stats() {
    return withSearcher(searcher -> IndexStats.compute(searcher, ownedDir != null ? ownedDir
        : ((DirectoryReader) searcher.getIndexReader()).directory()));
  }

  /** What {@code read} finds in the current point-in-time view (acquired and released around it). */
  private <T> T withSearcher(IOFunction<IndexSearcher, T> read) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return read.apply(searcher);
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
