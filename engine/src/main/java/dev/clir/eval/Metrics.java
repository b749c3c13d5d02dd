package dev.clir.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-query retrieval metrics, computed as trec_eval does. Inputs: the ranked document ids (best first, already in
 * trec_eval order, see {@link Run#TREC_EVAL_ORDER}) and the query's judgments (document id to graded relevance).
 * A document is relevant when its relevance is {@code > 0}; retrieved documents without a judgment count as
 * non-relevant. Every metric needs at least one relevant document (otherwise recall is 0/0): callers leave such
 * queries out, see {@link Evaluator}.
 */
public final class Metrics {

  private Metrics() {}

  /** Number of documents with relevance {@code > 0}. */
  public static int relevantCount(Map<String, Integer> judgments) {
    int n = 0;
    for (int rel : judgments.values()) {
      if (rel > 0) {
        n++;
      }
    }
    return n;
  }

  /** Relevant documents among the first {@code k}, divided by all relevant documents of the query. */
  public static double recall(int k, List<String> ranking, Map<String, Integer> judgments) {
    int relevant = requireRelevant(judgments);
    int found = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (judgments.getOrDefault(ranking.get(i), 0) > 0) {
        found++;
      }
    }
    return (double) found / relevant;
  }

  /** 1 / rank of the first relevant document within the first {@code k}, else 0. */
  public static double reciprocalRank(int k, List<String> ranking, Map<String, Integer> judgments) {
    requireRelevant(judgments);
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (judgments.getOrDefault(ranking.get(i), 0) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0.0;
  }

  /**
   * nDCG at {@code k} as trec_eval's {@code ndcg_cut} (since 9.0.4): gain = the relevance grade itself (not
   * {@code 2^rel - 1}), discount {@code log2(rank + 1)} from rank 1 on; the ideal DCG orders all of the query's
   * relevant judgments by grade and is cut at {@code k} too.
   */
  public static double ndcg(int k, List<String> ranking, Map<String, Integer> judgments) {
    requireRelevant(judgments);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      int rel = judgments.getOrDefault(ranking.get(i), 0);
      if (rel > 0) {
        dcg += rel / log2(i + 2);
      }
    }
    List<Integer> grades = new ArrayList<>();
    for (int rel : judgments.values()) {
      if (rel > 0) {
        grades.add(rel);
      }
    }
    grades.sort(Comparator.reverseOrder());
    double ideal = 0;
    for (int i = 0; i < Math.min(k, grades.size()); i++) {
      ideal += grades.get(i) / log2(i + 2);
    }
    return dcg / ideal;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  private static int requireRelevant(Map<String, Integer> judgments) {
    int relevant = relevantCount(judgments);
    if (relevant == 0) {
      throw new IllegalArgumentException("metrics are undefined for a query without relevant documents");
    }
    return relevant;
  }
}
