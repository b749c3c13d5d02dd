package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliBenchTest {
  @Test
  void readsTheFieldsThatExplainPrints() {
    String out = """
        1. kb-a001  Reset your password  0.912
          model                  intfloat/e5-small-v2 (engine/target/test-model)
          JVM start to main ms   212
          model load ms          480
          index open ms          35
          embed ms               9.4
          search ms              3.1
        """;
    assertThat(CliBench.explainField(out, "JVM start to main ms")).isEqualTo(212);
    assertThat(CliBench.explainField(out, "embed ms")).isEqualTo(9.4);
    assertThat(CliBench.explainField(out, "search ms")).isEqualTo(3.1);
    assertThat(CliBench.explainField(out, "missing ms")).isNaN();
  }
}
