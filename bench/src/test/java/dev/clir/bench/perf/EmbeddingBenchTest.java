package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddingBenchTest {
  @Test
  void paddedTokensCountWhatEachBatchIsPaddedTo() {
    int[] counts = {10, 100, 12, 90};
    // naive batches of 2: [10, 100] -> 200, [12, 90] -> 180; sorted: [10, 12] -> 24, [90, 100] -> 200
    assertThat(EmbeddingBench.paddedTokens(counts, 2, false)).isEqualTo(380);
    assertThat(EmbeddingBench.paddedTokens(counts, 2, true)).isEqualTo(224);
    assertThat(EmbeddingBench.paddedTokens(counts, 1, false)).isEqualTo(212); // no padding at all
    assertThat(EmbeddingBench.paddedTokens(counts, 3, true)).isEqualTo(3 * 90 + 100);
    assertThat(counts).containsExactly(10, 100, 12, 90);
  }

  @Test
  void cellsHoldTheTokenBudgetInWholeBatches() {
    assertThat(EmbeddingBench.cellSize(8192, 128, 1)).isEqualTo(64);
    assertThat(EmbeddingBench.cellSize(8192, 384, 16)).isEqualTo(32); // 22 passages, rounded up to batches of 16
    assertThat(EmbeddingBench.cellSize(1024, 384, 64)).isEqualTo(64); // at least one batch
  }
}
