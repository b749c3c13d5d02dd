package dev.clir.embed;

import dev.clir.model.Pooling;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** Pools a {@code [rows, cols, dim]} block of token vectors into one vector per row, under the attention mask. */
final class Pool {
  private Pool() {}

  static float[][] apply(Pooling pooling, FloatBuffer tokens, long[] mask, int rows, int cols, int dim) {
    float[][] out = new float[rows][dim];
    for (int r = 0; r < rows; r++) {
      switch (pooling) {
        case CLS -> tokens.get((r * cols) * dim, out[r]);
        case MEAN -> mean(tokens, mask, r, cols, dim, out[r]);
        case MAX -> max(tokens, mask, r, cols, dim, out[r]);
        case NONE -> throw new IllegalArgumentException("token vectors need a pooling mode, not NONE");
      }
    }
    return out;
  }

  private static void mean(FloatBuffer tokens, long[] mask, int r, int cols, int dim, float[] into) {
    // Sums in double: 512 tokens of float additions lose digits that tests of batch invariance would see.
    double[] sum = new double[dim];
    int count = 0;
    for (int t = 0; t < cols; t++) {
      if (mask[r * cols + t] == 0) {
        continue;
      }
      count++;
      int base = (r * cols + t) * dim;
      for (int d = 0; d < dim; d++) {
        sum[d] += tokens.get(base + d);
      }
    }
    for (int d = 0; d < dim; d++) {
      into[d] = count == 0 ? 0f : (float) (sum[d] / count);
    }
  }

  private static void max(FloatBuffer tokens, long[] mask, int r, int cols, int dim, float[] into) {
    Arrays.fill(into, Float.NEGATIVE_INFINITY);
    boolean any = false;
    for (int t = 0; t < cols; t++) {
      if (mask[r * cols + t] == 0) {
        continue;
      }
      any = true;
      int base = (r * cols + t) * dim;
      for (int d = 0; d < dim; d++) {
        into[d] = Math.max(into[d], tokens.get(base + d));
      }
    }
    if (!any) {
      Arrays.fill(into, 0f);
    }
  }
}
