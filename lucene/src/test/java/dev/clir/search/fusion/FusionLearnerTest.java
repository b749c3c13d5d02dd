package dev.clir.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusionLearnerTest {
  /**
   * Two groups that want opposite weights: Latin questions whose answer only the vector leg ranks first, Thai
   * questions whose answer only the keyword leg ranks first. No fixed weight serves both; a rule per language does.
   */
  @Test
  void learnsAWeightPerLanguageWhereNoFixedWeightServesBoth() {
    List<FusionLearner.Example> dev = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      dev.add(example("set/pt", "pt", "right" + i, "wrong" + i));
      dev.add(example("set/th", "th", "wrong" + i, "right" + i));
    }
    var result = FusionLearner.learn(dev, FusionLearner.Options.defaults(), Set.of("pt", "th"), KeywordLeg.PLAIN,
        Map.of("model", "test"));

    FusionSettings s = result.settings();
    assertThat(s.rules()).extracting(WeightRule::language).containsExactly("pt", "th", "*");
    assertThat(s.languages()).containsExactly("pt", "th");
    QuestionSignals pt = new QuestionSignals("pt", 3, 0, 0, 0, 0, 0);
    QuestionSignals th = new QuestionSignals("th", 3, 0, 0, 0, 0, 0);
    assertThat(s.auto(pt).vector()).isGreaterThan(s.auto(th).vector());
    // the fallback for other and undetermined languages is hybrid mode's fixed weight
    assertThat(s.rule("sw")).isEqualTo(WeightRule.fixed("*", s.hybridWeight()));
    assertThat(s.learned()).containsEntry("model", "test");
    for (var g : result.groups()) {
      assertThat(g.auto()).as(g.group()).isEqualTo(1.0); // R@1: the right document first, every question
      assertThat(g.betterLeg()).as(g.group()).isEqualTo(1.0);
    }
    // one fixed weight cannot hold both groups at their better leg: the by-language variant is the only feasible one
    assertThat(result.variants()).filteredOn(v -> v.name().startsWith("one rule"))
        .allSatisfy(v -> assertThat(v.feasible()).isFalse());
    assertThat(result.choice()).startsWith("by language");
    // no per-question signal gains anything here: every rule keeps a fixed weight
    assertThat(s.rules()).allSatisfy(r -> assertThat(r.signal()).isEqualTo(Signal.NONE));
  }

  @Test
  void keepsTheSimplestVariantWhenNothingGains() {
    List<FusionLearner.Example> dev = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      dev.add(example("set/en", i % 2 == 0 ? "en" : "pt", "right" + i, "right" + i));
    }
    var result = FusionLearner.learn(dev, FusionLearner.Options.defaults(), Set.of("en", "pt"), KeywordLeg.PLAIN, Map.of());
    assertThat(result.choice()).startsWith("one rule, fixed weight");
    assertThat(result.settings().rules()).hasSize(1);
    assertThat(result.settings().rules().get(0).signal()).isEqualTo(Signal.NONE);
    // one rule needs no language: none is identified, so no language model is loaded at query time
    assertThat(result.settings().languages()).isEmpty();
  }

  /** A BM25 leg other than the first is kept only where it does not lose on dev; the choice gives every leg's figure. */
  @Test
  void keepsTheFirstKeywordLegUnlessAnotherGains() {
    List<FusionLearner.Example> plain = new ArrayList<>();
    List<FusionLearner.Example> better = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      plain.add(example("set/pt", "pt", "wrong" + i, "wrong-too" + i, "right" + i));
      better.add(example("set/pt", "pt", "wrong" + i, "right" + i));
    }
    var stopWords = new KeywordLeg(true, 0);
    var prefixes = new KeywordLeg(true, 5);
    var gains = FusionLearner.learnKeywordLeg(legs(KeywordLeg.PLAIN, plain, stopWords, plain, prefixes, better),
        FusionLearner.Options.defaults(), Set.of("pt"), Map.of());
    assertThat(gains.settings().questionStopWords()).isTrue();
    assertThat(gains.settings().cognatePrefix()).isEqualTo(5);
    assertThat(gains.settings().languages()).containsExactly("pt");
    assertThat(gains.choice()).contains("BM25 leg without the question language's stop words, matching the first 5 letters")
        .contains("dev mean by leg: ");
    var loses = FusionLearner.learnKeywordLeg(legs(KeywordLeg.PLAIN, better, prefixes, plain),
        FusionLearner.Options.defaults(), Set.of("pt"), Map.of());
    assertThat(loses.settings().questionStopWords()).isFalse();
    assertThat(loses.settings().cognatePrefix()).isZero();
    assertThat(loses.choice()).contains("BM25 leg with the question language's stop words, whole words");
    // an equal leg does not replace the simpler one
    var ties = FusionLearner.learnKeywordLeg(legs(KeywordLeg.PLAIN, plain, prefixes, plain),
        FusionLearner.Options.defaults(), Set.of("pt"), Map.of());
    assertThat(ties.settings().cognatePrefix()).isZero();
  }

  /** Legs and their examples, in the order given. */
  @SuppressWarnings("unchecked")
  private static java.util.LinkedHashMap<KeywordLeg, List<FusionLearner.Example>> legs(Object... legAndExamples) {
    var byLeg = new java.util.LinkedHashMap<KeywordLeg, List<FusionLearner.Example>>();
    for (int i = 0; i < legAndExamples.length; i += 2) {
      byLeg.put((KeywordLeg) legAndExamples[i], (List<FusionLearner.Example>) legAndExamples[i + 1]);
    }
    return byLeg;
  }

  /** The vector leg ranks {@code vectorFirst} first, the keyword leg {@code keywordFirst}; "right..." is relevant. */
  private static FusionLearner.Example example(String group, String language, String vectorFirst, String keywordFirst) {
    return example(group, language, vectorFirst, keywordFirst, vectorFirst.startsWith("right") ? vectorFirst
        : keywordFirst);
  }

  private static FusionLearner.Example example(String group, String language, String vectorFirst, String keywordFirst,
      String right) {
    Ranking<String> vector = FusionFunctionTest.ranking(0, vectorFirst, 0.9, "x-" + right, 0.8);
    Ranking<String> keyword = FusionFunctionTest.ranking(0, keywordFirst, 12.0, "y-" + right, 3.0);
    return new FusionLearner.Example(group, Metric.RECALL_1, vector, keyword,
        new QuestionSignals(language, 3, 0.5, 0.5, 0.5, 0.5, 0), Map.of(right, 1));
  }
}
