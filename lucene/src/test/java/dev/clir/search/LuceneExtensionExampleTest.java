package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.index.ClirCodec;
import dev.clir.index.ClirFields;
import dev.clir.index.VectorFormat;
import dev.clir.model.ModelInfo;
import dev.clir.testing.CachingEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ScoreMode;
import org.apache.lucene.search.join.ToParentBlockJoinQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension surface on a plain Lucene application index (docs/lucene-extension.md shows the same code): the
 * application keeps its fields, analyzer, codec and BM25 queries, and adds clir's vectors and a cross-lingual
 * query to them.
 */
class LuceneExtensionExampleTest {
  /** The real model, counting embed calls. */
  static final class CountingEmbedder implements Embedder {
    final Embedder delegate = CachingEmbedder.shared();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ModelInfo info() {
      return delegate.info();
    }

    @Override
    public Embeddings embed(TextKind kind, List<String> texts) {
      calls.incrementAndGet();
      return delegate.embed(kind, texts);
    }

    @Override
    public TextTokenizer tokenizer() {
      return delegate.tokenizer();
    }

    @Override
    public void close() {}
  }

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
    CountingEmbedder embedder = new CountingEmbedder();
    // (3) the application's codec, with clir's format for clir's field only
    Codec codec = ClirCodec.wrap(Codec.getDefault(), Map.of("clir_vector", VectorFormat.INT8));
    // (1) clir's fields, checked once for the model's dimension
    ClirFields clir = ClirFields.forModel("clir_vector", embedder.info());

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
        clir.addTo(doc, embedder, a[3], a[4]);
        writer.addDocument(doc);
      }
      writer.commit();
    }
    assertThat(embedder.calls.get()).isEqualTo(ARTICLES.length);

    // A plain reader opens it: no ClirCodec needed to read, each field's format is found by name.
    try (Directory dir = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        FieldInfo clirField = leaf.reader().getFieldInfos().fieldInfo("clir_vector");
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
      int before = embedder.calls.get();
      CrossLingualQuery question = CrossLingualQuery.of(embedder, "clir_vector", "how do I restart my router?", 2);
      assertThat(embedder.calls.get()).isEqualTo(before + 1);
      assertThat(skus(searcher, searcher.search(question, 2))).containsExactlyInAnyOrder("r-100", "r-200");

      // composed with the application's own filters in its own BooleanQuery
      Query acmeRouterUnder100 = new BooleanQuery.Builder()
          .add(question, Occur.MUST)
          .add(new TermQuery(new Term("brand", "acme")), Occur.FILTER)
          .add(IntPoint.newRangeQuery("price", 0, 100), Occur.FILTER)
          .build();
      assertThat(skus(searcher, searcher.search(acmeRouterUnder100, 5))).containsExactly("r-100");
      // a FILTER clause only removes hits from the k found; withFilter restricts the candidates first
      CrossLingualQuery top1 = CrossLingualQuery.of(embedder, "clir_vector", "how do I restart my router?", 1);
      Query postFiltered = new BooleanQuery.Builder().add(top1, Occur.MUST)
          .add(new TermQuery(new Term("brand", "zenith")), Occur.FILTER).build();
      Query preFiltered = top1.withFilter(new TermQuery(new Term("brand", "zenith")));
      List<String> post = skus(searcher, searcher.search(postFiltered, 5));
      assertThat(post).hasSizeLessThanOrEqualTo(1);
      assertThat(skus(searcher, searcher.search(preFiltered, 5))).containsExactly("r-200");
      // mixed with the application's BM25: either signal can find a document
      Query mixed = new BooleanQuery.Builder().add(question, Occur.SHOULD)
          .add(new TermQuery(new Term("body", "keyboard")), Occur.SHOULD).build();
      assertThat(skus(searcher, searcher.search(mixed, 5))).contains("r-100", "r-200");

      // searching, counting and explaining never embed again
      int afterBuilding = embedder.calls.get();
      searcher.count(acmeRouterUnder100);
      searcher.explain(question, 0);
      searcher.search(acmeRouterUnder100, 5);
      assertThat(embedder.calls.get()).isEqualTo(afterBuilding);
    }
  }

  @Test
  void queryIsAnImmutableValue() {
    Embedder embedder = CachingEmbedder.shared();
    CrossLingualQuery a = CrossLingualQuery.of(embedder, "clir_vector", "restart the router", 5);
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
    assertThatThrownBy(() -> ClirFields.of("v", 2000, org.apache.lucene.index.VectorSimilarityFunction.COSINE))
        .hasMessageContaining("dimension must be in [1, 1024]");
    assertThatThrownBy(() -> ClirFields.forModel("v", embedder.info()).vector(new float[3]))
        .hasMessageContaining("3 dimensions");
  }

  @Test
  void longApplicationDocumentsAsPassageBlocks() throws IOException {
    Embedder embedder = CachingEmbedder.shared();
    ClirFields clir = ClirFields.forModel("clir_vector", embedder.info());
    ChunkingConfig small = ChunkingConfig.builder().maxTokens(24).overlapTokens(4).build();
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
        .setCodec(ClirCodec.wrap(Codec.getDefault(), Map.of("clir_vector", VectorFormat.FLOAT32)));
    try (Directory dir = FSDirectory.open(path)) {
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (String[] a : ARTICLES) {
          String body = "General safety notes apply to all products. " + a[4] + " Keep the receipt for warranty.";
          List<Document> block = new ArrayList<>(clir.passageDocuments(embedder, small, a[3], body));
          Document app = new Document();
          app.add(new StringField("sku", a[0], Field.Store.YES));
          app.add(new StringField("brand", a[1], Field.Store.YES));
          app.add(new StringField("type", "article", Field.Store.NO));
          block.add(app); // the application's document last: the parent of the block
          writer.addDocuments(block);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        var parents = new QueryBitSetProducer(new TermQuery(new Term("type", "article")));
        CrossLingualQuery question = CrossLingualQuery.of(embedder, "clir_vector", "the keyboard does not connect", 3)
            .withParents(parents);
        Query articles = new BooleanQuery.Builder()
            .add(new ToParentBlockJoinQuery(question, parents, ScoreMode.Max), Occur.MUST)
            .add(new TermQuery(new Term("brand", "zenith")), Occur.FILTER)
            .build();
        List<String> skus = skus(searcher, searcher.search(articles, 3));
        assertThat(skus).first().isEqualTo("k-500");
        assertThat(new HashSet<>(skus)).hasSameSizeAs(skus); // one hit per application document
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
