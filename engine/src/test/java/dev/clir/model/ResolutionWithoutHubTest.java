package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine alone (no clir-hub on the class path, as in this module's tests): directories and caches resolve, a model
 * that is nowhere says there is no hub client, and int8 graphs are chosen from the folder's files for the CPU.
 */
class ResolutionWithoutHubTest {
  @TempDir Path home;

  private ModelResolver.Builder resolver() {
    return ModelResolver.builder().environment(Map.of()).userHome(home);
  }

  @Test
  void aDirectoryNeedsNoHubClient() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("e5"), "onnx/model.onnx");
    ResolvedModel r = resolver().build().locate(dir.toString());
    assertThat(r.source()).isEqualTo(ResolvedModel.Source.DIRECTORY);
    assertThat(r.onnxFile()).isNull();
  }

  @Test
  void theHubClientIsMadeOnlyWhenSomethingMustBeDownloaded() throws IOException {
    // making it costs a one-shot query 0.6 s (HTTP client, TLS, JSON), so a model on disk must not pay for it
    int[] made = {0};
    ModelDownloader.Provider counting = settings -> {
      made[0]++;
      throw new IllegalStateException("no downloads in this test");
    };
    Path dir = ModelFolders.modelDir(home.resolve("e5"), "onnx/model.onnx");
    ModelResolver resolver = resolver().downloader(counting).build();
    assertThat(resolver.locate(dir.toString()).source()).isEqualTo(ResolvedModel.Source.DIRECTORY);
    assertThat(made[0]).isZero();
    assertThatThrownBy(() -> resolver.locate("acme/encoder")).hasMessageContaining("no downloads in this test");
    assertThat(made[0]).isEqualTo(1);
  }

  @Test
  void aModelNowhereSaysThatThisProgramCannotDownload() {
    assertThatThrownBy(() -> resolver().build().locate("acme/encoder"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model acme/encoder is not on this machine and cannot be downloaded: this program has no Hugging Face Hub "
            + "client (the clir-hub module is not on its class path)")
        .hasMessageContaining("--model DIR");
  }

  @Test
  void quantizedPicksTheFoldersInt8GraphForThisCpuOrListsWhatThereIs() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("st"), "onnx/model.onnx");
    ModelFolders.modelDir(dir, "onnx/model_qint8_avx512_vnni.onnx");
    ModelFolders.modelDir(dir, "onnx/model_quint8_avx2.onnx");
    CpuFeatures vnni = CpuFeatures.x86(CpuFeatures.AVX2, CpuFeatures.AVX512, CpuFeatures.AVX512_VNNI);
    assertThat(resolver().quantized(true).cpu(vnni).build().locate(dir.toString()).onnxFile())
        .isEqualTo(Path.of("onnx/model_qint8_avx512_vnni.onnx"));
    assertThat(resolver().quantized(true).cpu(CpuFeatures.x86(CpuFeatures.AVX2)).build().locate(dir.toString()).onnxFile())
        .isEqualTo(Path.of("onnx/model_quint8_avx2.onnx"));
    assertThatThrownBy(() -> resolver().quantized(true).cpu(CpuFeatures.arm()).build().locate(dir.toString()))
        .hasMessageContaining("has no int8 ONNX graph for this CPU (ARM64): looked for onnx/model_qint8_arm64.onnx, onnx/model_quantized.onnx")
        .hasMessageContaining("Its ONNX graphs: onnx/model.onnx, onnx/model_qint8_avx512_vnni.onnx, onnx/model_quint8_avx2.onnx")
        .hasMessageContaining("Pick one with --onnx-file");
  }

  @Test
  void aFolderWithOnlyAnInt8GraphOpensWithIt() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("q"), "onnx/model_quantized.onnx");
    assertThat(ModelDirectory.defaultGraph(dir)).contains("onnx/model_quantized.onnx");
  }
}
