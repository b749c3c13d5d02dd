package dev.clir.model;

/**
 * Which ONNX export of a hub model to use. Repositories of sentence-transformers models carry a float
 * graph and often an int8 one (smaller and faster on CPU, vectors off by a few 1e-3 in cosine); clir
 * downloads exactly one of them.
 */
public enum OnnxVariant {
  FLOAT("onnx/model.onnx", ""),
  QUANTIZED("onnx/model_quantized.onnx", "+quantized");

  private final String path;
  private final String folderSuffix;

  OnnxVariant(String path, String folderSuffix) {
    this.path = path;
    this.folderSuffix = folderSuffix;
  }

  /** The graph's path in the repository. */
  public String path() {
    return path;
  }

  /** The external-weights file that large graphs keep beside the graph. */
  public String externalDataPath() {
    return path + "_data";
  }

  /** Appended to the revision folder in clir's cache, so that the two variants never share a folder. */
  String folderSuffix() {
    return folderSuffix;
  }
}
