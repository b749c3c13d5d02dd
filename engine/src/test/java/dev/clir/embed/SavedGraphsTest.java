package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.clir.model.FingerprintCache;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimised graph saved in clir's cache: same outputs as the model's own file, and never in the way. */
class SavedGraphsTest {
  private static final Supplier<OrtSession.SessionOptions> OPTIONS = () -> {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setIntraOpNumThreads(1);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    return so;
  };
  private static final String FINGERPRINT = "sha256:" + "0".repeat(64);

  @TempDir Path cache;

  private final OrtEnvironment env = OrtEnvironments.get();
  private final Path onnx = TestModel.dir().resolve("model.onnx");

  @Test
  void theFirstOpenSavesTheGraphAndLaterOpensMapItWithTheSameOutputs() throws Exception {
    SavedGraphs graphs = new SavedGraphs(cache, SavedGraphs.MAX_GRAPH_BYTES);
    float[] original;
    try (OrtSession s = SavedGraphs.openOriginal(env, onnx, OPTIONS)) {
      original = firstTokenVector(s);
    }
    SavedGraphs.Opened first = graphs.open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = first.session()) {
      assertThat(first.mappedBytes()).isNull(); // this open optimised the graph itself
      assertThat(firstTokenVector(s)).containsExactly(original);
    }
    assertThat(savedFiles()).hasSize(1);
    SavedGraphs.Opened second = graphs.open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = second.session()) {
      assertThat(second.mappedBytes()).isNotNull();
      assertThat(firstTokenVector(s)).containsExactly(original);
    }
    assertThat(savedFiles()).hasSize(1);
  }

  @Test
  void aDamagedSavedGraphIsReplaced() throws Exception {
    SavedGraphs graphs = new SavedGraphs(cache, SavedGraphs.MAX_GRAPH_BYTES);
    graphs.open(env, onnx, FINGERPRINT, OPTIONS).session().close();
    Path saved = savedFiles().get(0);
    byte[] bytes = Files.readAllBytes(saved);
    Files.write(saved, Arrays.copyOf(bytes, bytes.length / 3)); // cut short
    SavedGraphs.Opened reopened = graphs.open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = reopened.session()) {
      assertThat(reopened.mappedBytes()).as("the damaged file was not used").isNull();
      assertThat(firstTokenVector(s)).hasSize(384);
    }
    assertMapsAWholeGraph(graphs);

    Files.write(saved, "not a graph".getBytes());
    try (OrtSession s = graphs.open(env, onnx, FINGERPRINT, OPTIONS).session()) {
      assertThat(firstTokenVector(s)).hasSize(384);
    }
    assertMapsAWholeGraph(graphs);
  }

  /** The next open maps the saved graph: it was saved again, whole. */
  private void assertMapsAWholeGraph(SavedGraphs graphs) throws Exception {
    assertThat(savedFiles()).hasSize(1);
    SavedGraphs.Opened next = graphs.open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = next.session()) {
      assertThat(next.mappedBytes()).isNotNull();
      assertThat(firstTokenVector(s)).hasSize(384);
    }
  }

  @Test
  void anotherFingerprintOfTheSameFileReplacesTheOlderGraph() throws Exception {
    SavedGraphs graphs = new SavedGraphs(cache, SavedGraphs.MAX_GRAPH_BYTES);
    graphs.open(env, onnx, FINGERPRINT, OPTIONS).session().close();
    Path older = savedFiles().get(0);
    graphs.open(env, onnx, "sha256:" + "1".repeat(64), OPTIONS).session().close();
    assertThat(savedFiles()).hasSize(1).doesNotContain(older);
  }

  @Test
  void anUnwritableCacheOpensTheModelsOwnFile() throws Exception {
    Path notAFolder = Files.writeString(cache.resolve("file"), "x");
    SavedGraphs.Opened opened = new SavedGraphs(notAFolder.resolve("graphs"), SavedGraphs.MAX_GRAPH_BYTES).open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = opened.session()) {
      assertThat(opened.mappedBytes()).isNull();
      assertThat(firstTokenVector(s)).hasSize(384);
    }
  }

  @Test
  void aGraphOverTheLimitIsNotSaved() throws Exception {
    SavedGraphs.Opened opened = new SavedGraphs(cache, 1 << 20).open(env, onnx, FINGERPRINT, OPTIONS);
    try (OrtSession s = opened.session()) {
      assertThat(opened.mappedBytes()).isNull();
      assertThat(firstTokenVector(s)).hasSize(384);
    }
    assertThat(savedFiles()).isEmpty();
  }

  @Test
  void aGraphThatCouldNotBeSavedIsNotTriedAgain() throws Exception {
    SavedGraphs graphs = new SavedGraphs(cache, SavedGraphs.MAX_GRAPH_BYTES);
    graphs.open(env, onnx, FINGERPRINT, OPTIONS).session().close();
    Path saved = savedFiles().get(0);
    Path mark = saved.resolveSibling(saved.getFileName().toString().replace(SavedGraphs.SUFFIX, SavedGraphs.UNSAVED_SUFFIX));
    Files.delete(saved);
    Files.createFile(mark); // as a failed save leaves it
    try (OrtSession s = graphs.open(env, onnx, FINGERPRINT, OPTIONS).session()) {
      assertThat(firstTokenVector(s)).hasSize(384);
    }
    assertThat(savedFiles()).isEmpty();
  }

  @Test
  void theKeyFollowsTheFingerprintAndTheRuntime() {
    assertThat(SavedGraphs.graphKey(FINGERPRINT, "1.29.0")).isEqualTo(SavedGraphs.graphKey(FINGERPRINT, "1.29.0"))
        .isNotEqualTo(SavedGraphs.graphKey(FINGERPRINT, "1.30.0"))
        .isNotEqualTo(SavedGraphs.graphKey("sha256:" + "1".repeat(64), "1.29.0"));
    assertThat(SavedGraphs.cpu()).startsWith(System.getProperty("os.name"));
  }

  @Test
  void anEmbedderWithTheCacheEmbedsExactlyAsOneWithout() {
    List<String> texts = List.of("How do I reset my password?", "Battery care for the Router AX6", "Como faço para redefinir a senha?");
    // the default cache: the first of these opens may save the graph, the second maps it; either way the same vectors
    try (OnnxEmbedder without = TestModel.open(EmbedderOptions.builder().graphCache(false).build());
        OnnxEmbedder with = TestModel.open(EmbedderOptions.DEFAULTS);
        OnnxEmbedder again = TestModel.open(EmbedderOptions.DEFAULTS)) {
      assertThat(with.info().fingerprint()).isEqualTo(FingerprintCache.fromEnvironment().fingerprint(with.settings().fingerprintFiles()));
      float[][] expected = without.embed(TextKind.QUERY, texts).vectors();
      assertThat(with.embed(TextKind.QUERY, texts).vectors()).isDeepEqualTo(expected);
      assertThat(again.embed(TextKind.QUERY, texts).vectors()).isDeepEqualTo(expected);
    }
  }

  private List<Path> savedFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SavedGraphs.SUFFIX)).toList();
    }
  }

  private float[] firstTokenVector(OrtSession s) throws OrtException {
    long[] ids = {101, 23032, 1024, 2129, 2079, 1045, 25141, 2026, 20786, 1029, 102};
    long[] shape = {1, ids.length};
    long[] ones = new long[ids.length];
    Arrays.fill(ones, 1);
    try (OnnxTensor in = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
        OrtSession.Result r = s.run(Map.of("input_ids", in, "attention_mask", mask, "token_type_ids", types))) {
      return ((float[][][]) r.get(0).getValue())[0][0];
    }
  }
}
