package dev.clir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
  @Test
  void sumsReciprocalRanks() {
    var fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "d")), 60);
    assertThat(fused).extracting(ReciprocalRankFusion.Fused::key).containsExactly("c", "a", "b", "d");
    var c = fused.get(0);
    assertThat(c.score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
    assertThat(c.ranks()).containsExactly(3, 1);
    assertThat(fused.get(3).ranks()).containsExactly(0, 2);
  }

  @Test
  void smallKFavoursTheHeadsLargeKFavoursConsensus() {
    // a: first in one ranking only; b: fourth in both
    List<List<String>> rankings = List.of(List.of("a", "x", "y", "b"), List.of("z", "w", "v", "b"));
    assertThat(ReciprocalRankFusion.fuse(rankings, 1).get(0).key()).isEqualTo("a"); // 1/2 > 2/5
    assertThat(ReciprocalRankFusion.fuse(rankings, 60).get(0).key()).isEqualTo("b"); // 2/64 > 1/61
  }

  @Test
  void tiesKeepFirstSeenOrder() {
    var fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b"), List.of("b", "a")), 60);
    assertThat(fused).extracting(ReciprocalRankFusion.Fused::key).containsExactly("a", "b");
  }

  @Test
  void emptyRankingsFuseToNothing() {
    assertThat(ReciprocalRankFusion.fuse(List.of(List.<String>of(), List.<String>of()), 60)).isEmpty();
  }
}
