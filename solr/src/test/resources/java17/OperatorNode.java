import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A Solr node as an operator runs one, for PluginJarIT: launched as a single-file program on a Java 17 runtime, with
 * Solr's jars on the class path and clir only in SOLR_HOME/lib. Indexes the articles in args[1] into the core "kb"
 * (SOLR_HOME/kb, the shipped configset) and prints where the plugin class came from and what /ask answers.
 * Written for Java 17: no later language feature.
 */
public class OperatorNode {
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    JettySolrRunner node = new JettySolrRunner(home.toString(), JettyConfig.builder().setPort(0).build());
    node.start();
    try {
      String core = node.getBaseUrl() + "/kb";
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(core + "/update?commit=true"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(args[1])))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (added.statusCode() != 200) {
        throw new IllegalStateException("update failed: " + added.body());
      }
      HttpResponse<String> asked = http.send(HttpRequest.newBuilder(URI.create(core + "/ask?wt=json&fl=id&rows=1&question="
          + URLEncoder.encode(args[2], StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
      Class<?> plugin;
      try (org.apache.solr.core.SolrCore kb = node.getCoreContainer().getCore("kb")) {
        plugin = kb.getResourceLoader().getClassLoader().loadClass("dev.clir.solr.ClirQParserPlugin");
      }
      System.out.println("java.version=" + System.getProperty("java.version"));
      System.out.println("plugin=" + plugin.getProtectionDomain().getCodeSource().getLocation());
      System.out.println("ask=" + asked.statusCode() + " " + asked.body().replaceAll("\\s+", ""));
    } finally {
      node.stop();
    }
  }
}
