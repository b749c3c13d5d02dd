package dev.clir.intent;

import java.util.List;
import java.util.Optional;

/**
 * What the model makes of one message: every label ranked by confidence, the confidence that it is none of them,
 * and whether it abstains. It abstains when the best label's confidence is below the model's threshold (so an
 * out-of-scope message is not forced into an intent), or when the best label is {@link IntentModel#OUT_OF_SCOPE}
 * (a team may train that label on purpose).
 *
 * @param ranked all labels, most confident first
 * @param outOfScope the confidence that the message is none of the labels; with {@code ranked} it sums to 1
 * @param threshold the confidence below which the model abstains; 0 never abstains
 */
public record IntentPrediction(List<ScoredIntent> ranked, double outOfScope, double threshold) {

  public IntentPrediction {
    ranked = List.copyOf(ranked);
    if (ranked.isEmpty()) {
      throw new IllegalArgumentException("a prediction ranks at least one label");
    }
  }

  /** The same prediction judged with another threshold. */
  public IntentPrediction withThreshold(double other) {
    return new IntentPrediction(ranked, outOfScope, other);
  }

  /** The most confident label, whether or not the model abstains. */
  public ScoredIntent best() {
    return ranked.get(0);
  }

  /** The {@code n} most confident labels. */
  public List<ScoredIntent> top(int n) {
    return ranked.subList(0, Math.min(n, ranked.size()));
  }

  public boolean abstained() {
    return best().confidence() < threshold || best().label().equals(IntentModel.OUT_OF_SCOPE);
  }

  /** The intent, or empty when the model abstains. */
  public Optional<String> intent() {
    return abstained() ? Optional.empty() : Optional.of(best().label());
  }

  /** The intent, or {@link IntentModel#OUT_OF_SCOPE} when the model abstains: what evaluations compare with gold labels. */
  public String decision() {
    return intent().orElse(IntentModel.OUT_OF_SCOPE);
  }
}
