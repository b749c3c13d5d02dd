package dev.clir.search;

import dev.clir.eval.Query;
import dev.clir.eval.Run;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Asks every question of a query set and collects the answers into a {@link Run}: what {@code clir-query --queries},
 * {@code clir-query eval} and the bench's quality report each do, so that an evaluated run is the one users get.
 */
public final class QueryRuns {
  /** Which score a run records for each hit. */
  public enum Scores {
    /** The score the search returned (cosine, or the fused score). */
    AS_RETURNED,
    /**
     * A score that falls with the rank ({@code hits - rank}), so that trec_eval's order (score, then document id)
     * keeps clir's order even where scores tie.
     */
    BY_RANK
  }

  private QueryRuns() {}

  /**
   * @param ask answers one question (usually {@code q -> searcher.search(request(q))})
   * @param afterEach sees each question with its answer, in order (progress, JSON lines); may be {@code null}
   */
  public static Run collect(String tag, List<Query> queries, Function<Query, SearchResults> ask, Scores scores,
      BiConsumer<Query, SearchResults> afterEach) {
    Run.Builder run = Run.builder(tag);
    for (Query q : queries) {
      SearchResults results = ask.apply(q);
      run.query(q.id());
      List<SearchHit> hits = results.hits();
      for (int r = 0; r < hits.size(); r++) {
        run.add(q.id(), hits.get(r).id(), scores == Scores.BY_RANK ? hits.size() - r : hits.get(r).score());
      }
      if (afterEach != null) {
        afterEach.accept(q, results);
      }
    }
    return run.build();
  }
}
