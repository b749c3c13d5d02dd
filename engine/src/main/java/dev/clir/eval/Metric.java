package dev.clir.eval;

import java.util.List;
import java.util.Map;

/** The metrics clir reports, each with its label in tables and JSON. */
public enum Metric {
  RECALL_1("R@1"),
  RECALL_5("R@5"),
  RECALL_10("R@10"),
  RECALL_100("R@100"),
  MRR_10("MRR@10"),
  NDCG_10("nDCG@10");

  private final String label;

  Metric(String label) {
    this.label = label;
  }

  /** {@code R@10}, {@code MRR@10}, {@code nDCG@10}, ... */
  public String label() {
    return label;
  }

  /** This metric for one query; see {@link Metrics} for the definitions and preconditions. */
  public double compute(List<String> ranking, Map<String, Integer> judgments) {
    return switch (this) {
      case RECALL_1 -> Metrics.recall(1, ranking, judgments);
      case RECALL_5 -> Metrics.recall(5, ranking, judgments);
      case RECALL_10 -> Metrics.recall(10, ranking, judgments);
      case RECALL_100 -> Metrics.recall(100, ranking, judgments);
      case MRR_10 -> Metrics.reciprocalRank(10, ranking, judgments);
      case NDCG_10 -> Metrics.ndcg(10, ranking, judgments);
    };
  }
}
