package dev.clir.index;

import dev.clir.model.Fingerprint;
import dev.clir.model.ModelMismatchException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.model.ModelInfo;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchRequest;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit-data record and the model guard, with the real test model. */
class IndexMetadataTest {
  private static final CachingEmbedder MODEL = CachingEmbedder.shared();
  private static final String OTHER_FINGERPRINT = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  private static ModelInfo withFingerprint(ModelInfo m, String fingerprint) {
    return new ModelInfo(m.id(), m.directory(), m.onnxFile(), m.tokenizerFile(), fingerprint, m.dimension(),
        m.maxSeqLength(), m.queryPrefix(), m.passagePrefix(), m.pooling(), m.normalize());
  }

  private static ModelInfo withDimension(ModelInfo m, int dimension) {
    return new ModelInfo("intfloat/multilingual-e5-base", m.directory(), m.onnxFile(), m.tokenizerFile(),
        OTHER_FINGERPRINT, dimension, m.maxSeqLength(), m.queryPrefix(), m.passagePrefix(), m.pooling(),
        m.normalize());
  }

  @Test
  void roundTripsThroughCommitUserData() {
    IndexMetadata m = IndexMetadata.create(MODEL.info(), VectorSimilarityFunction.DOT_PRODUCT,
        ChunkingConfig.builder().maxTokens(200).overlapTokens(20).includeTitle(false).build(), 200,
        VectorFormat.INT4, new HnswParams(32, 200));
    Map<String, String> data = m.toUserData();
    assertThat(data).containsEntry("clir.vector.lucene_format", "Lucene104HnswBinaryQuantizedVectorsFormat")
        .containsEntry("clir.vector.format", "int4").containsEntry("clir.vector.hnsw_m", "32");
    assertThat(IndexMetadata.fromUserData(data)).isEqualTo(m);
    assertThat(m.differences(MODEL.info())).isEmpty();

    Map<String, String> damaged = new HashMap<>(data);
    damaged.remove("clir.model.dimension");
    assertThatThrownBy(() -> IndexMetadata.fromUserData(damaged)).isInstanceOf(ClirIndexException.class)
        .hasMessageContaining("missing clir.model.dimension");
    assertThatThrownBy(() -> IndexMetadata.fromUserData(Map.of("foo", "bar"))).isInstanceOf(ClirIndexException.class)
        .hasMessageContaining("not a clir index");
  }

  @Test
  void refusesAnotherModelUnlessOverriddenButNeverAnotherDimension() {
    Path path = dir.resolve("idx");
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL)) {
      writer.addAll(HelpCorpus.DOCS.subList(0, 2));
      writer.commit();
    }
    CachingEmbedder otherBuild = CachingEmbedder.reportingInfo(m -> withFingerprint(m, OTHER_FINGERPRINT));
    IndexConfig config = IndexConfig.builder(path).build();
    assertThatThrownBy(() -> ClirIndexWriter.open(config, otherBuild))
        .isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining(Fingerprint.shortForm(MODEL.info().fingerprint()))
        .hasMessageContaining(Fingerprint.shortForm(OTHER_FINGERPRINT))
        .hasMessageContaining("--allow-model-mismatch");
    assertThatThrownBy(() -> ClirSearcher.open(path, otherBuild, false))
        .isInstanceOf(ModelMismatchException.class);

    // the expert override opens it; the index keeps its recorded model
    try (ClirIndexWriter writer = ClirIndexWriter.open(config.toBuilder().allowModelMismatch(true).build(), otherBuild)) {
      assertThat(writer.metadata().modelFingerprint()).isEqualTo(MODEL.info().fingerprint());
      writer.add(HelpCorpus.DOCS.get(2));
      writer.commit();
    }
    try (ClirSearcher searcher = ClirSearcher.open(path, otherBuild, true)) {
      assertThat(searcher.search(SearchRequest.builder("reset my router").k(1).build()).ids())
          .containsExactly("router-reset");
    }

    CachingEmbedder otherDimension = CachingEmbedder.reportingInfo(m -> withDimension(m, 768));
    for (boolean override : new boolean[] {false, true}) {
      assertThatThrownBy(() -> ClirIndexWriter.open(config.toBuilder().allowModelMismatch(override).build(),
          otherDimension))
          .isInstanceOf(ModelMismatchException.class)
          .hasMessageContaining("384 dimensions")
          .hasMessageContaining("768 dimensions")
          .hasMessageContaining("even with the model-mismatch override");
    }
  }

  @Test
  void anExistingIndexKeepsItsRecordedSettings() {
    Path path = dir.resolve("idx");
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).vectorFormat(VectorFormat.INT8)
        .chunking(ChunkingConfig.builder().maxTokens(100).build()).build(), MODEL)) {
      writer.commit();
    }
    try (ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(path).vectorFormat(VectorFormat.BINARY)
        .build(), MODEL)) {
      assertThat(writer.metadata().vectorFormat()).isEqualTo(VectorFormat.INT8);
      assertThat(writer.metadata().chunking().maxTokens()).isEqualTo(100);
    }
  }

  @Test
  void refusesToWriteIntoAnotherApplicationsIndex() throws IOException {
    Path path = dir.resolve("app");
    try (var d = FSDirectory.open(path); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("sku", "A-1", Field.Store.YES));
      w.addDocument(doc);
      w.commit();
    }
    assertThatThrownBy(() -> ClirIndexWriter.open(IndexConfig.builder(path).build(), MODEL))
        .isInstanceOf(ClirIndexException.class).hasMessageContaining("is not a clir index")
        .hasMessageContaining("ClirFields");
    assertThatThrownBy(() -> ClirSearcher.open(dir.resolve("missing"), MODEL, false))
        .isInstanceOf(ClirIndexException.class).hasMessageContaining("no index at");
  }
}
