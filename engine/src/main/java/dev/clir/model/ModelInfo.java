package dev.clir.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that decides which vectors a model directory produces, as read from its files, the known-model
 * table and explicit overrides. Indexes record it and refuse a different one.
 *
 * @param id model id such as {@code intfloat/multilingual-e5-small}, or the directory name when unknown
 * @param directory the model directory
 * @param onnxFile the ONNX graph that runs
 * @param tokenizerFile the Hugging Face {@code tokenizer.json}
 * @param fingerprint {@code sha256:} hex digest over the ONNX graph and the tokenizer file
 * @param dimension the vector dimension, read from the graph
 * @param maxSeqLength maximum tokens per text, special tokens included
 * @param queryPrefix text put before every query (may be empty)
 * @param passagePrefix text put before every passage (may be empty)
 * @param pooling how token vectors are pooled
 * @param normalize whether vectors are L2-normalised
 */
public record ModelInfo(
    String id,
    Path directory,
    Path onnxFile,
    Path tokenizerFile,
    String fingerprint,
    int dimension,
    int maxSeqLength,
    String queryPrefix,
    String passagePrefix,
    Pooling pooling,
    boolean normalize) {

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(queryPrefix, "queryPrefix");
    Objects.requireNonNull(passagePrefix, "passagePrefix");
    Objects.requireNonNull(pooling, "pooling");
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be > 0: " + dimension);
    }
    if (maxSeqLength <= 2) {
      throw new IllegalArgumentException("maxSeqLength must be > 2: " + maxSeqLength);
    }
  }
}
