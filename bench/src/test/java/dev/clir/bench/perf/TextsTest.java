package dev.clir.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.corpus.SourceDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {
  private static final List<SourceDocument> DOCS = List.of(
      SourceDocument.of("a", "Reset", "First para of a.\n\nSecond para of a.\n\n" + "x".repeat(50)),
      SourceDocument.of("b", "Battery", "Only para of b."));

  @Test
  void paragraphsAreBlankLineSeparated() {
    assertThat(Texts.paragraphs(DOCS)).containsExactly("First para of a.", "Second para of a.", "x".repeat(50), "Only para of b.");
  }

  @Test
  void recombinedDocumentsAreDeterministicAndDrawnFromShortEnoughParagraphs() {
    List<SourceDocument> one = Texts.recombined(DOCS, 20, 2, 3, 20, 5);
    assertThat(one).hasSize(20).isEqualTo(Texts.recombined(DOCS, 20, 2, 3, 20, 5));
    assertThat(one).extracting(SourceDocument::id).doesNotHaveDuplicates().startsWith("gen-000000");
    for (SourceDocument d : one) {
      List<String> parts = List.of(d.text().split("\n\n"));
      assertThat(parts).hasSizeBetween(2, 3).allMatch(p -> p.length() <= 20)
          .allMatch(List.of("First para of a.", "Second para of a.", "Only para of b.")::contains);
      assertThat(d.title()).isIn("Reset", "Battery");
    }
    assertThat(Texts.recombined(DOCS, 20, 2, 3, 20, 6)).isNotEqualTo(one);
  }

  @Test
  void shuffleIsAPermutationFixedBySeed() {
    List<Integer> in = List.of(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(Texts.shuffled(in, 3)).containsExactlyInAnyOrderElementsOf(in).isEqualTo(Texts.shuffled(in, 3));
  }
}
