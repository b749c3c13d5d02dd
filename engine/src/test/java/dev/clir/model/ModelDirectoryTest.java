package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a model directory's files; no graph is run here. */
class ModelDirectoryTest {
  @TempDir Path dir;

  private void files(String... namesAndContents) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    Files.writeString(dir.resolve("model.onnx"), "not really a graph");
    for (int i = 0; i < namesAndContents.length; i += 2) {
      Path p = dir.resolve(namesAndContents[i]);
      Files.createDirectories(p.getParent());
      Files.writeString(p, namesAndContents[i + 1]);
    }
  }

  @Test
  void prefixesFromNowhereAreFlaggedUntilTheUserGivesThem() throws IOException {
    files();
    ModelSettings unknown = ModelDirectory.read(dir);
    assertThat(unknown.queryPrefix()).isEmpty();
    assertThat(unknown.prefixWarning()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("is not one clir knows and its files set no prompts").contains("--query-prefix").contains("--passage-prefix");
    assertThat(ModelDirectory.read(dir, ModelOverrides.builder().queryPrefix("").passagePrefix("").build()).prefixWarning()).isEmpty();
    assertThat(ModelDirectory.read(dir, ModelOverrides.builder().id("intfloat/multilingual-e5-small").build()).prefixWarning()).isEmpty();
    files("config_sentence_transformers.json", "{\"prompts\":{\"query\":\"q: \",\"passage\":\"p: \"}}");
    assertThat(ModelDirectory.read(dir).prefixWarning()).isEmpty();
  }

  @Test
  void sentenceTransformersFilesDecide() throws IOException {
    files("config.json", "{\"_name_or_path\":\"acme/encoder\",\"hidden_size\":256}",
        "sentence_bert_config.json", "{\"max_seq_length\":128}",
        "modules.json", "[{\"type\":\"sentence_transformers.models.Transformer\",\"path\":\"\"},"
            + "{\"type\":\"sentence_transformers.models.Pooling\",\"path\":\"pool\"}]",
        "pool/config.json", "{\"pooling_mode_cls_token\":true}",
        "config_sentence_transformers.json", "{\"prompts\":{\"query\":\"Q: \",\"document\":\"D: \"}}");
    ModelSettings s = ModelDirectory.read(dir);
    assertThat(s.id()).isEqualTo("acme/encoder");
    assertThat(s.maxSeqLength()).isEqualTo(128);
    assertThat(s.pooling()).isEqualTo(Pooling.CLS);
    assertThat(s.normalize()).as("modules.json without Normalize").isFalse();
    assertThat(s.queryPrefix()).isEqualTo("Q: ");
    assertThat(s.passagePrefix()).isEqualTo("D: ");
    assertThat(s.declaredDimension()).isEqualTo(256);
    assertThat(s.sources()).containsEntry("pooling", "pool/config.json").containsEntry("queryPrefix", "config_sentence_transformers.json");
  }

  @Test
  void aFolderClirDownloadedIsNamedByItsManifest() throws IOException {
    // clir's cache folder (ORG--NAME/main) does not say the id, and exporters often leave a local path in config.json.
    files("config.json", "{\"_name_or_path\":\"/tmp/export\"}",
        DownloadManifest.FILE_NAME, "{\"id\":\"intfloat/multilingual-e5-small\",\"revision\":\"main\"}");
    ModelSettings s = ModelDirectory.read(dir);
    assertThat(s.id()).isEqualTo("intfloat/multilingual-e5-small");
    assertThat(s.sources()).containsEntry("id", DownloadManifest.FILE_NAME);
    assertThat(s.queryPrefix()).isEqualTo("query: ");
  }

  @Test
  void theKnownModelTableFillsInWhatTheFilesOmit() throws IOException {
    // A bare optimum export of multilingual-e5: no sentence-transformers files at all.
    files("config.json", "{\"_name_or_path\":\"intfloat/multilingual-e5-small\",\"model_type\":\"bert\",\"max_position_embeddings\":512}");
    ModelSettings s = ModelDirectory.read(dir);
    assertThat(s.queryPrefix()).isEqualTo("query: ");
    assertThat(s.passagePrefix()).isEqualTo("passage: ");
    assertThat(s.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(s.normalize()).isTrue();
    assertThat(s.maxSeqLength()).isEqualTo(512);
    assertThat(s.sources()).containsEntry("queryPrefix", "known-model table");
  }

  @Test
  void everyMultilingualE5SizeIsKnown() {
    for (String size : new String[] {"small", "base", "large"}) {
      KnownModel m = KnownModels.lookup("intfloat/multilingual-e5-" + size).orElseThrow();
      assertThat(m.queryPrefix()).isEqualTo("query: ");
      assertThat(m.passagePrefix()).isEqualTo("passage: ");
      assertThat(m.pooling()).isEqualTo(Pooling.MEAN);
      assertThat(m.maxSeqLength()).isEqualTo(512);
    }
    assertThat(KnownModels.lookup("Intfloat/Multilingual-E5-Small")).isPresent();
  }

  @Test
  void overridesWin() throws IOException {
    files("config.json", "{\"_name_or_path\":\"intfloat/e5-small-v2\"}");
    ModelSettings s = ModelDirectory.read(dir, ModelOverrides.builder().id("my/model").queryPrefix("").pooling(Pooling.MAX)
        .normalize(false).maxSeqLength(64).build());
    assertThat(s.id()).isEqualTo("my/model");
    assertThat(s.queryPrefix()).isEmpty();
    assertThat(s.passagePrefix()).as("my/model is unknown, no file says").isEmpty();
    assertThat(s.pooling()).isEqualTo(Pooling.MAX);
    assertThat(s.normalize()).isFalse();
    assertThat(s.maxSeqLength()).isEqualTo(64);
  }

  @Test
  void theIdComesFromAHuggingFaceCachePath(@TempDir Path cache) throws IOException {
    Path snapshot = cache.resolve("models--intfloat--multilingual-e5-small/snapshots/abc123");
    Files.createDirectories(snapshot.resolve("onnx"));
    Files.writeString(snapshot.resolve("tokenizer.json"), "{}");
    Files.writeString(snapshot.resolve("onnx/model.onnx"), "x");
    ModelSettings s = ModelDirectory.read(snapshot);
    assertThat(s.id()).isEqualTo("intfloat/multilingual-e5-small");
    assertThat(s.onnxFile()).isEqualTo(snapshot.resolve("onnx/model.onnx"));
  }

  @Test
  void robertaPositionsAreTwoMoreThanTheUsableLength() throws IOException {
    files("config.json", "{\"model_type\":\"xlm-roberta\",\"max_position_embeddings\":514}");
    assertThat(ModelDirectory.read(dir).maxSeqLength()).isEqualTo(512);
  }

  @Test
  void externalWeightsArePartOfTheFingerprint() throws IOException {
    files("model.onnx_data", "weights");
    assertThat(ModelDirectory.read(dir).fingerprintFiles())
        .containsExactly(dir.resolve("model.onnx"), dir.resolve("model.onnx_data"), dir.resolve("tokenizer.json"));
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> ModelDirectory.read(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aMissingTokenizerIsNamedWithWhatToDo() throws IOException {
    Files.writeString(dir.resolve("model.onnx"), "x");
    assertThatThrownBy(() -> ModelDirectory.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no tokenizer.json in model directory " + dir)
        .hasMessageContaining("save_pretrained");
  }

  @Test
  void aMissingGraphListsWhereItLooked() throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    assertThatThrownBy(() -> ModelDirectory.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("looked for model.onnx, onnx/model.onnx, ")
        .hasMessageContaining("onnx/model_quantized.onnx")
        .hasMessageContaining("--onnx-file");
  }

  @Test
  void aFolderWhoseOnlyGraphHasAnotherNameSaysWhichToName() throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    Files.createDirectories(dir.resolve("onnx"));
    Files.write(dir.resolve("onnx/model_O4.onnx"), new byte[] {1});
    assertThatThrownBy(() -> ModelDirectory.read(dir))
        .hasMessageContaining("It has onnx/model_O4.onnx: name the one to run with --onnx-file.");
  }

  @Test
  void brokenJsonConfigIsNamedWithItsLine() throws IOException {
    files("sentence_bert_config.json", "{\n \"max_seq_length\": ,\n}");
    assertThatThrownBy(() -> ModelDirectory.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.resolve("sentence_bert_config.json").toString())
        .hasMessageContaining("line 2");
  }
}
