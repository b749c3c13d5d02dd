package dev.clir.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing what the Hugging Face cache and clir's cache hold. */
class ModelCacheTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path home;

  @Test
  void listsUsableSnapshotsAndClirDownloadsWithSizeAndFingerprint() throws IOException {
    Path hub = home.resolve(".cache/huggingface/hub");
    Path snap = ModelFolders.hfSnapshot(hub, "acme/encoder", COMMIT, "tokenizer.json", "config.json", "onnx/model.onnx");
    ModelFolders.hfSnapshot(hub, "acme/torch-only", COMMIT, "tokenizer.json", "model.safetensors");
    Path clirDir = home.resolve(".cache/clir/models/acme--other/v1");
    ModelFolders.modelDir(clirDir, "onnx/model_quantized.onnx");
    new DownloadManifest("acme/other", "v1", COMMIT, "onnx/model_quantized.onnx", "https://huggingface.co", "2025-01-01T00:00:00Z", List.of())
        .write(clirDir);
    // An unfinished download (no manifest) and a hidden staging folder are not listed.
    ModelFolders.modelDir(home.resolve(".cache/clir/models/acme--other/main"), "onnx/model.onnx");
    ModelFolders.modelDir(home.resolve(".cache/clir/models/acme--other/.v2.download"), "onnx/model.onnx");

    List<CachedModel> models = new ModelCache(CacheLocations.from(Map.of(), home)).list();

    assertThat(models).extracting(CachedModel::id, CachedModel::revision, CachedModel::location).containsExactly(
        org.assertj.core.groups.Tuple.tuple("acme/encoder", "main", CachedModel.Location.HF_CACHE),
        org.assertj.core.groups.Tuple.tuple("acme/other", "v1", CachedModel.Location.CLIR_CACHE));
    CachedModel hf = models.get(0);
    assertThat(hf.directory()).isEqualTo(snap);
    assertThat(hf.commit()).isEqualTo(COMMIT);
    assertThat(hf.sizeBytes()).isEqualTo("{}".length() * 2 + "graph".length());
    assertThat(hf.fingerprint()).isEqualTo(Fingerprint.of(ModelDirectory.read(snap).fingerprintFiles()));
    CachedModel clir = models.get(1);
    assertThat(clir.directory()).isEqualTo(clirDir);
    assertThat(clir.sizeBytes()).isEqualTo(Files.size(clirDir.resolve("tokenizer.json")) + 1 + Files.size(clirDir.resolve(DownloadManifest.FILE_NAME)));
    assertThat(clir.fingerprint()).startsWith(Fingerprint.PREFIX);
  }

  @Test
  void listsTheClirModelDirFolderOrTheModelFoldersInIt() throws IOException {
    // #20 item 13: model list showed only the two caches, not CLIR_MODEL_DIR, which the resolver reads first
    Path single = ModelFolders.modelDir(home.resolve("one-model"), "model.onnx");
    assertThat(new ModelCache(CacheLocations.from(Map.of(), home), single).list())
        .extracting(CachedModel::directory, CachedModel::location)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(single, CachedModel.Location.CLIR_MODEL_DIR));
    Path base = home.resolve("models");
    Path x = ModelFolders.modelDir(base.resolve("acme--x"), "onnx/model.onnx");
    Path y = ModelFolders.modelDir(base.resolve("acme--y"), "model.onnx");
    Files.createDirectories(base.resolve("not-a-model"));
    List<CachedModel> models = new ModelCache(CacheLocations.from(Map.of(), home), base).list();
    assertThat(models).extracting(CachedModel::directory).containsExactly(x, y);
    assertThat(models).allSatisfy(m -> assertThat(m.fingerprint()).startsWith(Fingerprint.PREFIX));
    assertThat(ModelCache.folder(home.resolve("gone"), CachedModel.Location.INDEX)).isEmpty();
  }

  @Test
  void emptyCachesListNothing() {
    assertThat(new ModelCache(CacheLocations.from(Map.of(), home)).list()).isEmpty();
  }
}
