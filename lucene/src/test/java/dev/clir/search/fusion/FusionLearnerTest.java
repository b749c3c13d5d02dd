package dev.clir.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionLearnerTest {
  /**
   * Two groups that want opposite weights: Latin questions whose answer only the vector leg ranks first, Thai
   * questions whose answer only the keyword leg ranks first. No fixed weight serves both; a rule per script does.
   */
  @Test
  void learnsAWeightPerScriptWhereNoFixedWeightServesBoth() {
    List<FusionLearner.Example> dev = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      dev.add(example("set/pt", "latin", "right" + i, "wrong" + i));
      dev.add(example("set/th", "thai", "wrong" + i, "right" + i));
    }
    var result = FusionLearner.learn(dev, FusionLearner.Options.defaults(), Map.of("model", "test"));

    FusionSettings s = result.settings();
    assertThat(s.rules()).hasSize(2);
    QuestionSignals latin = new QuestionSignals("latin", 3, 0, 0, 0, 0);
    QuestionSignals thai = new QuestionSignals("thai", 3, 0, 0, 0, 0);
    assertThat(s.auto(latin).vector()).isGreaterThan(s.auto(thai).vector());
    assertThat(s.learned()).containsEntry("model", "test");
    for (var g : result.groups()) {
      assertThat(g.auto()).as(g.group()).isEqualTo(1.0); // R@1: the right document first, every question
      assertThat(g.betterLeg()).as(g.group()).isEqualTo(1.0);
    }
    // one fixed weight cannot hold both groups at their better leg: the by-script variant is the only feasible one
    assertThat(result.variants()).filteredOn(v -> v.name().startsWith("one rule"))
        .allSatisfy(v -> assertThat(v.feasible()).isFalse());
    assertThat(result.choice()).startsWith("by script, fixed weight");
  }

  @Test
  void keepsTheSimplestVariantWhenNothingGains() {
    List<FusionLearner.Example> dev = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      dev.add(example("set/en", i % 2 == 0 ? "latin" : "thai", "right" + i, "right" + i));
    }
    var result = FusionLearner.learn(dev, FusionLearner.Options.defaults(), Map.of());
    assertThat(result.choice()).startsWith("one rule, fixed weight");
    assertThat(result.settings().rules()).hasSize(1);
    assertThat(result.settings().signal()).isEqualTo(Signal.NONE);
  }

  /** The vector leg ranks {@code vectorFirst} first, the keyword leg {@code keywordFirst}; "right..." is relevant. */
  private static FusionLearner.Example example(String group, String script, String vectorFirst, String keywordFirst) {
    String right = vectorFirst.startsWith("right") ? vectorFirst : keywordFirst;
    Ranking<String> vector = FusionFunctionTest.ranking(0, vectorFirst, 0.9, "x-" + right, 0.8);
    Ranking<String> keyword = FusionFunctionTest.ranking(0, keywordFirst, 12.0, "y-" + right, 3.0);
    return new FusionLearner.Example(group, Metric.RECALL_1, vector, keyword,
        new QuestionSignals(script, 3, 0.5, 0.5, 0.5, 0.5), Map.of(right, 1));
  }
}
