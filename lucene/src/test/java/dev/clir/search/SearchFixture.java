package dev.clir.search;

import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;

/** The help corpus indexed in three commits (three segments, so that joins cross segment boundaries). */
final class SearchFixture {
  private SearchFixture() {}

  static void build(Path path) {
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).build(), CachingEmbedder.shared())) {
      int n = HelpCorpus.DOCS.size();
      for (int from = 0; from < n; from += 4) {
        writer.addAll(HelpCorpus.DOCS.subList(from, Math.min(n, from + 4)));
        writer.commit();
      }
    }
  }
}
