package dev.clir.search.fusion;

import java.util.Objects;

/**
 * Auto mode's vector weight for questions in one language, as a straight line in one per-question {@link Signal}:
 * {@code atZero} where the signal is 0, {@code atOne} where it is 1 (equal when the signal is {@code none}). The
 * keyword leg gets {@code 1 - weight}.
 *
 * @param language an ISO 639-1 code as {@link QuestionSignals#language()} gives it, or {@link #ANY_LANGUAGE} for
 *     every other question (undetermined, or a language without a rule of its own)
 */
public record WeightRule(String language, Signal signal, double atZero, double atOne) {
  public static final String ANY_LANGUAGE = "*";

  public WeightRule {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(signal, "signal");
    FusionSettings.checkWeight(atZero);
    FusionSettings.checkWeight(atOne);
    if (signal == Signal.NONE && atZero != atOne) {
      throw new IllegalArgumentException("two weights need a signal: " + language);
    }
  }

  /** A fixed weight. */
  public static WeightRule fixed(String language, double weight) {
    return new WeightRule(language, Signal.NONE, weight, weight);
  }

  /** The weight for a question with these signals, on the settings' weight grid. */
  public double weight(QuestionSignals question) {
    return FusionSettings.onGrid(atZero + (atOne - atZero) * signal.value(question));
  }

  public boolean matches(String questionLanguage) {
    return language.equals(ANY_LANGUAGE) || language.equals(questionLanguage);
  }
}
