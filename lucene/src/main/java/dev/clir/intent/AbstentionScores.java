package dev.clir.intent;

import java.util.List;

/**
 * How well a model abstains on a set that mixes in-scope messages with out-of-scope ones (gold label
 * {@link IntentModel#OUT_OF_SCOPE}).
 *
 * @param threshold the threshold the predictions were judged with
 * @param inScope in-scope messages
 * @param outOfScope out-of-scope messages
 * @param inScopeAccuracy in-scope messages given their gold intent (an abstention counts as wrong)
 * @param inScopeTop1 in-scope messages whose best label is the gold intent, abstention ignored: the ceiling
 * @param abstainPrecision of the abstentions, the share on out-of-scope messages (1 when it never abstains)
 * @param abstainRecall of the out-of-scope messages, the share it abstained on
 * @param balancedAccuracy mean of {@code inScopeAccuracy} and {@code abstainRecall}: what thresholds are chosen by
 */
public record AbstentionScores(double threshold, int inScope, int outOfScope, double inScopeAccuracy, double inScopeTop1,
    double abstainPrecision, double abstainRecall, double balancedAccuracy) {

  public static AbstentionScores of(List<String> gold, List<IntentPrediction> predictions, double threshold) {
    if (gold.size() != predictions.size()) {
      throw new IllegalArgumentException(gold.size() + " gold labels but " + predictions.size() + " predictions");
    }
    int in = 0;
    int out = 0;
    int inCorrect = 0;
    int inTop1 = 0;
    int abstained = 0;
    int abstainedOnOut = 0;
    for (int i = 0; i < gold.size(); i++) {
      IntentPrediction p = predictions.get(i).withThreshold(threshold);
      boolean oos = gold.get(i).equals(IntentModel.OUT_OF_SCOPE);
      if (p.abstained()) {
        abstained++;
        abstainedOnOut += oos ? 1 : 0;
      }
      if (oos) {
        out++;
      } else {
        in++;
        inCorrect += p.decision().equals(gold.get(i)) ? 1 : 0;
        inTop1 += p.best().label().equals(gold.get(i)) ? 1 : 0;
      }
    }
    double inAcc = ratio(inCorrect, in, 0);
    double recall = ratio(abstainedOnOut, out, 0);
    return new AbstentionScores(threshold, in, out, inAcc, ratio(inTop1, in, 0), ratio(abstainedOnOut, abstained, 1), recall,
        (inAcc + recall) / 2);
  }

  /**
   * The threshold with the best balanced accuracy on {@code gold} (which must hold both kinds of message), from
   * a grid of steps of 0.01; of a plateau of equally good thresholds, the middle one, so that it is not on the
   * edge where one more message flips.
   */
  public static double chooseThreshold(List<String> gold, List<IntentPrediction> predictions) {
    double best = -1;
    int first = 0;
    int last = 0;
    for (int step = 0; step <= 100; step++) {
      double b = of(gold, predictions, step / 100.0).balancedAccuracy();
      if (b > best + 1e-12) {
        best = b;
        first = last = step;
      } else if (Math.abs(b - best) <= 1e-12 && last == step - 1) {
        last = step;
      }
    }
    return Math.round((first + last) / 2.0) / 100.0;
  }

  private static double ratio(int n, int d, double whenEmpty) {
    return d == 0 ? whenEmpty : n / (double) d;
  }
}
