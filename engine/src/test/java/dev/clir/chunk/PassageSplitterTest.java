package dev.clir.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.FakeTokenizer.Mode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PassageSplitterTest {

  /** Sentences of exactly 6 word tokens plus the full stop: 7 tokens each. */
  private static String sentences(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "Sentence number " + i + " has some words.")
        .collect(Collectors.joining(" "));
  }

  private static PassageSplitter splitter(int budget, Mode mode, ChunkingConfig config) {
    return new PassageSplitter(new FakeTokenizer(budget, mode), config);
  }

  @Test
  void shortTextIsOnePassageWithTitleCarried() {
    PassageSplitter s = splitter(50, Mode.WORDS, ChunkingConfig.DEFAULTS);
    String text = "Reset the router. Then wait.";
    List<Passage> ps = s.split("Router help", text);
    assertThat(ps).hasSize(1);
    Passage p = ps.get(0);
    assertThat(p.start()).isZero();
    assertThat(p.end()).isEqualTo(text.length());
    assertThat(p.text()).isEqualTo(text);
    assertThat(p.embeddingText()).isEqualTo("Router help\n" + text);
    assertThat(p.tokenCount()).isEqualTo(2 + 7);
  }

  @Test
  void windowsFitAndCoverTheWholeText() {
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(30).overlapTokens(5).build();
    PassageSplitter s = splitter(100, Mode.WORDS, config);
    String text = sentences(40);
    List<Passage> ps = s.split("Title words", text);
    assertThat(ps.size()).isGreaterThan(8);
    FakeTokenizer tok = new FakeTokenizer(100, Mode.WORDS);
    for (int i = 0; i < ps.size(); i++) {
      Passage p = ps.get(i);
      assertThat(p.ordinal()).isEqualTo(i);
      assertThat(text.substring(p.start(), p.end())).isEqualTo(p.text());
      assertThat(p.tokenCount()).isLessThanOrEqualTo(30).isEqualTo(tok.tokenize(p.embeddingText()).size());
      assertThat(p.embeddingText()).startsWith("Title words\n");
    }
    assertThat(ps.get(0).start()).isZero();
    assertThat(ps.get(ps.size() - 1).end()).isEqualTo(text.length());
    for (int i = 1; i < ps.size(); i++) {
      // no gap: the next passage starts at or before the previous one's end
      assertThat(ps.get(i).start()).isLessThanOrEqualTo(ps.get(i - 1).end() + 1);
      assertThat(ps.get(i).start()).isGreaterThan(ps.get(i - 1).start());
    }
  }

  @Test
  void cutsAtSentenceBoundaries() {
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(30).overlapTokens(0).includeTitle(false).build();
    String text = sentences(20);
    List<Passage> ps = splitter(100, Mode.WORDS, config).split("", text);
    // 7-token sentences in a 30-token window: 4 whole sentences (28 tokens) per passage.
    assertThat(ps).hasSize(5);
    for (Passage p : ps) {
      assertThat(p.text()).startsWith("Sentence number").endsWith("words.");
      assertThat(p.tokenCount()).isEqualTo(28);
    }
    // without overlap, passages are consecutive and disjoint
    for (int i = 1; i < ps.size(); i++) {
      assertThat(text.substring(ps.get(i - 1).end(), ps.get(i).start())).isBlank();
    }
  }

  @Test
  void overlapRepeatsWholeSentencesWhenTheyFit() {
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(30).overlapTokens(8).includeTitle(false).build();
    String text = sentences(20);
    List<Passage> ps = splitter(100, Mode.WORDS, config).split("", text);
    for (int i = 1; i < ps.size(); i++) {
      Passage prev = ps.get(i - 1);
      Passage p = ps.get(i);
      assertThat(p.start()).isLessThan(prev.end());
      String repeated = text.substring(p.start(), prev.end());
      // one whole sentence (7 tokens <= 8) is repeated
      assertThat(repeated).startsWith("Sentence number").endsWith("words.");
      assertThat(new FakeTokenizer(100, Mode.WORDS).tokenize(repeated).size()).isLessThanOrEqualTo(8);
      assertThat(p.text()).startsWith("Sentence number");
    }
  }

  @Test
  void overlapFallsBackToTokensWithoutSentences() {
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(10).overlapTokens(3).includeTitle(false).build();
    String text = IntStream.range(0, 50).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    List<Passage> ps = splitter(100, Mode.WORDS, config).split("", text);
    FakeTokenizer tok = new FakeTokenizer(100, Mode.WORDS);
    for (int i = 1; i < ps.size(); i++) {
      String repeated = text.substring(ps.get(i).start(), ps.get(i - 1).end());
      assertThat(tok.tokenize(repeated).size()).isEqualTo(3);
    }
    assertThat(ps.get(0).text()).isEqualTo("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9");
    assertThat(ps.get(1).text()).startsWith("w7 w8 w9 w10");
  }

  @Test
  void thaiWithoutSpacesIsCutAtTokensAndNeverInsideACodePoint() {
    // Thai has no spaces between words and here no sentence punctuation; the emoji and the mathematical letter
    // are outside the BMP (surrogate pairs). The tokenizer cuts every UTF-16 unit, i.e. inside pairs.
    String unit = "ภาษาไทยไม่มีช่องว่างระหว่างคำ😀𝕏";
    String text = unit.repeat(12);
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(17).overlapTokens(4).includeTitle(false).build();
    List<Passage> ps = splitter(100, Mode.UTF16_CHARS, config).split("", text, java.util.Locale.forLanguageTag("th"));
    assertThat(ps.size()).isGreaterThan(10);
    for (Passage p : ps) {
      assertThat(isCodePointBoundary(text, p.start())).as("start %d", p.start()).isTrue();
      assertThat(isCodePointBoundary(text, p.end())).as("end %d", p.end()).isTrue();
      assertThat(p.text()).isEqualTo(text.substring(p.start(), p.end()));
      assertThat(p.text().codePoints().noneMatch(cp -> Character.isSurrogate((char) cp) && cp < 0x10000)).isTrue();
      // a window may grow by one unit to keep a pair whole
      assertThat(p.text().length()).isLessThanOrEqualTo(18);
    }
    assertThat(ps.get(0).start()).isZero();
    assertThat(ps.get(ps.size() - 1).end()).isEqualTo(text.length());
  }

  @Test
  void thaiCutsNeverSeparateAMarkFromItsConsonant() {
    // The fake tokenizer makes Thai vowel and tone marks (non-spacing marks) tokens of their own, as sub-word
    // tokenizers may; cuts must still keep each grapheme cluster (consonant + marks) whole.
    String text = "สวัสดีครับ ขอบคุณมาก ".repeat(30);
    ChunkingConfig config = ChunkingConfig.builder().maxTokens(7).overlapTokens(2).build();
    List<Passage> ps = splitter(100, Mode.WORDS, config).split("หัวข้อ", text);
    assertThat(ps.size()).isGreaterThan(10);
    for (Passage p : ps) {
      String carried = p.embeddingText().substring(0, p.embeddingText().indexOf('\n'));
      assertThat("หัวข้อ").startsWith(carried);
      assertThat(carried).isEqualTo("หัวข้"); // cut to half the window, but not between ข and its tone mark
      assertThat(p.text()).doesNotStartWith(" ").doesNotEndWith(" ");
      assertThat(Character.getType(p.text().charAt(0))).isNotEqualTo((int) Character.NON_SPACING_MARK);
      if (p.end() < text.length()) {
        assertThat(Character.getType(text.charAt(p.end()))).isNotEqualTo((int) Character.NON_SPACING_MARK);
      }
    }
  }

  @Test
  void titleIsOptionalAndLongTitlesAreCut() {
    ChunkingConfig noTitle = ChunkingConfig.builder().maxTokens(20).overlapTokens(0).includeTitle(false).build();
    String text = sentences(10);
    for (Passage p : splitter(100, Mode.WORDS, noTitle).split("A title", text)) {
      assertThat(p.embeddingText()).isEqualTo(p.text());
    }
    String longTitle = IntStream.range(0, 40).mapToObj(i -> "t" + i).collect(Collectors.joining(" "));
    ChunkingConfig withTitle = ChunkingConfig.builder().maxTokens(20).overlapTokens(0).build();
    List<Passage> ps = splitter(100, Mode.WORDS, withTitle).split(longTitle, text);
    for (Passage p : ps) {
      assertThat(p.embeddingText()).startsWith("t0 t1 t2 t3 t4 t5 t6 t7 t8 t9\n");
      assertThat(p.tokenCount()).isLessThanOrEqualTo(20);
      assertThat(p.text()).isNotEmpty();
    }
  }

  @Test
  void emptyTextGivesATitleOnlyPassageOrNone() {
    PassageSplitter s = splitter(50, Mode.WORDS, ChunkingConfig.DEFAULTS);
    List<Passage> ps = s.split("Only a title", "  ");
    assertThat(ps).singleElement().satisfies(p -> {
      assertThat(p.text()).isEmpty();
      assertThat(p.embeddingText()).isEqualTo("Only a title");
    });
    assertThat(s.split("", "")).isEmpty();
    assertThat(splitter(50, Mode.WORDS, ChunkingConfig.builder().includeTitle(false).build()).split("T", ""))
        .isEmpty();
  }

  @Test
  void maxTokensDefaultsToTheModelBudgetAndCannotExceedIt() {
    assertThat(splitter(77, Mode.WORDS, ChunkingConfig.DEFAULTS).maxTokens()).isEqualTo(77);
    assertThat(splitter(77, Mode.WORDS, ChunkingConfig.builder().maxTokens(50).build()).maxTokens()).isEqualTo(50);
    assertThatThrownBy(() -> splitter(77, Mode.WORDS, ChunkingConfig.builder().maxTokens(100).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the model's passage budget of 77");
    assertThatThrownBy(() -> splitter(20, Mode.WORDS, ChunkingConfig.builder().overlapTokens(20).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smaller than the passage size");
    assertThatThrownBy(() -> ChunkingConfig.builder().maxTokens(10).overlapTokens(10).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configIsAValueWithABuilder() {
    ChunkingConfig c = ChunkingConfig.builder().maxTokens(64).overlapTokens(16).includeTitle(false).build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(ChunkingConfig.builder().build()).isEqualTo(ChunkingConfig.DEFAULTS);
    assertThat(c.effectiveMaxTokens(128)).isEqualTo(64);
    assertThat(ChunkingConfig.DEFAULTS.effectiveMaxTokens(128)).isEqualTo(128);
  }

  private static boolean isCodePointBoundary(String s, int i) {
    return i == 0 || i == s.length() || !(Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i)));
  }
}
