package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation arithmetic, on cases small enough to check by hand. */
class ClassificationScoresTest {

  @Test
  void accuracyMacroF1AndConfusion() {
    ClassificationScores s = ClassificationScores.of(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "b"));
    assertThat(s.labels()).containsExactly("a", "b", "c");
    assertThat(s.confusion()).isDeepEqualTo(new int[][] {{1, 1, 0}, {0, 1, 0}, {0, 1, 0}});
    assertThat(s.accuracy()).isEqualTo(0.5);
    // F1: a = 2*1/(2+1) = 2/3, b = 2*1/(1+3) = 1/2, c = 0
    assertThat(s.macroF1()).isCloseTo((2.0 / 3 + 0.5) / 3, within(1e-12));
  }

  private static IntentPrediction said(String label, double confidence) {
    return new IntentPrediction(List.of(new ScoredIntent(label, confidence), new ScoredIntent("other", 1 - confidence)), 0, 0);
  }

  @Test
  void abstentionScoresAtAThreshold() {
    List<String> gold = List.of("a", "b", IntentModel.OUT_OF_SCOPE, IntentModel.OUT_OF_SCOPE);
    List<IntentPrediction> p = List.of(said("a", 0.9), said("a", 0.6), said("b", 0.5), said("a", 0.7));
    AbstentionScores s = AbstentionScores.of(gold, p, 0.65);
    assertThat(s.inScope()).isEqualTo(2);
    assertThat(s.outOfScope()).isEqualTo(2);
    assertThat(s.inScopeTop1()).isEqualTo(0.5);
    assertThat(s.inScopeAccuracy()).isEqualTo(0.5);
    assertThat(s.abstainPrecision()).isEqualTo(0.5); // abstained on b (wrongly) and on one oos
    assertThat(s.abstainRecall()).isEqualTo(0.5);
    assertThat(s.balancedAccuracy()).isEqualTo(0.5);
  }

  @Test
  void theChosenThresholdIsTheMiddleOfTheBestPlateau() {
    List<String> gold = List.of("a", "a", IntentModel.OUT_OF_SCOPE);
    List<IntentPrediction> p = List.of(said("a", 0.9), said("a", 0.8), said("a", 0.6));
    // thresholds in (0.60, 0.80] abstain on the oos message only: 0.61 .. 0.80, middle 0.705 -> 0.71
    assertThat(AbstentionScores.chooseThreshold(gold, p)).isEqualTo(0.71);
  }

  @Test
  void aTrainedOutOfScopeLabelAbstains() {
    IntentPrediction p = new IntentPrediction(List.of(new ScoredIntent(IntentModel.OUT_OF_SCOPE, 0.9), new ScoredIntent("a", 0.1)), 0, 0.5);
    assertThat(p.abstained()).isTrue();
    assertThat(p.intent()).isEmpty();
  }
}
