package dev.clir.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of ready model directories, one per model in the Hugging Face layout (used here for multilingual
 * models that cannot be downloaded on build machines). Its location is the one documented setting
 * {@value #ENV} (or the system property {@value #PROPERTY}); tests and the quality report read it.
 */
public final class SharedModels {
  public static final String ENV = "CLIR_SHARED_MODELS";
  public static final String PROPERTY = "clir.sharedModels";

  private SharedModels() {}

  /** The configured folder, or {@code fallback} when neither the variable nor the property is set. */
  public static Path location(Path fallback) {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(ENV);
    }
    return p == null || p.isBlank() ? fallback : Path.of(p);
  }

  /** Model directories (sub-folders holding a tokenizer.json) in {@code folder}, sorted; empty if none. */
  public static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(d -> Files.isRegularFile(d.resolve("tokenizer.json"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list shared models in " + folder, e);
    }
  }
}
