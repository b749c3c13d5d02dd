package dev.clir.embed;

/** The little vector arithmetic embedding needs; no Lucene here (the Solr module runs on another Lucene). */
public final class VectorMath {
  private VectorMath() {}

  /** Scales {@code v} to unit length; a zero vector stays zero. */
  public static void normalizeInPlace(float[] v) {
    double sq = 0;
    for (float x : v) {
      sq += (double) x * x;
    }
    if (sq == 0) {
      return;
    }
    float inv = (float) (1.0 / Math.sqrt(sq));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  public static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  public static double cosine(float[] a, float[] b) {
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
  }
}
