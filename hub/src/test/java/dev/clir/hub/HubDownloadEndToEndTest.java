package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelInfo;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a user takes with {@code --model intfloat/e5-small-v2}: the test model is published on a
 * fake hub in this JVM, resolved by id, downloaded into an empty cache and opened; it embeds exactly as the
 * model directory the build lays out.
 */
class HubDownloadEndToEndTest {
  @TempDir Path home;

  @Test
  void aModelDownloadedByIdEmbedsLikeTheLocalCopy() throws Exception {
    Path local = TestModel.dir();
    try (FakeHubAccess hub = FakeHubAccess.publish(TestModel.ID, local, Map.of(
        "tokenizer.json", "tokenizer.json",
        "onnx/model.onnx", "model.onnx",
        "config.json", "config.json",
        "modules.json", "modules.json",
        "sentence_bert_config.json", "sentence_bert_config.json",
        "1_Pooling/config.json", "1_Pooling/config.json"))) {
      ModelResolver resolver = ModelResolver.builder()
          .environment(Map.of("HF_ENDPOINT", hub.endpoint(), "CLIR_CACHE", home.resolve("clir").toString()))
          .userHome(home)
          .build();
      ResolvedModel resolved = resolver.locate(TestModel.ID);
      assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.DOWNLOADED);
      assertThat(resolved.directory()).isEqualTo(home.resolve("clir/models/intfloat--e5-small-v2/main"));
      assertThat(resolved.directory().resolve("onnx/model.onnx")).hasSameBinaryContentAs(local.resolve("model.onnx"));

      try (OnnxEmbedder downloaded = OnnxEmbedder.open(resolved.directory())) {
        ModelInfo info = downloaded.info();
        ModelInfo expected = TestModel.embedder().info();
        assertThat(info.id()).isEqualTo(TestModel.ID);
        assertThat(info.fingerprint()).isEqualTo(expected.fingerprint());
        assertThat(info.queryPrefix()).isEqualTo("query: ");
        assertThat(info.dimension()).isEqualTo(384);
        String q = "How do I change my password?";
        assertThat(downloaded.embedQuery(q)).containsExactly(TestModel.embedder().embedQuery(q));
      }
      assertThat(Files.list(home.resolve("clir/models/intfloat--e5-small-v2")).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("main", ".main.lock");
    }
  }
}
