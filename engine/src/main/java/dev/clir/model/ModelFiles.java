package dev.clir.model;

import java.util.List;

/** The files of a model repository that clir reads; everything else (PyTorch weights, other graphs) it leaves alone. */
public final class ModelFiles {
  /** The tokenizer: without it nothing runs. */
  public static final String TOKENIZER = "tokenizer.json";

  /** Small files that describe the model; any may be absent from a repository. */
  public static final List<String> OPTIONAL_FILES = List.of("config.json", "tokenizer_config.json", "special_tokens_map.json",
      "sentence_bert_config.json", "modules.json", "config_sentence_transformers.json", "1_Pooling/config.json");

  private ModelFiles() {}

  /** The external-weights file that large graphs keep beside the graph ({@code model.onnx_data}). */
  public static String externalData(String graph) {
    return graph + "_data";
  }
}
