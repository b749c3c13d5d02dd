package dev.clir.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model directory as read from its files, the known-model table and the user's overrides, before the
 * graph is opened. {@code sources} says where each setting came from (a file name, {@code known-model
 * table}, {@code override} or {@code default}), for {@code model info} and {@code --explain}.
 *
 * @param declaredDimension the hidden size the files declare, or 0 when they do not say
 */
public record ModelSettings(
    String id,
    Path directory,
    Path onnxFile,
    Path tokenizerFile,
    List<Path> fingerprintFiles,
    int maxSeqLength,
    String queryPrefix,
    String passagePrefix,
    Pooling pooling,
    boolean normalize,
    int declaredDimension,
    Map<String, String> sources) {
  private static final String DEFAULT = "default";

  public ModelSettings {
    fingerprintFiles = List.copyOf(fingerprintFiles);
    sources = Map.copyOf(sources);
  }

  /**
   * One line for the user when no prefix came from anywhere: the files set no prompts, the known-model table does not
   * know the model, and the user gave none. Models such as e5 then silently lose quality (their queries and passages
   * must start with {@code "query: "} / {@code "passage: "}); giving both prefixes, even empty, says it is meant.
   */
  public Optional<String> prefixWarning() {
    if (!DEFAULT.equals(sources.get("queryPrefix")) || !DEFAULT.equals(sources.get("passagePrefix"))) {
      return Optional.empty();
    }
    return Optional.of("model " + id + " is not one clir knows and its files set no prompts, so queries and passages get no prefix; "
        + "if it expects some (e5 models: \"query: \" and \"passage: \"), pass --query-prefix and --passage-prefix "
        + "(both \"\" to confirm none).");
  }
}
