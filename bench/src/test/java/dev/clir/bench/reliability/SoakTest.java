package dev.clir.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.testing.TestModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seconds-long version of the load soak on the test model: callers and a committing writer share one searcher;
 * no errors and every answer well-formed. (Latency and memory drift are figures of the bench command, not
 * asserted here.)
 */
class SoakTest {
  @TempDir Path tmp;

  @Test
  void questionsDuringCommitsAllGetWellFormedAnswers() throws Exception {
    Soak.Result r = new Soak(TestModel.embedder(), tmp.resolve("idx")).run(1, 6, 2, 1, 20, 3);

    assertThat(r.firstProblem()).isNull();
    assertThat(r.errors()).isZero();
    assertThat(r.malformed()).isZero();
    assertThat(r.questions()).isPositive();
    assertThat(r.commits()).isPositive();
    assertThat(r.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.rssBytes()).isPositive());
  }
}
