package dev.clir.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates a run against qrels for a query set.
 *
 * <p>Conventions (trec_eval's where it has one):
 *
 * <ul>
 *   <li>The queries evaluated are those of the query set. A query without any relevant judgment ({@code rel > 0})
 *       is left out of every mean and listed under {@link EvalReport#noJudgments()} (trec_eval skips queries
 *       absent from the qrels; we also skip those judged only non-relevant, for which recall is 0/0).
 *   <li>A judged query the run has no results for scores 0 on everything (trec_eval's {@code -c}); it is listed
 *       under {@link EvalReport#noResults()}. Run queries outside the query set are ignored and listed.
 *   <li>Rankings are in trec_eval order ({@link Run#TREC_EVAL_ORDER}); unjudged retrieved documents are
 *       non-relevant; see {@link Metrics} for the metric definitions.
 *   <li>Means are over queries (macro). Languages are the queries' {@code lang}, lower-cased, {@code und} when
 *       missing; English is {@code en}.
 *   <li>Transfer ratio of language L: mean(L) / mean(en) for {@link EvalReport#TRANSFER_METRICS}, over the
 *       information needs ({@link NeedIdStrategy}) evaluated in both L and English, each need weighted once (its
 *       queries of one language averaged). Without any shared need, over all queries of each language.
 * </ul>
 */
public final class Evaluator {

  /** Label for queries whose language is not known. */
  public static final String UNKNOWN_LANGUAGE = "und";

  private final NeedIdStrategy needIds;

  /** Pairs queries by {@link NeedIdStrategy#beforeLastDash()}. */
  public Evaluator() {
    this(NeedIdStrategy.beforeLastDash());
  }

  public Evaluator(NeedIdStrategy needIds) {
    this.needIds = Objects.requireNonNull(needIds, "needIds");
  }

  /**
   * @param knownDocIds the document ids in the index, to count judged documents it lacks; {@code null} to skip
   *     that check
   */
  public EvalReport evaluate(QuerySet querySet, Qrels qrels, Run run, Set<String> knownDocIds) {
    List<QueryResult> results = new ArrayList<>();
    List<String> noJudgments = new ArrayList<>();
    List<String> noResults = new ArrayList<>();
    Map<String, Integer> unjudgedByLang = new TreeMap<>();
    for (Query q : querySet.queries()) {
      String lang = language(q);
      Map<String, Integer> judgments = qrels.judgments(q.id());
      int relevant = Metrics.relevantCount(judgments);
      if (relevant == 0) {
        noJudgments.add(q.id());
        unjudgedByLang.merge(lang, 1, Integer::sum);
        continue;
      }
      List<String> ranking = run.rankedDocIds(q.id());
      if (ranking.isEmpty()) {
        noResults.add(q.id());
      }
      Map<Metric, Double> scores = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        scores.put(m, m.compute(ranking, judgments));
      }
      results.add(new QueryResult(q.id(), lang, needIds.needId(q).orElse(null), relevant, ranking.size(), scores));
    }

    Map<String, List<QueryResult>> byLang = new TreeMap<>(englishFirst());
    results.forEach(r -> byLang.computeIfAbsent(r.lang(), l -> new ArrayList<>()).add(r));
    unjudgedByLang.keySet().forEach(l -> byLang.computeIfAbsent(l, x -> new ArrayList<>()));
    Map<String, EvalReport.Summary> languages = new LinkedHashMap<>();
    byLang.forEach((lang, rs) -> languages.put(lang, summary(rs, unjudgedByLang.getOrDefault(lang, 0))));

    Map<String, EvalReport.Transfer> transfer = new LinkedHashMap<>();
    List<QueryResult> english = byLang.getOrDefault(EvalReport.ENGLISH, List.of());
    if (!english.isEmpty()) {
      byLang.forEach((lang, rs) -> {
        if (!lang.equals(EvalReport.ENGLISH) && !rs.isEmpty()) {
          transfer.put(lang, transfer(lang, rs, english));
        }
      });
    }

    List<String> outside = run.queryIds().stream().filter(id -> !querySet.contains(id)).toList();
    Set<String> unknown = knownDocIds == null ? Set.of()
        : qrels.docIdsNotIn(querySet.queries().stream().map(Query::id).toList(), knownDocIds);
    return new EvalReport(run.tag(), summary(results, noJudgments.size()), languages, transfer, results,
        noJudgments, noResults, outside, knownDocIds != null, unknown);
  }

  private static String language(Query q) {
    return q.lang() == null ? UNKNOWN_LANGUAGE : q.lang().toLowerCase(Locale.ROOT);
  }

  private static Comparator<String> englishFirst() {
    return Comparator.comparing((String l) -> !l.equals(EvalReport.ENGLISH)).thenComparing(Comparator.naturalOrder());
  }

  private static EvalReport.Summary summary(List<QueryResult> results, int noJudgments) {
    Map<Metric, Double> means = new EnumMap<>(Metric.class);
    if (!results.isEmpty()) {
      for (Metric m : Metric.values()) {
        means.put(m, results.stream().mapToDouble(r -> r.score(m)).average().orElseThrow());
      }
    }
    return new EvalReport.Summary(results.size(), noJudgments, means);
  }

  private static EvalReport.Transfer transfer(String lang, List<QueryResult> target, List<QueryResult> english) {
    Map<String, List<QueryResult>> targetNeeds = byNeed(target);
    Map<String, List<QueryResult>> englishNeeds = byNeed(english);
    List<String> shared = targetNeeds.keySet().stream().filter(englishNeeds::containsKey).toList();
    Map<Metric, EvalReport.Ratio> ratios = new EnumMap<>(Metric.class);
    for (Metric m : EvalReport.TRANSFER_METRICS) {
      double l;
      double e;
      if (shared.isEmpty()) {
        l = mean(target, m);
        e = mean(english, m);
      } else {
        l = shared.stream().mapToDouble(need -> mean(targetNeeds.get(need), m)).average().orElseThrow();
        e = shared.stream().mapToDouble(need -> mean(englishNeeds.get(need), m)).average().orElseThrow();
      }
      ratios.put(m, EvalReport.Ratio.of(l, e));
    }
    return new EvalReport.Transfer(lang, shared.size(), ratios);
  }

  private static Map<String, List<QueryResult>> byNeed(List<QueryResult> results) {
    Map<String, List<QueryResult>> byNeed = new TreeMap<>();
    for (QueryResult r : results) {
      if (r.needId() != null) {
        byNeed.computeIfAbsent(r.needId(), n -> new ArrayList<>()).add(r);
      }
    }
    return byNeed;
  }

  private static double mean(List<QueryResult> results, Metric m) {
    return results.stream().mapToDouble(r -> r.score(m)).average().orElseThrow();
  }
}
