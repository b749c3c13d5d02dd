package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.eval.Query;
import dev.clir.eval.Run;
import dev.clir.eval.ScoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryRunsTest {
  private static SearchHit hit(String id, float score) {
    return new SearchHit(id, score, score, 1, 0, Float.NaN, id, null, null, Map.of(), null);
  }

  private static SearchResults answer(Query q) {
    // q1: two documents whose scores tie, in clir's order a before b; q2: nothing found
    List<SearchHit> hits = q.id().equals("q1") ? List.of(hit("a", 0.5f), hit("b", 0.5f)) : List.of();
    return new SearchResults(hits, 0, 0, SearchMode.VECTOR, false, false, null);
  }

  private final List<Query> queries = List.of(new Query("q1", "one", "en"), new Query("q2", "two", "pt"));

  @Test
  void everyQuestionIsAskedInOrderAndKeptEvenWithoutHits() {
    List<String> seen = new ArrayList<>();
    Run run = QueryRuns.collect("t", queries, QueryRunsTest::answer, QueryRuns.Scores.AS_RETURNED,
        (q, r) -> seen.add(q.id() + ":" + r.hits().size()));
    assertThat(seen).containsExactly("q1:2", "q2:0");
    assertThat(run.tag()).isEqualTo("t");
    assertThat(run.queryIds()).containsExactlyInAnyOrder("q1", "q2");
    assertThat(run.ranking("q2")).isEmpty();
    assertThat(run.ranking("q1")).extracting(ScoredDoc::score).containsOnly(0.5);
  }

  @Test
  void rankScoresKeepClirsOrderWhereScoresTie() {
    assertThat(QueryRuns.collect("t", queries, QueryRunsTest::answer, QueryRuns.Scores.BY_RANK, null)
        .rankedDocIds("q1")).containsExactly("a", "b");
    // trec_eval breaks the tie by document id (descending) instead
    assertThat(QueryRuns.collect("t", queries, QueryRunsTest::answer, QueryRuns.Scores.AS_RETURNED, null)
        .rankedDocIds("q1")).containsExactly("b", "a");
  }
}
