package dev.clir.bench.quality;

import dev.clir.index.VectorFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one benchmark measured.
 *
 * @param benchmark the set, as converted (and sampled)
 * @param passages passages indexed over all its knowledge bases (one vector format; the same in each)
 * @param indexSeconds wall time of indexing per vector format, embedding included (the first format embeds, the
 *     later ones reuse the remembered vectors)
 * @param setups per setup, in the order measured
 * @param unknownTokenShare per question language, the share of the questions' tokens that the model's tokenizer
 *     maps to its unknown token; empty when the tokenizer has none
 */
public record BenchmarkResult(Benchmark benchmark, long passages, Map<VectorFormat, Double> indexSeconds,
    List<SetupResult> setups, Map<String, Double> unknownTokenShare) {
  public BenchmarkResult {
    Objects.requireNonNull(benchmark, "benchmark");
    indexSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(indexSeconds));
    setups = List.copyOf(setups);
    unknownTokenShare = Collections.unmodifiableMap(new LinkedHashMap<>(unknownTokenShare)); // language order
  }

  /**
   * @param setup what was measured
   * @param languages per question language, in {@link Benchmark#languages()} order
   * @param searchSeconds wall time of all its searches (query vectors were embedded beforehand)
   * @param searches searches run
   */
  public record SetupResult(Setup setup, Map<String, LanguageScores> languages, double searchSeconds, long searches) {
    public SetupResult {
      Objects.requireNonNull(setup, "setup");
      languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    }
  }

  /** The result of a setup, if it was measured. */
  public Optional<SetupResult> setup(Setup setup) {
    return setups.stream().filter(s -> s.setup().equals(setup)).findFirst();
  }
}
