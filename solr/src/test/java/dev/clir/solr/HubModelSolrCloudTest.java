package dev.clir.solr;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.LocalHub;
import dev.clir.solr.testing.StandaloneRanking;
import dev.clir.solr.testing.StandaloneRanking.Hit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.cloud.CollectionProperties;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.util.LogListener;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A configset that names its model by Hugging Face id, in a two-node SolrCloud: the id is downloaded from a local
 * stand-in for the hub ({@code HF_ENDPOINT}) into clir's cache once, found in place in a Hugging Face cache without the
 * network, and refused with the engine's guidance when it is nowhere and cannot be downloaded. The node's environment
 * is set through {@code -Dclir.env.NAME} system properties, as an administrator would in {@code SOLR_OPTS}.
 * {@code solr.allowPaths} is left at Solr's default: the caches lie outside it (see {@link ModelConfig}).
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "not a bug: TLS adds start-up time and nothing this plugin does depends on it")
public class HubModelSolrCloudTest extends SolrCloudTestCase {
  static final String ID = "intfloat/e5-small-v2";
  static final String MISSING = "intfloat/multilingual-e5-small";
  static final List<String> ENV = List.of("HF_ENDPOINT", "HF_HOME", "HF_HUB_CACHE", "XDG_CACHE_HOME", "CLIR_CACHE",
      "CLIR_MODEL_DIR", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN");

  private static LocalHub hub;
  private static Path caches;
  private static OnnxEmbedder standaloneEmbedder;
  private static HelpCenter help;

  @BeforeClass
  public static void startCluster() throws Exception {
    hub = LocalHub.serving(ID, HelpCenter.testModelDir());
    hub.delay(50); // the two cores of a collection load at the same time; slow answers make them overlap
    caches = createTempDir("model-caches");
    System.setProperty("clir.intraOpThreads", "1");
    configureCluster(2).addConfig("clir", ClirSolrCloudTest.configset()).configure();
    standaloneEmbedder = OnnxEmbedder.open(HelpCenter.testModelDir(), ModelOverrides.NONE,
        EmbedderOptions.builder().intraOpThreads(1).build());
    help = HelpCenter.load();
  }

  @AfterClass
  public static void stopHub() {
    System.clearProperty(NodeSettings.MODEL);
    System.clearProperty(NodeSettings.DOWNLOAD);
    for (String name : ENV) {
      System.clearProperty(ModelConfig.ENV_PROPERTY_PREFIX + name);
    }
    if (hub != null) {
      hub.close();
    }
    if (standaloneEmbedder != null) {
      standaloneEmbedder.close();
    }
    hub = null;
    standaloneEmbedder = null;
    help = null;
  }

  /** The node's model setting, as its operator would set it in SOLR_OPTS, with downloads of it allowed. */
  static void nodeModel(String id) {
    System.setProperty(NodeSettings.MODEL, id);
    System.setProperty(NodeSettings.DOWNLOAD, "true");
  }

  /** This node's environment for model resolution: {@code values}, every other variable the resolver reads unset. */
  static void nodeEnvironment(Map<String, String> values) {
    for (String name : ENV) {
      System.setProperty(ModelConfig.ENV_PROPERTY_PREFIX + name, values.getOrDefault(name, ""));
    }
  }

  private static CloudSolrClient client() {
    return cluster.getSolrClient();
  }

  @Test
  public void anIdIsDownloadedOnceAndTheCollectionIndexesAndAnswersAsTheStandaloneEngine() throws Exception {
    Path clirCache = caches.resolve("download-clir");
    nodeEnvironment(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", caches.resolve("download-hf").toString(),
        "CLIR_CACHE", clirCache.toString()));
    long graphsBefore = hub.requests("onnx/model.onnx");
    long tokenizersBefore = hub.requests("tokenizer.json");
    nodeModel(ID);
    String collection = "by_id";
    // Two shards on two nodes: two cores, each with the query parser and the update processor, resolve the id.
    CollectionAdminRequest.createCollection(collection, "clir", 2, 1).process(client());
    cluster.waitForActiveCollection(collection, 2, 2);
    try {
      assertEquals("the graph is downloaded once " + hub.requests(), 1, hub.requests("onnx/model.onnx") - graphsBefore);
      assertEquals(1, hub.requests("tokenizer.json") - tokenizersBefore);
      Path downloaded = clirCache.resolve("models/intfloat--e5-small-v2/main");
      assertTrue(downloaded + " loaded: " + NodeModels.loadedDirectories(), loaded(downloaded));
      // Used although Solr's allowPaths does not include it: found for an id, under the node's cache root.
      SolrException notAllowed = expectThrows(SolrException.class,
          () -> cluster.getJettySolrRunner(0).getCoreContainer().assertPathAllowed(downloaded));
      assertTrue(notAllowed.getMessage(), notAllowed.getMessage().contains("solr.allowPaths"));
      // The same model as the directory: the collection records the test model's fingerprint and id.
      Map<String, String> props = new CollectionProperties(cluster.getZkClient()).getCollectionProperties(collection);
      assertEquals(standaloneEmbedder.info().fingerprint(), props.get(ModelGuard.FINGERPRINT));
      assertEquals(ID, props.get(dev.clir.model.ModelIdentity.KEY_ID));

      List<HelpCenter.Article> articles = help.subsetFor(List.of("qa01", "qa02"), 12);
      UpdateRequest add = new UpdateRequest();
      articles.forEach(a -> add.add(a.toSolr()));
      add.process(client(), collection);
      client().commit(collection);
      StandaloneRanking standalone = new StandaloneRanking(standaloneEmbedder, articles);
      for (String q : List.of("qa01-pt", "qa02-en")) {
        String text = help.question(q).text();
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("question", text);
        p.set("topK", "20");
        p.set("rows", "3");
        p.set("fl", "id,score");
        QueryRequest ask = new QueryRequest(p);
        ask.setPath("/ask");
        assertSameTop(q, standalone.bestPassage(text, 3, a -> true), ask.process(client(), collection).getResults());
      }
    } finally {
      CollectionAdminRequest.deleteCollection(collection).process(client());
    }
  }

  @Test
  public void anIdInTheHuggingFaceCacheIsUsedInPlaceWithoutTheNetwork() throws Exception {
    // The layout huggingface_hub writes: blobs named by SHA-256, snapshot files linking to them, refs/main.
    Path hfHome = caches.resolve("hf-cache-hf");
    Path repo = hfHome.resolve("hub/models--intfloat--e5-small-v2");
    Path snapshot = repo.resolve("snapshots/" + LocalHub.COMMIT);
    Path model = HelpCenter.testModelDir();
    Map<String, String> files = new LinkedHashMap<>();
    files.put("onnx/model.onnx", "model.onnx");
    for (String f : List.of("tokenizer.json", "config.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json")) {
      if (Files.isRegularFile(model.resolve(f))) {
        files.put(f, f);
      }
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] content = Files.readAllBytes(model.resolve(f.getValue()));
      Path blob = repo.resolve("blobs/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
      Files.createDirectories(blob.getParent());
      Files.write(blob, content);
      Path link = snapshot.resolve(f.getKey());
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, link.getParent().relativize(blob));
    }
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), LocalHub.COMMIT);

    Path clirCache = caches.resolve("hf-cache-clir");
    nodeEnvironment(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", hfHome.toString(), "CLIR_CACHE", clirCache.toString()));
    int requestsBefore = hub.requests().size();
    nodeModel(ID);
    System.setProperty(NodeSettings.DOWNLOAD, "false");
    String collection = "from_hf_cache";
    CollectionAdminRequest.createCollection(collection, "clir", 1, 1).process(client());
    cluster.waitForActiveCollection(collection, 1, 1);
    try {
      List<HelpCenter.Article> articles = help.articles.subList(0, 4);
      UpdateRequest add = new UpdateRequest();
      articles.forEach(a -> add.add(a.toSolr()));
      add.process(client(), collection);
      client().commit(collection);
      String text = articles.get(2).title();
      QueryResponse rsp = new QueryRequest(new SolrQuery("{!clir f=vector topK=4}" + text).setFields("id", "score").setRows(1))
          .process(client(), collection);
      String best = new StandaloneRanking(standaloneEmbedder, articles).firstPassage(text, 1, a -> true).get(0).id();
      assertEquals(best, rsp.getResults().get(0).getFieldValue("id"));
      assertEquals("no request reached the hub", requestsBefore, hub.requests().size());
      assertTrue(NodeModels.loadedDirectories().toString(), loaded(snapshot));
      assertFalse("nothing was written to clir's cache", Files.exists(clirCache.resolve("models")));
    } finally {
      CollectionAdminRequest.deleteCollection(collection).process(client());
    }
  }

  @Test
  public void anIdThatIsNowhereAndCannotBeDownloadedFailsTheCoreWithTheEnginesGuidance() throws Exception {
    nodeModel(MISSING);
    String unreachable = LocalHub.unreachableEndpoint();
    nodeEnvironment(Map.of("HF_ENDPOINT", unreachable, "HF_HOME", caches.resolve("missing-hf").toString(),
        "CLIR_CACHE", caches.resolve("missing-clir").toString()));
    String message = createFailure("missing_unreachable");
    assertTrue(message, message.contains("model " + MISSING + " is not on this machine and cannot be downloaded: cannot connect to "
        + unreachable + " (connection refused)."));
    assertTrue(message, message.contains("Provide them in one of these ways"));
    assertTrue(message, message.contains("-Dclir.model=DIR in SOLR_OPTS or solr.xml"));
    assertTrue(message, message.contains(caches.resolve("missing-hf/hub/models--intfloat--multilingual-e5-small/snapshots").toString()));

    nodeEnvironment(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_OFFLINE", "1", "HF_HOME", caches.resolve("missing-hf").toString(),
        "CLIR_CACHE", caches.resolve("missing-clir").toString()));
    int requestsBefore = hub.requests().size();
    message = createFailure("missing_offline");
    assertTrue(message, message.contains("model " + MISSING + " is not on this machine and cannot be downloaded: HF_HUB_OFFLINE=1 is set."));
    assertTrue(message, message.contains("clir-index model pull " + MISSING));
    assertEquals("offline: the hub is not asked", requestsBefore, hub.requests().size());
  }

  /**
   * Creates a collection that must fail and returns the nodes' account of it: the errors they log, with their exception
   * chains, which is where an administrator reads why (the client is told "Underlying core creation failed"; in the
   * runs seen here the response carried no more detail).
   */
  private static String createFailure(String collection) throws Exception {
    try (LogListener errors = LogListener.error()) {
      Exception e = expectThrows(Exception.class,
          () -> CollectionAdminRequest.createCollection(collection, "clir", 1, 1).process(client()));
      assertTrue(e.getMessage(), e.getMessage().contains("Underlying core creation failed while creating collection: " + collection));
      StringBuilder sb = new StringBuilder();
      for (LogEvent event : errors.getQueue()) {
        sb.append(event.getMessage().getFormattedMessage()).append(" | ");
        for (Throwable c = event.getThrown(); c != null; c = c.getCause()) {
          sb.append(c.getMessage()).append(" | ");
        }
      }
      errors.clearQueue();
      return sb.toString();
    } finally {
      if (cluster.getSolrClient().getClusterState().hasCollection(collection)) {
        CollectionAdminRequest.deleteCollection(collection).process(client());
      }
    }
  }

  /** Whether the node registry holds a model from {@code dir} (compared as text: the test framework's temporary
   * folders live on a wrapped file system, whose paths never equal the plain ones the resolver makes). */
  private static boolean loaded(Path dir) {
    return NodeModels.loadedDirectories().stream().anyMatch(p -> p.toString().equals(dir.toString()));
  }

  private static void assertSameTop(String what, List<Hit> expected, SolrDocumentList actual) {
    assertEquals(what, expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      // Where the reference's scores nearly tie, either order is right; the scores must still agree.
      boolean tie = (i > 0 && expected.get(i - 1).score() - expected.get(i).score() < 1e-4)
          || (i + 1 < expected.size() && expected.get(i).score() - expected.get(i + 1).score() < 1e-4);
      if (!tie) {
        assertEquals(what + " rank " + (i + 1) + ": " + expected + " vs " + actual, expected.get(i).id(), actual.get(i).getFieldValue("id"));
      }
      assertEquals(what + " score at rank " + (i + 1), expected.get(i).score(), (Float) actual.get(i).getFieldValue("score"), 1e-4);
    }
  }
}
