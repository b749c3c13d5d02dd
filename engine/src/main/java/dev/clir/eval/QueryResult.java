package dev.clir.eval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one evaluated query.
 *
 * @param qid query id
 * @param lang the query's language, lower-cased; {@code und} when unknown
 * @param needId the information need, or {@code null} when the strategy finds none
 * @param relevant judged relevant documents ({@code > 0})
 * @param retrieved documents in the run for this query
 * @param scores one value per {@link Metric}
 */
public record QueryResult(String qid, String lang, String needId, int relevant, int retrieved,
    Map<Metric, Double> scores) {

  public QueryResult {
    Objects.requireNonNull(qid, "qid");
    Objects.requireNonNull(lang, "lang");
    scores = Collections.unmodifiableMap(new EnumMap<>(scores));
  }

  public double score(Metric metric) {
    return scores.get(metric);
  }
}
