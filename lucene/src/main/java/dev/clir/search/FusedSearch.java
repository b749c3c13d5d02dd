package dev.clir.search;

import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.Fused;
import dev.clir.search.fusion.Ranking;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * Hybrid search on any Lucene index, as a library call: an application's vector query (e.g. a
 * {@link CrossLingualQuery}, inside a {@code ToParentBlockJoinQuery} for passage blocks) and its own BM25 query, fused
 * by {@link FusionSettings} as {@code clir-query --mode hybrid} fuses its two rankings.
 */
public final class FusedSearch {
  private FusedSearch() {}

  /**
   * Runs each query for the settings' depth of documents and fuses them with the settings' function and hybrid
   * weight.
   *
   * @return the best {@code n} fused documents, best first, with their fused scores; the total counts every
   *     document either leg ranked
   */
  public static TopDocs search(IndexSearcher searcher, Query vectorQuery, Query keywordQuery, FusionSettings settings,
      int n) throws IOException {
    Ranking<Integer> vector = HybridFusion.leg(searcher.search(vectorQuery, settings.depth()).scoreDocs);
    Ranking<Integer> keyword = HybridFusion.leg(searcher.search(keywordQuery, settings.depth()).scoreDocs);
    List<Fused<Integer>> fused = HybridFusion.fuse(settings, vector, keyword, settings.hybrid());
    ScoreDoc[] top = fused.stream().limit(n).map(f -> new ScoreDoc(f.key(), (float) f.score())).toArray(ScoreDoc[]::new);
    return new TopDocs(new TotalHits(fused.size(), TotalHits.Relation.EQUAL_TO), top);
  }
}
