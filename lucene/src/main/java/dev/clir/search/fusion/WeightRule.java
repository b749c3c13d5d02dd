package dev.clir.search.fusion;

import java.util.Objects;

/**
 * The vector leg's weight for questions in one script, as a straight line in the settings' {@link Signal}: {@code
 * atZero} where the signal is 0, {@code atOne} where it is 1 (equal when the signal is {@code none}). The keyword
 * leg gets {@code 1 - weight}.
 *
 * @param script a script name as {@link QuestionSignals#scriptOf} gives it, or {@link #ANY_SCRIPT}
 */
public record WeightRule(String script, double atZero, double atOne) {
  public static final String ANY_SCRIPT = "*";

  public WeightRule {
    Objects.requireNonNull(script, "script");
    FusionSettings.checkWeight(atZero);
    FusionSettings.checkWeight(atOne);
  }

  /** The weight at {@code signal} in [0, 1], on the settings' weight grid. */
  public double weight(double signal) {
    return FusionSettings.onGrid(atZero + (atOne - atZero) * signal);
  }

  public boolean matches(String questionScript) {
    return script.equals(ANY_SCRIPT) || script.equals(questionScript);
  }
}
