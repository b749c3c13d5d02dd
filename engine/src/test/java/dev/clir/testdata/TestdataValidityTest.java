package dev.clir.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.embed.TextTokenizer;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** testdata/ is what the README's main job and the evaluation run on: every file parses and agrees with the others. */
class TestdataValidityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = TestModel.projectRoot().resolve("testdata");
  private static List<JsonNode> docs;
  private static List<JsonNode> queries;
  private static List<String[]> qrels;

  @BeforeAll
  static void parseEverything() throws IOException {
    docs = jsonLines(DIR.resolve("kb.jsonl"));
    queries = jsonLines(DIR.resolve("queries.jsonl"));
    qrels = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(DIR.resolve("qrels.txt"), StandardCharsets.UTF_8)) {
      n++;
      String[] cols = line.trim().split("\\s+");
      assertThat(cols).as("qrels.txt:%d has 4 columns", n).hasSize(4);
      assertThat(cols[1]).as("qrels.txt:%d iteration column", n).isEqualTo("0");
      assertThat(Integer.parseInt(cols[3])).as("qrels.txt:%d grade", n).isBetween(0, 2);
      qrels.add(cols);
    }
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as("%s:%d is a JSON object", file.getFileName(), n).isTrue();
      out.add(node);
    }
    return out;
  }

  @Test
  void theKnowledgeBaseHasUniqueIdsTextAndFilterableMetadata() {
    assertThat(docs).hasSizeGreaterThanOrEqualTo(150);
    Set<String> ids = new HashSet<>();
    for (JsonNode d : docs) {
      assertThat(ids.add(d.path("id").asText())).as("duplicate id %s", d.path("id")).isTrue();
      assertThat(d.path("title").asText()).isNotBlank();
      assertThat(d.path("text").asText()).isNotBlank();
      assertThat(d.path("meta").path("category").asText()).isNotBlank();
      assertThat(d.path("meta").path("product").asText()).isNotBlank();
    }
  }

  @Test
  void atLeastTwentyArticlesNeedChunking() {
    TextTokenizer tokenizer = TestModel.embedder().tokenizer();
    long longOnes = docs.stream().filter(d -> tokenizer.tokenize(d.path("text").asText()).size() > 600).count();
    assertThat(longOnes).isGreaterThanOrEqualTo(20);
  }

  @Test
  void everyNeedIsAskedInFourLanguages() {
    Map<String, Set<String>> langsByNeed = new TreeMap<>();
    Map<String, Integer> perLang = new HashMap<>();
    Set<String> qids = new HashSet<>();
    for (JsonNode q : queries) {
      String id = q.path("id").asText();
      assertThat(qids.add(id)).as("duplicate query id %s", id).isTrue();
      assertThat(q.path("text").asText()).isNotBlank();
      String lang = q.path("lang").asText();
      assertThat(lang).isIn("en", "pt", "th", "sw");
      assertThat(id).endsWith("-" + lang);
      langsByNeed.computeIfAbsent(id.substring(0, id.lastIndexOf('-')), k -> new HashSet<>()).add(lang);
      perLang.merge(lang, 1, Integer::sum);
    }
    assertThat(langsByNeed.values()).allSatisfy(langs -> assertThat(langs).containsExactlyInAnyOrder("en", "pt", "th", "sw"));
    assertThat(perLang.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(50));
  }

  @Test
  void everyJudgmentNamesAKnownQueryAndDocumentAndEveryQueryHasAnAnswer() {
    Set<String> docIds = new HashSet<>();
    docs.forEach(d -> docIds.add(d.path("id").asText()));
    Set<String> qids = new HashSet<>();
    queries.forEach(q -> qids.add(q.path("id").asText()));
    Set<String> answered = new HashSet<>();
    for (String[] j : qrels) {
      assertThat(qids).as("qrels query id").contains(j[0]);
      assertThat(docIds).as("qrels document id").contains(j[2]);
      if (j[3].equals("2")) {
        answered.add(j[0]);
      }
    }
    assertThat(answered).containsExactlyInAnyOrderElementsOf(qids);
  }
}
