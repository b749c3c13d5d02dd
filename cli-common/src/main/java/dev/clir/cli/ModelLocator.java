package dev.clir.cli;

import dev.clir.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a {@code --model} argument into a model directory. */
final class ModelLocator {
  private ModelLocator() {}

  static Path resolve(String arg) {
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      return p;
    }
    throw new ModelLoadException("model '" + arg + "' is not a directory here, and clir cannot fetch models by Hugging Face id "
        + "in this version. Pass a model directory with --model DIR (tokenizer.json + model.onnx).");
  }
}
