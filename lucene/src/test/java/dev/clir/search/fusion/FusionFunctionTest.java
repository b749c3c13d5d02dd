package dev.clir.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each fusion function against rankings computed by hand. The two legs: vector a 0.9, b 0.8, c 0.7 (lower bound 0)
 * and keyword c 10, d 5 (lower bound 0).
 */
class FusionFunctionTest {
  private static final Ranking<String> VECTOR = ranking(0, "a", 0.9, "b", 0.8, "c", 0.7);
  private static final Ranking<String> KEYWORD = ranking(0, "c", 10.0, "d", 5.0);
  private static final List<Ranking<String>> LEGS = List.of(VECTOR, KEYWORD);

  @Test
  void reciprocalRankFusionWithEqualWeights() {
    var fused = new ReciprocalRankFusion(60).fuse(LEGS, 0.5, 0.5);
    // a 0.5/61, b 0.5/62, c 0.5/63 + 0.5/61, d 0.5/62: b and d tie, b was seen first
    assertThat(keys(fused)).containsExactly("c", "a", "b", "d");
    assertThat(fused.get(0).score()).isCloseTo(0.5 / 63 + 0.5 / 61, within(1e-12));
    assertThat(fused.get(0).ranks()).containsExactly(3, 1);
    assertThat(fused.get(0).legScores()).containsExactly(0.7, 10.0);
    assertThat(fused.get(3).ranks()).containsExactly(0, 2);
    assertThat(fused.get(3).legScore(0)).isNaN();
  }

  @Test
  void reciprocalRankFusionWeightedWithSmallK() {
    var fused = new ReciprocalRankFusion(1).fuse(LEGS, 0.8, 0.2);
    // a 0.8/2 = 0.4, b 0.8/3 = 0.267, c 0.8/4 + 0.2/2 = 0.3, d 0.2/3 = 0.067
    assertThat(keys(fused)).containsExactly("a", "c", "b", "d");
    assertThat(fused.get(1).score()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void minMaxConvexCombination() {
    // vector: a 1, b 0.5, c 0; keyword: c 1, d 0; absent 0
    var equal = new ScoreFusion(Normalization.MIN_MAX).fuse(LEGS, 0.5, 0.5);
    assertThat(keys(equal)).containsExactly("c", "a", "b", "d"); // a and c tie at 0.5: c has the better ranks
    assertThat(scores(equal)).containsExactly(new double[] {0.5, 0.5, 0.25, 0}, within(1e-12));
    var keywordHeavy = new ScoreFusion(Normalization.MIN_MAX).fuse(LEGS, 0.4, 0.6);
    assertThat(keys(keywordHeavy)).containsExactly("c", "a", "b", "d"); // c 0.6, a 0.4, b 0.2, d 0
  }

  @Test
  void theoreticalMinMaxUsesEachLegsLowerBound() {
    // vector: s / 0.9 -> a 1, b 0.889, c 0.778; keyword: s / 10 -> c 1, d 0.5
    var fused = new ScoreFusion(Normalization.THEORETICAL_MIN_MAX).fuse(LEGS, 0.5, 0.5);
    assertThat(keys(fused)).containsExactly("c", "a", "b", "d");
    assertThat(scores(fused)).containsExactly(new double[] {0.5 * 0.7 / 0.9 + 0.5, 0.5, 0.5 * 0.8 / 0.9, 0.25},
        within(1e-12));
  }

  @Test
  void theoreticalMinMaxFallsBackToTheObservedMinimum() {
    Ranking<String> unbounded = ranking(Double.NaN, "c", 10.0, "d", 5.0);
    var fused = new ScoreFusion(Normalization.THEORETICAL_MIN_MAX).fuse(List.of(unbounded), 1.0);
    assertThat(scores(fused)).containsExactly(new double[] {1, 0}, within(1e-12));
  }

  @Test
  void zScoreCombination() {
    // vector: mean 0.8, population sd sqrt(0.02 / 3): a +1.2247, b 0, c -1.2247; keyword: mean 7.5, sd 2.5: c +1, d -1
    // absent = the leg's lowest z: vector -1.2247, keyword -1
    double z = 0.1 / Math.sqrt(0.02 / 3);
    var fused = new ScoreFusion(Normalization.Z_SCORE).fuse(LEGS, 0.5, 0.5);
    assertThat(keys(fused)).containsExactly("a", "c", "b", "d");
    assertThat(scores(fused)).containsExactly(new double[] {0.5 * z - 0.5, -0.5 * z + 0.5, -0.5, -0.5 * z - 0.5},
        within(1e-12));
  }

  @Test
  void distributionBasedScoreFusion() {
    // vector: mean 0.8, sample sd 0.1, range [0.5, 1.1]: a 0.667, b 0.5, c 0.333
    // keyword: mean 7.5, sample sd 3.536, range [-3.107, 18.107]: c 0.618, d 0.382; absent 0; weights 1, 1 (Qdrant)
    double sd = Math.sqrt(12.5);
    double c = (10 - (7.5 - 3 * sd)) / (6 * sd);
    double d = (5 - (7.5 - 3 * sd)) / (6 * sd);
    var fused = new ScoreFusion(Normalization.DISTRIBUTION).fuse(LEGS, 1, 1);
    assertThat(keys(fused)).containsExactly("c", "a", "b", "d");
    assertThat(scores(fused)).containsExactly(new double[] {1.0 / 3 + c, 2.0 / 3, 0.5, d}, within(1e-9));
  }

  @Test
  void aLegAloneGivesBackItsRankingThenTheOthers() {
    for (FusionFunction f : functions()) {
      assertThat(keys(f.fuse(LEGS, 1, 0))).as(f.describe()).containsExactly("a", "b", "c", "d");
      assertThat(keys(f.fuse(LEGS, 0, 1))).as(f.describe()).containsExactly("c", "d", "a", "b");
    }
  }

  @Test
  void candidateDepthCutsEachLeg() {
    var fused = new ReciprocalRankFusion(60).fuse(List.of(VECTOR.top(2), KEYWORD.top(1)), 0.5, 0.5);
    assertThat(keys(fused)).containsExactly("a", "c", "b"); // c only through the keyword leg: ties a, seen later
  }

  @Test
  void degenerateLegsAreHarmless() {
    Ranking<String> one = ranking(0, "x", 3.0);
    Ranking<String> empty = ranking(0);
    for (FusionFunction f : functions()) {
      var fused = f.fuse(List.of(one, empty), 0.5, 0.5);
      assertThat(keys(fused)).as(f.describe()).containsExactly("x");
      assertThat(fused.get(0).score()).as(f.describe()).isFinite();
      assertThat(f.fuse(List.of(empty, empty), 0.5, 0.5)).isEmpty();
    }
  }

  @Test
  void badInputIsRefused() {
    FusionFunction f = new ReciprocalRankFusion(60);
    assertThatThrownBy(() -> f.fuse(LEGS, 0.5)).hasMessageContaining("2 legs but 1 weights");
    assertThatThrownBy(() -> f.fuse(LEGS, -0.1, 1)).hasMessageContaining("finite and >= 0");
    assertThatThrownBy(() -> f.fuse(List.of(ranking(0, "a", 2.0, "a", 1.0)), 1)).hasMessageContaining("holds a twice");
    assertThatThrownBy(() -> ranking(0, "a", 1.0, "b", 2.0)).hasMessageContaining("not best first");
    assertThatThrownBy(() -> new ReciprocalRankFusion(0)).hasMessageContaining("k must be >= 1");
  }

  static List<FusionFunction> functions() {
    List<FusionFunction> fs = new ArrayList<>(List.of(new ReciprocalRankFusion(60), new ReciprocalRankFusion(1)));
    for (Normalization n : Normalization.values()) {
      fs.add(new ScoreFusion(n));
    }
    return fs;
  }

  /** key, score, key, score, ... best first. */
  static Ranking<String> ranking(double lowerBound, Object... keysAndScores) {
    List<Scored<String>> items = new ArrayList<>();
    for (int i = 0; i < keysAndScores.length; i += 2) {
      items.add(new Scored<>((String) keysAndScores[i], (Double) keysAndScores[i + 1]));
    }
    return new Ranking<>(items, lowerBound);
  }

  private static List<String> keys(List<Fused<String>> fused) {
    return fused.stream().map(Fused::key).toList();
  }

  private static double[] scores(List<Fused<String>> fused) {
    return fused.stream().mapToDouble(Fused::score).toArray();
  }
}
