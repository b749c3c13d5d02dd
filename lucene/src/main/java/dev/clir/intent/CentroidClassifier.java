package dev.clir.intent;

import dev.clir.embed.VectorMath;

/**
 * Nearest centroid: each label is the L2-normalised mean of its examples' vectors; a message's scores are its
 * cosines to them, made confidences by a {@link Calibration} fitted with leave-one-out centroids. Training is a sum, adding examples only moves means, and
 * one odd example cannot capture a region of the space the way it can for a nearest-neighbour vote.
 */
final class CentroidClassifier implements IntentClassifier {
  private final float[][] centroids;
  private final Calibration calibration;

  private CentroidClassifier(float[][] centroids, Calibration calibration) {
    this.centroids = centroids;
    this.calibration = calibration;
  }

  /** Trains on {@code examples}, fitting the calibration. */
  static CentroidClassifier train(ExampleSet examples) {
    return train(examples, null);
  }

  /** Trains on {@code examples} with a known calibration (a saved model's), or fits one when {@code null}. */
  static CentroidClassifier train(ExampleSet examples, Calibration calibration) {
    double[][] sums = sums(examples);
    float[][] centroids = new float[sums.length][];
    for (int c = 0; c < sums.length; c++) {
      centroids[c] = unit(sums[c]);
    }
    return new CentroidClassifier(centroids, calibration != null ? calibration : fitCalibration(examples, sums, centroids));
  }

  @Override
  public Calibration calibration() {
    return calibration;
  }

  @Override
  public ClassifierKind kind() {
    return ClassifierKind.CENTROID;
  }

  @Override
  public double[] confidences(float[] unitVector) {
    return calibration.confidences(cosines(centroids, unitVector));
  }

  private static double[] cosines(float[][] centroids, float[] v) {
    double[] s = new double[centroids.length];
    for (int c = 0; c < centroids.length; c++) {
      s[c] = VectorMath.dot(centroids[c], v);
    }
    return s;
  }

  /** Each example scored against centroids that leave it out, then the calibration that fits them best. */
  private static Calibration fitCalibration(ExampleSet examples, double[][] sums, float[][] centroids) {
    int n = examples.size();
    double[][] scores = new double[n][];
    int[] gold = new int[n];
    for (int i = 0; i < n; i++) {
      gold[i] = examples.labelIndex(i);
      float[] v = examples.vector(i);
      scores[i] = cosines(centroids, v);
      double[] without = sums[gold[i]].clone();
      for (int d = 0; d < without.length; d++) {
        without[d] -= v[d];
      }
      scores[i][gold[i]] = VectorMath.dot(unit(without), v);
    }
    double[][] unknownLabel = new double[n][];
    for (int i = 0; i < n; i++) {
      unknownLabel[i] = Calibration.without(scores[i], gold[i]); // the other centroids never saw example i
    }
    return Calibration.fit(scores, gold, unknownLabel);
  }

  private static double[][] sums(ExampleSet examples) {
    double[][] sums = new double[examples.labels().size()][examples.dimension()];
    for (int i = 0; i < examples.size(); i++) {
      float[] v = examples.vector(i);
      double[] s = sums[examples.labelIndex(i)];
      for (int d = 0; d < v.length; d++) {
        s[d] += v[d];
      }
    }
    return sums;
  }

  private static float[] unit(double[] sum) {
    float[] f = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      f[d] = (float) sum[d];
    }
    VectorMath.normalizeInPlace(f);
    return f;
  }
}
