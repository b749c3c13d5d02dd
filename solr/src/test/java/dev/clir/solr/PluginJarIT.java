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
    System.setProperty("clir.model", model.toString());
    System.setProperty("solr.allowPaths", model.toString());
    System.setProperty("clir.intraOpThreads", "1");
    System.setProperty("clir.env.HF_ENDPOINT", hub.endpoint());
    System.setProperty("clir.env.HF_HUB_OFFLINE", "");
    System.setProperty("clir.env.CLIR_MODEL_DIR", "");
    System.setProperty("clir.env.HF_HOME", createTempDir("hf-home").toString());
    System.setProperty("clir.env.CLIR_CACHE", createTempDir("clir-cache").toString());
    configureCluster(1).addConfig("clir", conf).configure();
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
    // The operator names the model by id and lets the node download it (read when a core loads).
    String dir = System.getProperty(NodeSettings.MODEL);
    System.setProperty(NodeSettings.MODEL, ID);
    System.setProperty(NodeSettings.DOWNLOAD, "true");
    try {
      CollectionAdminRequest.createCollection("kb_by_id", "clir", 1, 1).process(cluster.getSolrClient());
      cluster.waitForActiveCollection("kb_by_id", 1, 1);
    } finally {
      System.setProperty(NodeSettings.MODEL, dir);
      System.clearProperty(NodeSettings.DOWNLOAD);
    }
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

  /** The shipped jar. */
  static Path pluginJar() {
    Path jar = HelpCenter.projectRoot().resolve("solr/target/clir-solr.jar");
    assertTrue(jar + " exists (mvn package)", Files.isRegularFile(jar));
    return jar;
  }

  /**
   * Every class the jar holds runs on Java 17 (class file version 61), as in the official Solr 9.10 image: the plugin,
   * the engine code it shades and the libraries. Multi-release entries for later Java versions are skipped by a Java 17
   * runtime and may be newer.
   */
  @Test
  public void everyClassInThePluginJarIsJava17Bytecode() throws Exception {
    List<String> tooNew = new java.util.ArrayList<>();
    int checked = 0;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pluginJar().toFile())) {
      for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
        String name = e.getName();
        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
          continue;
        }
        java.util.regex.Matcher versioned = java.util.regex.Pattern.compile("META-INF/versions/(\\d+)/.*").matcher(name);
        if (versioned.matches() && Integer.parseInt(versioned.group(1)) > 17) {
          continue;
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(zip.getInputStream(e))) {
          assertEquals(name, 0xCAFEBABE, in.readInt());
          in.readUnsignedShort();
          int major = in.readUnsignedShort();
          if (major > 61) {
            tooNew.add(name + " (" + major + ")");
          }
        }
        checked++;
      }
    }
    assertTrue("classes checked: " + checked, checked > 1000);
    assertEquals("classes newer than Java 17: " + tooNew.subList(0, Math.min(20, tooNew.size())), 0, tooNew.size());
  }

  /** A Java 17 runtime: {@code -Dclir.java17=JAVA_HOME}, the base image's, or {@code java} on the PATH if it is 17. */
  static Path java17() throws Exception {
    List<Path> candidates = new java.util.ArrayList<>();
    if (System.getProperty("clir.java17") != null) {
      candidates.add(Path.of(System.getProperty("clir.java17"), "bin", "java"));
    }
    candidates.add(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      candidates.add(Path.of(dir, "java"));
    }
    for (Path runtime : candidates) {
      if (Files.isExecutable(runtime)) {
        Process p = new ProcessBuilder(runtime.toString(), "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        if (out.matches("(?s).*version \"17[.\"].*")) {
          return runtime;
        }
      }
    }
    throw new AssertionError("no Java 17 runtime found (looked at " + candidates + "): install one "
        + "(apt-get install openjdk-17-jdk-headless) or pass -Dclir.java17=JAVA_HOME");
  }

  /**
   * The jar as an operator installs it, on the Java 17 runtime of the official Solr 9.10 image: a separate JVM with
   * Solr's jars on its class path and clir only in {@code SOLR_HOME/lib}, the model named by {@code -Dclir.model}, a
   * core from the shipped configset. It indexes articles and answers a Portuguese question with the standalone
   * engine's best article ({@code src/test/resources/java17/OperatorNode.java}).
   */
  @Test
  public void anOperatorsNodeOnJava17LoadsThePluginFromSolrHomeLib() throws Exception {
    Path runtime = java17();
    Path home = createTempDir("solr-home");
    // As Solr's default solr.xml: -Dsolr.allowPaths reaches the node through it.
    Files.writeString(home.resolve("solr.xml"), "<solr><str name=\"allowPaths\">${solr.allowPaths:}</str></solr>\n");
    Files.createDirectories(home.resolve("lib"));
    Files.copy(pluginJar(), home.resolve("lib/clir-solr.jar"));
    Path conf = Files.createDirectories(home.resolve("kb/conf"));
    for (String f : List.of("solrconfig.xml", "managed-schema.xml")) {
      Files.copy(HelpCenter.projectRoot().resolve("solr/configsets/clir/conf").resolve(f), conf.resolve(f));
    }
    Files.writeString(home.resolve("kb/core.properties"), "name=kb\n");
    List<HelpCenter.Article> articles = HelpCenter.load().articles.subList(0, 6);
    StringBuilder json = new StringBuilder("[");
    for (HelpCenter.Article a : articles) {
      json.append(json.length() > 1 ? "," : "").append(new com.fasterxml.jackson.databind.ObjectMapper()
          .writeValueAsString(java.util.Map.of("id", a.id(), "title", a.title(), "body", a.text(), "lang", a.lang())));
    }
    Path docs = home.resolve("docs.json");
    Files.writeString(docs, json.append("]").toString());
    String question = "Como faço para redefinir minha senha?";

    // Solr's class path, without clir: not the module's classes, not the plugin jar, not what it shades.
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (entry.contains("test-classes") || name.equals("classes") || name.startsWith("clir-")
          || name.startsWith("onnxruntime") || name.startsWith("tokenizers-") || name.startsWith("api-0")) {
        continue;
      }
      cp.append(cp.length() > 0 ? java.io.File.pathSeparator : "").append(entry);
    }
    Path program = Path.of(PluginJarIT.class.getResource("/java17/OperatorNode.java").toURI());
    Path model = HelpCenter.testModelDir();
    // The class path goes in CLASSPATH, not -cp: ONNX Runtime 1.29 crashed this JVM (SIGSEGV, no hs_err file) when
    // its command line passed about 4 KB (solr/README.md, Sizing).
    ProcessBuilder node = new ProcessBuilder(runtime.toString(), "-Xmx1g",
        "-Dclir.model=" + model, "-Dsolr.allowPaths=" + model, "-Dclir.intraOpThreads=1", "-Dsolr.log.dir=" + home,
        program.toString(), home.toString(), docs.toString(), question).redirectErrorStream(true);
    node.environment().put("CLASSPATH", cp.toString());
    Process p = node.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(out, 0, p.waitFor());
    assertTrue(out, out.contains("java.version=17."));
    assertTrue(out, out.contains("plugin=file:" + home.resolve("lib/clir-solr.jar")));
    try (OnnxEmbedder embedder = OnnxEmbedder.open(model)) {
      String best = new StandaloneRanking(embedder, articles).bestPassage(question, 1, a -> true).get(0).id();
      assertTrue(out, out.contains("ask=200 ") && out.contains("\"numFound\":6") && out.contains("\"docs\":[{\"id\":\"" + best + "\"}]"));
    }
  }
}
