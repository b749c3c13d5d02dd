package dev.clir.bench.perf;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic unit vectors for the HNSW and latency benchmarks, where embedding real text at scale would take
 * hours on a 2-core machine.
 *
 * <p>{@link #clustered}: a shape like sentence embeddings rather than uniform noise. Vector {@code i} is
 * {@code normalize(common * m + cluster * c[k] + structure * (B z) + noise * g / sqrt(dim))}: {@code m} a direction
 * every vector shares (embedding models are anisotropic: unrelated texts still score cosines around 0.7),
 * {@code c[k]} the centroid of one of {@code clusters} topics, {@code B} a fixed random {@code rank}-dimensional basis
 * (low intrinsic dimension) with standard normal {@code z}, and isotropic noise {@code g}. Vector {@code i} depends
 * only on the seed and {@code i}, so any prefix of a large set is the smaller set, and queries drawn with other
 * indexes come from the same distribution.
 *
 * <p>{@link #perturb}: a near copy of a real vector, for indexes built from a few thousand really embedded passages.
 */
public final class SyntheticVectors {
  /** Weights of the clustered generator's parts. */
  public record Shape(int clusters, int rank, double common, double cluster, double structure, double noise) {
    /** Calibrated so that random pairs have cosine ~0.7 and near neighbours ~0.9, as e5-small-v2 passages do. */
    public static final Shape E5_LIKE = new Shape(1000, 32, 1.0, 0.45, 0.35, 0.35);
    /** Uniform on the sphere: no structure, all distances alike (the hardest case for HNSW and quantization). */
    public static final Shape UNIFORM = new Shape(1, 0, 0, 0, 0, 1.0);
    /** Near a random 32-dimensional subspace, with 10% isotropic noise. */
    public static final Shape LOW_RANK = new Shape(1, 32, 0, 0, 1.0, 0.1);
  }

  private final int dim;
  private final long seed;
  private final Shape shape;
  private final float[] common;
  private final float[][] centroids;
  private final float[][] basis;

  public SyntheticVectors(int dim, long seed, Shape shape) {
    if (dim < 2) {
      throw new IllegalArgumentException("dim must be >= 2: " + dim);
    }
    this.dim = dim;
    this.seed = seed;
    this.shape = shape;
    SplittableRandom r = new SplittableRandom(seed);
    this.common = unitGaussian(r, dim);
    this.centroids = new float[shape.clusters()][];
    for (int k = 0; k < centroids.length; k++) {
      centroids[k] = unitGaussian(r, dim);
    }
    this.basis = new float[shape.rank()][];
    for (int j = 0; j < basis.length; j++) {
      basis[j] = unitGaussian(r, dim);
    }
  }

  public int dim() {
    return dim;
  }

  public Shape shape() {
    return shape;
  }

  /** Vector number {@code i} of the clustered distribution. */
  public float[] clustered(long i) {
    SplittableRandom r = new SplittableRandom(mix(seed, i));
    int k = r.nextInt(centroids.length);
    float[] c = centroids[k];
    double[] v = new double[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = shape.common() * common[d] + shape.cluster() * c[d];
    }
    double structureScale = shape.structure() / Math.sqrt(Math.max(1, basis.length));
    for (float[] b : basis) {
      double z = r.nextGaussian() * structureScale;
      for (int d = 0; d < dim; d++) {
        v[d] += z * b[d];
      }
    }
    double noiseScale = shape.noise() / Math.sqrt(dim);
    for (int d = 0; d < dim; d++) {
      v[d] += r.nextGaussian() * noiseScale;
    }
    return normalize(v);
  }

  /** Vectors {@code from .. from+count-1} of the clustered distribution, computed in parallel. */
  public float[][] clustered(long from, int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> clustered(from + i)).toArray(float[][]::new);
  }

  /**
   * {@code normalize(base + epsilon * g / sqrt(dim))} with {@code g} standard normal from {@code seed}: a unit vector
   * whose cosine to a unit {@code base} is about {@code 1 / sqrt(1 + epsilon^2)}.
   */
  public static float[] perturb(float[] base, double epsilon, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double scale = epsilon / Math.sqrt(base.length);
    double[] v = new double[base.length];
    for (int d = 0; d < v.length; d++) {
      v[d] = base[d] + r.nextGaussian() * scale;
    }
    return normalize(v);
  }

  static float[] normalize(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    double inv = 1 / Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int d = 0; d < v.length; d++) {
      out[d] = (float) (v[d] * inv);
    }
    return out;
  }

  private static float[] unitGaussian(SplittableRandom r, int dim) {
    double[] v = new double[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = r.nextGaussian();
    }
    return normalize(v);
  }

  /** A seed for item {@code i} that differs well from its neighbours' (SplitMix64 finaliser). */
  static long mix(long seed, long i) {
    long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
