package dev.clir.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

  public ModelSettings {
    fingerprintFiles = List.copyOf(fingerprintFiles);
    sources = Map.copyOf(sources);
  }
}
