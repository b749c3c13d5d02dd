package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final Offset<Double> EPS = within(1e-9);

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void binaryJudgmentsWithUnjudgedAndNonRelevantDocuments() {
    // relevant: d1, d3, d5 (3 in all); d2 judged non-relevant; d4 and d9 unjudged (count as non-relevant)
    Map<String, Integer> qrels = Map.of("d1", 1, "d3", 1, "d5", 1, "d2", 0);
    List<String> ranking = List.of("d2", "d1", "d4", "d3", "d9");
    //  rank: 1=d2(0) 2=d1(1) 3=d4(-) 4=d3(1) 5=d9(-)

    // R@1 = 0/3; R@5 = R@10 = R@100 = 2/3 (d1, d3; d5 never retrieved)
    assertThat(Metrics.recall(1, ranking, qrels)).isEqualTo(0.0);
    assertThat(Metrics.recall(5, ranking, qrels)).isCloseTo(2.0 / 3, EPS);
    assertThat(Metrics.recall(10, ranking, qrels)).isCloseTo(2.0 / 3, EPS);
    assertThat(Metrics.recall(100, ranking, qrels)).isCloseTo(2.0 / 3, EPS);
    // first relevant at rank 2 -> 1/2
    assertThat(Metrics.reciprocalRank(10, ranking, qrels)).isEqualTo(0.5);
    // DCG  = 1/log2(2+1) + 1/log2(4+1)                  = 0.630930 + 0.430677         = 1.061606
    // IDCG = 1/log2(1+1) + 1/log2(2+1) + 1/log2(3+1)     = 1 + 0.630930 + 0.5          = 2.130930
    // nDCG = 1.061606 / 2.130930 = 0.498189
    double expected = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3) + 1 / log2(4));
    assertThat(expected).isCloseTo(0.498189, within(1e-6));
    assertThat(Metrics.ndcg(10, ranking, qrels)).isCloseTo(expected, EPS);
  }

  @Test
  void gradedRelevanceUsesTheGradeAsGain() {
    // grades a=3, b=2, c=1, z=0; ranking c, a, x (unjudged), b
    Map<String, Integer> qrels = Map.of("a", 3, "b", 2, "c", 1, "z", 0);
    List<String> ranking = List.of("c", "a", "x", "b");

    // DCG  = 1/log2(2) + 3/log2(3) + 0 + 2/log2(5) = 1 + 1.892789 + 0.861353 = 3.754142
    // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4)     = 3 + 1.261860 + 0.5      = 4.761860
    // nDCG = 0.788377   (exponential gain 2^rel-1 would give 0.714222; trec_eval does not use it)
    double expected = (1 + 3 / log2(3) + 2 / log2(5)) / (3 + 2 / log2(3) + 1 / log2(4));
    assertThat(expected).isCloseTo(0.788377, within(1e-6));
    assertThat(Metrics.ndcg(10, ranking, qrels)).isCloseTo(expected, EPS);
    // every graded document counts once for recall, whatever its grade: 3 of 3 in the top 4, c alone at rank 1
    assertThat(Metrics.recall(5, ranking, qrels)).isEqualTo(1.0);
    assertThat(Metrics.recall(1, ranking, qrels)).isCloseTo(1.0 / 3, EPS);
    assertThat(Metrics.reciprocalRank(10, ranking, qrels)).isEqualTo(1.0);
  }

  @Test
  void negativeGradesAreNotRelevant() {
    // trec_eval: relevance level 1 by default, so -1 (e.g. "junk") is non-relevant
    Map<String, Integer> qrels = Map.of("good", 1, "junk", -1);

    assertThat(Metrics.relevantCount(qrels)).isEqualTo(1);
    // rank 1 junk (no gain), rank 2 good: DCG = 1/log2(3), IDCG = 1 -> 0.630930
    assertThat(Metrics.ndcg(10, List.of("junk", "good"), qrels)).isCloseTo(1 / log2(3), EPS);
    assertThat(Metrics.reciprocalRank(10, List.of("junk", "good"), qrels)).isEqualTo(0.5);
  }

  @Test
  void cutoffsIgnoreEverythingBelowRankK() {
    // the only relevant document is at rank 11
    List<String> ranking = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ranking.add("n" + i);
    }
    ranking.add("rel");
    Map<String, Integer> qrels = Map.of("rel", 2);

    assertThat(Metrics.reciprocalRank(10, ranking, qrels)).isEqualTo(0.0);
    assertThat(Metrics.ndcg(10, ranking, qrels)).isEqualTo(0.0);
    assertThat(Metrics.recall(10, ranking, qrels)).isEqualTo(0.0);
    assertThat(Metrics.recall(100, ranking, qrels)).isEqualTo(1.0);
  }

  @Test
  void idealDcgIsCutAtKToo() {
    // 12 relevant documents, all retrieved first: the top 10 are as good as the ideal top 10 -> nDCG@10 = 1,
    // while R@10 = 10/12
    Map<String, Integer> qrels = new LinkedHashMap<>();
    List<String> ranking = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      qrels.put("r" + i, 1);
      ranking.add("r" + i);
    }

    assertThat(Metrics.ndcg(10, ranking, qrels)).isCloseTo(1.0, EPS);
    assertThat(Metrics.recall(10, ranking, qrels)).isCloseTo(10.0 / 12, EPS);
  }

  @Test
  void emptyRankingScoresZero() {
    Map<String, Integer> qrels = Map.of("d", 1);

    for (Metric m : Metric.values()) {
      assertThat(m.compute(List.of(), qrels)).as(m.label()).isEqualTo(0.0);
    }
  }

  @Test
  void aQueryWithoutRelevantDocumentsHasNoMetrics() {
    Map<String, Integer> onlyNonRelevant = Map.of("d", 0);

    assertThatThrownBy(() -> Metrics.recall(10, List.of("d"), onlyNonRelevant))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metrics.ndcg(10, List.of("d"), Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metrics.reciprocalRank(10, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tiesAreBrokenAsTrecEvalDoesBeforeMetricsSeeThem() {
    // d10 and d2 tie at 0.5; trec_eval puts the larger id first: strcmp("d2","d10") > 0, so d2 is rank 1.
    // Only d2 is relevant: MRR@10 = 1 and nDCG@10 = 1, although d10 was given first.
    Run run = Run.builder("t").add("q", "d10", 0.5).add("q", "d2", 0.5).build();
    Map<String, Integer> qrels = Map.of("d2", 1);

    assertThat(run.rankedDocIds("q")).containsExactly("d2", "d10");
    assertThat(Metric.MRR_10.compute(run.rankedDocIds("q"), qrels)).isEqualTo(1.0);
    assertThat(Metric.NDCG_10.compute(run.rankedDocIds("q"), qrels)).isEqualTo(1.0);
    assertThat(Metric.RECALL_1.compute(run.rankedDocIds("q"), qrels)).isEqualTo(1.0);
  }
}
