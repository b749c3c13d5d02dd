package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void interpolatesBetweenClosestRanksLikeNumpy() {
    double[] v = {15, 20, 35, 40, 50};
    // numpy.percentile([15, 20, 35, 40, 50], [0, 25, 40, 50, 95, 100]) = 15, 20, 29, 35, 48, 50
    assertThat(Percentiles.percentile(v, 0)).isEqualTo(15);
    assertThat(Percentiles.percentile(v, 25)).isEqualTo(20);
    assertThat(Percentiles.percentile(v, 40)).isCloseTo(29, within(1e-9));
    assertThat(Percentiles.percentile(v, 50)).isEqualTo(35);
    assertThat(Percentiles.percentile(v, 95)).isCloseTo(48, within(1e-9));
    assertThat(Percentiles.percentile(v, 100)).isEqualTo(50);
  }

  @Test
  void orderOfTheSampleDoesNotMatterAndTheInputIsLeftAlone() {
    double[] v = {50, 15, 40, 20, 35};
    assertThat(Percentiles.percentile(v, 50)).isEqualTo(35);
    assertThat(v).containsExactly(50, 15, 40, 20, 35);
  }

  @Test
  void summaryOfOneHundredValues() {
    double[] v = new double[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = 100 - i; // 100 .. 1
    }
    Percentiles.Summary s = Percentiles.summarize(v);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.mean()).isCloseTo(50.5, within(1e-9));
    assertThat(s.p50()).isCloseTo(50.5, within(1e-9));
    assertThat(s.p95()).isCloseTo(95.05, within(1e-9));
    assertThat(s.p99()).isCloseTo(99.01, within(1e-9));
    assertThat(s.max()).isEqualTo(100);
  }

  @Test
  void oneValueIsEveryPercentileAndNoValuesIsAnError() {
    assertThat(Percentiles.percentile(new double[] {7}, 99)).isEqualTo(7);
    assertThatThrownBy(() -> Percentiles.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.percentile(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
  }
}
