package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Our metrics against trec_eval's own output on a fixture full of ties and graded judgments (see its README). */
class TrecEvalParityTest {

  private static final String DIR = "/dev/clir/eval/trec_eval/";

  private static InputStream resource(String name) {
    return Objects.requireNonNull(TrecEvalParityTest.class.getResourceAsStream(DIR + name), name);
  }

  @Test
  void everyPerQueryValueAndMeanMatchesTrecEval() throws IOException {
    Qrels qrels = Qrels.read(resource("qrels.txt"), "qrels.txt");
    Run run = Run.read(resource("run.txt"), "run.txt");
    Map<String, Metric> byTrecName = Map.of(
        "recall_1", Metric.RECALL_1, "recall_5", Metric.RECALL_5, "recall_10", Metric.RECALL_10,
        "recall_100", Metric.RECALL_100, "recip_rank", Metric.MRR_10, "ndcg_cut_10", Metric.NDCG_10);
    List<Query> queries = new ArrayList<>();
    run.queryIds().forEach(q -> queries.add(new Query(q, "text", "en")));
    EvalReport report = new Evaluator().evaluate(QuerySet.of(queries), qrels, run, null);

    String expected;
    try (InputStream in = resource("trec_eval-q.out")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int checked = 0;
    for (String line : expected.split("\n")) {
      String[] cols = line.strip().split("\\s+");
      Metric metric = byTrecName.get(cols[0]);
      double want = Double.parseDouble(cols[2]);
      ToDoubleFunction<String> ours = qid -> metric.compute(run.rankedDocIds(qid), qrels.judgments(qid));
      double got = cols[1].equals("all") ? report.overall().mean(metric) : ours.applyAsDouble(cols[1]);
      // trec_eval prints 4 decimals
      assertThat(got).as(line).isCloseTo(want, within(0.00005 + 1e-12));
      checked++;
    }
    assertThat(checked).isEqualTo(40 * 6 + 6);
  }
}
