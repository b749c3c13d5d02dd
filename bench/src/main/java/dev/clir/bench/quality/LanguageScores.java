package dev.clir.bench.quality;

import dev.clir.eval.Metric;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One language's figures for one benchmark and setup.
 *
 * @param lang ISO 639-1 code of the questions
 * @param queries questions evaluated
 * @param means mean of each metric over those questions
 * @param transfer this language relative to English on the benchmark's primary metric, over the questions asked
 *     in both; {@code null} for English itself and where English was not asked
 */
public record LanguageScores(String lang, int queries, Map<Metric, Double> means, Transfer transfer) {
  public LanguageScores {
    Objects.requireNonNull(lang, "lang");
    means = Collections.unmodifiableMap(new EnumMap<>(means));
  }

  public double mean(Metric m) {
    return means.getOrDefault(m, Double.NaN);
  }

  /**
   * @param metric the metric compared
   * @param pairedNeeds questions asked both in the language and in English
   * @param lang the language's mean over them
   * @param english English's mean over them
   * @param ratio {@code lang / english}, {@code NaN} when English scores 0
   */
  public record Transfer(Metric metric, int pairedNeeds, double lang, double english, double ratio) {}
}
