package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.model.ModelIdentity;
import dev.clir.model.ModelMismatchException;
import dev.clir.corpus.InputFormatException;
import dev.clir.embed.Embedder;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving and loading: exact round trips, and a clear refusal of another embedding model. */
class IntentModelFileTest {
  static final List<String> PROBES = List.of("forgot my password", "where is my parcel", "what's the weather", "battery empty");
  static Embedder embedder;
  static ExampleSet train;

  @TempDir Path dir;

  @BeforeAll
  static void embedOnce() {
    embedder = TestModel.embedder();
    train = ExampleSet.embed(embedder, MiniIntents.TRAIN);
  }

  @ParameterizedTest
  @EnumSource(ClassifierKind.class)
  void aSavedModelPredictsExactlyAsBefore(ClassifierKind kind) {
    Path file = dir.resolve("sub/intents.json");
    IntentSettings settings = IntentSettings.builder().classifier(kind).neighbours(5).threshold(0.42).build();
    try (IntentModel model = IntentModel.train(embedder, train, settings)) {
      model.save(file);
      try (IntentModel loaded = IntentModel.load(file, embedder)) {
        assertThat(loaded.settings()).isEqualTo(settings);
        assertThat(loaded.labels()).isEqualTo(model.labels());
        assertThat(loaded.examples().examples()).isEqualTo(model.examples().examples());
        assertThat(loaded.classifyAll(PROBES)).isEqualTo(model.classifyAll(PROBES));
      }
    }
  }

  @Test
  void theFileRecordsTheEmbeddingModel() throws IOException {
    Path file = dir.resolve("m.json");
    try (IntentModel model = IntentModel.train(embedder, train, IntentSettings.DEFAULTS)) {
      model.save(file);
    }
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("format").asText()).isEqualTo(IntentModelFile.FORMAT);
    assertThat(root.path("embedding").path("id").asText()).isEqualTo(TestModel.ID);
    assertThat(root.path("embedding").path("fingerprint").asText()).isEqualTo(embedder.info().fingerprint());
    assertThat(root.path("embedding").path("dimension").asInt()).isEqualTo(384);
    assertThat(root.path("examples")).hasSize(MiniIntents.TRAIN.size());
    assertThat(IntentModel.embeddingOf(file)).isEqualTo(ModelIdentity.of(embedder.info()));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  private Path savedWithEmbedding(String field, Object value) throws IOException {
    Path file = dir.resolve("m.json");
    try (IntentModel model = IntentModel.train(embedder, train, IntentSettings.DEFAULTS)) {
      model.save(file);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(file.toFile());
    ObjectNode emb = (ObjectNode) root.get("embedding");
    emb.putPOJO(field, value);
    json.writeValue(file.toFile(), root);
    return file;
  }

  @Test
  void anotherEmbeddingModelIsRefusedUnlessAllowed() throws IOException {
    Path file = savedWithEmbedding("fingerprint", "sha256:0123456789abcdef");
    assertThatThrownBy(() -> IntentModel.load(file, embedder)).isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining("the intent model " + file + " was built with embedding model " + TestModel.ID + " (0123456789ab")
        .hasMessageContaining("but the model in use is " + TestModel.ID + " (" + embedder.info().fingerprint().substring(7, 19))
        .hasMessageContaining("allow the mismatch explicitly");
    try (IntentModel loaded = IntentModel.load(file, embedder, true)) {
      assertThat(loaded.classify("forgot my password").best().label()).isEqualTo("reset_password");
    }
  }

  @Test
  void anotherDimensionIsRefusedEvenWhenAllowed() throws IOException {
    Path file = savedWithEmbedding("dimension", 768);
    assertThatThrownBy(() -> IntentModel.load(file, embedder, true)).isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining("768 dimensions").hasMessageContaining("cannot be compared");
  }

  @Test
  void damagedOrForeignFilesAreNamed() throws IOException {
    Path notJson = Files.writeString(dir.resolve("a.json"), "{\n  \"format\": \n");
    assertThatThrownBy(() -> IntentModel.load(notJson, embedder)).isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(notJson + ":").hasMessageContaining("malformed JSON");
    Path foreign = Files.writeString(dir.resolve("b.json"), "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> IntentModel.load(foreign, embedder)).hasMessageContaining("not a clir intent model");
    Path missing = dir.resolve("none.json");
    assertThatThrownBy(() -> IntentModel.load(missing, embedder)).isInstanceOf(InputFormatException.class)
        .hasMessage(missing + ": no such intent model file");
  }
}
