package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.model.ModelLoadException;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken models fail at open with a message that names the file and says what to do. */
class BadModelTest {
  @TempDir Path dir;

  @Test
  void aCorruptGraphIsNamed() throws IOException {
    Files.copy(TestModel.dir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    byte[] graph = Files.readAllBytes(TestModel.dir().resolve("model.onnx"));
    Files.write(dir.resolve("model.onnx"), Arrays.copyOf(graph, graph.length / 3)); // a download cut short
    assertThatThrownBy(() -> OnnxEmbedder.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load " + dir.resolve("model.onnx"))
        .hasMessageContaining("download or export it again");
  }

  @Test
  void aCorruptTokenizerIsNamed() throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 42}");
    Files.copy(TestModel.dir().resolve("model.onnx"), dir.resolve("model.onnx"));
    assertThatThrownBy(() -> OnnxEmbedder.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load tokenizer " + dir.resolve("tokenizer.json"));
  }

  @Test
  void aConfigThatContradictsTheGraphIsRefused() throws IOException {
    Files.copy(TestModel.dir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.createSymbolicLink(dir.resolve("model.onnx"), TestModel.dir().resolve("model.onnx"));
    Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 768}");
    assertThatThrownBy(() -> OnnxEmbedder.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("produces 384-dimensional vectors")
        .hasMessageContaining("declares hidden_size 768");
  }
}
