package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.VectorMath;
import dev.clir.testing.TestModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every multilingual model placed in the shared models folder ({@code CLIR_SHARED_MODELS}, default
 * {@code ../shared/models}) loads through the ordinary model-directory code and maps a Portuguese question
 * near its English paraphrase. With no model there the test is aborted with a loud reason, never passed.
 */
class SharedModelsTest {

  @Test
  void everySharedModelLoadsAndAlignsLanguages() {
    Path folder = SharedModels.location(TestModel.projectRoot().resolve("../shared/models").normalize());
    List<Path> models = SharedModels.list(folder);
    if (models.isEmpty()) {
      String msg = "NO MULTILINGUAL MODEL in " + folder + " (set " + SharedModels.ENV + "): cross-lingual quality is NOT "
          + "tested here; only the English test model ran.";
      System.err.println("\n*** " + msg + " ***\n");
      Assumptions.abort(msg);
    }
    for (Path dir : models) {
      try (OnnxEmbedder e = OnnxEmbedder.open(dir)) {
        float[] pt = e.embedQuery("Como faço para redefinir minha senha?");
        float[][] en = e.embedPassages(List.of("How to reset your password", "Shipping takes three to five business days"));
        assertThat(VectorMath.dot(pt, en[0])).as(dir.toString()).isGreaterThan(VectorMath.dot(pt, en[1]));
      }
    }
  }
}
