package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchRequest;
import dev.clir.search.SearchResults;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each vector format through the codec, searched with the real test model; quantized scores rescored honestly. */
class VectorFormatsTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();
  private static final Map<VectorFormat, String> LUCENE_NAMES = Map.of(
      VectorFormat.FLOAT32, "Lucene99HnswVectorsFormat",
      VectorFormat.INT8, "Lucene104HnswBinaryQuantizedVectorsFormat", // sic: Lucene 10.6's NAME of the scalar format
      VectorFormat.INT4, "Lucene104HnswBinaryQuantizedVectorsFormat",
      VectorFormat.BINARY, "Lucene104HnswBinaryQuantizedVectorsFormat");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void storesSearchesAndRecordsEachFormat(VectorFormat format) throws Exception {
    Path path = dir.resolve(format.label());
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).vectorFormat(format)
        .hnsw(new HnswParams(12, 64)).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS);
      writer.commit();
    }
    try (ClirSearcher searcher = ClirSearcher.open(path, MODEL, false)) {
      assertThat(searcher.metadata().vectorFormat()).isEqualTo(format);
      assertThat(searcher.metadata().hnsw()).isEqualTo(new HnswParams(12, 64));
      int correct = 0;
      for (var q : HelpCorpus.QUESTIONS.entrySet()) {
        SearchRequest request = SearchRequest.builder(q.getValue()).k(3).build();
        SearchResults approx = searcher.search(request);
        SearchResults exact = searcher.search(request.toBuilder().exact(true).build());
        assertThat(approx.rescored()).isEqualTo(format.quantized());
        if (approx.hits().get(0).id().equals(q.getKey())) {
          correct++;
        }
        // rescored (or float32) scores are the exact full-precision scores of the same documents
        for (SearchHit h : approx.hits()) {
          exact.hits().stream().filter(e -> e.id().equals(h.id())).findFirst()
              .ifPresent(e -> assertThat(h.score()).isCloseTo(e.score(), within(1e-5f)));
        }
      }
      assertThat(correct).as("top-1 correct of 12 with %s", format).isGreaterThanOrEqualTo(10);
      // a filter nothing matches returns nothing, in every format (rescored ones included)
      assertThat(searcher.search(SearchRequest.builder("printer").filter(IndexFields.metaFilter("category", "none"))
          .build()).hits()).isEmpty();
    }
    // the per-field format is recorded in the segment, where any Lucene 10 reader finds it by name
    try (var d = org.apache.lucene.store.FSDirectory.open(path);
        var reader = org.apache.lucene.index.DirectoryReader.open(d)) {
      for (LeafReaderContext leaf : new IndexSearcher(reader).getIndexReader().leaves()) {
        FieldInfo fi = leaf.reader().getFieldInfos().fieldInfo(IndexFields.VECTOR);
        assertThat(fi.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY)).isEqualTo(LUCENE_NAMES.get(format));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = VectorFormat.class, names = {"INT4", "BINARY"})
  void quantizedScoresWithoutRescoreAreEstimates(VectorFormat format) throws Exception {
    Path path = dir.resolve(format.label());
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).vectorFormat(format).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS);
      writer.commit();
    }
    try (ClirSearcher searcher = ClirSearcher.open(path, MODEL, false)) {
      double maxError = 0;
      for (String q : HelpCorpus.QUESTIONS.values()) {
        SearchRequest raw = SearchRequest.builder(q).k(5).fullPrecisionRescore(false).build();
        SearchResults estimates = searcher.search(raw);
        SearchResults exact = searcher.search(raw.toBuilder().exact(true).k(12).build());
        assertThat(estimates.rescored()).isFalse();
        for (SearchHit h : estimates.hits()) {
          float truth = exact.hits().stream().filter(e -> e.id().equals(h.id())).findFirst().orElseThrow().score();
          maxError = Math.max(maxError, Math.abs(h.score() - truth));
        }
      }
      assertThat(maxError).as("largest |quantized - exact| score with %s", format).isGreaterThan(1e-4);
    }
  }
}
