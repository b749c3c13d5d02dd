package dev.clir.bench.perf;

import java.util.Arrays;

/**
 * Latency percentiles of a sample, by linear interpolation between the closest ranks (the definition numpy and R
 * use by default): the p-th percentile of sorted values {@code x[0..n-1]} is {@code x[h] + (h - floor(h)) *
 * (x[floor(h) + 1] - x[floor(h)])} with {@code h = (n - 1) * p / 100}.
 */
public final class Percentiles {
  private Percentiles() {}

  /** A summary of one sample, in the sample's unit. */
  public record Summary(int count, double mean, double p50, double p95, double p99, double max) {}

  /** The {@code p}-th percentile, {@code 0 <= p <= 100}, of {@code values} (not modified). */
  public static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return percentileOfSorted(sorted, p);
  }

  static double percentileOfSorted(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
    }
    double h = (sorted.length - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  public static Summary summarize(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new Summary(sorted.length, sum / sorted.length, percentileOfSorted(sorted, 50), percentileOfSorted(sorted, 95),
        percentileOfSorted(sorted, 99), sorted[sorted.length - 1]);
  }
}
