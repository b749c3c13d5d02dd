package dev.clir.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * Reciprocal-rank fusion (Cormack et al., 2009): {@code score(d) = sum over rankings of 1 / (k + rank(d))}.
 * It needs only ranks, which is why it can fuse a cosine ranking with a BM25 ranking whose scores are on
 * unrelated scales; {@code k = 60} damps the head of each ranking as in the paper.
 */
public final class ReciprocalRankFusion {
  private ReciprocalRankFusion() {}

  /**
   * A fused item.
   *
   * @param key the item
   * @param score its RRF score
   * @param ranks its rank in each input ranking, from 1; 0 where absent
   */
  public record Fused<T>(T key, double score, int[] ranks) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Fused<?> f && key.equals(f.key) && score == f.score && Arrays.equals(ranks, f.ranks);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + Arrays.hashCode(ranks);
    }

    @Override
    public String toString() {
      return key + "=" + score + Arrays.toString(ranks);
    }
  }

  /**
   * Fuses rankings (each best first, without duplicates) into one, best first. Ties keep the order in which
   * items first appear, ranking by ranking, so the result is deterministic.
   */
  public static <T> List<Fused<T>> fuse(List<? extends List<T>> rankings, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    Map<T, int[]> ranks = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<T> ranking = rankings.get(r);
      for (int i = 0; i < ranking.size(); i++) {
        int[] itemRanks = ranks.computeIfAbsent(ranking.get(i), key -> new int[rankings.size()]);
        if (itemRanks[r] == 0) {
          itemRanks[r] = i + 1;
        }
      }
    }
    List<Fused<T>> fused = new ArrayList<>(ranks.size());
    ranks.forEach((key, itemRanks) -> {
      double score = 0;
      for (int rank : itemRanks) {
        if (rank > 0) {
          score += 1.0 / (k + rank);
        }
      }
      fused.add(new Fused<>(key, score, itemRanks));
    });
    fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
    return fused;
  }

  /**
   * Hybrid search on any Lucene index, as a library call: runs each query for its best {@code depth} documents and
   * fuses the rankings. For example a {@link CrossLingualQuery} (inside a {@code ToParentBlockJoinQuery} for passage
   * blocks) and the application's own BM25 query; {@code clir-query --mode hybrid} fuses the same two rankings.
   *
   * @param depth documents taken from each query's ranking
   * @param k the RRF constant ({@code 60} as in the paper and in clir-query)
   * @param n documents returned
   * @return the best {@code n} fused documents, best first, scored by RRF; the total counts every document ranked
   */
  public static TopDocs search(IndexSearcher searcher, List<Query> queries, int depth, int k, int n)
      throws IOException {
    List<List<Integer>> rankings = new ArrayList<>(queries.size());
    for (Query query : queries) {
      List<Integer> ranking = new ArrayList<>();
      for (ScoreDoc sd : searcher.search(query, depth).scoreDocs) {
        ranking.add(sd.doc);
      }
      rankings.add(ranking);
    }
    List<Fused<Integer>> fused = fuse(rankings, k);
    ScoreDoc[] top = fused.stream().limit(n).map(f -> new ScoreDoc(f.key(), (float) f.score())).toArray(ScoreDoc[]::new);
    return new TopDocs(new TotalHits(fused.size(), TotalHits.Relation.EQUAL_TO), top);
  }
}
