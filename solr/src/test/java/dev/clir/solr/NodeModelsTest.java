package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.embed.Embedder;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelOverrides;
import dev.clir.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-wide registry: one model per directory and options, closed with its last lease. */
class NodeModelsTest {
  @TempDir Path tmp;

  private NodeModels.Opener saved;
  private final AtomicInteger opened = new AtomicInteger();
  private final List<FakeEmbedder> embedders = new ArrayList<>();

  @BeforeEach
  void fakeOpener() {
    saved = NodeModels.opener;
    NodeModels.opener = (dir, overrides, options) -> {
      opened.incrementAndGet();
      FakeEmbedder e = new FakeEmbedder(dir);
      embedders.add(e);
      return e;
    };
  }

  @AfterEach
  void restore() {
    NodeModels.opener = saved;
  }

  @Test
  void oneModelPerDirectoryClosedWithTheLastLease() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
    EmbedderOptions options = EmbedderOptions.DEFAULTS;
    NodeModels.Lease a = NodeModels.acquire(dir, options);
    NodeModels.Lease b = NodeModels.acquire(link, options);
    assertThat(opened).hasValue(1);
    assertThat(a.embedder()).isSameAs(b.embedder());
    assertThat(NodeModels.leases(dir, options)).isEqualTo(2);

    a.close();
    a.close(); // idempotent: a core closing twice must not release another core's hold
    assertThat(embedders.get(0).closed).hasValue(0);
    assertThatThrownBy(a::embedder).isInstanceOf(IllegalStateException.class);
    b.close();
    assertThat(embedders.get(0).closed).hasValue(1);
    assertThat(NodeModels.leases(dir, options)).isZero();

    NodeModels.acquire(dir, options).close();
    assertThat(opened).as("loaded again after it was unloaded").hasValue(2);
  }

  @Test
  void otherRunOptionsAreAnotherInstance() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    try (NodeModels.Lease a = NodeModels.acquire(dir, EmbedderOptions.DEFAULTS);
        NodeModels.Lease b = NodeModels.acquire(dir, EmbedderOptions.builder().intraOpThreads(1).build())) {
      assertThat(a.embedder()).isNotSameAs(b.embedder());
    }
    assertThat(embedders).allSatisfy(e -> assertThat(e.closed).hasValue(1));
  }

  @Test
  void anotherGraphInTheSameFolderIsAnotherInstance() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("m"));
    ModelOverrides quantized = ModelOverrides.builder().onnxFile(Path.of("onnx/model_quantized.onnx")).build();
    try (NodeModels.Lease a = NodeModels.acquire(dir, EmbedderOptions.DEFAULTS);
        NodeModels.Lease b = NodeModels.acquire(dir, quantized, EmbedderOptions.DEFAULTS);
        NodeModels.Lease c = NodeModels.acquire(dir, ModelOverrides.builder().onnxFile(Path.of("onnx/model_quantized.onnx")).build(),
            EmbedderOptions.DEFAULTS)) {
      assertThat(a.embedder()).isNotSameAs(b.embedder());
      assertThat(b.embedder()).as("equal overrides share the instance").isSameAs(c.embedder());
      assertThat(opened).hasValue(2);
    }
  }

  static final class FakeEmbedder implements Embedder {
    final AtomicInteger closed = new AtomicInteger();
    final ModelInfo info;

    FakeEmbedder(Path dir) {
      info = new ModelInfo("fake", dir, dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), "sha256:00", 4, 16, "",
          "", Pooling.MEAN, true);
    }

    @Override
    public ModelInfo info() {
      return info;
    }

    @Override
    public Embeddings embed(TextKind kind, List<String> texts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TextTokenizer tokenizer() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }
}
