package dev.clir.bench.perf;

import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/** Ground truth by brute force, and recall@k of an approximate search against it. */
public final class Recall {
  private Recall() {}

  /**
   * recall@k: the share of the exact top {@code k} that the approximate top {@code k} found, averaged over queries.
   * Each {@code found[q]} may hold more or fewer than {@code k} ids; only its first {@code k} count.
   */
  public static double atK(int[][] truth, int[][] found, int k) {
    if (truth.length != found.length) {
      throw new IllegalArgumentException(truth.length + " truth rows but " + found.length + " result rows");
    }
    long hits = 0;
    for (int q = 0; q < truth.length; q++) {
      int[] expected = truth[q];
      if (expected.length < k) {
        throw new IllegalArgumentException("query " + q + " has only " + expected.length + " true neighbours, k=" + k);
      }
      for (int i = 0; i < Math.min(k, found[q].length); i++) {
        for (int j = 0; j < k; j++) {
          if (found[q][i] == expected[j]) {
            hits++;
            break;
          }
        }
      }
    }
    return hits / (double) (truth.length * (long) k);
  }

  /** The ids of the {@code k} vectors with the largest dot product with each query, best first (parallel). */
  public static int[][] exactTopK(float[][] docs, float[][] queries, int k) {
    return IntStream.range(0, queries.length).parallel().mapToObj(q -> topK(docs, queries[q], k)).toArray(int[][]::new);
  }

  static int[] topK(float[][] docs, float[] query, int k) {
    // min-heap on score (ties: larger id first out), so the root is the worst of the best k
    PriorityQueue<Scored> heap = new PriorityQueue<>(k + 1,
        (a, b) -> a.score != b.score ? Float.compare(a.score, b.score) : Integer.compare(b.id, a.id));
    for (int i = 0; i < docs.length; i++) {
      float s = VectorUtil.dotProduct(query, docs[i]);
      if (heap.size() < k) {
        heap.add(new Scored(s, i));
      } else if (s > heap.peek().score) {
        heap.poll();
        heap.add(new Scored(s, i));
      }
    }
    int[] out = new int[heap.size()];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = heap.poll().id;
    }
    return out;
  }

  private record Scored(float score, int id) {}
}
