package dev.clir.model;

/**
 * Which kind of ONNX export of a hub model to use: the float graph, or an int8 one (smaller and faster on CPU,
 * vectors off by a few 1e-3 in cosine). {@link OnnxGraphChoice} turns it into a file of the repository; clir
 * downloads exactly one graph.
 */
public enum OnnxVariant {
  FLOAT(""),
  QUANTIZED("+quantized");

  private final String folderSuffix;

  OnnxVariant(String folderSuffix) {
    this.folderSuffix = folderSuffix;
  }

  /** Appended to the revision folder in clir's cache, so that the two variants never share a folder. */
  String folderSuffix() {
    return folderSuffix;
  }
}
