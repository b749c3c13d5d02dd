package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchRequestTest {
  @Test
  void scaledCandidatesStayAtTheDefaultForSmallIndexesAndGrowWithLargeOnes() {
    assertThat(SearchRequest.scaledNumCandidates(10, 0)).isEqualTo(SearchRequest.DEFAULT_NUM_CANDIDATES);
    assertThat(SearchRequest.scaledNumCandidates(10, 200_000)).isEqualTo(100);
    assertThat(SearchRequest.scaledNumCandidates(10, 200_001)).isEqualTo(101);
    assertThat(SearchRequest.scaledNumCandidates(10, 1_000_000)).isEqualTo(500);
    assertThat(SearchRequest.scaledNumCandidates(10, 50_000_000)).isEqualTo(SearchRequest.MAX_SCALED_NUM_CANDIDATES);
    assertThat(SearchRequest.scaledNumCandidates(250, 10_000)).isEqualTo(250); // never fewer than k
    assertThat(SearchRequest.scaledNumCandidates(5_000, 50_000_000)).isEqualTo(5_000);
  }

  @Test
  void candidatesDefaultToMax100AndKAndMayNotBeFewerThanK() {
    assertThat(SearchRequest.builder("q").build().numCandidates()).isEqualTo(100);
    assertThat(SearchRequest.builder("q").k(300).build().numCandidates()).isEqualTo(300);
    assertThatThrownBy(() -> SearchRequest.builder("q").k(20).numCandidates(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numCandidates (10) must be >= k (20)");
  }
}
