package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecallTest {
  @Test
  void recallIsTheShareOfTheTrueTopKFoundInTheReturnedTopK() {
    int[][] truth = {{1, 2, 3}, {4, 5, 6}};
    int[][] found = {{3, 1, 9}, {4, 5, 6, 7}};
    // query 0 finds 2 of 3 (order does not matter), query 1 all 3 (ids past k are ignored)
    assertThat(Recall.atK(truth, found, 3)).isEqualTo(5 / 6.0);
    assertThat(Recall.atK(truth, new int[][] {{}, {6}}, 3)).isEqualTo(1 / 6.0);
  }

  @Test
  void onlyTheFirstKOfEachListCount() {
    int[][] truth = {{1, 2, 3, 4}};
    int[][] found = {{1, 9, 2, 3}};
    assertThat(Recall.atK(truth, found, 2)).isEqualTo(0.5); // truth@2 = {1, 2}, found@2 = {1, 9}
    assertThatThrownBy(() -> Recall.atK(truth, found, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exactTopKRanksByDotProductBestFirst() {
    float[][] docs = {{1, 0}, {0, 1}, {0.6f, 0.8f}, {0.8f, 0.6f}, {-1, 0}};
    float[][] queries = {{1, 0}, {0, 1}};
    int[][] top = Recall.exactTopK(docs, queries, 3);
    assertThat(top[0]).containsExactly(0, 3, 2);
    assertThat(top[1]).containsExactly(1, 2, 3);
    assertThat(Recall.atK(top, top, 3)).isEqualTo(1.0);
  }
}
