package dev.clir.solr;

import dev.clir.embed.OnnxEmbedder;
import dev.clir.solr.testing.HelpCenter;
import dev.clir.solr.testing.StandaloneRanking;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The shipped jar, not the build's classes: run by maven-failsafe after packaging, with {@code target/clir-solr.jar}
 * as the module's classes and clir-engine, ONNX Runtime, the DJL tokenizers, Gson and JNA taken off the classpath
 * (solr/pom.xml), so that Solr finds everything the plugin needs in that one jar, as on a real node.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "not a bug: TLS adds start-up time and nothing this plugin does depends on it")
public class PluginJarIT extends SolrCloudTestCase {
  @BeforeClass
  public static void startCluster() throws Exception {
    Path model = HelpCenter.testModelDir();
    System.setProperty("clir.model.dir", model.toString());
    System.setProperty("solr.allowPaths", model.toString());
    System.setProperty("clir.intraOpThreads", "1");
    configureCluster(1).addConfig("clir", HelpCenter.projectRoot().resolve("solr/configsets/clir/conf")).configure();
    CollectionAdminRequest.createCollection("kb", "clir", 1, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection("kb", 1, 1);
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
}
