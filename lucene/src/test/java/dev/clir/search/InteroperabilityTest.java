package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.eval.EvalReport;
import dev.clir.eval.Evaluator;
import dev.clir.eval.Metric;
import dev.clir.eval.Qrels;
import dev.clir.eval.QuerySet;
import dev.clir.eval.Run;
import dev.clir.index.ClirAnalyzer;
import dev.clir.index.ClirFields;
import dev.clir.index.ClirIndexException;
import dev.clir.index.IndexFields;
import dev.clir.index.IndexMetadata;
import dev.clir.search.ApplicationIndex.Layout;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.ScoreMode;
import org.apache.lucene.search.join.ToParentBlockJoinQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One schema, one query, both ways: an index written by clir's indexer is searched by a plain Lucene application
 * through the documented API, and an index an application wrote through the documented field API is opened and
 * evaluated by the searcher clir-query runs (or refused, saying what is missing).
 */
class InteroperabilityTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  @TempDir Path tmp;

  @Test
  void aPlainLuceneApplicationSearchesAClirIndexThroughTheDocumentedApi() throws IOException {
    Path path = tmp.resolve("clir-index");
    SearchFixture.build(path); // ClirIndexWriter: what clir-index writes
    String question = "how do I restart my router?";
    try (Directory dir = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexMetadata metadata = IndexMetadata.fromUserData(reader.getIndexCommit().getUserData());
      ClirFields clir = ClirFields.of(metadata.dimension(), metadata.similarity());
      assertThat(clir.vectorField()).isEqualTo(IndexFields.VECTOR);
      IndexSearcher searcher = new IndexSearcher(reader); // the application's own searcher
      BitSetProducer parents = clir.parentsFilter();

      // the application's own filter clause next to the cross-lingual query, in its own BooleanQuery
      CrossLingualQuery passages = CrossLingualQuery.of(MODEL, clir.vectorField(), question, 5).withParents(parents);
      Query networkArticles = new BooleanQuery.Builder()
          .add(new ToParentBlockJoinQuery(passages, parents, ScoreMode.Max), Occur.MUST)
          .add(new TermQuery(new Term(IndexFields.metaField("category"), "network")), Occur.FILTER)
          .build();
      List<String> network = ids(searcher, searcher.search(networkArticles, 5));
      assertThat(network).isNotEmpty().first().isEqualTo("router-reset");
      assertThat(network).allSatisfy(id -> assertThat(category(searcher, id)).isEqualTo("network"));

      // a parent pre-filter returns k documents of a category the question is not about, exactly as ClirSearcher
      Query account = new TermQuery(new Term(IndexFields.metaField("category"), "account"));
      Query accountArticles = new ToParentBlockJoinQuery(
          CrossLingualQuery.of(MODEL, clir.vectorField(), question, 3).withParents(parents).withParentFilter(account),
          parents, ScoreMode.Max);
      List<String> app = ids(searcher, searcher.search(accountArticles, 3));
      assertThat(app).hasSize(3).allSatisfy(id -> assertThat(category(searcher, id)).isEqualTo("account"));
      try (ClirSearcher clirQuery = ClirSearcher.open(path, MODEL, false)) {
        SearchResults same = clirQuery.search(SearchRequest.builder(question).k(3).numCandidates(3).filter(account)
            .build());
        assertThat(app).isEqualTo(same.ids());

        // hybrid: the library call fuses the application's two rankings as clir-query's hybrid mode does
        String words = "router reset button";
        Query vectorLeg = new ToParentBlockJoinQuery(CrossLingualQuery.of(MODEL, clir.vectorField(), words,
            SearchRequest.DEFAULT_NUM_CANDIDATES).withParents(parents), parents, ScoreMode.Max);
        Query keywordLeg = new BooleanQuery.Builder()
            .add(KeywordQuery.build(ClirAnalyzer.create(), words), Occur.MUST)
            .add(clir.parentsQuery(), Occur.FILTER)
            .build();
        SearchRequest hybrid = SearchRequest.builder(words).k(5).hybrid().build();
        TopDocs fused = FusedSearch.search(searcher, vectorLeg, keywordLeg, clirQuery.fusionSettings(hybrid), 5);
        assertThat(ids(searcher, fused)).isEqualTo(clirQuery.search(hybrid).ids());
      }
    }
  }

  @Test
  void clirQuerysSearcherOpensAndEvaluatesAnIndexAnApplicationBuiltWithTheFieldApi() throws IOException {
    // no model recorded: refused, naming what is missing and how to add it
    Path unrecorded = ApplicationIndex.build(tmp.resolve("unrecorded"), Layout.BLOCKS, false);
    assertThatThrownBy(() -> ClirSearcher.open(unrecorded, MODEL, false))
        .isInstanceOf(ClirIndexException.class)
        .hasMessageContaining(unrecorded.toString())
        .hasMessageContaining("clir.model.fingerprint")
        .hasMessageContaining("commitData");

    Path path = ApplicationIndex.build(tmp.resolve("app-index"), Layout.BLOCKS, true);
    try (ClirSearcher searcher = ClirSearcher.open(path, MODEL, false)) {
      assertThat(searcher.documentIds()).hasSize(HelpCorpus.DOCS.size());
      SearchHit hit = searcher.search(SearchRequest.builder("my computer cannot find the printer").k(1).build())
          .hits().get(0);
      assertThat(hit.id()).isEqualTo("printer-offline");
      assertThat(hit.title()).isEqualTo("Printer shows offline");
      assertThat(hit.passage().text()).startsWith("Check that the printer");

      // clir-query eval: every question of the corpus, judged against its article
      Run.Builder run = Run.builder("app-index");
      Map<String, Map<String, Integer>> judgments = new java.util.LinkedHashMap<>();
      List<dev.clir.eval.Query> questions = new ArrayList<>();
      for (var q : HelpCorpus.QUESTIONS.entrySet()) {
        String qid = "q-" + q.getKey();
        questions.add(new dev.clir.eval.Query(qid, q.getValue(), "en"));
        judgments.put(qid, Map.of(q.getKey(), 1));
        run.query(qid);
        for (SearchHit h : searcher.search(SearchRequest.builder(q.getValue()).k(10).build()).hits()) {
          run.add(qid, h.id(), h.score());
        }
      }
      EvalReport report = new Evaluator().evaluate(QuerySet.of(questions), Qrels.of(judgments), run.build(),
          searcher.documentIds());
      assertThat(report.overall().evaluated()).isEqualTo(HelpCorpus.QUESTIONS.size());
      assertThat(report.unknownJudgedDocs()).isEmpty();
      assertThat(report.overall().means().get(Metric.RECALL_10)).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void documentsWithOneVectorEachAreRefusedWithWhatIsMissing() throws IOException {
    Path path = ApplicationIndex.build(tmp.resolve("flat-index"), Layout.ONE_VECTOR_PER_DOCUMENT, true);
    assertThatThrownBy(() -> ClirSearcher.open(path, MODEL, false))
        .isInstanceOf(ClirIndexException.class)
        .hasMessageContaining(path.toString())
        .hasMessageContaining("clir.kind:doc")
        .hasMessageContaining("ClirFields.block");
  }

  private static List<String> ids(IndexSearcher searcher, TopDocs top) throws IOException {
    List<String> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      out.add(searcher.storedFields().document(sd.doc).get(IndexFields.ID));
    }
    return out;
  }

  private static String category(IndexSearcher searcher, String id) throws IOException {
    TopDocs top = searcher.search(new TermQuery(new Term(IndexFields.ID, id)), 1);
    return searcher.storedFields().document(top.scoreDocs[0].doc).get(IndexFields.metaField("category"));
  }
}
