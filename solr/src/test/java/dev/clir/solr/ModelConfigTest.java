package dev.clir.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.embed.EmbedderOptions;
import dev.clir.model.ResolvedModel;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.LocalHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.util.LogListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a plugin finds its model on a node (no Solr needed): directories under Solr's allowed paths, Hugging Face ids
 * through the engine's resolver with the node's environment (a local stand-in for the hub), and the errors.
 */
class ModelConfigTest {
  static final String ID = "intfloat/e5-small-v2";
  static final String WHERE = "test plugin";

  @TempDir Path tmp;
  Path home;
  Map<String, String> env;
  LocalHub hub;

  /** Solr's allowPaths stand-in: only {@code tmp/allowed} may be read. */
  Consumer<Path> allowed;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    env = new HashMap<>();
    hub = LocalHub.serving(ID, HelpCenter.testModelDir());
    env.put("HF_ENDPOINT", hub.endpoint());
    Path allowedRoot = tmp.resolve("allowed");
    allowed = p -> {
      if (!p.normalize().startsWith(allowedRoot)) {
        throw new SolrException(SolrException.ErrorCode.FORBIDDEN, "Path " + p + " must be relative to SOLR_HOME, "
            + "SOLR_DATA_HOME coreRootDirectory. Set system property 'solr.allowPaths' to add other allowed paths.");
      }
    };
  }

  @AfterEach
  void tearDown() {
    hub.close();
  }

  /** A model as a trusted configset names it (the node's own choice goes the same way). */
  static ModelConfig config(String model, Map<String, ?> more) {
    NamedList<Object> args = new NamedList<>();
    args.add(ModelConfig.MODEL, model);
    more.forEach(args::add);
    ModelChoice choice = ModelChoice.read(args, WHERE);
    assertThat(args.size()).as("every model setting is consumed").isZero();
    return choice.choose(NodeSettings.read(name -> null), true, new Properties(), WHERE);
  }

  /** Downloads allowed for the test id, as an operator would allow them. */
  NodeSettings.Downloads downloads = new NodeSettings.Downloads(true, List.of("intfloat/*"), NodeSettings.DEFAULT_MAX_BYTES);

  ModelConfig.Located locate(ModelConfig c) {
    return c.locate(tmp.resolve("allowed/solr-home"), allowed, env, home, downloads, WHERE);
  }

  static Path copyOfTestModel(Path dir) throws Exception {
    Path src = HelpCenter.testModelDir();
    Files.createDirectories(dir.resolve("1_Pooling"));
    for (String f : List.of("tokenizer.json", "model.onnx", "config.json", "modules.json", "sentence_bert_config.json",
        "1_Pooling/config.json")) {
      if (Files.isRegularFile(src.resolve(f))) {
        Files.copy(src.resolve(f), dir.resolve(f));
      }
    }
    return dir;
  }

  @Test
  void aDirectoryMustBeUnderTheAllowedPaths() throws Exception {
    Path inside = copyOfTestModel(tmp.resolve("allowed/models/e5"));
    ModelConfig.Located ok = locate(config(inside.toString(), Map.of()));
    assertThat(ok.directory()).isEqualTo(inside);
    assertThat(ok.source()).isEqualTo(ResolvedModel.Source.DIRECTORY);

    Path outside = copyOfTestModel(tmp.resolve("elsewhere/e5"));
    assertThatThrownBy(() -> locate(config(outside.toString(), Map.of())))
        .isInstanceOf(SolrException.class)
        .hasMessageContaining("the model directory " + outside + " is outside the paths this Solr node may read")
        .hasMessageContaining("solr.allowPaths");
    // Not even whether it exists is told for a path outside.
    assertThatThrownBy(() -> locate(config(tmp.resolve("elsewhere/nothing").toString(), Map.of())))
        .hasMessageContaining("is outside the paths");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void aRelativeDirectoryIsUnderSolrHomeAndWinsOverAnIdOfTheSameSpelling() throws Exception {
    // "intfloat/e5-small-v2" is a directory under SOLR_HOME here: the directory is used, the hub is not asked.
    Path dir = copyOfTestModel(tmp.resolve("allowed/solr-home/" + ID));
    ModelConfig.Located located = locate(config(ID, Map.of()));
    assertThat(located.directory()).isEqualTo(dir);
    assertThat(located.source()).isEqualTo(ResolvedModel.Source.DIRECTORY);
    assertThat(hub.requests()).isEmpty();

    assertThatThrownBy(() -> locate(config("models/../e5", Map.of())))
        .isInstanceOf(SolrException.class)
        .hasMessageContaining("model directory " + tmp.resolve("allowed/solr-home/e5") + " does not exist");
  }

  @Test
  void anIdIsDownloadedIntoClirsCacheOnceWhileConcurrentCoresWaitForIt() throws Exception {
    env.put("CLIR_CACHE", tmp.resolve("clir-cache").toString());
    hub.delay(150); // every response is slow, so the second core asks while the first downloads
    ModelConfig c = config(ID, Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (LogListener waits = LogListener.info(ModelConfig.class).substring("waiting for another download of " + ID)) {
      Callable<ModelConfig.Located> core = () -> locate(c);
      List<Future<ModelConfig.Located>> cores = List.of(pool.submit(core), pool.submit(core), pool.submit(core));
      Path expected = tmp.resolve("clir-cache/models/intfloat--e5-small-v2/main");
      for (Future<ModelConfig.Located> f : cores) {
        assertThat(f.get().directory()).isEqualTo(expected);
      }
      // They did run at the same time: the two latecomers waited on the engine's download lock.
      assertThat(waits.getCount()).isEqualTo(2);
      waits.clearQueue();
    } finally {
      pool.shutdownNow();
    }
    // The cache lies outside every allowed path: found for an id, it is trusted (see ModelConfig).
    assertThat(hub.requests("tokenizer.json")).as(hub.requests().toString()).isEqualTo(1);
    assertThat(hub.requests("onnx/model.onnx")).as(hub.requests().toString()).isEqualTo(1);
    assertThat(hub.requests("onnx/model_quantized.onnx")).isZero();

    // A later core finds it in the cache without asking the hub.
    int before = hub.requests().size();
    ModelConfig.Located again = locate(c);
    assertThat(again.source()).isEqualTo(ResolvedModel.Source.CLIR_CACHE);
    assertThat(hub.requests()).hasSize(before);
    assertThat(Files.mismatch(again.directory().resolve("onnx/model.onnx"), HelpCenter.testModelDir().resolve("model.onnx")))
        .isEqualTo(-1L);
  }

  @Test
  void quantizedAndRevisionSelectTheGraphAndTheCacheFolder() throws Exception {
    env.put("CLIR_CACHE", tmp.resolve("clir-cache").toString());
    ModelConfig.Located located = locate(config(ID, Map.of(ModelConfig.QUANTIZED, "true", ModelConfig.REVISION, "v1")));
    assertThat(located.directory()).isEqualTo(tmp.resolve("clir-cache/models/intfloat--e5-small-v2/v1+quantized"));
    assertThat(located.overrides().onnxFile()).isEqualTo(Path.of("onnx/model_quantized.onnx"));
    assertThat(hub.requests("onnx/model_quantized.onnx")).isEqualTo(1);
    assertThat(hub.requests("onnx/model.onnx")).isZero();
    // The id's own @REVISION wins over the setting.
    assertThat(locate(config(ID + "@v1", Map.of(ModelConfig.QUANTIZED, true))).directory()).isEqualTo(located.directory());

    Path dir = copyOfTestModel(tmp.resolve("allowed/e5"));
    assertThatThrownBy(() -> locate(config(dir.toString(), Map.of(ModelConfig.REVISION, "v1"))))
        .hasMessageContaining("'revision' applies to a Hugging Face id");
    assertThatThrownBy(() -> config(ID, Map.of(ModelConfig.QUANTIZED, "yes")))
        .hasMessageContaining("quantized must be true or false, not 'yes'");
  }

  @Test
  void anIdInTheHuggingFaceCacheIsUsedInPlaceWithoutTheNetwork() throws Exception {
    Path repo = home.resolve(".cache/huggingface/hub/models--intfloat--e5-small-v2");
    Path snapshot = copyOfTestModel(repo.resolve("snapshots/" + LocalHub.COMMIT));
    Files.createDirectories(snapshot.resolve("onnx"));
    Files.move(snapshot.resolve("model.onnx"), snapshot.resolve("onnx/model.onnx"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), LocalHub.COMMIT);

    ModelConfig.Located located = locate(config(ID, Map.of()));
    assertThat(located.directory()).isEqualTo(snapshot);
    assertThat(located.source()).isEqualTo(ResolvedModel.Source.HF_CACHE);
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void offlineTheErrorIsTheEnginesGuidanceInSolrsTerms() {
    env.put("HF_HUB_OFFLINE", "1");
    assertThatThrownBy(() -> locate(config("intfloat/multilingual-e5-small", Map.of())))
        .isInstanceOf(SolrException.class)
        .hasMessageStartingWith(WHERE + ": model intfloat/multilingual-e5-small is not on this machine and cannot be "
            + "downloaded: HF_HUB_OFFLINE=1 is set.")
        .hasMessageContaining("Provide them in one of these ways")
        .hasMessageContaining("1. -Dclir.model=DIR in SOLR_OPTS or solr.xml")
        .hasMessageContaining(home.resolve(".cache/huggingface/hub/models--intfloat--multilingual-e5-small/snapshots/COMMIT").toString())
        .hasMessageContaining("clir-index model pull intfloat/multilingual-e5-small")
        .hasMessageContaining("-Dclir.env.NAME=VALUE")
        .hasMessageNotContaining("--model DIR");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void anUnreachableHubGivesTheSameGuidance() {
    String endpoint = LocalHub.unreachableEndpoint();
    env.put("HF_ENDPOINT", endpoint);
    assertThatThrownBy(() -> locate(config("intfloat/multilingual-e5-small", Map.of())))
        .isInstanceOf(SolrException.class)
        .hasMessageContaining("model intfloat/multilingual-e5-small is not on this machine and cannot be downloaded: "
            + "cannot connect to " + endpoint + " (connection refused).")
        .hasMessageContaining("Provide them in one of these ways");
  }

  @Test
  void withoutTheOperatorsSwitchAnIdIsTakenFromTheCachesOnlyAndTheRefusalShowsNoPath() throws Exception {
    env.put("CLIR_CACHE", tmp.resolve("clir-cache").toString());
    downloads = NodeSettings.Downloads.NONE;
    try (LogListener errors = LogListener.error(ModelConfig.class)) {
      assertThatThrownBy(() -> locate(config(ID, Map.of())))
          .isInstanceOf(SolrException.class)
          .hasMessageContaining("model " + ID + " is not on this node, and the node does not allow downloading it "
              + "(clir.download is not true)")
          .hasMessageContaining("clir.download=true and clir.download.allow=" + ID)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(tmp.toString()).doesNotContain(home.toString()));
      // The operator's account, with the folders looked in, is in the node's log.
      assertThat(errors.pollMessage()).contains(tmp.resolve("clir-cache").toString());
    }
    downloads = new NodeSettings.Downloads(true, List.of("intfloat/multilingual-*"), NodeSettings.DEFAULT_MAX_BYTES);
    try (LogListener errors = LogListener.error(ModelConfig.class)) {
      assertThatThrownBy(() -> locate(config(ID, Map.of())))
          .hasMessageContaining("(clir.download.allow does not match it)");
      errors.clearQueue();
    }
    assertThat(hub.requests()).isEmpty();
    // Once in the cache (pulled by the operator), it is used without the switch.
    downloads = new NodeSettings.Downloads(true, List.of(ID), NodeSettings.DEFAULT_MAX_BYTES);
    locate(config(ID, Map.of()));
    downloads = NodeSettings.Downloads.NONE;
    assertThat(locate(config(ID, Map.of())).source()).isEqualTo(ResolvedModel.Source.CLIR_CACHE);
  }

  @Test
  void aDownloadLargerThanTheCapIsStoppedAndLeavesNothing() throws Exception {
    Path cache = tmp.resolve("clir-cache");
    env.put("CLIR_CACHE", cache.toString());
    long graph = Files.size(HelpCenter.testModelDir().resolve("model.onnx"));
    downloads = new NodeSettings.Downloads(true, List.of(ID), graph / 2);
    try (LogListener errors = LogListener.error(ModelConfig.class)) {
      assertThatThrownBy(() -> locate(config(ID, Map.of())))
          .isInstanceOf(SolrException.class)
          .hasMessageContaining("model " + ID + " was not downloaded: its files add up to more than "
              + "clir.download.maxBytes=" + graph / 2 + " bytes")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(tmp.toString()));
      errors.clearQueue();
    }
    try (var left = Files.walk(cache)) {
      assertThat(left.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock")).toList())
          .as("no partial download is kept").isEmpty();
    }
    downloads = new NodeSettings.Downloads(true, List.of(ID), graph * 2);
    assertThat(locate(config(ID, Map.of())).source()).isEqualTo(ResolvedModel.Source.DOWNLOADED);
  }

  @Test
  void systemPropertiesOverrideTheEnvironment() {
    String set = ModelConfig.ENV_PROPERTY_PREFIX + "CLIR_TEST_SETTING";
    String unset = ModelConfig.ENV_PROPERTY_PREFIX + "PATH";
    try {
      System.setProperty(set, "from-property");
      System.setProperty(unset, "");
      Map<String, String> e = ModelConfig.environment();
      assertThat(e).containsEntry("CLIR_TEST_SETTING", "from-property").doesNotContainKey("PATH");
    } finally {
      System.clearProperty(set);
      System.clearProperty(unset);
    }
    assertThat(ModelConfig.environment()).doesNotContainKey("CLIR_TEST_SETTING");
  }

  @Test
  void theNodeRegistryKeysAResolvedModelByFolderAndGraph() throws Exception {
    env.put("CLIR_CACHE", tmp.resolve("clir-cache").toString());
    ModelConfig.Located quantized = locate(config(ID, Map.of(ModelConfig.QUANTIZED, true)));
    EmbedderOptions options = EmbedderOptions.builder().intraOpThreads(1).build();
    try (NodeModels.Lease lease = NodeModels.acquire(quantized.directory(), quantized.overrides(), options)) {
      assertThat(lease.embedder().info().onnxFile()).isEqualTo(quantized.directory().resolve("onnx/model_quantized.onnx"));
      assertThat(lease.embedder().info().id()).isEqualTo(ID);
      assertThat(NodeModels.leases(quantized.directory(), quantized.overrides(), options)).isEqualTo(1);
    }
  }
}
