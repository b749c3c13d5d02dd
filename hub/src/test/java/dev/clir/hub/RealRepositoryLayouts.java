package dev.clir.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The file lists of three real repositories, as their {@code /tree/main} pages list them (checked against the hub's
 * pages, 2026-12): what the fake hub serves when a test must meet the layouts users meet, not ones made up for it.
 */
public final class RealRepositoryLayouts {
  public static final String INTFLOAT = "intfloat/multilingual-e5-small";
  public static final String ST = "sentence-transformers/paraphrase-MiniLM-L3-v2";
  public static final String XENOVA = "Xenova/multilingual-e5-small";

  /** intfloat/multilingual-e5-small: root tokenizer and sentence-transformers files, ONNX exports under onnx/. */
  public static final List<String> INTFLOAT_E5 = List.of(".gitattributes", "1_Pooling/config.json", "README.md", "config.json",
      "model.safetensors", "modules.json", "onnx/config.json", "onnx/model.onnx", "onnx/model_O4.onnx",
      "onnx/model_qint8_avx512_vnni.onnx", "onnx/sentencepiece.bpe.model", "onnx/special_tokens_map.json", "onnx/tokenizer.json",
      "onnx/tokenizer_config.json", "pytorch_model.bin", "sentence_bert_config.json", "sentencepiece.bpe.model",
      "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json");
  /** sentence-transformers/paraphrase-MiniLM-L3-v2: the ONNX and OpenVINO backends' exports. */
  public static final List<String> SENTENCE_TRANSFORMERS = List.of(".gitattributes", "1_Pooling/config.json", "README.md", "config.json",
      "config_sentence_transformers.json", "model.safetensors", "modules.json", "onnx/model.onnx", "onnx/model_O1.onnx",
      "onnx/model_O2.onnx", "onnx/model_O3.onnx", "onnx/model_O4.onnx", "onnx/model_qint8_arm64.onnx", "onnx/model_qint8_avx512.onnx",
      "onnx/model_qint8_avx512_vnni.onnx", "onnx/model_quint8_avx2.onnx", "openvino/openvino_model.bin", "openvino/openvino_model.xml",
      "openvino/openvino_model_qint8_quantized.bin", "openvino/openvino_model_qint8_quantized.xml", "pytorch_model.bin",
      "sentence_bert_config.json", "special_tokens_map.json", "tf_model.h5", "tokenizer.json", "tokenizer_config.json", "vocab.txt");
  /** Xenova/multilingual-e5-small: a transformers.js export. */
  public static final List<String> TRANSFORMERS_JS = List.of(".gitattributes", "README.md", "config.json", "quant_config.json",
      "sentencepiece.bpe.model", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx",
      "onnx/model_fp16.onnx", "onnx/model_quantized.onnx");

  /** Each repository's files by its id. */
  public static final Map<String, List<String>> FILES = Map.of(INTFLOAT, INTFLOAT_E5, ST, SENTENCE_TRANSFORMERS, XENOVA, TRANSFORMERS_JS);

  private RealRepositoryLayouts() {}

  /** Publishes {@code files} on {@code hub} as repository {@code id}: JSON files hold {@code {}}, every other file its own name. */
  static void publish(FakeHub hub, String id, List<String> files) {
    FakeHub.Repo repo = hub.repo(id, Integer.toHexString(id.hashCode()).repeat(5).substring(0, 40));
    for (String f : files) {
      if (f.endsWith(".json")) {
        repo.file(f, "{}");
      } else {
        // Each file's own bytes, so that a test can tell which graph arrived.
        repo.lfsFile(f, f.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
