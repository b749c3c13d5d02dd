package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.PassagePipeline;
import dev.clir.embed.Embedder;
import dev.clir.index.ClirCodec;
import dev.clir.index.ClirFields;
import dev.clir.index.HnswParams;
import dev.clir.index.VectorFormat;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.RecordingEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ScoreMode;
import org.apache.lucene.search.join.ToParentBlockJoinQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrossLingualQuery} and {@link ClirFields} on a plain Lucene application index, in more detail than the
 * documented example (LuceneExtensionDocTest runs that one from the page): the application keeps its fields,
 * analyzer, codec and BM25 queries; the query embeds once, pre-filters on documents or on the parents of passage
 * blocks, and is an immutable value.
 */
class CrossLingualQueryTest {
  static final String[][] ARTICLES = {
      // sku, brand, price, title, body
      {"r-100", "acme", "79", "Acme router: restarting", "Unplug the router for thirty seconds, then plug it back in."},
      {"r-200", "zenith", "129", "Zenith router: restarting", "Press the power button twice to restart the router."},
      {"p-300", "acme", "59", "Acme printer offline", "Add the printer again from the list of devices."},
      {"b-400", "acme", "19", "Acme battery care", "Keep the battery between twenty and eighty percent."},
      {"k-500", "zenith", "39", "Zenith keyboard pairing", "Hold the connect key until the light blinks."},
  };

  @TempDir Path path;

  @Test
  void addsClirVectorsAndACrossLingualQueryToAPlainLuceneApp() throws IOException {
    RecordingEmbedder embedder = new RecordingEmbedder();
    // (3) the application's codec, with clir's format for clir's field only
    ClirFields clir = ClirFields.forModel(embedder.info());
    Codec codec = ClirCodec.wrap(Codec.getDefault(), Map.of(clir.vectorField(), VectorFormat.INT8));
    PassagePipeline passages = new PassagePipeline(embedder, ChunkingConfig.DEFAULTS);

    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setCodec(codec);
    try (Directory dir = FSDirectory.open(path); IndexWriter writer = new IndexWriter(dir, config)) {
      for (String[] a : ARTICLES) {
        Document doc = new Document();
        doc.add(new StringField("sku", a[0], Field.Store.YES));
        doc.add(new StringField("brand", a[1], Field.Store.YES));
        doc.add(new IntPoint("price", Integer.parseInt(a[2])));
        doc.add(new TextField("title", a[3], Field.Store.YES));
        doc.add(new TextField("body", a[4], Field.Store.YES));
        doc.add(new KnnFloatVectorField("image_vec", new float[] {1, 0, 0, a[0].charAt(0)})); // the app's own vectors
        clir.addTo(doc, passages, a[3], a[4], "en");
        writer.addDocument(doc);
      }
      writer.commit();
    }
    assertThat(embedder.calls().size()).isEqualTo(ARTICLES.length);

    // A plain reader opens it: no ClirCodec needed to read, each field's format is found by name.
    try (Directory dir = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        FieldInfo clirField = leaf.reader().getFieldInfos().fieldInfo(clir.vectorField());
        FieldInfo appField = leaf.reader().getFieldInfos().fieldInfo("image_vec");
        assertThat(clirField.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY))
            .isEqualTo("Lucene104HnswBinaryQuantizedVectorsFormat");
        assertThat(appField.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY))
            .isEqualTo("Lucene99HnswVectorsFormat");
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      // the application's own BM25 query is untouched
      assertThat(skus(searcher, searcher.search(new TermQuery(new Term("body", "printer")), 5))).containsExactly("p-300");

      // (2) a question in another language; embedded once, here
      int before = embedder.calls().size();
      CrossLingualQuery question = CrossLingualQuery.of(embedder, clir.vectorField(), "how do I restart my router?", 2);
      assertThat(embedder.calls().size()).isEqualTo(before + 1);
      assertThat(skus(searcher, searcher.search(question, 2))).containsExactlyInAnyOrder("r-100", "r-200");

      // composed with the application's own filters in its own BooleanQuery
      Query acmeRouterUnder100 = new BooleanQuery.Builder()
          .add(question, Occur.MUST)
          .add(new TermQuery(new Term("brand", "acme")), Occur.FILTER)
          .add(IntPoint.newRangeQuery("price", 0, 100), Occur.FILTER)
          .build();
      assertThat(skus(searcher, searcher.search(acmeRouterUnder100, 5))).containsExactly("r-100");
      // a FILTER clause only removes hits from the k found; withFilter restricts the candidates first
      CrossLingualQuery top1 = CrossLingualQuery.of(embedder, clir.vectorField(), "how do I restart my router?", 1);
      Query postFiltered = new BooleanQuery.Builder().add(top1, Occur.MUST)
          .add(new TermQuery(new Term("brand", "zenith")), Occur.FILTER).build();
      Query preFiltered = top1.withFilter(new TermQuery(new Term("brand", "zenith")));
      List<String> post = skus(searcher, searcher.search(postFiltered, 5));
      assertThat(post).hasSizeLessThanOrEqualTo(1);
      assertThat(skus(searcher, searcher.search(preFiltered, 5))).containsExactly("r-200");
      // a filter nothing matches: no hits, rescored or not (Lucene 10.6's RescoreTopNQuery fails on an empty kNN result)
      Query nothing = new TermQuery(new Term("brand", "none"));
      assertThat(searcher.search(top1.withFilter(nothing), 5).scoreDocs).isEmpty();
      assertThat(searcher.search(top1.withFilter(nothing).withRescore(false).withNumCandidates(3), 5).scoreDocs).isEmpty();
      // mixed with the application's BM25: either signal can find a document
      Query mixed = new BooleanQuery.Builder().add(question, Occur.SHOULD)
          .add(new TermQuery(new Term("body", "keyboard")), Occur.SHOULD).build();
      assertThat(skus(searcher, searcher.search(mixed, 5))).contains("r-100", "r-200");

      // searching, counting and explaining never embed again
      int afterBuilding = embedder.calls().size();
      searcher.count(acmeRouterUnder100);
      searcher.explain(question, 0);
      searcher.search(acmeRouterUnder100, 5);
      assertThat(embedder.calls().size()).isEqualTo(afterBuilding);

      // the rewritten query bounds its scores truly (what BooleanQuery's max-score pruning relies on)
      Weight weight = searcher.createWeight(searcher.rewrite(question),
          org.apache.lucene.search.ScoreMode.TOP_SCORES, 1f);
      for (LeafReaderContext leaf : reader.leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        DocIdSetIterator it = scorer.iterator();
        while (it.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
          assertThat(scorer.score()).isLessThanOrEqualTo(scorer.getMaxScore(DocIdSetIterator.NO_MORE_DOCS));
        }
      }
    }
  }

  @Test
  void queryIsAnImmutableValue() {
    Embedder embedder = CachingEmbedder.shared();
    CrossLingualQuery a = CrossLingualQuery.of(embedder, "clir_vector", "restart the router", 5);
    assertThat(a.getNumCandidates()).isEqualTo(CrossLingualQuery.DEFAULT_NUM_CANDIDATES);
    assertThat(a.isRescore()).isTrue();
    assertThat(a).isNotEqualTo(a.withRescore(false)).isNotEqualTo(a.withNumCandidates(50))
        .isEqualTo(a.withNumCandidates(100).withRescore(true));
    assertThat(a.withRescore(false).withNumCandidates(5).toString())
        .isEqualTo("CrossLingualQuery(clir_vector:\"restart the router\", k=5, candidates=5, no rescore)");
    assertThatThrownBy(() -> a.withNumCandidates(4)).hasMessageContaining("numCandidates (4) must be >= k (5)");
    assertThatThrownBy(() -> a.withParentFilter(new TermQuery(new Term("brand", "acme"))))
        .hasMessageContaining("withParents");
    CrossLingualQuery b = CrossLingualQuery.of(embedder, "clir_vector", "restart the router", 5);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(CrossLingualQuery.of(embedder, "clir_vector", "restart the router", 6));
    assertThat(a).isNotEqualTo(CrossLingualQuery.of(embedder, "other_vector", "restart the router", 5));
    assertThat(a).isNotEqualTo(CrossLingualQuery.of(embedder, "clir_vector", "reinicie o roteador", 5));
    CrossLingualQuery filtered = a.withFilter(new TermQuery(new Term("brand", "acme")));
    assertThat(filtered).isNotEqualTo(a);
    assertThat(a.getFilter()).isNull();
    assertThat(filtered.toString()).isEqualTo("CrossLingualQuery(clir_vector:\"restart the router\", k=5, filter=brand:acme)");
    assertThat(a.toString("clir_vector")).isEqualTo("CrossLingualQuery(\"restart the router\", k=5)");
    float[] v = a.getVector();
    v[0] = 42;
    assertThat(a.getVector()[0]).isNotEqualTo(42);
    Set<String> fields = new HashSet<>();
    a.visit(new QueryVisitor() {
      @Override
      public boolean acceptField(String field) {
        fields.add(field);
        return true;
      }
    });
    assertThat(fields).containsExactly("clir_vector");
    assertThatThrownBy(() -> CrossLingualQuery.of(embedder, "clir_vector", "x", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClirFields.of(2000, org.apache.lucene.index.VectorSimilarityFunction.COSINE))
        .hasMessageContaining("dimension must be in [1, 1024]");
    assertThatThrownBy(() -> ClirFields.forModel(embedder.info()).vector(new float[3]))
        .hasMessageContaining("3 dimensions");
    ClirFields other = ClirFields.forModel(embedder.info()).withPrefix("e5");
    assertThat(List.of(other.vectorField(), other.passageField(), other.kindField()))
        .containsExactly("e5.vector", "e5.passage", "e5.kind");
    // only clir's default names make an index clir-query can open
    assertThatThrownBy(() -> other.commitData(new PassagePipeline(embedder, ChunkingConfig.DEFAULTS),
        VectorFormat.FLOAT32, HnswParams.DEFAULTS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("e5.*");
  }

  @Test
  void longApplicationDocumentsAsPassageBlocksWithAParentPreFilter() throws IOException {
    Embedder embedder = CachingEmbedder.shared();
    ClirFields clir = ClirFields.forModel(embedder.info());
    PassagePipeline passages = new PassagePipeline(embedder,
        ChunkingConfig.builder().maxTokens(24).overlapTokens(4).build());
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
        .setCodec(ClirCodec.wrap(Codec.getDefault(), Map.of(clir.vectorField(), VectorFormat.BINARY)));
    try (Directory dir = FSDirectory.open(path)) {
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (String[] a : ARTICLES) {
          String body = "General safety notes apply to all products. " + a[4] + " Keep the receipt for warranty.";
          List<Document> children = clir.passageDocuments(passages, a[3], body, "en");
          assertThat(children).hasSizeGreaterThan(1);
          Document app = new Document();
          app.add(new StringField("sku", a[0], Field.Store.YES));
          app.add(new StringField("brand", a[1], Field.Store.YES));
          app.add(new StringField("type", "article", Field.Store.NO));
          writer.addDocuments(clir.block(children, app)); // the application's document last: the parent
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        // the application's own parents filter works as well as clir's (clir.kind:doc)
        for (var parents : List.of(new QueryBitSetProducer(new TermQuery(new Term("type", "article"))),
            clir.parentsFilter())) {
          CrossLingualQuery question = CrossLingualQuery.of(embedder, clir.vectorField(),
              "the keyboard does not connect", 3).withParents(parents);
          Query articles = new BooleanQuery.Builder()
              .add(new ToParentBlockJoinQuery(question, parents, ScoreMode.Max), Occur.MUST)
              .add(new TermQuery(new Term("brand", "zenith")), Occur.FILTER)
              .build();
          List<String> skus = skus(searcher, searcher.search(articles, 3));
          assertThat(skus).first().isEqualTo("k-500");
          assertThat(new HashSet<>(skus)).hasSameSizeAs(skus); // one hit per application document

          // a router question, top 1: a FILTER clause on the parents removes the acme router it found; the parent
          // pre-filter searches zenith articles only and finds the zenith router
          CrossLingualQuery router = CrossLingualQuery.of(embedder, clir.vectorField(), "unplug the router", 1)
              .withParents(parents);
          Query zenith = new TermQuery(new Term("brand", "zenith"));
          Query postFiltered = new BooleanQuery.Builder()
              .add(new ToParentBlockJoinQuery(router, parents, ScoreMode.Max), Occur.MUST)
              .add(zenith, Occur.FILTER).build();
          assertThat(skus(searcher, searcher.search(postFiltered, 5))).isEmpty();
          Query preFiltered = new ToParentBlockJoinQuery(router.withParentFilter(zenith), parents, ScoreMode.Max);
          assertThat(skus(searcher, searcher.search(preFiltered, 5))).containsExactly("r-200");
        }
        // each passage carries its text and where it lies in the document
        Document passage = searcher.storedFields().document(0);
        assertThat(passage.get(clir.passageField())).startsWith("General safety notes");
        assertThat(passage.getField(clir.startField()).numericValue().intValue()).isZero();
        assertThat(passage.getField(clir.ordinalField()).numericValue().intValue()).isZero();
      }
    }
  }

  private static List<String> skus(IndexSearcher searcher, TopDocs top) throws IOException {
    List<String> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      out.add(searcher.storedFields().document(sd.doc).get("sku"));
    }
    return out;
  }
}
