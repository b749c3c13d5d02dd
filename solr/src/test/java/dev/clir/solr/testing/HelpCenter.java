package dev.clir.solr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.SolrInputDocument;

/** The testdata corpus (testdata/kb.jsonl, queries.jsonl, qrels.txt) as the Solr tests and the benchmark use it. */
public final class HelpCenter {
  public record Article(String id, String title, String text, String url, String lang, String category, String product) {
    /** The document as sent to Solr: the configset names the text field {@code body}. */
    public SolrInputDocument toSolr() {
      SolrInputDocument d = new SolrInputDocument();
      d.setField("id", id);
      d.setField("title", title);
      d.setField("body", text);
      if (url != null) {
        d.setField("url", url);
      }
      d.setField("lang", lang);
      d.setField("category", category);
      d.setField("product", product);
      return d;
    }
  }

  public record Question(String id, String need, String text, String lang) {}

  public final List<Article> articles;
  public final List<Question> questions;
  /** question id -> article id -> grade (2 answers it, 1 related). */
  public final Map<String, Map<String, Integer>> qrels;

  private HelpCenter(List<Article> articles, List<Question> questions, Map<String, Map<String, Integer>> qrels) {
    this.articles = articles;
    this.questions = questions;
    this.qrels = qrels;
  }

  /** The project root (a folder with testdata/), from -Dclir.projectRoot or the working directory upwards. */
  public static Path projectRoot() {
    String configured = System.getProperty("clir.projectRoot");
    Path p = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testdata"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (a folder with testdata/)");
    }
    return p;
  }

  /** The English test model laid out by the engine build, from -Dclir.testModelDir. */
  public static Path testModelDir() {
    String configured = System.getProperty("clir.testModelDir");
    Path dir = configured != null ? Path.of(configured) : projectRoot().resolve("engine/target/test-model");
    if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
      throw new IllegalStateException("test model not found in " + dir + ": build the engine first "
          + "(bin/mvn -B -q -DskipTests install)");
    }
    return dir.toAbsolutePath().normalize();
  }

  public static HelpCenter load() {
    Path dir = projectRoot().resolve("testdata");
    ObjectMapper json = new ObjectMapper();
    try {
      List<Article> articles = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("kb.jsonl"), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        JsonNode meta = n.path("meta");
        articles.add(new Article(n.get("id").asText(), n.path("title").asText(""), n.path("text").asText(""),
            n.hasNonNull("url") ? n.get("url").asText() : null, n.path("lang").asText("en"),
            meta.path("category").asText(""), meta.path("product").asText("")));
      }
      List<Question> questions = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        String id = n.get("id").asText();
        questions.add(new Question(id, id.substring(0, id.lastIndexOf('-')), n.get("text").asText(), n.get("lang").asText()));
      }
      Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
      for (String line : Files.readAllLines(dir.resolve("qrels.txt"), StandardCharsets.UTF_8)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 4) {
          qrels.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[2], Integer.parseInt(f[3]));
        }
      }
      return new HelpCenter(List.copyOf(articles), List.copyOf(questions), qrels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Question question(String id) {
    return questions.stream().filter(q -> q.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no question " + id));
  }

  /**
   * A subset of about {@code size} articles that holds every article judged for the given needs (so their questions
   * have answers in it), filled up with other articles in file order.
   */
  public List<Article> subsetFor(List<String> needs, int size) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String need : needs) {
      for (Map.Entry<String, Map<String, Integer>> e : qrels.entrySet()) {
        if (e.getKey().startsWith(need + "-")) {
          wanted.addAll(e.getValue().keySet());
        }
      }
    }
    List<Article> out = new ArrayList<>();
    for (Article a : articles) {
      if (wanted.contains(a.id())) {
        out.add(a);
      }
    }
    for (Article a : articles) {
      if (out.size() >= size) {
        break;
      }
      if (!wanted.contains(a.id())) {
        out.add(a);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
