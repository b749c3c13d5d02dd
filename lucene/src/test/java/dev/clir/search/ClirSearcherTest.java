package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clir.index.IndexFields;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vector search over the help corpus with the real test model: hits, filters, thresholds, exact search. */
class ClirSearcherTest {
  @TempDir static Path dir;
  static ClirSearcher searcher;

  @BeforeAll
  static void index() {
    SearchFixture.build(dir);
    searcher = ClirSearcher.open(dir, CachingEmbedder.shared(), false);
  }

  @AfterAll
  static void close() {
    searcher.close();
  }

  @Test
  void findsTheDocumentForEachParaphrasedQuestion() {
    assertThat(searcher.stats().segments()).isEqualTo(3);
    int top1 = 0;
    for (var q : HelpCorpus.QUESTIONS.entrySet()) {
      SearchResults r = searcher.search(SearchRequest.builder(q.getValue()).k(3).build());
      assertThat(r.ids()).as(q.getValue()).contains(q.getKey());
      top1 += r.ids().get(0).equals(q.getKey()) ? 1 : 0;
    }
    assertThat(top1).isGreaterThanOrEqualTo(11);
  }

  @Test
  void hitsCarryTheDocumentAndItsBestPassage() {
    SearchResults r = searcher.search(SearchRequest.builder("my printer says it is offline").k(2).build());
    assertThat(r.mode()).isEqualTo(SearchMode.VECTOR);
    assertThat(r.searchMillis()).isPositive();
    assertThat(r.embedMillis()).isGreaterThanOrEqualTo(0);
    SearchHit hit = r.hits().get(0);
    assertThat(hit.id()).isEqualTo("printer-offline");
    assertThat(hit.title()).isEqualTo("Printer shows offline");
    assertThat(hit.url()).isEqualTo("https://help.example.com/printer-offline");
    assertThat(hit.lang()).isEqualTo("en");
    assertThat(hit.meta()).containsEntry("category", "device").containsEntry("product", "printer");
    assertThat(hit.passage().ordinal()).isZero();
    assertThat(hit.passage().start()).isZero();
    assertThat(hit.passage().text()).startsWith("Check that the printer");
    assertThat(hit.passage().end()).isEqualTo(hit.passage().text().length());
    assertThat(hit.score()).isEqualTo(hit.vectorScore()).isBetween(0.5f, 1f);
    assertThat(hit.vectorRank()).isEqualTo(1);
    assertThat(r.hits().get(1).score()).isLessThanOrEqualTo(hit.score());
  }

  @Test
  void filtersOnDocumentFieldsApplyBeforeTheNearestNeighbourSearch() {
    // A question about routers, filtered to account articles: pre-filtering still returns k account articles.
    SearchResults r = searcher.search(SearchRequest.builder("how do I restart my router?").k(3)
        .filter(IndexFields.metaFilter("category", "account")).build());
    assertThat(r.hits()).hasSize(3).allSatisfy(h -> assertThat(h.meta()).containsEntry("category", "account"));

    SearchResults all = searcher.search(SearchRequest.builder("how do I restart my router?").k(20)
        .filter(IndexFields.metaFilter("category", "account")).build());
    assertThat(all.ids()).containsExactlyInAnyOrder("password-reset", "two-factor", "delete-account", "export-data");

    var networkRouters = new BooleanQuery.Builder()
        .add(IndexFields.metaFilter("category", "network"), Occur.FILTER)
        .add(IndexFields.metaFilter("product", "router"), Occur.FILTER)
        .build();
    assertThat(searcher.search(SearchRequest.builder("internet problems").k(10).filter(networkRouters).build()).ids())
        .containsExactlyInAnyOrder("router-reset", "wifi-slow");
    assertThat(searcher.search(SearchRequest.builder("anything").k(5)
        .filter(new TermQuery(new Term(IndexFields.LANG, "en"))).build()).hits()).hasSize(5);
    assertThat(searcher.search(SearchRequest.builder("anything").k(5)
        .filter(new TermQuery(new Term(IndexFields.LANG, "pt"))).build()).hits()).isEmpty();
    // exact search honours filters too
    assertThat(searcher.search(SearchRequest.builder("update failed").k(5).exact(true)
        .filter(IndexFields.metaFilter("product", "tablet")).build()).ids()).containsExactly("error-e4012");
  }

  @Test
  void minimumScoreDropsWeakHits() {
    SearchRequest request = SearchRequest.builder("how do I get my money back?").k(5).build();
    List<SearchHit> hits = searcher.search(request).hits();
    float between = (hits.get(0).score() + hits.get(1).score()) / 2;
    assertThat(searcher.search(request.toBuilder().minScore(between).build()).ids()).containsExactly("refund");
    assertThat(searcher.search(request.toBuilder().minScore(0.9999f).build()).hits()).isEmpty();
  }

  @Test
  void exactSearchAgreesWithHnswOnASmallIndex() {
    for (String q : HelpCorpus.QUESTIONS.values()) {
      SearchRequest request = SearchRequest.builder(q).k(5).build();
      SearchResults hnsw = searcher.search(request);
      SearchResults exact = searcher.search(request.toBuilder().exact(true).build());
      assertThat(exact.exact()).isTrue();
      assertThat(exact.ids()).isEqualTo(hnsw.ids());
      for (int i = 0; i < 5; i++) {
        // same vectors, but SIMD (Panama) dot products may differ in the last bit between the two code paths
        assertThat(exact.hits().get(i).score()).isCloseTo(hnsw.hits().get(i).score(), within(1e-6f));
        assertThat(exact.hits().get(i).passage()).isEqualTo(hnsw.hits().get(i).passage());
      }
    }
  }

  @Test
  void requestsAreValidated() {
    assertThatThrownBy(() -> SearchRequest.builder("q").k(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SearchRequest.builder("q").k(20).numCandidates(10).build())
        .hasMessageContaining("numCandidates (10) must be >= k (20)");
    assertThat(SearchRequest.builder("q").k(500).build().numCandidates()).isEqualTo(500);
    assertThat(SearchRequest.builder("q").build().numCandidates()).isEqualTo(100);
    assertThatThrownBy(() -> searcher.search(new float[3], SearchRequest.builder("q").build()))
        .hasMessageContaining("3 dimensions");
  }
}
