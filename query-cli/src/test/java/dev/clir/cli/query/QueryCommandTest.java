package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clir-query one-shot, --json, --explain, batch runs and interactive mode, on a 14-article index. */
class QueryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROW = Pattern.compile("^(\\d+) +(kb-[ab]\\d{3}) +(.+?) +(\\d+\\.\\d{4})$");

  @TempDir Path tmp;

  /** A parsed table: one row per hit, with the snippet printed under it. */
  record Row(int rank, String id, String title, double score, String snippet) {}

  static List<Row> table(String out) {
    List<String> lines = out.lines().toList();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = ROW.matcher(lines.get(i));
      if (m.matches()) {
        String snippet = i + 1 < lines.size() && lines.get(i + 1).startsWith("     ") ? lines.get(i + 1).strip() : null;
        rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2), m.group(3), Double.parseDouble(m.group(4)), snippet));
      }
    }
    return rows;
  }

  @Test
  void oneShotQuestionPrintsATable() {
    CliRun.Result r = query("How do I change my password? I know my current one.").expectExit(ExitCodes.OK);
    // #20 item 11: the score column says what the score is (auto mode, the default, fuses two rankings)
    assertThat(r.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).matches("rank +id +title +fused"));
    List<Row> rows = table(r.out());
    assertThat(rows).hasSize(10);
    assertThat(rows).extracting(Row::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(rows).extracting(Row::id).doesNotHaveDuplicates().allMatch(SharedIndex.IDS::contains);
    assertThat(rows).extracting(Row::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(rows).allSatisfy(row -> assertThat(row.snippet()).isNotBlank().hasSizeLessThanOrEqualTo(110));
    Row first = rows.get(0);
    assertThat(first.id()).isEqualTo("kb-a002");
    assertThat(first.title()).isEqualTo("Change your password");
    assertThat(first.snippet()).startsWith("If you know your current password");

    // several words are one question; -k limits the hits
    CliRun.Result words = query("-k", "2", "How", "do", "I", "change", "my", "password?", "I", "know", "my", "current", "one.")
        .expectExit(ExitCodes.OK);
    assertThat(table(words.out())).extracting(Row::id).containsExactlyElementsOf(rows.subList(0, 2).stream().map(Row::id).toList());
  }

  @Test
  void theScoreColumnIsHeadedByWhatTheModesScoreIs() {
    for (var mode : java.util.Map.of("vector", "similarity", "hybrid", "fused", "keyword", "bm25").entrySet()) {
      CliRun.Result r = query("--mode", mode.getKey(), "-k", "2", "change my password").expectExit(ExitCodes.OK);
      assertThat(r.out().lines().findFirst()).as(mode.getKey())
          .hasValueSatisfying(h -> assertThat(h).matches("rank +id +title +" + mode.getValue()));
      assertThat(table(r.out())).as(mode.getKey()).hasSize(2);
    }
  }

  @Test
  void jsonOutputHasEveryField() throws Exception {
    JsonNode out = JSON.readTree(query("--json", "-k", "3", "Payment declined by my bank").expectExit(ExitCodes.OK).out());
    assertThat(out.get("question").asText()).isEqualTo("Payment declined by my bank");
    assertThat(out.get("mode").asText()).isEqualTo("auto"); // the default
    assertThat(out.get("embedMillis").asDouble()).isPositive();
    assertThat(out.get("searchMillis").asDouble()).isPositive();
    JsonNode hits = out.get("hits");
    assertThat(hits).hasSize(3);
    double previous = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      JsonNode h = hits.get(i);
      assertThat(h.get("rank").asInt()).isEqualTo(i + 1);
      assertThat(SharedIndex.IDS).contains(h.get("id").asText());
      assertThat(h.get("title").asText()).isNotBlank();
      assertThat(h.get("url").asText()).isEqualTo("https://help.nimbra.example/articles/" + h.get("id").asText());
      assertThat(h.get("meta").get("category").asText()).isNotBlank();
      assertThat(h.get("score").asDouble()).isLessThanOrEqualTo(previous).isPositive(); // fused: not a cosine
      previous = h.get("score").asDouble();
      JsonNode p = h.get("passage");
      assertThat(p.get("text").asText()).isNotBlank();
      assertThat(p.get("ordinal").asInt()).isZero();
      assertThat(p.get("end").asInt()).isGreaterThan(p.get("start").asInt());
    }
    assertThat(hits.get(0).get("id").asText()).isEqualTo("kb-a033");
    assertThat(hits.get(0).get("meta").get("category").asText()).isEqualTo("billing");
  }

  @Test
  void explainShowsPrefixTokensFingerprintsAndTimings() throws Exception {
    CliRun.Result r = query("--explain", "-k", "1", "Where is my order?").expectExit(ExitCodes.OK);
    assertThat(table(r.out())).hasSize(1);
    assertThat(r.out())
        .containsPattern("model +" + Pattern.quote(TestModel.ID + " (" + TestModel.dir().toAbsolutePath()))
        .containsPattern("prefix +\"query: \"")
        .containsPattern("tokens +\\d+ \\(not truncated\\)")
        .containsPattern("mode +auto, hnsw")
        .containsPattern("fusion +dbsf, depth 100 per leg; vector weight 0\\.\\d+, BM25 0\\.\\d+ \\(language en \\(rule en\\)")
        .containsPattern("legs +kb-a\\d+: vector #\\d+ 0\\.\\d{4}, BM25 ")
        .containsPattern("vector format +float32");
    Matcher model = Pattern.compile("model fingerprint +([0-9a-f]{12})").matcher(r.out());
    Matcher index = Pattern.compile("index fingerprint +([0-9a-f]{12})").matcher(r.out());
    assertThat(model.find() && index.find()).isTrue();
    assertThat(model.group(1)).isEqualTo(index.group(1));
    for (String timing : List.of("JVM start to main ms", "model load ms", "index open ms", "embed ms", "search ms")) {
      assertThat(r.out()).containsPattern(Pattern.quote(timing) + " +\\d+(\\.\\d)?\n");
    }

    // a question longer than the model's 512 tokens says it was truncated
    String longQuestion = "Why was my card declined when I tried to pay for the order again and again? ".repeat(40);
    assertThat(query("--explain", "-k", "1", longQuestion).expectExit(ExitCodes.OK).out())
        .containsPattern("tokens +512 \\(truncated from \\d{3,}\\)");

    JsonNode json = JSON.readTree(query("--json", "--explain", "-k", "1", "Where is my order?").expectExit(ExitCodes.OK).out());
    JsonNode explain = json.get("explain");
    assertThat(explain.get("prefix").asText()).isEqualTo("\"query: \"");
    assertThat(explain.get("model fingerprint").asText()).isEqualTo(explain.get("index fingerprint").asText());
    assertThat(explain.get("search ms").asText()).matches("\\d+\\.\\d");
    assertThat(explain.get("candidates").asText()).matches("100 \\(scaled to \\d+ passages\\)");
    JsonNode chosen = JSON.readTree(query("--json", "--explain", "--candidates", "40", "Where is my order?")
        .expectExit(ExitCodes.OK).out()).get("explain");
    assertThat(chosen.get("candidates").asText()).isEqualTo("40 (--candidates)");
  }

  /** A TREC run as lines {@code qid Q0 docid rank score tag}, checked for shape, by qid. */
  static Map<String, List<String>> trecRun(String text, String tag) {
    Map<String, List<String>> byQuery = new LinkedHashMap<>();
    Map<String, Double> lastScore = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      String[] f = line.split(" ");
      assertThat(f).as(line).hasSize(6);
      assertThat(f[1]).isEqualTo("Q0");
      assertThat(f[5]).isEqualTo(tag);
      List<String> docs = byQuery.computeIfAbsent(f[0], q -> new ArrayList<>());
      assertThat(Integer.parseInt(f[3])).as(line).isEqualTo(docs.size() + 1);
      double score = Double.parseDouble(f[4]);
      assertThat(score).as(line).isLessThanOrEqualTo(lastScore.getOrDefault(f[0], Double.MAX_VALUE));
      lastScore.put(f[0], score);
      assertThat(docs).doesNotContain(f[2]);
      docs.add(f[2]);
    }
    return byQuery;
  }

  @Test
  void batchQueriesFromTsvWriteATrecRun() throws Exception {
    Path queries = Files.writeString(tmp.resolve("q.tsv"), "q1\tMy card was declined with BIL-40\n"
        + "q2\tHow long do you keep voice recordings from the hub?\ten\n\n"
        + "q3\tCheckout says SHP-12 for my address\n");
    CliRun.Result r = query("--queries", queries.toString(), "-k", "4").expectExit(ExitCodes.OK);
    Map<String, List<String>> run = trecRun(r.out(), "clir");
    assertThat(run).containsOnlyKeys("q1", "q2", "q3");
    assertThat(run.values()).allSatisfy(docs -> assertThat(docs).hasSize(4).allMatch(SharedIndex.IDS::contains));
    assertThat(run.get("q1").get(0)).isEqualTo("kb-a033");
    assertThat(run.get("q3").get(0)).isEqualTo("kb-a061");
    assertThat(r.err()).contains("3 queries in");
  }

  @Test
  void batchQueriesFromJsonLinesToAFileWithATag() throws Exception {
    Path queries = Files.writeString(tmp.resolve("q.jsonl"), """
        {"id": "qa14-en", "text": "My card got declined with BIL-40 when my subscription tried to renew", "lang": "en"}
        {"id": "qa14-pt", "text": "Meu cartão foi recusado com BIL-40 na renovação da assinatura", "lang": "pt"}
        """);
    Path run = tmp.resolve("runs/run.txt");
    Files.createDirectories(run.getParent());
    CliRun.Result r = query("--queries", queries.toString(), "-k", "3", "--output", run.toString(), "--tag", "e5small")
        .expectExit(ExitCodes.OK);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("2 queries in").contains("run written to " + run);
    Map<String, List<String>> parsed = trecRun(Files.readString(run), "e5small");
    assertThat(parsed).containsOnlyKeys("qa14-en", "qa14-pt");
    assertThat(parsed.get("qa14-en")).hasSize(3).startsWith("kb-a033");

    // --run-format jsonl: one JSON object per query, with its id and language
    CliRun.Result jsonl = query("--queries", queries.toString(), "-k", "2", "--run-format", "jsonl", "--quiet").expectExit(ExitCodes.OK);
    List<String> lines = jsonl.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode pt = JSON.readTree(lines.get(1));
    assertThat(pt.get("id").asText()).isEqualTo("qa14-pt");
    assertThat(pt.get("lang").asText()).isEqualTo("pt");
    assertThat(pt.get("question").asText()).startsWith("Meu cartão");
    assertThat(pt.get("hits")).hasSize(2);
    assertThat(pt.get("hits").get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(jsonl.err()).isEmpty();
  }

  @Test
  void interactiveModeAnswersEveryLineOfStandardInput() {
    CliRun.Result r = CliRun.withInput("How do I change my password?\n\n  Checkout says SHP-12 for my address  \n",
        new QueryCommand(), "--index", SharedIndex.path().toString(), "-k", "2").expectExit(ExitCodes.OK);
    List<String> questions = r.out().lines().filter(l -> l.startsWith("? ")).toList();
    assertThat(questions).containsExactly("? How do I change my password?", "? Checkout says SHP-12 for my address");
    String second = r.out().substring(r.out().indexOf("? Checkout"));
    assertThat(table(r.out().substring(0, r.out().indexOf("? Checkout")))).hasSize(2).first()
        .extracting(Row::id).isEqualTo("kb-a002");
    assertThat(table(second)).hasSize(2).first().extracting(Row::id).isEqualTo("kb-a061");
    // not a terminal: no banner and no prompt
    assertThat(r.out()).doesNotContain("ask in any language");

    // with --json, one JSON document per question
    CliRun.Result json = CliRun.withInput("refund\nvoice recordings\n", new QueryCommand(), "--index", SharedIndex.path().toString(),
        "-k", "1", "--json").expectExit(ExitCodes.OK);
    assertThat(json.out().lines()).noneMatch(l -> l.startsWith("? "));
    assertThat(json.out().split("\"question\"", -1)).hasSize(3);
    // JSON Lines: one compact object per line, nothing between them
    assertThat(json.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"question\":").endsWith("}"));
  }
}
