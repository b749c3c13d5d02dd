package dev.clir.intent;

/**
 * The classifiers an intent model can use. All work on the same unit query vectors, and all turn their scores into
 * confidences with a fitted {@link Calibration} that leaves room for "none of these".
 */
public enum ClassifierKind {
  /** Cosine to each label's mean vector. */
  CENTROID("centroid", 0.04),
  /** Similarity-weighted vote of the k most similar examples, found in a Lucene HNSW index of the examples. */
  KNN("knn", 0.09),
  /** One-vs-rest L2-regularised logistic regression on the vectors (LIBLINEAR). */
  LOGISTIC("logistic", 0.55);

  private final String id;
  private final double defaultThreshold;

  ClassifierKind(String id, double defaultThreshold) {
    this.id = id;
    this.defaultThreshold = defaultThreshold;
  }

  /**
   * The abstention threshold used unless one is given. Each classifier's confidences have their own scale, so
   * each has its own: chosen with {@link AbstentionScores#chooseThreshold} on {@code testdata/intents/dev.en.tsv}
   * (28 in-scope, 12 out-of-scope English messages) with the English test model, intfloat/e5-small-v2. Choose
   * again on a dev set of your own for another model or intent set.
   */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** The name used in files and on command lines. */
  public String id() {
    return id;
  }

  public static ClassifierKind of(String id) {
    for (ClassifierKind k : values()) {
      if (k.id.equalsIgnoreCase(id) || k.name().equalsIgnoreCase(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown classifier '" + id + "'; use centroid, knn or logistic");
  }
}
