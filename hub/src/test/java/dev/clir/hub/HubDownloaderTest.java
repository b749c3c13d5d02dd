package dev.clir.hub;

import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelRef;
import dev.clir.model.DownloadListener;
import dev.clir.model.DownloadManifest;
import dev.clir.model.HubUnreachableException;
import dev.clir.model.DownloadInterruptedException;
import dev.clir.model.OnnxVariant;
import dev.clir.model.ModelDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Downloading from a fake hub in the test JVM: redirects, resume, checksums, tokens, locking. */
class HubDownloaderTest {
  static final String ID = "acme/encoder";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final ModelRef REF = new ModelRef(ID, "main");

  @TempDir Path cache;
  FakeHub hub;
  byte[] graph;
  final List<String> notices = new ArrayList<>();

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub();
    graph = bytes(300_000, 1);
    hub.repo(ID, COMMIT)
        .file("tokenizer.json", "{\"model\":{\"type\":\"WordPiece\"}}")
        .file("config.json", "{\"_name_or_path\":\"acme/encoder\",\"hidden_size\":8}")
        .file("modules.json", "[]")
        .file("README.md", "# encoder")
        .lfsFile("onnx/model.onnx", graph)
        .lfsFile("onnx/model_quantized.onnx", bytes(100_000, 2))
        .lfsFile("pytorch_model.bin", bytes(200_000, 3));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  HubDownloader.Builder downloader() {
    return HubDownloader.builder().endpoint(hub.endpoint()).retryPause(Duration.ofMillis(10)).listener(new DownloadListener() {
      @Override
      public void notice(String message) {
        synchronized (notices) {
          notices.add(message);
        }
      }
    });
  }

  Path target() {
    return cache.resolve("acme--encoder/main");
  }

  @Test
  void downloadsOnlyWhatTheEngineNeedsFollowingTheRedirectToTheCdn() throws IOException {
    Path dir = downloader().build().download(REF, OnnxVariant.FLOAT, target());

    assertThat(dir).isEqualTo(target());
    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
    assertThat(dir.resolve("tokenizer.json")).hasContent("{\"model\":{\"type\":\"WordPiece\"}}");
    assertThat(dir.resolve("config.json")).exists();
    assertThat(dir.resolve("modules.json")).exists();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList())
          .containsExactly("clir-download.json", "config.json", "modules.json", "onnx/model.onnx", "tokenizer.json");
    }
    List<String> asked = hub.requests("hub").stream().map(FakeHub.Request::path).toList();
    assertThat(asked).noneMatch(p -> p.endsWith("pytorch_model.bin") || p.endsWith("README.md") || p.endsWith("model_quantized.onnx"));
    // The revision's file list comes first; a file it does not list is not asked for.
    assertThat(asked.get(0)).isEqualTo("/api/models/" + ID + "/revision/main");
    assertThat(asked).noneMatch(p -> p.endsWith("/special_tokens_map.json"));
    assertThat(hub.requests("cdn")).extracting(FakeHub.Request::path).containsExactly("/blobs/" + FakeHub.hex("SHA-256", graph));
    assertThat(notices).isEmpty();

    DownloadManifest m = DownloadManifest.read(dir).orElseThrow();
    assertThat(m.id()).isEqualTo(ID);
    assertThat(m.commit()).isEqualTo(COMMIT);
    assertThat(m.onnxFile()).isEqualTo("onnx/model.onnx");
    assertThat(m.files()).filteredOn(f -> f.path().equals("onnx/model.onnx")).singleElement()
        .satisfies(f -> {
          assertThat(f.checked()).isEqualTo("sha256");
          assertThat(f.etag()).isEqualTo(FakeHub.hex("SHA-256", graph));
          assertThat(f.size()).isEqualTo(graph.length);
        });
    assertThat(m.files()).filteredOn(f -> f.path().equals("tokenizer.json")).singleElement()
        .satisfies(f -> assertThat(f.checked()).isEqualTo("git-sha1"));
    // The folder is the model: ModelDirectory reads its id from the manifest.
    assertThat(ModelDirectory.read(dir).id()).isEqualTo(ID);
  }

  @Test
  void everyFileComesFromTheCommitTheFileListResolvedTheRevisionTo() {
    downloader().build().download(REF, OnnxVariant.FLOAT, target());
    List<String> asked = hub.requests("hub").stream().map(FakeHub.Request::path).toList();
    assertThat(asked.get(0)).isEqualTo("/api/models/" + ID + "/revision/main");
    assertThat(asked.subList(1, asked.size())).isNotEmpty().allMatch(p -> p.startsWith("/" + ID + "/resolve/" + COMMIT + "/"));
  }

  @Test
  void aMirrorWithoutTheFileListApiIsAskedForFilesByNameFromTheCommitOfTheFirst() {
    hub.listingApi(false);
    downloader().build().download(REF, OnnxVariant.FLOAT, target());
    List<String> asked = hub.fileRequests().stream().filter(r -> r.server().equals("hub")).map(FakeHub.Request::path).toList();
    assertThat(asked.get(0)).isEqualTo("/" + ID + "/resolve/main/tokenizer.json");
    assertThat(asked.subList(1, asked.size())).allMatch(p -> p.startsWith("/" + ID + "/resolve/" + COMMIT + "/"));
    assertThat(asked).anyMatch(p -> p.endsWith("/special_tokens_map.json")); // asked, answered 404, skipped quietly
    assertThat(target().resolve("onnx/model.onnx")).exists();
  }

  @Test
  void theQuantizedVariantDownloadsOnlyTheQuantizedGraph() {
    Path dir = downloader().build().download(REF, OnnxVariant.QUANTIZED, cache.resolve("acme--encoder/main+quantized"));
    assertThat(dir.resolve("onnx/model_quantized.onnx")).exists();
    assertThat(dir.resolve("onnx/model.onnx")).doesNotExist();
    assertThat(ModelDirectory.read(dir).onnxFile()).isEqualTo(dir.resolve("onnx/model_quantized.onnx"));
  }

  @Test
  void externalWeightsAreDownloadedWhenTheRepositoryHasThem() {
    byte[] data = bytes(50_000, 4);
    hub.repo("acme/large", COMMIT).file("tokenizer.json", "{}").lfsFile("onnx/model.onnx", bytes(1000, 5))
        .lfsFile("onnx/model.onnx_data", data);
    Path dir = downloader().build().download(new ModelRef("acme/large", null), OnnxVariant.FLOAT, cache.resolve("acme--large/main"));
    assertThat(dir.resolve("onnx/model.onnx_data")).hasBinaryContent(data);
    assertThat(ModelDirectory.read(dir).fingerprintFiles()).contains(dir.resolve("onnx/model.onnx_data"));
  }

  @Test
  void aDroppedConnectionIsResumedWithARangeRequest() {
    hub.dropAfter("onnx/model.onnx", 100_000, 1);
    Path dir = downloader().build().download(REF, OnnxVariant.FLOAT, target());

    List<FakeHub.Request> cdn = hub.requests("cdn");
    assertThat(cdn).hasSize(2);
    assertThat(cdn.get(0).range()).isNull();
    assertThat(cdn.get(1).range()).matches("bytes=\\d+-");
    long resumedAt = Long.parseLong(cdn.get(1).range().replaceAll("\\D", ""));
    assertThat(resumedAt).isPositive().isLessThanOrEqualTo(100_000);
    assertThat(FakeHub.hex("SHA-256", readAll(dir.resolve("onnx/model.onnx")))).isEqualTo(FakeHub.hex("SHA-256", graph));
    assertThat(notices).anyMatch(n -> n.contains("broke off") && n.contains("resuming"));
  }

  @Test
  @Timeout(30)
  void aStalledTransferIsAbandonedAfterTheStallTimeoutAndResumedWithARangeRequest() {
    hub.stallAfter("onnx/model.onnx", 100_000, 1);
    long start = System.nanoTime();
    Path dir = downloader().stallTimeout(Duration.ofSeconds(1)).build().download(REF, OnnxVariant.FLOAT, target());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    List<FakeHub.Request> cdn = hub.requests("cdn");
    assertThat(cdn).hasSize(2);
    assertThat(cdn.get(0).range()).isNull();
    // Every byte that arrived before the stall was kept: the second request starts right after them.
    assertThat(cdn.get(1).range()).isEqualTo("bytes=100000-");
    assertThat(FakeHub.hex("SHA-256", readAll(dir.resolve("onnx/model.onnx")))).isEqualTo(FakeHub.hex("SHA-256", graph));
    assertThat(notices).containsExactly("download of onnx/model.onnx stalled: no data arrived for 1 s after 100000 bytes; "
        + "resuming (attempt 2 of 4)");
    // It waited for the stall timeout, not for the request timeout (60 s) or forever.
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
  }

  @Test
  @Timeout(30)
  void aTransferThatStallsOnEveryAttemptFailsSayingSoAndTheNextRunResumesIt() throws IOException {
    hub.stallAfter("onnx/model.onnx", 100_000, 2);
    long start = System.nanoTime();
    assertThatThrownBy(() -> downloader().stallTimeout(Duration.ofSeconds(1)).maxAttempts(2).build().download(REF, OnnxVariant.FLOAT, target()))
        .isInstanceOf(DownloadInterruptedException.class)
        .hasMessageStartingWith("downloading " + hub.endpoint() + "/" + ID + "/resolve/" + COMMIT + "/onnx/model.onnx stalled: "
            + "no data arrived for 1 s, and 2 attempts did not finish it.")
        .hasMessageContaining("The 200000 bytes of 300000 bytes received are kept in ")
        .hasMessageContaining("run the same command again to resume")
        .hasMessageContaining("CLIR_DOWNLOAD_STALL_TIMEOUT=SECONDS");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    // One notice for the retry; the last stall is the exception's to report.
    assertThat(notices).containsExactly("download of onnx/model.onnx stalled: no data arrived for 1 s after 100000 bytes; "
        + "resuming (attempt 2 of 2)");
    Path part = cache.resolve("acme--encoder/.main.download/onnx/model.onnx.part");
    assertThat(part).hasSize(200_000);
    assertThat(target()).doesNotExist();

    Path dir = downloader().build().download(REF, OnnxVariant.FLOAT, target());
    assertThat(hub.requests("cdn")).last().extracting(FakeHub.Request::range).isEqualTo("bytes=200000-");
    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
  }

  @Test
  void aPartFileLeftByAnInterruptedRunIsResumedByTheNextRun() throws IOException {
    hub.dropAfter("onnx/model.onnx", 120_000, 1);
    assertThatThrownBy(() -> downloader().maxAttempts(1).build().download(REF, OnnxVariant.FLOAT, target()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("/resolve/" + COMMIT + "/onnx/model.onnx")
        .hasMessageContaining("run the same command again to resume");
    Path part = cache.resolve("acme--encoder/.main.download/onnx/model.onnx.part");
    assertThat(part).exists();
    long kept = Files.size(part);
    assertThat(target()).doesNotExist();

    Path dir = downloader().build().download(REF, OnnxVariant.FLOAT, target());
    FakeHub.Request last = hub.requests("cdn").get(hub.requests("cdn").size() - 1);
    assertThat(last.range()).isEqualTo("bytes=" + kept + "-");
    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
    assertThat(cache.resolve("acme--encoder/.main.download")).doesNotExist();
    // Files finished before the interruption were not fetched again.
    assertThat(hub.requests("hub").stream().filter(r -> r.path().endsWith("/tokenizer.json"))).hasSize(1);
  }

  @Test
  void aWrongChecksumIsRefusedAndNothingStaysInTheCache() throws IOException {
    hub.announceWrongChecksum("onnx/model.onnx");
    assertThatThrownBy(() -> downloader().build().download(REF, OnnxVariant.FLOAT, target()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("onnx/model.onnx")
        .hasMessageContaining("corrupt")
        .hasMessageContaining("sha256 is " + FakeHub.hex("SHA-256", graph))
        .hasMessageContaining("announced " + "0".repeat(64))
        .hasMessageContaining("Nothing was kept");
    try (Stream<Path> left = Files.walk(cache)) {
      // Only the (empty) lock file may remain.
      assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList()).containsOnly(".main.lock");
    }
  }

  @Test
  void aWrongChecksumOnAGitFileIsRefusedToo() {
    hub.announceWrongChecksum("config.json");
    assertThatThrownBy(() -> downloader().build().download(REF, OnnxVariant.FLOAT, target()))
        .hasMessageContaining("config.json").hasMessageContaining("git-sha1");
    assertThat(target()).doesNotExist();
  }

  @Test
  void aPrivateModelNeedsTheTokenWhichOnlyTheHubReceives() {
    hub.requireToken("hf_secret");
    assertThatThrownBy(() -> downloader().build().download(REF, OnnxVariant.FLOAT, target()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("private or gated")
        .hasMessageContaining("set HF_TOKEN");
    assertThat(target()).doesNotExist();

    assertThatThrownBy(() -> downloader().token("hf_wrong", "HF_TOKEN").build().download(REF, OnnxVariant.FLOAT, target()))
        .hasMessageContaining("with the access token from HF_TOKEN");

    Path dir = downloader().token("hf_secret", "HF_TOKEN").build().download(REF, OnnxVariant.FLOAT, target());
    assertThat(dir.resolve("onnx/model.onnx")).hasBinaryContent(graph);
    List<FakeHub.Request> withToken = hub.requests().stream().filter(r -> "Bearer hf_secret".equals(r.authorization())).toList();
    assertThat(withToken).isNotEmpty().allMatch(r -> r.server().equals("hub"));
    assertThat(hub.requests("cdn")).isNotEmpty().allMatch(r -> r.authorization() == null);
  }

  @Test
  void anUnknownModelSaysToCheckTheId() {
    assertThatThrownBy(() -> downloader().build().download(new ModelRef("acme/nope", null), OnnxVariant.FLOAT, cache.resolve("x/main")))
        .hasMessageContaining("acme/nope does not exist")
        .hasMessageContaining(hub.endpoint() + "/acme/nope");
  }

  @Test
  void anUnknownRevisionIsNamed() {
    assertThatThrownBy(() -> downloader().build().download(new ModelRef(ID, "v9"), OnnxVariant.FLOAT, cache.resolve("x/v9")))
        .hasMessageContaining("no revision 'v9'");
  }

  @Test
  void aRepositoryWithoutAnOnnxGraphSaysHowToGetOne() {
    hub.repo("acme/torch-only", COMMIT).file("tokenizer.json", "{}").lfsFile("model.safetensors", bytes(1000, 6));
    assertThatThrownBy(() -> downloader().build().download(new ModelRef("acme/torch-only", null), OnnxVariant.FLOAT,
        cache.resolve("acme--torch-only/main")))
        .hasMessageContaining("model acme/torch-only")
        .hasMessageContaining("has no float ONNX graph: looked for onnx/model.onnx, model.onnx. It has no .onnx file at all.")
        .hasMessageContaining("optimum-cli export onnx");
    assertThat(cache.resolve("acme--torch-only")).isDirectoryNotContaining(p -> !p.getFileName().toString().endsWith(".lock"));
  }

  @Test
  void anUnreachableHubIsReportedAsSuch() throws IOException {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HubDownloader d = HubDownloader.builder().endpoint("http://127.0.0.1:" + closedPort).build();
    assertThatThrownBy(() -> d.download(REF, OnnxVariant.FLOAT, target()))
        .isInstanceOf(HubUnreachableException.class)
        .hasMessageContaining("cannot connect to http://127.0.0.1:" + closedPort);
    assertThat(target()).doesNotExist();
  }

  @Test
  void twoThreadsDownloadingTheSameModelBothGetIntactFiles() throws Exception {
    hub.slowCdn(300);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        HubDownloader d = downloader().build();
        results.add(pool.submit(() -> {
          start.await();
          return d.download(REF, OnnxVariant.FLOAT, target());
        }));
      }
      start.countDown();
      for (Future<Path> r : results) {
        Path dir = r.get(60, TimeUnit.SECONDS);
        assertThat(dir).isEqualTo(target());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(target().resolve("onnx/model.onnx")).hasBinaryContent(graph);
    assertThat(ModelDirectory.read(target()).id()).isEqualTo(ID);
    assertThat(hub.requests("cdn")).as("the graph is downloaded once").hasSize(1);
    assertThat(notices).as("one thread waited for the other").anyMatch(n -> n.startsWith("waiting for another download of " + ID));
  }

  @Test
  void aFinishedDownloadIsNotRepeated() {
    downloader().build().download(REF, OnnxVariant.FLOAT, target());
    int before = hub.requests().size();
    downloader().build().download(REF, OnnxVariant.FLOAT, target());
    assertThat(hub.requests()).hasSize(before);
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
