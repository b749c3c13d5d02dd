package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clir-query eval on four information needs of testdata, each asked in en, pt, th and sw (16 queries). */
class EvalCommandTest {
  private static final Set<String> NEEDS = Set.of("qa02", "qa14", "qa32", "qb12");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path queries;
  /** The judgments of the four needs, every judged document in the index. */
  Path qrels;
  /** The same needs' judgments as testdata has them: six judged documents are not in the 14-article index. */
  List<String> allJudgments;

  private static String need(String qid) {
    return qid.substring(0, qid.lastIndexOf('-'));
  }

  @BeforeEach
  void subset() throws IOException {
    Path testdata = TestModel.projectRoot().resolve("testdata");
    List<String> q = Files.readAllLines(testdata.resolve("queries.jsonl")).stream()
        .filter(l -> NEEDS.stream().anyMatch(n -> l.startsWith("{\"id\": \"" + n + "-"))).toList();
    assertThat(q).hasSize(16);
    queries = Files.write(tmp.resolve("queries.jsonl"), q);
    allJudgments = Files.readAllLines(testdata.resolve("qrels.txt")).stream()
        .filter(l -> NEEDS.contains(need(l.split(" ")[0]))).toList();
    qrels = Files.write(tmp.resolve("qrels.txt"), allJudgments.stream()
        .filter(l -> SharedIndex.IDS.contains(l.split(" ")[2])).toList());
  }

  @Test
  void tableHasLanguagesAndTransferRatios() throws Exception {
    Path run = tmp.resolve("run.txt");
    CliRun.Result r = eval("--queries", queries.toString(), "--qrels", qrels.toString(), "--run-out", run.toString())
        .expectExit(ExitCodes.OK);
    String out = r.out();
    assertThat(out).startsWith("Run clir: 16 queries evaluated");
    assertThat(out).containsPattern("lang +queries +unjudged +R@1 +R@5 +R@10 +R@100 +MRR@10 +nDCG@10");
    for (String lang : List.of("all +16", "en +4", "pt +4", "sw +4", "th +4")) {
      assertThat(out).containsPattern("\n" + lang + " +0( +[01]\\.\\d{4}){6}\n");
    }
    assertThat(out).contains("Transfer to English");
    for (String lang : List.of("pt", "sw", "th")) {
      assertThat(out).containsPattern("\n" + lang + " +4( +[01]\\.\\d{4} +[01]\\.\\d{4} +(\\d+\\.\\d{3}|-)){2}\n");
    }
    assertThat(out).doesNotContain("Warnings");
    assertThat(r.err()).doesNotContain("warning").contains("16 queries in").contains("model " + TestModel.ID);
    // English finds every answer in the top 5 and ranks one of the relevant articles first
    assertThat(out).containsPattern("\nen +4 +0 +[01]\\.\\d{4} +1\\.0000 +1\\.0000 +1\\.0000 +1\\.0000 ");

    // the run has 14 documents (the whole index; eval asks for 100) for each of the 16 queries
    List<String> lines = Files.readAllLines(run);
    assertThat(lines).hasSize(16 * 14);
    assertThat(lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet())).hasSize(16);
  }

  @Test
  void jsonReportParses() throws Exception {
    CliRun.Result r = eval("--queries", queries.toString(), "--qrels", qrels.toString(), "--json", "--quiet").expectExit(ExitCodes.OK);
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("run").asText()).isEqualTo("clir");
    assertThat(report.get("metrics")).extracting(JsonNode::asText).contains("nDCG@10", "MRR@10", "R@10");
    assertThat(report.get("overall").get("evaluated").asInt()).isEqualTo(16);
    assertThat(report.get("languages").properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("en", "pt", "sw", "th");
    JsonNode en = report.get("languages").get("en");
    assertThat(en.get("evaluated").asInt()).isEqualTo(4);
    assertThat(en.get("means").get("MRR@10").asDouble()).isEqualTo(1.0);
    assertThat(en.get("means").get("nDCG@10").asDouble()).isBetween(0.5, 1.0);
    JsonNode transfer = report.get("transferToEnglish");
    assertThat(transfer.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder("pt", "sw", "th");
    JsonNode pt = transfer.get("pt");
    assertThat(pt.get("pairedNeeds").asInt()).isEqualTo(4);
    JsonNode ndcg = pt.get("nDCG@10");
    assertThat(ndcg.get("en").asDouble()).isEqualTo(en.get("means").get("nDCG@10").asDouble());
    assertThat(ndcg.get("ratio").asDouble()).isCloseTo(ndcg.get("lang").asDouble() / ndcg.get("en").asDouble(), within(1e-9));
    assertThat(report.get("queries")).hasSize(16);
    assertThat(report.get("unknownJudgedDocs").get("checked").asBoolean()).isTrue();
    assertThat(report.get("unknownJudgedDocs").get("count").asInt()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void perQueryPrintsEachQuerysFiguresInTheTableAsJsonHasThem() throws Exception {
    // #20 item 11: per-query figures were only in JSON
    String table = eval("--queries", queries.toString(), "--qrels", qrels.toString(), "--per-query", "--quiet").expectExit(ExitCodes.OK).out();
    JsonNode json = JSON.readTree(eval("--queries", queries.toString(), "--qrels", qrels.toString(), "--json", "--quiet").out());
    List<String> rows = table.lines().dropWhile(l -> !l.equals("Per query")).skip(1).toList();
    assertThat(rows.get(0)).matches("qid +lang +relevant +retrieved +R@1 +R@5 +R@10 +R@100 +MRR@10 +nDCG@10");
    assertThat(rows).hasSize(1 + 16);
    for (JsonNode q : json.get("queries")) {
      String row = rows.stream().filter(l -> l.startsWith(q.get("qid").asText() + " ")).findFirst().orElseThrow();
      assertThat(row.split(" +")).containsExactly(q.get("qid").asText(), q.get("lang").asText(), q.get("relevant").asText(),
          q.get("retrieved").asText(), f(q, "R@1"), f(q, "R@5"), f(q, "R@10"), f(q, "R@100"), f(q, "MRR@10"), f(q, "nDCG@10"));
    }
    eval("--queries", queries.toString(), "--qrels", qrels.toString(), "--per-query", "--json").expectExit(ExitCodes.USAGE);
  }

  private static String f(JsonNode query, String metric) {
    return String.format(java.util.Locale.ROOT, "%.4f", query.get("scores").get(metric).asDouble());
  }

  @Test
  void judgmentsOfDocumentsNotInTheIndexAreCountedAndReported() throws Exception {
    Path full = Files.write(tmp.resolve("qrels-full.txt"), allJudgments);
    CliRun.Result r = eval("--queries", queries.toString(), "--qrels", full.toString()).expectExit(ExitCodes.OK);
    // said once: in the table's warnings (stderr repeats it only for --json, whose output is data)
    assertThat(r.err()).doesNotContain("judged documents");
    assertThat(r.out()).contains("Warnings:").contains("6 judged documents not in the index: kb-a001, kb-a035, kb-a050, kb-a059, kb-b026, kb-b039");
    assertThat(r.out()).startsWith("Run clir: 16 queries evaluated");

    CliRun.Result json = eval("--queries", queries.toString(), "--qrels", full.toString(), "--json").expectExit(ExitCodes.OK);
    assertThat(json.err()).contains("warning: 6 judged documents are not in the index, e.g. kb-a001");
    JsonNode unknown = JSON.readTree(json.out()).get("unknownJudgedDocs");
    assertThat(unknown.get("count").asInt()).isEqualTo(6);
    assertThat(unknown.get("ids")).extracting(JsonNode::asText).startsWith("kb-a001", "kb-a035");
  }

  @Test
  void judgmentsOfQueriesNotAskedAreReported() throws Exception {
    List<String> more = new java.util.ArrayList<>(Files.readAllLines(qrels));
    more.add("not-a-query 0 kb-a002 1");
    Path extra = Files.write(tmp.resolve("qrels-extra.txt"), more);
    CliRun.Result r = eval("--queries", queries.toString(), "--qrels", extra.toString()).expectExit(ExitCodes.OK);
    assertThat(r.err()).contains("warning: 1 query ids of " + extra + " are not in " + queries + " and are not evaluated, e.g. not-a-query");
  }

  @Test
  void malformedQrelsNameFileAndLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad-qrels.txt"), "qa02-en 0 kb-a002 2\nqa02-en kb-a003 1\n");
    CliRun.Result r = eval("--queries", queries.toString(), "--qrels", bad.toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(bad + ":2: ");
  }
}
