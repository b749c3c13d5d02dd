package dev.clir.solr;

import dev.clir.embed.OnnxEmbedder;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.LocalHub;
import dev.clir.solr.testing.StandaloneRanking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The shipped jar, not the build's classes: run by maven-failsafe after packaging, with {@code target/clir-solr.jar}
 * as the module's classes and clir-engine, ONNX Runtime, the DJL tokenizers, Gson and JNA taken off the classpath
 * (solr/pom.xml), so that Solr finds everything the plugin needs in that one jar, as on a real node. Solr's own
 * Jackson is on this classpath; the jar's resolver must use its relocated copy (and the JDK's HTTP client) to download
 * a model named by id.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "not a bug: TLS adds start-up time and nothing this plugin does depends on it")
public class PluginJarIT extends SolrCloudTestCase {
  static final String ID = "intfloat/e5-small-v2";
  private static LocalHub hub;

  @BeforeClass
  public static void startCluster() throws Exception {
    Path model = HelpCenter.testModelDir();
    hub = LocalHub.serving(ID, model);
    Path conf = HelpCenter.projectRoot().resolve("solr/configsets/clir/conf");
    Path byId = createTempDir("configset-by-id");
    for (String f : List.of("solrconfig.xml", "managed-schema.xml")) {
      Files.writeString(byId.resolve(f), Files.readString(conf.resolve(f)).replace("${clir.model}", ID));
    }
    System.setProperty("clir.model", model.toString());
    System.setProperty("solr.allowPaths", model.toString());
    System.setProperty("clir.intraOpThreads", "1");
    System.setProperty("clir.env.HF_ENDPOINT", hub.endpoint());
    System.setProperty("clir.env.HF_HUB_OFFLINE", "");
    System.setProperty("clir.env.CLIR_MODEL_DIR", "");
    System.setProperty("clir.env.HF_HOME", createTempDir("hf-home").toString());
    System.setProperty("clir.env.CLIR_CACHE", createTempDir("clir-cache").toString());
    configureCluster(1).addConfig("clir", conf).addConfig("clir-by-id", byId).configure();
    CollectionAdminRequest.createCollection("kb", "clir", 1, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection("kb", 1, 1);
  }

  @AfterClass
  public static void stopHub() {
    if (hub != null) {
      hub.close();
    }
    hub = null;
  }

  @Test
  public void thePluginJarIsSelfContained() throws Exception {
    for (String c : List.of("dev.clir.solr.ClirQParserPlugin", "dev.clir.embed.OnnxEmbedder", "ai.onnxruntime.OrtSession",
        "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer", "dev.clir.shaded.jackson.databind.ObjectMapper")) {
      String where = Class.forName(c).getProtectionDomain().getCodeSource().getLocation().toString();
      assertTrue(c + " comes from " + where, where.endsWith("clir-solr.jar"));
    }
    List<HelpCenter.Article> articles = HelpCenter.load().articles.subList(0, 6);
    UpdateRequest add = new UpdateRequest();
    articles.forEach(a -> add.add(a.toSolr()));
    add.process(cluster.getSolrClient(), "kb");
    cluster.getSolrClient().commit("kb");

    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("question", "Como faço para redefinir minha senha?");
    p.set("fl", "id,score");
    QueryRequest ask = new QueryRequest(p);
    ask.setPath("/ask");
    QueryResponse rsp = ask.process(cluster.getSolrClient(), "kb");
    assertEquals(6, rsp.getResults().getNumFound());
    // Same best hit as the standalone engine (whose classes here come from the plugin jar too).
    try (OnnxEmbedder embedder = OnnxEmbedder.open(HelpCenter.testModelDir())) {
      String best = new StandaloneRanking(embedder, articles).bestPassage(p.get("question"), 1, a -> true).get(0).id();
      assertEquals(best, rsp.getResults().get(0).getFieldValue("id"));
    }
  }

  @Test
  public void theJarResolvesAndDownloadsAModelNamedByIdOnSolrsClasspath() throws Exception {
    String jackson = Class.forName("com.fasterxml.jackson.databind.ObjectMapper").getProtectionDomain().getCodeSource()
        .getLocation().toString();
    assertFalse("Solr's own Jackson is on this classpath, not the plugin's: " + jackson, jackson.endsWith("clir-solr.jar"));
    CollectionAdminRequest.createCollection("kb_by_id", "clir-by-id", 1, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection("kb_by_id", 1, 1);
    assertEquals(hub.requests().toString(), 1, hub.requests("onnx/model.onnx"));
    List<HelpCenter.Article> articles = HelpCenter.load().articles.subList(0, 6);
    UpdateRequest add = new UpdateRequest();
    articles.forEach(a -> add.add(a.toSolr()));
    add.process(cluster.getSolrClient(), "kb_by_id");
    cluster.getSolrClient().commit("kb_by_id");
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("question", "Como faço para redefinir minha senha?");
    p.set("fl", "id,score");
    QueryRequest ask = new QueryRequest(p);
    ask.setPath("/ask");
    QueryResponse rsp = ask.process(cluster.getSolrClient(), "kb_by_id");
    assertEquals(6, rsp.getResults().getNumFound());
    try (OnnxEmbedder embedder = OnnxEmbedder.open(HelpCenter.testModelDir())) {
      String best = new StandaloneRanking(embedder, articles).bestPassage(p.get("question"), 1, a -> true).get(0).id();
      assertEquals(best, rsp.getResults().get(0).getFieldValue("id"));
    }
  }
}
