package dev.clir.eval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of evaluating a run: mean metrics overall and per query language, transfer ratios to English, and
 * the counts a reader needs to trust them. Produced by {@link Evaluator}, rendered by {@link EvalReportFormat}.
 *
 * @param runTag the run's tag
 * @param overall means over every evaluated query
 * @param languages per language code (English first, then alphabetical); {@code und} for queries without one
 * @param transfer per non-English language, when English queries were evaluated; same order as languages
 * @param queries per evaluated query, in query file order
 * @param noJudgments ids of queries with no relevant judgment: left out of every mean
 * @param noResults ids of evaluated queries the run has no results for (they score 0)
 * @param runQueriesNotInQuerySet ids the run has results for but the query set does not list (ignored)
 * @param indexChecked whether the caller passed the index's document ids, making {@code unknownJudgedDocs}
 *     meaningful
 * @param unknownJudgedDocs judged documents of the query set that the index does not hold, sorted
 */
public record EvalReport(
    String runTag,
    Summary overall,
    Map<String, Summary> languages,
    Map<String, Transfer> transfer,
    List<QueryResult> queries,
    List<String> noJudgments,
    List<String> noResults,
    List<String> runQueriesNotInQuerySet,
    boolean indexChecked,
    Set<String> unknownJudgedDocs) {

  /** The language code for English, the reference of transfer ratios. */
  public static final String ENGLISH = "en";

  /** The metrics transfer ratios are given for. */
  public static final List<Metric> TRANSFER_METRICS = List.of(Metric.NDCG_10, Metric.RECALL_10);

  public EvalReport {
    Objects.requireNonNull(runTag, "runTag");
    Objects.requireNonNull(overall, "overall");
    languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    transfer = Collections.unmodifiableMap(new LinkedHashMap<>(transfer));
    queries = List.copyOf(queries);
    noJudgments = List.copyOf(noJudgments);
    noResults = List.copyOf(noResults);
    runQueriesNotInQuerySet = List.copyOf(runQueriesNotInQuerySet);
    unknownJudgedDocs = Collections.unmodifiableSet(new TreeSet<>(unknownJudgedDocs));
  }

  /**
   * Means of one group of queries.
   *
   * @param evaluated queries with at least one relevant judgment, the ones averaged
   * @param noJudgments queries of the group left out for lack of relevant judgments
   * @param means per metric; empty when {@code evaluated} is 0
   */
  public record Summary(int evaluated, int noJudgments, Map<Metric, Double> means) {
    public Summary {
      means = Collections.unmodifiableMap(means.isEmpty() ? Map.of() : new EnumMap<>(means));
    }

    /** The mean, or {@code NaN} when nothing was evaluated. */
    public double mean(Metric metric) {
      return means.getOrDefault(metric, Double.NaN);
    }
  }

  /**
   * How well one language does relative to English.
   *
   * @param lang the language
   * @param pairedNeeds information needs evaluated both in this language and in English; 0 when none, and then
   *     the ratios compare the two languages' overall means
   * @param ratios per metric of {@link #TRANSFER_METRICS}
   */
  public record Transfer(String lang, int pairedNeeds, Map<Metric, Ratio> ratios) {
    public Transfer {
      Objects.requireNonNull(lang, "lang");
      ratios = Collections.unmodifiableMap(new EnumMap<>(ratios));
    }

    /** Whether the ratios are over the same information needs. */
    public boolean paired() {
      return pairedNeeds > 0;
    }
  }

  /**
   * {@code lang / english}.
   *
   * @param ratio {@code NaN} when the English value is 0
   */
  public record Ratio(double lang, double english, double ratio) {
    public static Ratio of(double lang, double english) {
      return new Ratio(lang, english, english == 0 ? Double.NaN : lang / english);
    }
  }
}
