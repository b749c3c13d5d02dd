package dev.clir.solr;

import dev.clir.solr.testing.HelpCenter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.util.Utils;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The commands of {@code solr/README.md} as an operator types them: every {@code bash} block is extracted, and each
 * {@code curl} command in it runs as written (with {@code localhost:8983} pointed at a {@code MiniSolrCloudCluster}
 * node), in order, from the checkout's root, through {@code bash}. Every other line of those blocks must be one that
 * cannot run here, listed below with its reason, so that a command added to the guide is either tested or explained.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "not a bug: TLS adds start-up time and nothing this plugin does depends on it")
public class OperatorGuideCommandsTest extends SolrCloudTestCase {
  static final String DOCUMENTED_URL = "http://localhost:8983/solr";

  /** Lines of the guide's bash blocks that are not run here, by their start, each with the reason. */
  static final Map<String, String> NOT_RUN_HERE = Map.of(
      "bin/mvn ", "the build: CI's bin/mvn -B verify packages the same jar",
      "MODEL_OPTS=", "a setting for the Solr tarball's solr.in.sh; the test node gets the same -Dclir.model",
      "SOLR_TIP=", "the Solr tarball, which is not on Maven Central (Apache's mirrors only)",
      "mkdir -p $SOLR_TIP", "the Solr tarball",
      "cp solr/target/clir-solr.jar $SOLR_TIP", "the Solr tarball (PluginJarIT loads the jar from SOLR_HOME/lib)",
      "echo \"SOLR_OPTS=", "the Solr tarball's solr.in.sh",
      "$SOLR_TIP/bin/solr ", "the Solr tarball's bin/solr (the test uploads the configset through the cluster's API)",
      "solr/run-bench.sh ", "the benchmark, minutes long");

  @BeforeClass
  public static void startNode() throws Exception {
    Path model = HelpCenter.testModelDir();
    System.setProperty("clir.model", model.toString());
    System.setProperty("solr.allowPaths", model.toString());
    System.setProperty("clir.intraOpThreads", "1");
    // What step 4's `bin/solr zk upconfig -n clir -d solr/configsets/clir/conf` does.
    configureCluster(1).addConfig("clir", HelpCenter.projectRoot().resolve("solr/configsets/clir/conf")).configure();
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("clir.model");
    System.clearProperty("clir.intraOpThreads");
  }

  /** The logical lines of every bash block: continuation lines joined, comments and blank lines left out. */
  static List<String> bashCommands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher blocks = Pattern.compile("(?ms)^```bash\\n(.*?)^```").matcher(markdown);
    while (blocks.find()) {
      StringBuilder current = new StringBuilder();
      for (String line : blocks.group(1).split("\n")) {
        String t = line.strip();
        if (current.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
          continue;
        }
        if (t.endsWith("\\")) {
          current.append(t, 0, t.length() - 1).append(' ');
        } else {
          commands.add(current.append(t).toString().replaceFirst("\\s+#.*$", ""));
          current.setLength(0);
        }
      }
    }
    return commands;
  }

  @Test
  public void theGuidesCommandsRunAsWritten() throws Exception {
    Path root = HelpCenter.projectRoot();
    String readme = Files.readString(root.resolve("solr/README.md"), StandardCharsets.UTF_8);
    String base = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    Path out = createTempDir("guide-output");
    List<String> curls = new ArrayList<>();
    for (String command : bashCommands(readme)) {
      if (command.startsWith("curl ")) {
        curls.add(command);
      } else {
        assertTrue("a command of solr/README.md that this test neither runs nor lists as not runnable here: "
            + command, NOT_RUN_HERE.keySet().stream().anyMatch(command::startsWith));
      }
    }
    assertTrue("the guide's curl commands: " + curls, curls.size() >= 8);

    List<Map<String, Object>> responses = new ArrayList<>();
    for (int i = 0; i < curls.size(); i++) {
      String command = curls.get(i);
      assertTrue("every curl of the guide talks to " + DOCUMENTED_URL + ": " + command, command.contains(DOCUMENTED_URL));
      Path body = out.resolve(i + ".json");
      String run = command.replace(DOCUMENTED_URL, base) + " --silent --show-error --fail -o '" + body + "'";
      Process p = new ProcessBuilder("bash", "-c", run).directory(root.toFile()).redirectErrorStream(true).start();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue("timed out: " + command, p.waitFor(5, TimeUnit.MINUTES));
      assertEquals(command + "\n" + printed + (Files.exists(body) ? Files.readString(body) : ""), 0, p.exitValue());
      @SuppressWarnings("unchecked")
      Map<String, Object> json = (Map<String, Object>) Utils.fromJSONString(Files.readString(body));
      assertEquals(command, 0L, ((Number) Utils.getObjectByPath(json, true, "responseHeader/status")).longValue());
      responses.add(json);
      Matcher created = Pattern.compile("action=CREATE&name=(\\w+)").matcher(command);
      if (created.find()) {
        cluster.waitForActiveCollection(created.group(1), 2, 2);
      }
    }

    // The upgrade: the alias, moved to the re-indexed collection, answers as the first collection did, which is gone.
    // (HNSW is approximate and each collection builds its own graphs, and this English test model's scores on a
    // Portuguese question are crowded: near ties may swap, so the alias's best article is looked for among the old
    // collection's hits rather than at its rank.)
    assertEquals(List.of("kb2"), cluster.getZkStateReader().getAliases().resolveAliases("articles"));
    Map<String, Object> before = responseOf(responses, curls, "/kb/ask");
    Map<String, Object> after = responseOf(responses, curls, "/articles/ask");
    assertEquals(num(before, "response/numFound"), num(after, "response/numFound"));
    assertTrue(ids(after) + " vs " + ids(before), ids(before).contains(ids(after).get(0)));
    assertFalse(cluster.getSolrClient().getClusterState().hasCollection("kb"));

    // The indexing command: every article of the JSON Lines file, with the mapped fields.
    List<String> lines = Files.readAllLines(root.resolve("testdata/kb.jsonl")).stream().filter(l -> !l.isBlank()).toList();
    Map<String, Object> first = asMap(Utils.fromJSONString(lines.get(0)));
    Map<String, Object> stored = select(base, "q=id:" + first.get("id") + "&fl=id,title,body,category,product,lang");
    assertEquals(1L, num(stored, "response/numFound"));
    Map<String, Object> doc = asMap(((List<?>) Utils.getObjectByPath(stored, true, "response/docs")).get(0));
    assertEquals(first.get("text"), doc.get("body"));
    assertEquals(first.get("title"), doc.get("title"));
    assertEquals(Utils.getObjectByPath(first, true, "meta/category"), doc.get("category"));
    assertEquals(lines.size(), num(select(base, "q=*:*+-_nest_path_:*&rows=0"), "response/numFound"));

    // The answers: /ask finds articles; the spelled-out passage search, filtered to a category before the kNN, returns
    // only that category, led by one of the articles /ask finds in it.
    Map<String, Object> ask = responseOf(responses, curls, "/kb/ask");
    assertTrue(num(ask, "response/numFound") > 0);
    Map<String, Object> spelledOut = responseOf(responses, curls, "parents.preFilter");
    List<?> filtered = (List<?>) Utils.getObjectByPath(spelledOut, true, "response/docs");
    assertFalse(filtered.isEmpty());
    for (Object d : filtered) {
      assertEquals(d.toString(), "account", asMap(d).get("category"));
    }
    Map<String, Object> askInCategory = request(base, "/articles/ask", "question="
        + java.net.URLEncoder.encode("Como faço para redefinir minha senha?", StandardCharsets.UTF_8)
        + "&topK=20&fq=category:account&fl=id,score");
    // (Rankings themselves are compared with the standalone engine in ClirSolrCloudTest; here HNSW near ties between
    // a pre-filtered and a post-filtered search may swap, so the spelled-out search's best is looked for among /ask's.)
    assertTrue(ids(spelledOut) + " vs " + ids(askInCategory), ids(askInCategory).contains(ids(spelledOut).get(0)));
    // The threshold form: only scores at or above minReturn.
    for (Object d : (List<?>) Utils.getObjectByPath(responseOf(responses, curls, "minReturn="), true, "response/docs")) {
      assertTrue(d.toString(), ((Number) asMap(d).get("score")).floatValue() >= 0.85f);
    }
    // The re-rank: each keyword hit scored by its exact similarity.
    List<?> reranked = (List<?>) Utils.getObjectByPath(responseOf(responses, curls, "reRankOperator=replace"), true,
        "response/docs");
    assertFalse(reranked.isEmpty());
    for (Object d : reranked) {
      assertEquals(d.toString(), ((Number) asMap(d).get("sim")).floatValue(), ((Number) asMap(d).get("score")).floatValue(),
          1e-5);
    }
  }

  private static Map<String, Object> responseOf(List<Map<String, Object>> responses, List<String> curls, String marker) {
    for (int i = 0; i < curls.size(); i++) {
      if (curls.get(i).contains(marker)) {
        return responses.get(i);
      }
    }
    throw new AssertionError("no command of the guide contains " + marker);
  }

  private static List<Object> ids(Map<String, Object> rsp) {
    return ((List<?>) Utils.getObjectByPath(rsp, true, "response/docs")).stream().map(d -> asMap(d).get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static long num(Map<String, Object> json, String path) {
    return ((Number) Utils.getObjectByPath(json, true, path)).longValue();
  }

  private static Map<String, Object> select(String base, String query) throws Exception {
    return request(base, "/articles/select", query);
  }

  private static Map<String, Object> request(String base, String path, String query) throws Exception {
    java.net.http.HttpResponse<String> rsp = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path + "?wt=json&" + query)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(rsp.body(), 200, rsp.statusCode());
    return asMap(Utils.fromJSONString(rsp.body()));
  }
}
