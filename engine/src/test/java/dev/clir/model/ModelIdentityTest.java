package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelIdentityTest {
  private static final ModelIdentity E5 = new ModelIdentity("intfloat/multilingual-e5-small",
      "sha256:aaaaaaaaaaaaaaaaaaaa", 384, "query: ", "passage: ", Pooling.MEAN, true);

  @Test
  void roundTripsThroughTheRecordedKeys() {
    Map<String, String> p = E5.toProperties();
    assertThat(p).containsEntry("clir.model.id", "intfloat/multilingual-e5-small")
        .containsEntry("clir.model.fingerprint", "sha256:aaaaaaaaaaaaaaaaaaaa")
        .containsEntry("clir.model.dimension", "384")
        .containsEntry("clir.model.query_prefix", "query: ")
        .containsEntry("clir.model.passage_prefix", "passage: ")
        .containsEntry("clir.model.pooling", "mean")
        .containsEntry("clir.model.normalize", "true");
    assertThat(ModelIdentity.isRecordedIn(p)).isTrue();
    assertThat(ModelIdentity.fromProperties(p)).isEqualTo(E5);
  }

  @Test
  void settingsAnOlderRecordLacksAreUnknownAndNotCompared() {
    Map<String, String> old = new HashMap<>(Map.of("clir.model.id", E5.id(), "clir.model.fingerprint", E5.fingerprint(),
        "clir.model.dimension", "384"));
    ModelIdentity recorded = ModelIdentity.fromProperties(old);
    assertThat(recorded.queryPrefix()).isNull();
    assertThat(recorded.toProperties()).doesNotContainKey("clir.model.query_prefix");
    assertThat(recorded.differences(E5)).isEmpty();
    recorded.verifyCompatible(E5, "collection 'kb'", false, null);
  }

  @Test
  void differencesNameWhatDecidesTheVectors() {
    ModelIdentity noPrefixes = new ModelIdentity(E5.id(), E5.fingerprint(), 384, "", "", Pooling.MEAN, true);
    assertThat(E5.differences(noPrefixes)).containsExactly("prefixes 'query: '/'passage: ' vs ''/''");
    ModelIdentity renamed = new ModelIdentity("my-copy", E5.fingerprint(), 384, "query: ", "passage: ", Pooling.MEAN, true);
    assertThat(E5.differences(renamed)).as("the same files under another name make the same vectors").isEmpty();
  }

  @Test
  void anotherModelIsRefusedUnlessOverriddenButAnotherDimensionAlways() {
    ModelIdentity base = new ModelIdentity("intfloat/multilingual-e5-base", "sha256:bbbbbbbbbbbbbbbbbbbb", 384,
        "query: ", "passage: ", Pooling.MEAN, true);
    assertThatThrownBy(() -> E5.verifyCompatible(base, "the index", false, "--allow-model-mismatch"))
        .isInstanceOf(ModelMismatchException.class)
        .hasMessageStartingWith("the index was built with embedding model intfloat/multilingual-e5-small (aaaaaaaaaaaa, "
            + "384 dimensions), but the model in use is intfloat/multilingual-e5-base (bbbbbbbbbbbb, 384 dimensions)")
        .hasMessageContaining("fingerprint aaaaaaaaaaaa vs bbbbbbbbbbbb")
        .hasMessageContaining("(--allow-model-mismatch)");
    E5.verifyCompatible(base, "the index", true, "--allow-model-mismatch");
    assertThatThrownBy(() -> E5.verifyCompatible(base, "collection 'kb'", false, null))
        .hasMessageNotContaining("allow the mismatch");

    ModelIdentity wide = new ModelIdentity("x", "sha256:cccccccccccccccccccc", 768, "", "", Pooling.CLS, true);
    assertThatThrownBy(() -> E5.verifyCompatible(wide, "the index", true, "--allow-model-mismatch"))
        .isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining("cannot be compared or mixed, even with the model-mismatch override");
  }

  @Test
  void aDamagedRecordNamesTheKey() {
    assertThatThrownBy(() -> ModelIdentity.fromProperties(Map.of("clir.model.id", "x")))
        .hasMessageContaining("clir.model.fingerprint");
    assertThatThrownBy(() -> ModelIdentity.fromProperties(Map.of("clir.model.fingerprint", "sha256:a",
        "clir.model.dimension", "many"))).hasMessageContaining("clir.model.dimension=many");
  }
}
