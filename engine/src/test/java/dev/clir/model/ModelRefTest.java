package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model ids, revisions and the cache paths they map to. */
class ModelRefTest {
  @Test
  void parsesIdAndRevision() {
    assertThat(ModelRef.parse("intfloat/multilingual-e5-small", null)).isEqualTo(new ModelRef("intfloat/multilingual-e5-small", "main"));
    assertThat(ModelRef.parse("intfloat/multilingual-e5-small@v1.0", "main").revision()).isEqualTo("v1.0");
    assertThat(ModelRef.parse("acme/x", "dev").revision()).isEqualTo("dev");
    assertThat(new ModelRef("acme/x", "0123456789abcdef0123456789abcdef01234567").pinnedToCommit()).isTrue();
    assertThat(new ModelRef("acme/x", "main").pinnedToCommit()).isFalse();
    assertThat(ModelRef.parse("acme/x@v2", null)).hasToString("acme/x@v2");
  }

  @Test
  void acceptsHubIdsOnly() {
    assertThat(ModelRef.isValidId("sentence-transformers/LaBSE")).isTrue();
    assertThat(ModelRef.isValidId("bert-base-uncased")).isTrue();
    assertThat(ModelRef.isValidId("./models/e5")).isFalse();
    assertThat(ModelRef.isValidId("/abs/path")).isFalse();
    assertThat(ModelRef.isValidId("a/b/c")).isFalse();
    assertThat(ModelRef.isValidId("a--b/c")).isFalse();
    assertThatThrownBy(() -> new ModelRef("a/b", "../x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheLocationsFollowTheHuggingFaceRules() {
    Path home = Path.of("/home/u");
    ModelRef ref = new ModelRef("intfloat/multilingual-e5-small", "main");
    CacheLocations defaults = CacheLocations.from(Map.of(), home);
    assertThat(defaults.hfRepoDir(ref)).isEqualTo(Path.of("/home/u/.cache/huggingface/hub/models--intfloat--multilingual-e5-small"));
    assertThat(defaults.clirModelDir(ref, OnnxVariant.FLOAT)).isEqualTo(Path.of("/home/u/.cache/clir/models/intfloat--multilingual-e5-small/main"));
    assertThat(defaults.clirModelDir(ref, OnnxVariant.QUANTIZED)).isEqualTo(Path.of("/home/u/.cache/clir/models/intfloat--multilingual-e5-small/main+quantized"));
    assertThat(defaults.clirModelDir(new ModelRef("a/b", "refs/pr/1"), OnnxVariant.FLOAT)).isEqualTo(Path.of("/home/u/.cache/clir/models/a--b/refs%2Fpr%2F1"));
    assertThat(defaults.hfTokenFile()).isEqualTo(Path.of("/home/u/.cache/huggingface/token"));

    assertThat(CacheLocations.from(Map.of("XDG_CACHE_HOME", "/xdg"), home).hfHubCache()).isEqualTo(Path.of("/xdg/huggingface/hub"));
    assertThat(CacheLocations.from(Map.of("HF_HOME", "~/hf"), home).hfHubCache()).isEqualTo(Path.of("/home/u/hf/hub"));
    assertThat(CacheLocations.from(Map.of("HF_HOME", "/hf", "HF_HUB_CACHE", "/hub"), home).hfHubCache()).isEqualTo(Path.of("/hub"));
    assertThat(CacheLocations.from(Map.of("CLIR_CACHE", "/c"), home).clirModels()).isEqualTo(Path.of("/c/models"));
  }
}
