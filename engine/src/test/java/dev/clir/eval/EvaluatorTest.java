package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One information need per {@code qaNN}, asked in several languages, one relevant document each. Per-query nDCG@10
 * (single relevant document at rank r: 1/log2(r+1), IDCG = 1):
 *
 * <pre>
 * qa01-en  d1 at rank 1            nDCG 1         R@10 1  MRR 1    R@1 1
 * qa02-en  d2 at rank 2            nDCG 0.630930  R@10 1  MRR 1/2  R@1 0
 * qa01-pt  d1 at rank 3            nDCG 0.5       R@10 1  MRR 1/3  R@1 0
 * qa02-pt  d2 not retrieved        nDCG 0         R@10 0  MRR 0    R@1 0
 * qa03-pt  d3 at rank 1 (no en)    nDCG 1         R@10 1  MRR 1    R@1 1
 * qa05-sw  no results in the run   all 0
 * qa04-en  only a non-relevant judgment: left out, counted under noJudgments
 * qa06-th  no judgments at all:          left out, counted under noJudgments
 * zz-en    in the run, not in the query set: ignored, listed
 * </pre>
 */
class EvaluatorTest {

  private static final Offset<Double> EPS = within(1e-9);
  private static final double ONE_OVER_LOG2_3 = 1 / (Math.log(3) / Math.log(2)); // 0.630930

  private QuerySet queries;
  private Qrels qrels;
  private Run run;

  @BeforeEach
  void setUp() {
    queries = QuerySet.of(List.of(
        new Query("qa01-en", "capital of Kenya", "en"),
        new Query("qa02-en", "longest river", "EN"),
        new Query("qa04-en", "unjudged", "en"),
        new Query("qa01-pt", "capital do Quênia", "pt"),
        new Query("qa02-pt", "rio mais longo", "pt"),
        new Query("qa03-pt", "só em português", "pt"),
        new Query("qa05-sw", "mji mkuu", "sw"),
        new Query("qa06-th", "ไม่มีการตัดสิน", "th")));
    qrels = Qrels.of(Map.of(
        "qa01-en", Map.of("d1", 1),
        "qa02-en", Map.of("d2", 1),
        "qa04-en", Map.of("d4", 0),
        "qa01-pt", Map.of("d1", 1),
        "qa02-pt", Map.of("d2", 1),
        "qa03-pt", Map.of("d3", 1),
        "qa05-sw", Map.of("d5", 1)));
    run = Run.builder("test")
        .add("qa01-en", "d1", 0.9)
        .add("qa02-en", "x", 0.9).add("qa02-en", "d2", 0.8)
        .add("qa04-en", "d4", 0.9)
        .add("qa01-pt", "x", 0.9).add("qa01-pt", "y", 0.8).add("qa01-pt", "d1", 0.7)
        .add("qa02-pt", "x", 0.9)
        .add("qa03-pt", "d3", 0.9)
        .add("zz-en", "d1", 0.9)
        .build();
  }

  @Test
  void perQueryAndOverallMeans() {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, null);

    assertThat(r.queries()).extracting(QueryResult::qid)
        .containsExactly("qa01-en", "qa02-en", "qa01-pt", "qa02-pt", "qa03-pt", "qa05-sw");
    QueryResult qa01pt = r.queries().get(2);
    assertThat(qa01pt.lang()).isEqualTo("pt");
    assertThat(qa01pt.needId()).isEqualTo("qa01");
    assertThat(qa01pt.relevant()).isEqualTo(1);
    assertThat(qa01pt.retrieved()).isEqualTo(3);
    assertThat(qa01pt.score(Metric.MRR_10)).isCloseTo(1.0 / 3, EPS);
    assertThat(qa01pt.score(Metric.NDCG_10)).isCloseTo(0.5, EPS);
    // overall nDCG@10 = (1 + 0.630930 + 0.5 + 0 + 1 + 0) / 6 = 0.521822
    assertThat(r.overall().evaluated()).isEqualTo(6);
    assertThat(r.overall().noJudgments()).isEqualTo(2);
    assertThat(r.overall().mean(Metric.NDCG_10)).isCloseTo((1 + ONE_OVER_LOG2_3 + 0.5 + 1) / 6, EPS);
    // overall R@1 = (1 + 0 + 0 + 0 + 1 + 0) / 6
    assertThat(r.overall().mean(Metric.RECALL_1)).isCloseTo(2.0 / 6, EPS);
    // overall MRR@10 = (1 + 1/2 + 1/3 + 0 + 1 + 0) / 6 = 0.472222
    assertThat(r.overall().mean(Metric.MRR_10)).isCloseTo((1 + 0.5 + 1.0 / 3 + 1) / 6, EPS);
    assertThat(r.noJudgments()).containsExactly("qa04-en", "qa06-th");
    assertThat(r.noResults()).containsExactly("qa05-sw");
    assertThat(r.runQueriesNotInQuerySet()).containsExactly("zz-en");
    assertThat(r.indexChecked()).isFalse();
    assertThat(r.unknownJudgedDocs()).isEmpty();
  }

  @Test
  void perLanguageMeansWithEnglishFirst() {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, null);

    assertThat(r.languages()).containsOnlyKeys("en", "pt", "sw", "th");
    assertThat(r.languages().keySet()).containsExactly("en", "pt", "sw", "th");
    EvalReport.Summary en = r.languages().get("en"); // "EN" lower-cased into "en"
    assertThat(en.evaluated()).isEqualTo(2);
    assertThat(en.noJudgments()).isEqualTo(1);
    // en nDCG@10 = (1 + 0.630930) / 2 = 0.815465; R@10 = (1 + 1) / 2
    assertThat(en.mean(Metric.NDCG_10)).isCloseTo((1 + ONE_OVER_LOG2_3) / 2, EPS);
    assertThat(en.mean(Metric.RECALL_10)).isEqualTo(1.0);
    EvalReport.Summary pt = r.languages().get("pt");
    // pt nDCG@10 = (0.5 + 0 + 1) / 3 = 0.5; R@10 = (1 + 0 + 1) / 3
    assertThat(pt.evaluated()).isEqualTo(3);
    assertThat(pt.mean(Metric.NDCG_10)).isCloseTo(0.5, EPS);
    assertThat(pt.mean(Metric.RECALL_10)).isCloseTo(2.0 / 3, EPS);
    EvalReport.Summary th = r.languages().get("th");
    assertThat(th.evaluated()).isZero();
    assertThat(th.noJudgments()).isEqualTo(1);
    assertThat(th.mean(Metric.NDCG_10)).isNaN();
  }

  @Test
  void transferRatiosCompareTheSameInformationNeeds() {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, null);

    // th has no evaluated query, so no transfer entry
    assertThat(r.transfer()).containsOnlyKeys("pt", "sw");
    EvalReport.Transfer pt = r.transfer().get("pt");
    // shared needs qa01, qa02 (qa03 has no English query and is left out):
    // pt nDCG = (0.5 + 0) / 2 = 0.25, en nDCG = (1 + 0.630930) / 2 = 0.815465, ratio = 0.306574
    assertThat(pt.pairedNeeds()).isEqualTo(2);
    assertThat(pt.paired()).isTrue();
    EvalReport.Ratio ndcg = pt.ratios().get(Metric.NDCG_10);
    assertThat(ndcg.lang()).isCloseTo(0.25, EPS);
    assertThat(ndcg.english()).isCloseTo((1 + ONE_OVER_LOG2_3) / 2, EPS);
    assertThat(ndcg.ratio()).isCloseTo(0.306574, within(1e-6));
    // R@10: pt (1 + 0) / 2 = 0.5, en (1 + 1) / 2 = 1, ratio 0.5
    assertThat(pt.ratios().get(Metric.RECALL_10)).isEqualTo(new EvalReport.Ratio(0.5, 1.0, 0.5));
    // sw shares no need with English: whole-language means, 0 / 0.815465
    EvalReport.Transfer sw = r.transfer().get("sw");
    assertThat(sw.paired()).isFalse();
    assertThat(sw.ratios().get(Metric.NDCG_10).ratio()).isZero();
  }

  @Test
  void withoutPairingTransferUsesWholeLanguageMeans() {
    EvalReport r = new Evaluator(NeedIdStrategy.none()).evaluate(queries, qrels, run, null);

    EvalReport.Transfer pt = r.transfer().get("pt");
    assertThat(pt.paired()).isFalse();
    // pt 0.5 / en 0.815465 = 0.613147
    assertThat(pt.ratios().get(Metric.NDCG_10).ratio()).isCloseTo(0.5 / ((1 + ONE_OVER_LOG2_3) / 2), EPS);
    assertThat(r.queries()).allMatch(q -> q.needId() == null);
  }

  @Test
  void noEnglishQueriesMeansNoTransfer() {
    QuerySet ptOnly = QuerySet.of(List.of(new Query("qa01-pt", "x", "pt")));

    EvalReport r = new Evaluator().evaluate(ptOnly, qrels, run, null);

    assertThat(r.transfer()).isEmpty();
  }

  @Test
  void englishScoringZeroGivesAnUndefinedRatio() {
    QuerySet set = QuerySet.of(List.of(new Query("qa02-pt", "x", "pt"), new Query("qa02-en", "y", "en"),
        new Query("qa01-pt", "z", "pt")));
    Run bad = Run.builder("t").add("qa01-pt", "d1", 1).build(); // English qa02 finds nothing

    EvalReport r = new Evaluator().evaluate(set, qrels, bad, null);

    // shared need qa02 only: pt 0 / en 0
    assertThat(r.transfer().get("pt").ratios().get(Metric.NDCG_10).ratio()).isNaN();
  }

  @Test
  void judgedDocumentsMissingFromTheIndexAreCounted() {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, Set.of("d1", "d2", "d3"));

    // judged documents of the query set: d1, d2, d3, d4 (qa04-en, non-relevant), d5
    assertThat(r.indexChecked()).isTrue();
    assertThat(r.unknownJudgedDocs()).containsExactly("d4", "d5");
  }

  @Test
  void needIdStrategies() {
    NeedIdStrategy dash = NeedIdStrategy.beforeLastDash();
    assertThat(dash.needId(new Query("qa01-pt", "x", null))).contains("qa01");
    assertThat(dash.needId(new Query("topic-7-pt-BR", "x", null))).contains("topic-7-pt");
    assertThat(dash.needId(new Query("q17", "x", null))).isEmpty();
    assertThat(dash.needId(new Query("-pt", "x", null))).isEmpty();

    NeedIdStrategy pattern = NeedIdStrategy.pattern(Pattern.compile("(\\d+)_[a-z]+"));
    assertThat(pattern.needId(new Query("101_sw", "x", null))).contains("101");
    assertThat(pattern.needId(new Query("sw_101", "x", null))).isEmpty();
    assertThatThrownBy(() -> NeedIdStrategy.pattern(Pattern.compile("\\d+")))
        .hasMessageContaining("capturing group");
  }

  @Test
  void tableShowsLanguagesTransferAndWarnings() {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, Set.of("d1", "d2", "d3", "d4"));

    String table = EvalReportFormat.table(r);

    assertThat(table).isEqualTo("""
        Run test: 6 queries evaluated, 2 without relevant judgments (left out)

        lang     queries  unjudged      R@1      R@5     R@10    R@100   MRR@10  nDCG@10
        all            6         2   0.3333   0.6667   0.6667   0.6667   0.4722   0.5218
        en             2         1   0.5000   1.0000   1.0000   1.0000   0.7500   0.8155
        pt             3         0   0.3333   0.6667   0.6667   0.6667   0.4444   0.5000
        sw             1         0   0.0000   0.0000   0.0000   0.0000   0.0000   0.0000
        th             0         1        -        -        -        -        -        -

        Transfer to English (language / English; needs '-': no need shared with English, ratio of the languages' \
        means over all their queries)
        lang       needs  nDCG@10       en   ratio     R@10       en   ratio
        pt             2   0.2500   0.8155   0.307   0.5000   1.0000   0.500
        sw             -   0.0000   0.8155   0.000   0.0000   1.0000   0.000

        Warnings:
          2 queries without relevant judgments (left out of the means): qa04-en, qa06-th
          1 judged query without results (scores 0): qa05-sw
          1 run query not in the query set (ignored): zz-en
          1 judged document not in the index: d5
        """);
  }

  @Test
  void jsonHasLabelledMetricsAndNullsForUndefinedValues() throws Exception {
    EvalReport r = new Evaluator().evaluate(queries, qrels, run, Set.of("d1", "d2", "d3", "d4"));

    JsonNode json = new ObjectMapper().readTree(EvalReportFormat.json(r));

    assertThat(json.get("run").asText()).isEqualTo("test");
    assertThat(json.get("metrics")).extracting(JsonNode::asText)
        .containsExactly("R@1", "R@5", "R@10", "R@100", "MRR@10", "nDCG@10");
    assertThat(json.at("/overall/evaluated").asInt()).isEqualTo(6);
    assertThat(json.at("/overall/means/nDCG@10").asDouble()).isCloseTo((1 + ONE_OVER_LOG2_3 + 0.5 + 1) / 6, EPS);
    assertThat(json.at("/languages/pt/means/R@10").asDouble()).isCloseTo(2.0 / 3, EPS);
    assertThat(json.at("/languages/th/means/nDCG@10").isNull()).isTrue();
    assertThat(json.at("/transferToEnglish/pt/pairedNeeds").asInt()).isEqualTo(2);
    assertThat(json.at("/transferToEnglish/pt/nDCG@10/ratio").asDouble()).isCloseTo(0.306574, within(1e-6));
    assertThat(json.at("/transferToEnglish/sw/paired").asBoolean()).isFalse();
    assertThat(json.at("/queries/0/qid").asText()).isEqualTo("qa01-en");
    assertThat(json.at("/queries/0/need").asText()).isEqualTo("qa01");
    assertThat(json.at("/queries/2/scores/MRR@10").asDouble()).isCloseTo(1.0 / 3, EPS);
    assertThat(json.get("noJudgments")).extracting(JsonNode::asText).containsExactly("qa04-en", "qa06-th");
    assertThat(json.get("noResults")).extracting(JsonNode::asText).containsExactly("qa05-sw");
    assertThat(json.get("runQueriesNotInQuerySet")).extracting(JsonNode::asText).containsExactly("zz-en");
    assertThat(json.at("/unknownJudgedDocs/checked").asBoolean()).isTrue();
    assertThat(json.at("/unknownJudgedDocs/count").asInt()).isEqualTo(1);
    assertThat(json.at("/unknownJudgedDocs/ids/0").asText()).isEqualTo("d5");
  }
}
