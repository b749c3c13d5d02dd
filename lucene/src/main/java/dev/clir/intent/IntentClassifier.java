package dev.clir.intent;

/**
 * Scores a unit query vector against the labels of the examples it was trained on. Thread-safe once built.
 * Only the k-NN classifier holds resources (its Lucene index); the others close as a no-op.
 */
sealed interface IntentClassifier extends AutoCloseable permits CentroidClassifier, KnnClassifier, LogisticClassifier {

  ClassifierKind kind();

  /**
   * One confidence per label, indexed as the training set's {@link ExampleSet#labels()}, then one more for "none of
   * them" (out of scope); all sum to 1.
   */
  double[] confidences(float[] unitVector);

  /** How scores became confidences: fitted at training, saved with the model. */
  Calibration calibration();

  @Override
  default void close() {}
}
