package dev.clir.bench.quality;

import dev.clir.search.fusion.FusionLearner;
import dev.clir.search.fusion.FusionSettings;
import java.util.Objects;

/**
 * The fusion settings a quality run measured hybrid and auto mode with, and, when it learned them, how.
 *
 * @param settings the settings used on the test halves
 * @param source where they came from, for the report
 * @param learning what the learner tried and chose on the dev halves; {@code null} when the settings were given
 * @param seconds time spent collecting dev legs and learning (0 when given)
 */
public record FusionFigures(FusionSettings settings, String source, FusionLearner.Result learning, double seconds) {
  public FusionFigures {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(source, "source");
  }

  static FusionFigures learned(FusionLearner.Result result, double seconds) {
    return new FusionFigures(result.settings(), "learned in this run on the dev halves ("
        + QualityCommand.FUSION_FILE + " beside this report)", result, seconds);
  }

  /** Settings not learned in this run; {@code source} says where they came from. */
  static FusionFigures given(String source, FusionSettings settings) {
    return new FusionFigures(settings, source, null, 0);
  }
}
