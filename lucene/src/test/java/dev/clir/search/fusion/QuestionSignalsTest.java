package dev.clir.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuestionSignalsTest {
  @Test
  void marginOfTheTopHit() {
    assertThat(QuestionSignals.margin(FusionFunctionTest.ranking(0, "a", 0.9, "b", 0.8, "c", 0.7)))
        .isCloseTo(0.5, within(1e-12));
    assertThat(QuestionSignals.margin(FusionFunctionTest.ranking(0, "a", 0.9))).isZero();
    assertThat(QuestionSignals.margin(FusionFunctionTest.ranking(0, "a", 0.5, "b", 0.5))).isZero();
  }

  @Test
  void breadthGrowsWithTheLogOfTheMatches() {
    assertThat(QuestionSignals.breadth(0, 100)).isZero();
    assertThat(QuestionSignals.breadth(100, 100)).isEqualTo(1.0);
    assertThat(QuestionSignals.breadth(10, 100)).isCloseTo(Math.log(11) / Math.log(101), within(1e-12));
    assertThat(QuestionSignals.breadth(500, 100)).isEqualTo(1.0);
  }

  @Test
  void sharesMustBeShares() {
    assertThatThrownBy(() -> new QuestionSignals("pt", 1, 1.5, 0, 0, 0, 0)).hasMessageContaining("termShare");
    assertThatThrownBy(() -> new QuestionSignals("pt", 1, 1, 0, 0, 0, -0.1)).hasMessageContaining("keywordMargin");
  }

  @Test
  void eachSignalReadsItsOwnFieldAndParsesByItsLabel() {
    QuestionSignals s = new QuestionSignals("pt", 4, 0.1, 0.2, 0.3, 0.4, 0.5);
    assertThat(Signal.TERM_SHARE.value(s)).isEqualTo(0.1);
    assertThat(Signal.IDF_SHARE.value(s)).isEqualTo(0.2);
    assertThat(Signal.KEYWORD_BREADTH.value(s)).isEqualTo(0.3);
    assertThat(Signal.VECTOR_MARGIN.value(s)).isEqualTo(0.4);
    assertThat(Signal.KEYWORD_MARGIN.value(s)).isEqualTo(0.5);
    assertThat(Signal.NONE.value(s)).isZero();
    for (Signal signal : Signal.values()) {
      assertThat(Signal.parse(" " + signal.label().toUpperCase(java.util.Locale.ROOT))).isEqualTo(signal);
    }
    assertThatThrownBy(() -> Signal.parse("loudness")).hasMessageContaining("keyword-margin");
  }
}
