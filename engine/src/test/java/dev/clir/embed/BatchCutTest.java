package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches end at the text count or at the padded-token budget, whichever comes first. */
class BatchCutTest {
  private static List<Integer> sizes(int[] lengths, int batchSize, int batchTokens) {
    List<Integer> out = new ArrayList<>();
    for (int from = 0, to; from < lengths.length; from = to) {
      to = OnnxEmbedder.batchEnd(lengths, from, batchSize, batchTokens);
      out.add(to - from);
    }
    return out;
  }

  @Test
  void shortTextsFillTheCountLongOnesTheBudget() {
    int[] lengths = new int[40];
    for (int i = 0; i < 40; i++) {
      lengths[i] = i < 32 ? 20 : 510; // sorted by length, as embed() sorts them
    }
    assertThat(sizes(lengths, 32, 4096)).containsExactly(32, 8);
    assertThat(sizes(new int[] {510, 510, 510, 510, 510, 510, 510, 510, 510, 510}, 32, 4096)).containsExactly(8, 2);
  }

  @Test
  void aTextLongerThanTheBudgetStillGoesAlone() {
    assertThat(sizes(new int[] {5000, 5000}, 32, 4096)).containsExactly(1, 1);
    assertThat(sizes(new int[] {10, 100, 1000}, 32, 1000)).containsExactly(2, 1);
  }
}
