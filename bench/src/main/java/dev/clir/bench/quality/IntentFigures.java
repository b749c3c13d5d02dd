package dev.clir.bench.quality;

import dev.clir.intent.IntentSettings;
import dev.clir.bench.intent.IntentSetReport;
import dev.clir.bench.intent.SibReport;
import java.util.Optional;

/**
 * The intent-classification part of a quality run: SIB-200 topics labelled in English and classified in every
 * language (with the few-shot curve), and the testdata intent set with out-of-scope messages. Either may be absent
 * when its set was not asked for or not found.
 *
 * @param sib200 {@code IntentEvaluation.sib200}'s report, or null
 * @param testdata {@code IntentEvaluation.intentSet}'s report on {@code testdata/intents}, or null
 * @param seconds wall time of both evaluations
 */
public record IntentFigures(SibReport sib200, IntentSetReport testdata, double seconds) {
  /** The classifier {@code IntentModel.train} uses unless told otherwise: the one the summary speaks about. */
  static final String DEFAULT_CLASSIFIER = IntentSettings.DEFAULTS.classifier().id();

  public Optional<SibReport> sib() {
    return Optional.ofNullable(sib200);
  }

  public Optional<IntentSetReport> intentSet() {
    return Optional.ofNullable(testdata);
  }

  /** The SIB-200 chart's file name. */
  static final String SIB_CHART = "sib200-intents.png";
}
