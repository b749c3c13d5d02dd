package dev.clir.intent;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * L2-regularised logistic regression on the query vectors, one-vs-rest, trained by LIBLINEAR's trust-region
 * Newton solver ({@link SolverType#L2R_LR}, primal, deterministic). A message's scores are the labels' decision
 * values {@code w_c . v + b_c}, made confidences by a {@link Calibration} fitted on decision values of examples held
 * out by 5-fold cross-validation (a regression scores its own training examples too well to calibrate on them),
 * and of each label's examples scored by a regression trained without that label (one more training per label:
 * a regression that saw a label as negatives scores it too low to stand for an unknown intent).
 * LIBLINEAR's own multi-class probabilities (sigmoids normalised to sum to 1) rank the same, but with a dozen
 * examples per label they put clear matches at 0.3, and they know no "none of these".
 *
 * <p>Why LIBLINEAR ({@code de.bwaldvogel:liblinear}): an 80 KB pure-Java port of the C library, no dependencies,
 * BSD, with a solver that is exact to a tolerance and needs no learning rate. Apache Commons Math 3 would need a
 * hand-written softmax objective and gradient around its optimisers, is 2.2 MB and unreleased since 2016; Smile
 * is large and pulls native BLAS. A true multinomial (softmax) model is not in LIBLINEAR; one-vs-rest is its
 * standard multi-class answer. Only training runs LIBLINEAR: the weights are kept and scored here, so a saved
 * model needs no LIBLINEAR file format.
 */
final class LogisticClassifier implements IntentClassifier {
  /** LIBLINEAR's stopping tolerance for L2R_LR (its command line's default). */
  static final double EPSILON = 0.01;
  /** Cross-validation folds for the calibration; a label's examples are dealt to the folds in turn. */
  static final int FOLDS = 5;

  static {
    Linear.disableDebugOutput(); // LIBLINEAR prints solver progress to stdout otherwise
  }

  private final Weights weights;
  private final Calibration calibration;

  LogisticClassifier(double[][] weights, double[] biases, Calibration calibration) {
    if (weights.length != biases.length || weights.length < 2) {
      throw new IllegalArgumentException("need one weight row and one bias per label (at least 2): " + weights.length + " rows, " + biases.length + " biases");
    }
    this.weights = new Weights(weights, biases);
    this.calibration = calibration;
  }

  /** Trains on {@code examples} with inverse regularisation strength {@code c} (LIBLINEAR's {@code -c}). */
  static LogisticClassifier train(ExampleSet examples, double c) {
    Weights w = fit(examples, c);
    return new LogisticClassifier(w.weights(), w.biases(), fitCalibration(examples, c));
  }

  /** A regression's weight row and bias per label. */
  private record Weights(double[][] weights, double[] biases) {
    double[] decisionValues(float[] v) {
      double[] z = new double[weights.length];
      for (int c = 0; c < weights.length; c++) {
        z[c] = biases[c];
        for (int d = 0; d < v.length; d++) {
          z[c] += weights[c][d] * v[d];
        }
      }
      return z;
    }
  }

  private static Weights fit(ExampleSet examples, double c) {
    if (!(c > 0)) {
      throw new IllegalArgumentException("regularisation C must be > 0: " + c);
    }
    int n = examples.size();
    int dim = examples.dimension();
    Problem problem = new Problem();
    problem.l = n;
    problem.n = dim + 1; // + the bias feature
    problem.bias = 1;
    problem.x = new Feature[n][];
    problem.y = new double[n];
    for (int i = 0; i < n; i++) {
      problem.x[i] = features(examples.vector(i));
      problem.y[i] = examples.labelIndex(i);
    }
    Parameter parameter = new Parameter(SolverType.L2R_LR, c, EPSILON);
    parameter.setRandom(new Random(0));
    Model model = Linear.train(problem, parameter);
    int labels = examples.labels().size();
    double[][] weights = new double[labels][dim];
    double[] biases = new double[labels];
    int[] modelLabels = model.getLabels();
    for (int j = 0; j < modelLabels.length; j++) {
      int label = modelLabels[j];
      for (int d = 0; d < dim; d++) {
        weights[label][d] = model.getDecfunCoef(d + 1, j);
      }
      biases[label] = model.getDecfunBias(j);
    }
    return new Weights(weights, biases);
  }

  /**
   * Decision values of every example from a regression trained without its fold and from one trained without its
   * label, then the calibration that fits them best. Each label's examples are dealt to the folds in turn, so with
   * at least two examples per label every training fold still has every label.
   */
  private static Calibration fitCalibration(ExampleSet examples, double c) {
    int n = examples.size();
    int[] fold = new int[n];
    int[] dealt = new int[examples.labels().size()];
    for (int i = 0; i < n; i++) {
      fold[i] = dealt[examples.labelIndex(i)]++ % FOLDS;
    }
    double[][] held = new double[n][];
    for (int f = 0; f < FOLDS; f++) {
      List<Integer> in = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (fold[i] != f) {
          in.add(i);
        }
      }
      if (in.size() == n) {
        continue; // fewer examples per label than folds: this fold is empty
      }
      Weights part = fit(examples.subset(in), c);
      for (int i = 0; i < n; i++) {
        if (fold[i] == f) {
          held[i] = part.decisionValues(examples.vector(i));
        }
      }
    }
    int[] gold = new int[n];
    for (int i = 0; i < n; i++) {
      gold[i] = examples.labelIndex(i);
    }
    double[][] unknownLabel = new double[n][];
    for (int label = 0; label < examples.labels().size(); label++) {
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (gold[i] != label) {
          others.add(i);
        }
      }
      Weights without = examples.labels().size() > 2 ? fit(examples.subset(others), c) : null;
      for (int i = 0; i < n; i++) {
        if (gold[i] == label) {
          // with two labels, the model without this one knows one label only: its score is that label's held-out score
          unknownLabel[i] = without != null ? without.decisionValues(examples.vector(i)) : Calibration.without(held[i], label);
        }
      }
    }
    return Calibration.fit(held, gold, unknownLabel);
  }

  /** LIBLINEAR's sparse row, 1-based, with the bias feature last. */
  static Feature[] features(float[] v) {
    Feature[] f = new Feature[v.length + 1];
    for (int d = 0; d < v.length; d++) {
      f[d] = new FeatureNode(d + 1, v[d]);
    }
    f[v.length] = new FeatureNode(v.length + 1, 1.0);
    return f;
  }

  double[][] weights() {
    return weights.weights();
  }

  double[] biases() {
    return weights.biases();
  }

  @Override
  public Calibration calibration() {
    return calibration;
  }

  @Override
  public ClassifierKind kind() {
    return ClassifierKind.LOGISTIC;
  }

  /** {@code w_c . v + b_c} per label. */
  double[] decisionValues(float[] v) {
    return weights.decisionValues(v);
  }

  @Override
  public double[] confidences(float[] unitVector) {
    return calibration.confidences(decisionValues(unitVector));
  }
}
