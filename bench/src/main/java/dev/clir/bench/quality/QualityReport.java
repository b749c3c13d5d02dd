package dev.clir.bench.quality;

import dev.clir.eval.Metric;
import dev.clir.index.VectorFormat;
import dev.clir.model.ModelInfo;
import dev.clir.search.SearchMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one run measured, for {@link ReportWriter}: the model, the machine, the options and the figures.
 *
 * @param model the model measured
 * @param modelArg the {@code --model} argument as given (directory or id)
 * @param environment machine and software
 * @param options formats, modes, k and candidates
 * @param sampleNeeds questions kept per language and knowledge base, 0 for all
 * @param results per benchmark, in report order
 * @param notMeasured benchmarks whose files were not found, with why
 * @param embedding texts asked for, distinct texts embedded, their tokens, seconds in the model
 * @param wallSeconds from the start of the command to the report, for this model
 * @param loadAtEnd 1-minute load average when the figures were complete
 * @param command the command line that produced the report
 * @param intents the intent-classification figures, or null when no intent set was asked for
 * @param fusion the fusion settings hybrid and auto mode ran with, and how they were learned; null without retrieval
 *     sets
 */
public record QualityReport(ModelInfo model, String modelArg, RunEnvironment environment,
    QualityRunner.Options options, int sampleNeeds, List<BenchmarkResult> results, List<String> notMeasured,
    EmbeddingCounts embedding, double wallSeconds, double loadAtEnd, String command, IntentFigures intents,
    FusionFigures fusion) {

  public QualityReport {
    Objects.requireNonNull(model, "model");
    results = List.copyOf(results);
    notMeasured = List.copyOf(notMeasured);
  }

  /** @param requested texts asked for, @param embedded distinct texts run through the model */
  public record EmbeddingCounts(long requested, long embedded, long tokens, double seconds) {}

  /** Models whose vocabulary covers English only, so that cross-lingual figures measure that handicap. */
  private static final Set<String> ENGLISH_ONLY = Set.of("intfloat/e5-small-v2", "intfloat/e5-base-v2",
      "intfloat/e5-large-v2");

  /** Whether the model is a known English-only model, or its tokenizer cannot see most of some language. */
  public boolean englishOnlyModel() {
    if (ENGLISH_ONLY.contains(model.id().toLowerCase(Locale.ROOT))) {
      return true;
    }
    return results.stream().anyMatch(r -> r.unknownTokenShare().values().stream().anyMatch(s -> s > 0.2));
  }

  /** Per language, the lowest and highest share of unknown tokens in its questions over the benchmarks. */
  public Map<String, double[]> unknownTokenShare() {
    Map<String, double[]> shares = new LinkedHashMap<>();
    results.forEach(r -> r.unknownTokenShare().forEach((l, s) -> shares.merge(l, new double[] {s, s},
        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])})));
    return shares;
  }

  /** Languages asked in any benchmark, English first. */
  public List<String> languages() {
    Set<String> langs = new LinkedHashSet<>();
    langs.add(Languages.ENGLISH);
    results.forEach(r -> langs.addAll(r.benchmark().languages()));
    List<String> out = new ArrayList<>();
    for (String l : langs) {
      if (results.stream().anyMatch(r -> r.benchmark().languages().contains(l))) {
        out.add(l);
      }
    }
    return out;
  }

  /** The reference vector format: the first one measured. */
  public VectorFormat referenceFormat() {
    return options.formats().get(0);
  }

  /** Scores closer than this count as a tie. */
  static final double TIE = 1e-9;

  /**
   * Which search mode to use for a language: for each benchmark where the language asks (FLORES English → English,
   * a sentence finding itself, is a ceiling and does not vote), the modes with the best primary metric at the
   * reference format; the recommendation is the mode (or modes, when tied) with the best mean over those benchmarks.
   */
  public Optional<Recommendation> recommend(String lang) {
    Map<SearchMode, List<Double>> scores = new LinkedHashMap<>();
    Map<String, List<SearchMode>> winners = new LinkedHashMap<>();
    for (BenchmarkResult r : results) {
      if (!votes(r, lang)) {
        continue;
      }
      Map<SearchMode, Double> here = new LinkedHashMap<>();
      for (BenchmarkResult.SetupResult s : r.setups()) {
        if (s.setup().format() != null && s.setup().format() != referenceFormat()) {
          continue;
        }
        LanguageScores ls = s.languages().get(lang);
        double v = ls == null ? Double.NaN : ls.mean(r.benchmark().primary());
        if (!Double.isNaN(v)) {
          here.put(s.setup().mode(), v);
          scores.computeIfAbsent(s.setup().mode(), m -> new ArrayList<>()).add(v);
        }
      }
      if (!here.isEmpty()) {
        winners.put(r.benchmark().id(), best(here));
      }
    }
    Map<SearchMode, Double> means = new LinkedHashMap<>();
    scores.forEach((mode, vs) -> {
      if (vs.size() == winners.size()) { // compare modes measured on every benchmark of the language
        means.put(mode, vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
      }
    });
    if (winners.isEmpty() || means.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Recommendation(lang, best(means), winners));
  }

  /** Whether a benchmark's figures for a language vote in {@link #recommend}. */
  static boolean votes(BenchmarkResult r, String lang) {
    return r.benchmark().languages().contains(lang)
        && !(lang.equals(Languages.ENGLISH) && r.benchmark().kind() == Benchmark.Kind.BITEXT);
  }

  private static List<SearchMode> best(Map<SearchMode, Double> values) {
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return values.entrySet().stream().filter(e -> e.getValue() >= max - TIE).map(Map.Entry::getKey).toList();
  }

  /**
   * @param modes the modes to use, several when tied
   * @param winners per benchmark id, the modes that scored best there (several when tied)
   */
  public record Recommendation(String lang, List<SearchMode> modes, Map<String, List<SearchMode>> winners) {
    public Recommendation {
      modes = List.copyOf(modes);
      winners = Collections.unmodifiableMap(new LinkedHashMap<>(winners));
    }
  }

  /**
   * The smallest and largest change of the primary metric from the reference format to {@code format} (format minus
   * reference), over the languages and vector-using modes of a benchmark; empty when not measured.
   */
  public Optional<double[]> formatDelta(BenchmarkResult r, VectorFormat format) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    Metric m = r.benchmark().primary();
    for (BenchmarkResult.SetupResult s : r.setups()) {
      if (s.setup().format() != format || format == referenceFormat()) {
        continue;
      }
      Optional<BenchmarkResult.SetupResult> ref = r.setup(new Setup(s.setup().mode(), referenceFormat()));
      if (ref.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, LanguageScores> e : s.languages().entrySet()) {
        LanguageScores base = ref.get().languages().get(e.getKey());
        double delta = e.getValue().mean(m) - (base == null ? Double.NaN : base.mean(m));
        if (!Double.isNaN(delta)) {
          min = Math.min(min, delta);
          max = Math.max(max, delta);
        }
      }
    }
    return min > max ? Optional.empty() : Optional.of(new double[] {min, max});
  }
}
