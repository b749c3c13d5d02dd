package dev.clir.embed;

import java.util.Objects;

/**
 * The vectors for a list of texts, in input order, with what the tokenizer did to each text.
 *
 * @param vectors one vector per input text, L2-normalised when the model calls for it
 * @param tokenCounts tokens fed to the model for each text, special tokens and prefix included
 * @param truncated whether a text was cut at the model's maximum sequence length
 */
public record Embeddings(float[][] vectors, int[] tokenCounts, boolean[] truncated) {
  public Embeddings {
    Objects.requireNonNull(vectors, "vectors");
    Objects.requireNonNull(tokenCounts, "tokenCounts");
    Objects.requireNonNull(truncated, "truncated");
    if (vectors.length != tokenCounts.length || vectors.length != truncated.length) {
      throw new IllegalArgumentException("vectors, tokenCounts and truncated must have one entry per text");
    }
  }

  public int size() {
    return vectors.length;
  }

  public float[] vector(int i) {
    return vectors[i];
  }

  /** Total tokens over all texts, for throughput figures. */
  public long totalTokens() {
    long sum = 0;
    for (int n : tokenCounts) {
      sum += n;
    }
    return sum;
  }

  public int truncatedCount() {
    int n = 0;
    for (boolean t : truncated) {
      if (t) {
        n++;
      }
    }
    return n;
  }
}
