package dev.clir.hub;

import dev.clir.model.ModelFolders;
import dev.clir.model.KnownModels;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import dev.clir.model.ModelDirectory;
import dev.clir.model.ModelSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Resolution order: directory, CLIR_MODEL_DIR, Hugging Face cache, clir's cache, download; and the offline message. */
class ModelResolverTest {
  static final String ID = "acme/encoder";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path home;
  FakeHub hub;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    hub = new FakeHub();
    hub.repo(ID, COMMIT).file("tokenizer.json", "{}").file("config.json", "{\"hidden_size\":8}")
        .lfsFile("onnx/model.onnx", new byte[] {1, 2, 3}).lfsFile("onnx/model_quantized.onnx", new byte[] {4, 5});
    env.put("HF_ENDPOINT", hub.endpoint());
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  ModelResolver resolver() {
    return ModelResolver.builder().environment(env).userHome(home).build();
  }

  @Test
  void anExistingDirectoryIsUsedAsIs() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("models/mine"), "model.onnx");
    ResolvedModel r = resolver().locate(dir.toString());
    assertThat(r.source()).isEqualTo(ResolvedModel.Source.DIRECTORY);
    assertThat(r.directory()).isEqualTo(dir);
    assertThat(r.id()).isNull();
    assertThat(resolver().resolve("~/models/mine")).isEqualTo(dir);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void aMissingPathSaysSoInsteadOfAskingTheHub() {
    assertThatThrownBy(() -> resolver().resolve(home.resolve("nowhere").toString()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model directory " + home.resolve("nowhere") + " does not exist");
    assertThatThrownBy(() -> resolver().resolve("not an id!")).hasMessageContaining("neither a directory nor a Hugging Face model id");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void theHuggingFaceCacheIsReusedInPlaceThroughRefsMain() throws IOException {
    env.put("HF_HOME", home.resolve("hf").toString());
    env.put("HF_HUB_OFFLINE", "1");
    Path snap = ModelFolders.hfSnapshot(home.resolve("hf/hub"), ID, COMMIT, "tokenizer.json", "config.json", "onnx/model.onnx");
    ResolvedModel r = resolver().locate(ID);
    assertThat(r.source()).isEqualTo(ResolvedModel.Source.HF_CACHE);
    assertThat(r.directory()).isEqualTo(snap);
    // ModelDirectory reads the id from the cache path and follows the links into blobs/.
    ModelSettings s = ModelDirectory.read(r.directory(), r.overrides(null));
    assertThat(s.id()).isEqualTo(ID);
    assertThat(s.onnxFile()).isEqualTo(snap.resolve("onnx/model.onnx"));
  }

  @Test
  void hfHubCacheWinsOverHfHomeAndAPinnedCommitNeedsNoRef() throws IOException {
    env.put("HF_HOME", home.resolve("unused").toString());
    env.put("HF_HUB_CACHE", home.resolve("hub-cache").toString());
    env.put("HF_HUB_OFFLINE", "true");
    Path snap = ModelFolders.hfSnapshot(home.resolve("hub-cache"), ID, COMMIT, "tokenizer.json", "onnx/model.onnx");
    Files.delete(home.resolve("hub-cache/models--acme--encoder/refs/main"));
    assertThat(resolver().resolve(ID + "@" + COMMIT)).isEqualTo(snap);
    assertThatThrownBy(() -> resolver().resolve(ID)).hasMessageContaining("HF_HUB_OFFLINE=true is set");
  }

  @Test
  void theDefaultHuggingFaceCacheIsUnderTheHomeDirectory() throws IOException {
    env.put("HF_HUB_OFFLINE", "1");
    Path snap = ModelFolders.hfSnapshot(home.resolve(".cache/huggingface/hub"), ID, COMMIT, "tokenizer.json", "onnx/model_quantized.onnx");
    assertThat(resolver().resolve(ID)).isEqualTo(snap);
  }

  @Test
  void aSnapshotWithoutAnOnnxGraphIsNotUsedAndTheMessageSaysWhy() throws IOException {
    env.put("HF_HOME", home.resolve("hf").toString());
    env.put("HF_HUB_OFFLINE", "1");
    Path snap = ModelFolders.hfSnapshot(home.resolve("hf/hub"), ID, COMMIT, "tokenizer.json", "config.json", "model.safetensors");
    assertThatThrownBy(() -> resolver().resolve(ID))
        .hasMessageContaining("The Hugging Face cache has " + snap + ", but no ONNX graph (a download for PyTorch, which clir cannot run).");
  }

  @Test
  void clirModelDirMayBeTheModelFolder() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("e5"), "onnx/model.onnx");
    env.put("CLIR_MODEL_DIR", dir.toString());
    env.put("HF_HUB_OFFLINE", "1");
    ResolvedModel r = resolver().locate(null);
    assertThat(r.source()).isEqualTo(ResolvedModel.Source.CLIR_MODEL_DIR);
    assertThat(r.directory()).isEqualTo(dir);
    // The folder does not say which model it is: the id asked for applies, and with it the known-model table.
    ModelSettings s = ModelDirectory.read(r.directory(), r.overrides(ModelOverrides.NONE));
    assertThat(s.id()).isEqualTo(KnownModels.DEFAULT_MODEL_ID);
    assertThat(s.queryPrefix()).isEqualTo("query: ");
  }

  @Test
  void clirModelDirMayHoldSeveralModelFolders() throws IOException {
    Path base = home.resolve("models");
    Path dir = ModelFolders.modelDir(base.resolve("acme--encoder"), "onnx/model.onnx");
    env.put("CLIR_MODEL_DIR", base.toString());
    assertThat(resolver().resolve(ID)).isEqualTo(dir);
  }

  @Test
  void clirModelDirHoldingAnotherModelIsPassedOver() throws IOException {
    Path dir = ModelFolders.modelDir(home.resolve("labse"), "onnx/model.onnx");
    Files.writeString(dir.resolve("config.json"), "{\"_name_or_path\":\"sentence-transformers/LaBSE\"}");
    env.put("CLIR_MODEL_DIR", dir.toString());
    env.put("HF_HUB_OFFLINE", "1");
    assertThatThrownBy(() -> resolver().resolve(ID)).hasMessageContaining("CLIR_MODEL_DIR (" + dir + ") holds sentence-transformers/LaBSE, not " + ID);
    // Without --model, the folder the user configured is the model.
    assertThat(resolver().locate(null).id()).isEqualTo("sentence-transformers/LaBSE");
  }

  @Test
  void aClirModelDirThatDoesNotExistIsAnError() {
    env.put("CLIR_MODEL_DIR", home.resolve("missing").toString());
    assertThatThrownBy(() -> resolver().resolve(ID)).hasMessageContaining("CLIR_MODEL_DIR is set to " + home.resolve("missing"));
  }

  @Test
  void aModelNowhereIsDownloadedIntoClirsCacheAndFoundThereNextTime() {
    env.put("CLIR_CACHE", home.resolve("clir").toString());
    ResolvedModel first = resolver().locate(ID);
    assertThat(first.source()).isEqualTo(ResolvedModel.Source.DOWNLOADED);
    assertThat(first.directory()).isEqualTo(home.resolve("clir/models/acme--encoder/main"));
    assertThat(first.directory().resolve("onnx/model.onnx")).hasBinaryContent(new byte[] {1, 2, 3});

    env.put("HF_HUB_OFFLINE", "1");
    ResolvedModel again = resolver().locate(ID);
    assertThat(again.source()).isEqualTo(ResolvedModel.Source.CLIR_CACHE);
    assertThat(again.directory()).isEqualTo(first.directory());
  }

  @Test
  void theDefaultClirCacheIsUnderTheHomeDirectory() {
    assertThat(resolver().resolve(ID + "@" + COMMIT)).isEqualTo(home.resolve(".cache/clir/models/acme--encoder/" + COMMIT));
  }

  @Test
  void quantizedDownloadsTheQuantizedGraphIntoItsOwnFolder() {
    ResolvedModel r = ModelResolver.builder().environment(env).userHome(home).quantized(true).build().locate(ID);
    assertThat(r.directory()).isEqualTo(home.resolve(".cache/clir/models/acme--encoder/main+quantized"));
    assertThat(r.onnxFile()).isEqualTo(Path.of("onnx/model_quantized.onnx"));
    assertThat(ModelDirectory.read(r.directory(), r.overrides(null)).onnxFile()).isEqualTo(r.directory().resolve("onnx/model_quantized.onnx"));
  }

  @Test
  void quantizedPicksTheQuantizedGraphOfAHuggingFaceSnapshotThatHasBoth() throws IOException {
    env.put("HF_HUB_OFFLINE", "1");
    Path snap = ModelFolders.hfSnapshot(home.resolve(".cache/huggingface/hub"), ID, COMMIT, "tokenizer.json", "onnx/model.onnx", "onnx/model_quantized.onnx");
    ResolvedModel r = ModelResolver.builder().environment(env).userHome(home).quantized(true).build().locate(ID);
    assertThat(r.directory()).isEqualTo(snap);
    assertThat(ModelDirectory.read(r.directory(), r.overrides(null)).onnxFile()).isEqualTo(snap.resolve("onnx/model_quantized.onnx"));
  }

  @Test
  void theTokenComesFromHfTokenOrTheFileHfAuthLoginWrites() throws IOException {
    hub.requireToken("hf_secret");
    assertThatThrownBy(() -> resolver().resolve(ID)).hasMessageContaining("set HF_TOKEN");

    Files.createDirectories(home.resolve(".cache/huggingface"));
    Files.writeString(home.resolve(".cache/huggingface/token"), "hf_secret\n");
    assertThat(resolver().locate(ID).source()).isEqualTo(ResolvedModel.Source.DOWNLOADED);
    assertThat(hub.requests("hub")).last().extracting(FakeHub.Request::authorization).isEqualTo("Bearer hf_secret");
  }

  @Test
  void aPathLikeIdThatIsNoDirectoryGetsExplainedWhenTheHubHasNoSuchModel() {
    assertThatThrownBy(() -> resolver().resolve("models/e5"))
        .hasMessageStartingWith("'models/e5' is no directory here, so clir looked it up on the hub")
        .hasMessageContaining("does not exist");
  }

  @Test
  void offlineTheMessageListsTheMissingFilesAndEveryWayToProvideThem() {
    env.put("HF_HUB_OFFLINE", "1");
    String message = catchMessage(() -> resolver().resolve(null));
    String hubCache = home.resolve(".cache/huggingface/hub/models--intfloat--multilingual-e5-small").toString();
    assertThat(message)
        .startsWith("model intfloat/multilingual-e5-small is not on this machine and cannot be downloaded: HF_HUB_OFFLINE=1 is set.")
        .contains("Missing: tokenizer.json and onnx/model.onnx, optionally config.json,")
        .contains("--model DIR")
        .contains("CLIR_MODEL_DIR=DIR")
        .contains(hubCache + "/snapshots/COMMIT with refs/main holding COMMIT")
        .contains("hf download intfloat/multilingual-e5-small tokenizer.json onnx/model.onnx")
        .contains("clir-index model pull intfloat/multilingual-e5-small")
        .contains(home.resolve(".cache/clir/models/intfloat--multilingual-e5-small/main").toString());
    assertThat(message.lines().count()).as(message).isLessThanOrEqualTo(8);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void withoutNetworkTheMessageIsTheSameGuidance() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    env.put("HF_ENDPOINT", "http://127.0.0.1:" + closedPort);
    assertThat(catchMessage(() -> resolver().resolve(ID + "@v2")))
        .startsWith("model acme/encoder@v2 is not on this machine and cannot be downloaded: cannot connect to http://127.0.0.1:" + closedPort
            + " (connection refused).")
        .contains("--model DIR")
        .contains("refs/v2 holding COMMIT")
        .contains("--revision v2")
        .contains("clir-index model pull acme/encoder@v2");
  }

  @Test
  void aServerNamesItsOwnSettingForAModelFolder() {
    env.put("HF_HUB_OFFLINE", "1");
    String message = catchMessage(() -> ModelResolver.builder().environment(env).userHome(home)
        .directoryOption("<str name=\"model\">DIR</str> in solrconfig.xml").build().resolve(ID));
    assertThat(message).contains("1. <str name=\"model\">DIR</str> in solrconfig.xml, where DIR holds them").doesNotContain("--model DIR");
  }

  @Test
  void pullDownloadsIntoClirsCacheEvenWhenTheHuggingFaceCacheHasTheModel() throws IOException {
    ModelFolders.hfSnapshot(home.resolve(".cache/huggingface/hub"), ID, COMMIT, "tokenizer.json", "onnx/model.onnx");
    assertThat(resolver().locate(ID).source()).isEqualTo(ResolvedModel.Source.HF_CACHE);
    ResolvedModel pulled = resolver().pull(ID);
    assertThat(pulled.source()).isEqualTo(ResolvedModel.Source.DOWNLOADED);
    assertThat(resolver().pull(ID).source()).isEqualTo(ResolvedModel.Source.CLIR_CACHE);
    assertThatThrownBy(() -> resolver().pull(home.toString())).hasMessageContaining("pull takes a Hugging Face model id");
  }

  @Test
  void transformersOfflineIsHonouredToo() {
    env.put("TRANSFORMERS_OFFLINE", "yes");
    assertThatThrownBy(() -> resolver().resolve(ID)).hasMessageContaining("TRANSFORMERS_OFFLINE=yes is set");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  @Timeout(30)
  void proxiesAndTheStallTimeoutComeFromTheResolversEnvironment() throws IOException {
    try (FakeProxy proxy = new FakeProxy()) {
      env.put("HTTP_PROXY", proxy.address());
      env.put("CLIR_DOWNLOAD_STALL_TIMEOUT", "1");
      hub.stallAfter("onnx/model.onnx", 1, 1);
      long start = System.nanoTime();
      ResolvedModel r = resolver().locate(ID);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(r.directory().resolve("onnx/model.onnx")).hasBinaryContent(new byte[] {1, 2, 3});
      assertThat(hub.requests()).isNotEmpty().allMatch(q -> q.via() != null);
      assertThat(hub.requests("cdn")).extracting(FakeHub.Request::range).containsExactly(null, "bytes=1-");
    }
  }

  @Test
  void settingsOnlyADownloadNeedsFailOnlyADownload() throws IOException {
    env.put("http_proxy", "socks5://127.0.0.1:1080");
    env.put("CLIR_DOWNLOAD_STALL_TIMEOUT", "soon");
    Path dir = ModelFolders.modelDir(home.resolve("models/mine"), "model.onnx");
    assertThat(resolver().resolve(dir.toString())).isEqualTo(dir);
    assertThatThrownBy(() -> resolver().resolve(ID))
        .hasMessageContaining("cannot download acme/encoder: http_proxy=socks5://127.0.0.1:1080 is not a usable proxy")
        .hasMessageContaining("CLIR_DOWNLOAD_STALL_TIMEOUT=soon is not a number of seconds");
    assertThat(hub.requests()).isEmpty();
  }

  static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (ModelLoadException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ModelLoadException");
  }
}
