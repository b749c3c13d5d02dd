package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.model.CpuFeatures;
import dev.clir.model.DownloadManifest;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import java.io.IOException;
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
  static final String INTFLOAT = RealRepositoryLayouts.INTFLOAT;
  static final String ST = RealRepositoryLayouts.ST;
  static final String XENOVA = RealRepositoryLayouts.XENOVA;
  static final CpuFeatures VNNI = CpuFeatures.x86(CpuFeatures.AVX2, CpuFeatures.AVX512, CpuFeatures.AVX512_VNNI);
  static final CpuFeatures AVX2 = CpuFeatures.x86(CpuFeatures.AVX2);
  static final CpuFeatures ARM = CpuFeatures.arm();

  @TempDir Path home;
  FakeHub hub;

  @BeforeEach
  void setUp() throws IOException {
    hub = new FakeHub();
    RealRepositoryLayouts.FILES.forEach((id, files) -> RealRepositoryLayouts.publish(hub, id, files));
  }

  @AfterEach
  void tearDown() {
    hub.close();
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
