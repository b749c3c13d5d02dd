package dev.clir.intent;

/**
 * Turns a classifier's per-label scores into confidences: {@code softmax([s_1 .. s_L, s_oos] / T)}, where the last
 * entry is a virtual out-of-scope label with the constant score {@code s_oos}. Without it, a softmax only compares
 * labels with each other: a message about the weather, a little closer to "track_order" than to the rest, would get
 * 0.99 for it. With it, a message that scores low for every label gives its mass to out-of-scope.
 *
 * <p>Both numbers are fitted to the training examples, never guessed: the pair on a fixed grid that minimises the
 * mean negative log-likelihood of (a) each example's own label, scored without that example (leave-one-out or
 * cross-validated, so it is a fair stand-in for a new message), and (b) out-of-scope for each example scored
 * without its own label's column: a real message whose intent the model does not know, the hardest kind of
 * out-of-scope message. The two halves weigh the same. A grid suffices (the likelihood is smooth and flat near its
 * minimum) and needs no optimiser library: a coarse one over the whole range, then a fine one around its best point.
 *
 * @param temperature {@code T}: small makes confidences decisive, large makes them even
 * @param outOfScopeScore {@code s_oos}, on the scale of the classifier's scores
 */
record Calibration(double temperature, double outOfScopeScore) {
  /** Temperatures from 0.001 (sharper than cosines resolve) to 100 (flattens any decision values), ~1.58x apart. */
  static final double MIN_T = 0.001;
  static final double MAX_T = 100;
  static final int T_STEPS = 26;
  /** Out-of-scope scores: this many evenly spaced between the lowest and highest score seen. */
  static final int SCORE_STEPS = 21;
  /** The fine grid: this many steps each way across one coarse step on both sides of the coarse best. */
  static final int FINE_STEPS = 11;
  /** Floor for a probability in the likelihood, so that one confident mistake is not infinitely bad. */
  static final double FLOOR = 1e-6;

  Calibration {
    if (!(temperature > 0) || Double.isNaN(outOfScopeScore)) {
      throw new IllegalArgumentException("bad calibration: temperature " + temperature + ", out-of-scope score " + outOfScopeScore);
    }
  }

  /** The likelihood of held-out evidence under a candidate calibration. */
  @FunctionalInterface
  interface Objective {
    double meanNll(Calibration candidate);
  }

  /** The grid point with the smallest objective, out-of-scope scores between {@code lo} and {@code hi}. */
  static Calibration fit(double lo, double hi, Objective objective) {
    double tFactor = Math.pow(MAX_T / MIN_T, 1.0 / (T_STEPS - 1));
    double sStep = (hi - lo) / (SCORE_STEPS - 1);
    Calibration coarse = search(objective, MIN_T, MAX_T, T_STEPS, lo, hi, SCORE_STEPS);
    Calibration fine = search(objective, coarse.temperature / tFactor, coarse.temperature * tFactor, FINE_STEPS,
        coarse.outOfScopeScore - sStep, coarse.outOfScopeScore + sStep, FINE_STEPS);
    return objective.meanNll(fine) <= objective.meanNll(coarse) ? fine : coarse;
  }

  /** Log-spaced temperatures from {@code t0} to {@code t1}, evenly spaced scores from {@code s0} to {@code s1}. */
  private static Calibration search(Objective objective, double t0, double t1, int tSteps, double s0, double s1, int sSteps) {
    Calibration best = null;
    double bestNll = Double.POSITIVE_INFINITY;
    for (int i = 0; i < tSteps; i++) {
      double t = t0 * Math.pow(t1 / t0, i / (double) (tSteps - 1));
      for (int j = 0; j < sSteps; j++) {
        Calibration c = new Calibration(t, s0 + (s1 - s0) * j / (sSteps - 1));
        double nll = objective.meanNll(c);
        if (nll < bestNll) {
          bestNll = nll;
          best = c;
        }
      }
    }
    return best;
  }

  /**
   * Fits to held-out per-label scores: {@code inScope[i]} is example {@code i}'s score row from a model that did not
   * see it and {@code gold[i]} its label's column; {@code outOfScope[i]} is a score row from a model that did not
   * know example {@code i}'s label at all (one column fewer).
   */
  static Calibration fit(double[][] inScope, int[] gold, double[][] outOfScope) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : inScope) {
      for (double s : row) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
    }
    return fit(lo, hi, cal -> {
      double in = 0;
      for (int i = 0; i < inScope.length; i++) {
        in += cal.nll(inScope[i], gold[i]);
      }
      double out = 0;
      for (double[] row : outOfScope) {
        out += cal.nll(row, row.length);
      }
      return (in / inScope.length + out / outOfScope.length) / 2;
    });
  }

  /** {@code row} without column {@code column}. */
  static double[] without(double[] row, int column) {
    double[] out = new double[row.length - 1];
    for (int c = 0, k = 0; c < row.length; c++) {
      if (c != column) {
        out[k++] = row[c];
      }
    }
    return out;
  }

  /** One confidence per score, then out-of-scope's last; they sum to 1. */
  double[] confidences(double[] scores) {
    double max = outOfScopeScore;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double[] out = new double[scores.length + 1];
    double sum = 0;
    for (int i = 0; i <= scores.length; i++) {
      out[i] = Math.exp(((i < scores.length ? scores[i] : outOfScopeScore) - max) / temperature);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  /**
   * {@code -log} of the confidence of column {@code target} of {@code scores} ({@code scores.length}: out-of-scope),
   * floored at {@link #FLOOR}; the same as {@code -log(confidences(scores)[target])}, without allocating.
   */
  double nll(double[] scores, int target) {
    double max = outOfScopeScore;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double sum = Math.exp((outOfScopeScore - max) / temperature);
    for (double s : scores) {
      sum += Math.exp((s - max) / temperature);
    }
    double chosen = target == scores.length ? outOfScopeScore : scores[target];
    return Math.min(-Math.log(FLOOR), Math.log(sum) - (chosen - max) / temperature);
  }

  /** {@code -log p}, floored at {@link #FLOOR}. */
  static double nll(double probability) {
    return -Math.log(Math.max(FLOOR, probability));
  }
}
