package dev.clir.search.fusion;

import java.util.Locale;

/**
 * How {@link ScoreFusion} brings one leg's scores to a common scale, computed over the leg's candidates (its top
 * {@code depth} items). An item a leg did not return counts as that leg's floor: 0 for the bounded
 * normalisations, the lowest candidate's value for z-scores. A leg whose candidates all score the same gives each
 * of them 1 (and absent items 0): it says "these, not the others", nothing more.
 */
public enum Normalization {
  /** {@code (s - min) / (max - min)} over the candidates (Elasticsearch's and OpenSearch's min-max). */
  MIN_MAX("min-max"),
  /**
   * {@code (s - lowerBound) / (max - lowerBound)}: the leg's theoretical minimum where it is known (the cosine leg;
   * BM25's 0), the observed one otherwise, and the observed maximum (Bruch et al.'s TM2C2), so a leg whose
   * candidates are all poor stays low instead of being stretched to [0, 1].
   */
  THEORETICAL_MIN_MAX("theoretical-min-max"),
  /** {@code (s - mean) / stddev} over the candidates (OpenSearch's z-score). */
  Z_SCORE("z-score"),
  /**
   * Distribution-based score fusion (Qdrant's DBSF): {@code (s - (mean - 3 sd)) / (6 sd)}, the sample standard
   * deviation, so that an outlier at the top keeps its distance instead of fixing the scale.
   */
  DISTRIBUTION("dbsf");

  private final String label;

  Normalization(String label) {
    this.label = label;
  }

  /** The name used in settings files and reports: {@code min-max}, {@code theoretical-min-max}, {@code z-score}, {@code dbsf}. */
  public String label() {
    return label;
  }

  /** By {@link #label()}, case-insensitively. */
  public static Normalization parse(String label) {
    String l = label.strip().toLowerCase(Locale.ROOT);
    for (Normalization n : values()) {
      if (n.label.equals(l)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown normalization '" + label
        + "' (use min-max, theoretical-min-max, z-score or dbsf)");
  }

  FusionFunction.LegScale scale(Ranking<?> leg) {
    int n = leg.size();
    if (n == 0) {
      return linear(0, 0, 0);
    }
    double max = leg.score(1);
    double min = leg.score(n);
    switch (this) {
      case MIN_MAX:
        return linear(min, max - min, 0);
      case THEORETICAL_MIN_MAX: {
        double low = Double.isNaN(leg.lowerBound()) ? min : Math.min(leg.lowerBound(), min);
        return linear(low, max - low, 0);
      }
      case Z_SCORE: {
        double[] ms = meanAndSd(leg, false);
        return ms[1] > 0 ? linear(ms[0], ms[1], (min - ms[0]) / ms[1]) : linear(min, 0, 0);
      }
      case DISTRIBUTION: {
        double[] ms = meanAndSd(leg, true);
        return ms[1] > 0 ? linear(ms[0] - 3 * ms[1], 6 * ms[1], 0) : linear(min, 0, 0);
      }
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code (s - offset) / spread}, or 1 for every candidate when the spread is 0. */
  private static FusionFunction.LegScale linear(double offset, double spread, double absent) {
    return new FusionFunction.LegScale() {
      @Override
      public double value(int rank, double score) {
        return spread > 0 ? (score - offset) / spread : 1;
      }

      @Override
      public double absent() {
        return absent;
      }
    };
  }

  /** {mean, standard deviation}: the sample deviation (n - 1) when asked, as DBSF does; 0 for one item. */
  private static double[] meanAndSd(Ranking<?> leg, boolean sample) {
    int n = leg.size();
    double sum = 0;
    for (int r = 1; r <= n; r++) {
      sum += leg.score(r);
    }
    double mean = sum / n;
    double sq = 0;
    for (int r = 1; r <= n; r++) {
      double d = leg.score(r) - mean;
      sq += d * d;
    }
    int dof = sample ? n - 1 : n;
    return new double[] {mean, dof > 0 ? Math.sqrt(sq / dof) : 0};
  }
}
