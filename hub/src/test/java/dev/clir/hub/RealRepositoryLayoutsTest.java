package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.model.CpuFeatures;
import dev.clir.model.DownloadManifest;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model pull} (and every resolution by id) against the file lists of three real repositories, as their
 * {@code /tree/main} pages list them: which graph is downloaded, by default, with {@code --quantized} on three kinds of
 * CPU, and with {@code --onnx-file}; and that no other graph is fetched.
 */
class RealRepositoryLayoutsTest {
  /** intfloat/multilingual-e5-small: root tokenizer and sentence-transformers files, ONNX exports under onnx/. */
  static final List<String> INTFLOAT_E5 = List.of(".gitattributes", "1_Pooling/config.json", "README.md", "config.json",
      "model.safetensors", "modules.json", "onnx/config.json", "onnx/model.onnx", "onnx/model_O4.onnx",
      "onnx/model_qint8_avx512_vnni.onnx", "onnx/sentencepiece.bpe.model", "onnx/special_tokens_map.json", "onnx/tokenizer.json",
      "onnx/tokenizer_config.json", "pytorch_model.bin", "sentence_bert_config.json", "sentencepiece.bpe.model",
      "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json");
  /** sentence-transformers/paraphrase-MiniLM-L3-v2: the ONNX and OpenVINO backends' exports. */
  static final List<String> SENTENCE_TRANSFORMERS = List.of(".gitattributes", "1_Pooling/config.json", "README.md", "config.json",
      "config_sentence_transformers.json", "model.safetensors", "modules.json", "onnx/model.onnx", "onnx/model_O1.onnx",
      "onnx/model_O2.onnx", "onnx/model_O3.onnx", "onnx/model_O4.onnx", "onnx/model_qint8_arm64.onnx", "onnx/model_qint8_avx512.onnx",
      "onnx/model_qint8_avx512_vnni.onnx", "onnx/model_quint8_avx2.onnx", "openvino/openvino_model.bin", "openvino/openvino_model.xml",
      "openvino/openvino_model_qint8_quantized.bin", "openvino/openvino_model_qint8_quantized.xml", "pytorch_model.bin",
      "sentence_bert_config.json", "special_tokens_map.json", "tf_model.h5", "tokenizer.json", "tokenizer_config.json", "vocab.txt");
  /** Xenova/multilingual-e5-small: a transformers.js export. */
  static final List<String> TRANSFORMERS_JS = List.of(".gitattributes", "README.md", "config.json", "quant_config.json",
      "sentencepiece.bpe.model", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx",
      "onnx/model_fp16.onnx", "onnx/model_quantized.onnx");

  static final String INTFLOAT = "intfloat/multilingual-e5-small";
  static final String ST = "sentence-transformers/paraphrase-MiniLM-L3-v2";
  static final String XENOVA = "Xenova/multilingual-e5-small";
  static final CpuFeatures VNNI = CpuFeatures.x86(CpuFeatures.AVX2, CpuFeatures.AVX512, CpuFeatures.AVX512_VNNI);
  static final CpuFeatures AVX2 = CpuFeatures.x86(CpuFeatures.AVX2);
  static final CpuFeatures ARM = CpuFeatures.arm();

  @TempDir Path home;
  FakeHub hub;

  @BeforeEach
  void setUp() throws IOException {
    hub = new FakeHub();
    publish(INTFLOAT, INTFLOAT_E5);
    publish(ST, SENTENCE_TRANSFORMERS);
    publish(XENOVA, TRANSFORMERS_JS);
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  private void publish(String id, List<String> files) {
    FakeHub.Repo repo = hub.repo(id, Integer.toHexString(id.hashCode()).repeat(5).substring(0, 40));
    for (String f : files) {
      if (f.endsWith(".json")) {
        repo.file(f, "{}");
      } else {
        // Each file's own bytes, so that the test can tell which graph arrived.
        repo.lfsFile(f, f.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private ResolvedModel pull(String id, boolean quantized, String onnxFile, CpuFeatures cpu) {
    return ModelResolver.builder().environment(Map.of("HF_ENDPOINT", hub.endpoint(), "CLIR_CACHE", home.resolve("clir").toString()))
        .userHome(home).quantized(quantized).onnxFile(onnxFile).cpu(cpu).build().pull(id);
  }

  /** The graph the pull downloaded, after checking that it is the only one fetched and the one the folder will run. */
  private String graphOf(ResolvedModel m) {
    String graph = DownloadManifest.read(m.directory()).orElseThrow().onnxFile();
    assertThat(m.directory().resolve(graph)).hasContent(graph);
    assertThat(m.onnxFile()).isEqualTo(Path.of(graph));
    assertThat(hub.fileRequests()).extracting(FakeHub.Request::path).filteredOn(p -> p.endsWith(".onnx"))
        .singleElement().satisfies(p -> assertThat(p).endsWith("/" + graph));
    return graph;
  }

  @Test
  void byDefaultEachRepositoryGivesItsFloatGraph() {
    for (String id : List.of(INTFLOAT, ST, XENOVA)) {
      hub.clearRequests();
      assertThat(graphOf(pull(id, false, null, VNNI))).as(id).isEqualTo("onnx/model.onnx");
    }
  }

  @Test
  void quantizedOnAnAvx512VnniCpu() {
    assertThat(graphOf(pull(INTFLOAT, true, null, VNNI))).isEqualTo("onnx/model_qint8_avx512_vnni.onnx");
    hub.clearRequests();
    assertThat(graphOf(pull(ST, true, null, VNNI))).isEqualTo("onnx/model_qint8_avx512_vnni.onnx");
    hub.clearRequests();
    assertThat(graphOf(pull(XENOVA, true, null, VNNI))).isEqualTo("onnx/model_quantized.onnx");
  }

  @Test
  void quantizedOnAnAvx2OnlyCpuTakesTheUnsignedExportOrSaysWhatThereIs() {
    assertThat(graphOf(pull(ST, true, null, AVX2))).isEqualTo("onnx/model_quint8_avx2.onnx");
    hub.clearRequests();
    assertThat(graphOf(pull(XENOVA, true, null, AVX2))).isEqualTo("onnx/model_quantized.onnx");
    assertThatThrownBy(() -> pull(INTFLOAT, true, null, AVX2))
        .hasMessageContaining("model " + INTFLOAT)
        .hasMessageContaining("has no int8 ONNX graph for this CPU (x86-64 with AVX2 (no AVX-512)): looked for onnx/model_quint8_avx2.onnx, "
            + "onnx/model_quantized.onnx")
        .hasMessageContaining("Its ONNX graphs: onnx/model.onnx, onnx/model_O4.onnx, onnx/model_qint8_avx512_vnni.onnx")
        .hasMessageContaining("--onnx-file")
        .hasMessageContaining("drop --quantized");
    assertThat(hub.fileRequests()).noneMatch(r -> r.path().contains("/resolve/") && r.path().contains(INTFLOAT));
  }

  @Test
  void quantizedOnArm() {
    assertThat(graphOf(pull(ST, true, null, ARM))).isEqualTo("onnx/model_qint8_arm64.onnx");
    hub.clearRequests();
    assertThat(graphOf(pull(XENOVA, true, null, ARM))).isEqualTo("onnx/model_quantized.onnx");
    assertThatThrownBy(() -> pull(INTFLOAT, true, null, ARM)).hasMessageContaining("no int8 ONNX graph for this CPU (ARM64)");
  }

  @Test
  void aGraphNamedWithOnnxFileIsTheOneDownloadedIntoItsOwnFolder() {
    ResolvedModel m = pull(INTFLOAT, false, "onnx/model_qint8_avx512_vnni.onnx", AVX2);
    assertThat(graphOf(m)).isEqualTo("onnx/model_qint8_avx512_vnni.onnx");
    assertThat(m.directory().getFileName().toString()).isEqualTo("main+model_qint8_avx512_vnni");
    assertThatThrownBy(() -> pull(XENOVA, false, "onnx/model_int8.onnx", AVX2))
        .hasMessageContaining("has no file onnx/model_int8.onnx")
        .hasMessageContaining("onnx/model.onnx, onnx/model_fp16.onnx, onnx/model_quantized.onnx");
  }
}
