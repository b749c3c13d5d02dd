package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.index.IndexFields;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BM25-only search: ranks by the query's words, embeds nothing, and uses a given vector only for passages. */
class KeywordModeTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();

  @TempDir Path dir;

  @Test
  void ranksByWordsAloneAndFillsPassagesOnlyWithAVector() {
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(dir).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS);
      writer.commit();
      ClirSearcher searcher = ClirSearcher.over(writer);
      SearchRequest request = SearchRequest.builder("E-4012").mode(SearchMode.KEYWORD).k(5).minScore(0.99f).build();

      SearchResults words = searcher.search(request);
      assertThat(words.mode()).isEqualTo(SearchMode.KEYWORD);
      assertThat(words.embedMillis()).isZero();
      assertThat(words.ids()).containsExactly("error-e4012");
      SearchHit hit = words.hits().get(0);
      assertThat(hit.keywordRank()).isEqualTo(1);
      assertThat(hit.vectorRank()).isZero();
      assertThat(hit.passage()).isNull();
      assertThat(hit.score()).isPositive();

      float[] vector = MODEL.embedQuery("E-4012");
      SearchResults withVector = searcher.search(vector, request.toBuilder().minScore(0).build());
      assertThat(withVector.ids()).containsExactly("error-e4012");
      assertThat(withVector.hits().get(0).passage()).isNotNull();
      assertThat(withVector.hits().get(0).vectorScore()).isPositive();
      assertThat(withVector.hits().get(0).score()).isEqualTo(hit.score());

      assertThat(searcher.search(SearchRequest.builder("!!!").mode(SearchMode.KEYWORD).build()).hits()).isEmpty();
      assertThat(searcher.search(SearchRequest.builder("refund").mode(SearchMode.KEYWORD)
          .filter(IndexFields.metaFilter("category", "network")).build()).hits()).isEmpty();
      assertThatThrownBy(() -> searcher.search(null, SearchRequest.builder("refund").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VECTOR");
    }
  }
}
