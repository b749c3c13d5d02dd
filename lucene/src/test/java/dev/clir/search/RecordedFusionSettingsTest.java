package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.Normalization;
import dev.clir.search.fusion.ScoreFusion;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fusion settings recorded in an index's commit data are what its searchers fuse with, unless a request says otherwise. */
class RecordedFusionSettingsTest {
  @TempDir Path tmp;

  private static final FusionSettings RECORDED = FusionSettings.fixed(new ScoreFusion(Normalization.Z_SCORE), 30, 0.2);

  @Test
  void searchersUseTheRecordedSettingsUnlessTheRequestOverrides() {
    Path dir = tmp.resolve("recorded");
    index(dir, RECORDED.commitData());
    try (ClirSearcher searcher = ClirSearcher.open(dir, CachingEmbedder.shared(), false)) {
      assertThat(searcher.fusionSettings(SearchRequest.builder("q").build())).isEqualTo(RECORDED);
      FusionSettings other = FusionSettings.defaults();
      assertThat(searcher.fusionSettings(SearchRequest.builder("q").fusionSettings(other).build())).isEqualTo(other);
      SearchResults r = searcher.search(SearchRequest.builder("my router keeps dropping the connection")
          .mode(SearchMode.HYBRID).k(3).build());
      assertThat(r.fusion().function()).isEqualTo("convex(z-score)");
      assertThat(r.fusion().depth()).isEqualTo(30);
      assertThat(r.fusion().weight().vector()).isEqualTo(0.2);
    }
  }

  @Test
  void withoutRecordedSettingsTheModelsShippedOnesApply() {
    Path dir = tmp.resolve("plain");
    index(dir, Map.of());
    try (ClirSearcher searcher = ClirSearcher.open(dir, CachingEmbedder.shared(), false)) {
      assertThat(searcher.fusionSettings(SearchRequest.builder("q").build()))
          .isEqualTo(FusionSettings.forModel(searcher.metadata().modelId()));
    }
  }

  @Test
  void damagedRecordedSettingsAreAnInputErrorNamingTheIndex() {
    Path dir = tmp.resolve("damaged");
    index(dir, Map.of(FusionSettings.COMMIT_KEY, "{\"clirFusionSettings\": 2, \"function\": \"borda\"}"));
    assertThatThrownBy(() -> ClirSearcher.open(dir, CachingEmbedder.shared(), false))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining(dir + " (commit data " + FusionSettings.COMMIT_KEY + ")")
        .hasMessageContaining("function: unknown function 'borda'");
  }

  private static void index(Path dir, Map<String, String> commitData) {
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(dir).build(), CachingEmbedder.shared())) {
      writer.addAll(HelpCorpus.DOCS.subList(0, 4));
      writer.commit(commitData);
    }
  }
}
