package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.model.ModelInfo;
import dev.clir.model.Pooling;
import java.nio.file.Path;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.MapSolrParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone-Solr model record, and the query parser's refusal of model parameters (no Solr needed). */
class ModelGuardTest {
  @TempDir Path tmp;

  static ModelInfo model(String id, String fingerprint) {
    Path dir = Path.of("/models", id);
    return new ModelInfo(id, dir, dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), fingerprint, 384, 512,
        "query: ", "passage: ", Pooling.MEAN, true);
  }

  @Test
  void theFirstModelIsRecordedTheSameIsAcceptedAnotherIsRefused() {
    Path record = tmp.resolve("data").resolve(ModelGuard.STANDALONE_FILE);
    ModelInfo e5 = model("intfloat/multilingual-e5-small", "sha256:aaaaaaaaaaaaaaaa");
    ModelGuard.verifyInFile(record, "kb", e5, "test");
    assertThat(record).exists();
    ModelGuard.verifyInFile(record, "kb", e5, "test");

    ModelInfo other = model("intfloat/multilingual-e5-base", "sha256:bbbbbbbbbbbbbbbb");
    assertThatThrownBy(() -> ModelGuard.verifyInFile(record, "kb", other, "clir update processor"))
        .isInstanceOf(SolrException.class)
        .hasMessageContaining("clir update processor: core 'kb' was built with embedding model intfloat/multilingual-e5-small")
        .hasMessageContaining("aaaaaaaaaaaa")
        .hasMessageContaining("bbbbbbbbbbbb")
        .hasMessageContaining("not comparable")
        .hasMessageNotContaining("/models/"); // no node paths in a message that reaches clients
  }

  @Test
  void requestsCannotNameAModelOrAFile() {
    for (String param : new String[] {"model", "modelDir", "onnxFile", "tokenizer", "MODEL"}) {
      assertThatThrownBy(() -> ClirQParserPlugin.refuseModelParams(new MapSolrParams(Map.of(param, "/etc/passwd")), null))
          .isInstanceOfSatisfying(SolrException.class, e -> assertThat(e.code()).isEqualTo(400))
          .hasMessageContaining("'" + param + "' is refused");
    }
    assertThatThrownBy(() -> ClirQParserPlugin.refuseModelParams(null, new MapSolrParams(Map.of("clir.model.dir", "/etc"))))
        .isInstanceOf(SolrException.class);
    // Ordinary local params pass.
    ClirQParserPlugin.refuseModelParams(new MapSolrParams(Map.of("f", "vector", "topK", "10", "childrenOf", "*:*")),
        new MapSolrParams(Map.of("q", "x", "fq", "category:a")));
  }
}
