package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins how DJL 0.38 (tokenizers 0.21) handles an XLM-R style SentencePiece Unigram tokenizer, using the hand-built
 * fixture {@code fixtures/unigram/tokenizer.json} (see {@code engine/src/test/fixtures/README.md}): NFKC, Metaspace
 * "▁" with prepend_scheme always, {@code <s> $A </s>}, {@code <unk>} = 3. The expected tokenizations come from
 * {@code fixtures/expected.json}; they were written by hand and checked by the generator.
 *
 * <p>What DJL's offsets are ({@link Encoding#getCharTokenSpans()}), found here:
 * <ul>
 *   <li>They count <b>Unicode code points</b> (Rust {@code char}s; DJL calls {@code encode_char_offsets}), not UTF-16
 *       units and not bytes. They agree with Java's {@code String} indices only while the text has no supplementary
 *       characters; after an emoji they are one behind per emoji. Convert them with {@link #utf16}
 *       ({@link String#offsetByCodePoints}) before calling {@link String#substring}.</li>
 *   <li>They point into the <b>original</b> text, before normalisation (full-width letters map to themselves).</li>
 *   <li>Special tokens added by the post-processor ({@code <s>}, {@code </s>}) have a {@code null} span.</li>
 *   <li>A word-initial piece after a space covers that space: {@code "▁do"} spans {@code " do"}. The first word's
 *       piece has no space to cover (its "▁" was prepended), and a bare prepended {@code "▁"} token gets the span
 *       of the first character, overlapping the next token. Spans are therefore not disjoint in general.</li>
 * </ul>
 */
class UnigramTokenizerFixtureTest {

  private static final long BOS = 0;
  private static final long PAD = 1;
  private static final long EOS = 2;
  private static final long UNK = 3;

  private static Path tokenizerJson;
  private static JsonNode expected;
  /** As the model sees text: special tokens, no truncation, no padding. */
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    tokenizerJson = resource("fixtures/unigram/tokenizer.json");
    expected = new ObjectMapper().readTree(resource("fixtures/expected.json").toFile());
    tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
        Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
  }

  @AfterAll
  static void close() {
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  @Test
  void everyExpectedTextTokenizesAsWrittenByHand() {
    for (JsonNode t : expected.path("tokenizer").path("texts")) {
      String text = t.path("text").asText();
      Encoding e = tokenizer.encode(text);
      assertThat(e.getIds()).as("ids of %s", t.path("name").asText()).containsExactly(longs(t.path("ids")));
      assertThat(tokensWithUnk(e)).as("tokens of %s", t.path("name").asText()).containsExactlyElementsOf(strings(t.path("tokens")));
      assertThat(e.getIds()[0]).isEqualTo(BOS);
      assertThat(e.getIds()[e.getIds().length - 1]).isEqualTo(EOS);
    }
  }

  @Test
  void thaiWithoutSpacesSplitsIntoKnownWords() {
    String text = "ฉันลืมรหัสผ่าน"; // "I forgot the password", no spaces as Thai is written
    Encoding e = tokenizer.encode(text);
    assertThat(e.getTokens()).containsExactly("<s>", "▁ฉัน", "ลืม", "รหัสผ่าน", "</s>");
    assertThat(e.getIds()).startsWith(BOS).endsWith(EOS).doesNotContain(UNK);
    assertThat(e.getSpecialTokenMask()).containsExactly(1, 0, 0, 0, 1);
    assertThat(e.getCharTokenSpans()[0]).as("<s> has no span").isNull();
    assertThat(e.getCharTokenSpans()[4]).as("</s> has no span").isNull();
    assertThat(substrings(text, e)).containsExactly(null, "ฉัน", "ลืม", "รหัสผ่าน", null);
  }

  @Test
  void barePrependedMetaSymbolOverlapsTheFirstCharacter() {
    // No "▁ลืม" piece, so the prepended "▁" becomes a token of its own. It takes the first character's span.
    String text = "ลืมรหัสผ่านบัญชี";
    Encoding e = tokenizer.encode(text);
    assertThat(e.getTokens()).containsExactly("<s>", "▁", "ลืม", "รหัสผ่าน", "บัญชี", "</s>");
    assertThat(span(e, 1)).containsExactly(0, 1);
    assertThat(span(e, 2)).containsExactly(0, 3);
    assertThat(substrings(text, e)).containsExactly(null, "ล", "ลืม", "รหัสผ่าน", "บัญชี", null);
  }

  @Test
  void djlOffsetsCountCodePointsNotUtf16Units() {
    String text = "ok🙂ok"; // 🙂 is U+1F642: one code point, two UTF-16 units (a surrogate pair)
    assertThat(text.length()).isEqualTo(6);
    Encoding e = tokenizer.encode(text, false, false);
    assertThat(e.getTokens()).containsExactly("▁ok", "🙂", "ok");
    // Raw DJL spans: code points.
    assertThat(span(e, 0)).containsExactly(0, 2);
    assertThat(span(e, 1)).containsExactly(2, 3);
    assertThat(span(e, 2)).containsExactly(3, 5);
    // Used directly as String indices they would cut the emoji in half ...
    assertThat(Character.isHighSurrogate(text.charAt(2)) && Character.isLowSurrogate(text.charAt(3))).isTrue();
    assertThat(text.substring(2, 3)).isNotEqualTo("🙂");
    // ... converted to UTF-16 they are right.
    assertThat(utf16(text, e.getCharTokenSpans()[1])).containsExactly(2, 4);
    assertThat(utf16(text, e.getCharTokenSpans()[2])).containsExactly(4, 6);
    assertThat(substrings(text, e)).containsExactly("ok", "🙂", "ok");
  }

  @Test
  void convertedOffsetsNeverSplitSurrogatePairsAndCoverTheText() {
    for (JsonNode t : expected.path("tokenizer").path("texts")) {
      String text = t.path("text").asText();
      Encoding e = tokenizer.encode(text);
      CharSpan[] spans = e.getCharTokenSpans();
      int lastStart = 0;
      int lastEnd = 0;
      for (int i = 0; i < spans.length; i++) {
        if (e.getSpecialTokenMask()[i] == 1) {
          assertThat(spans[i]).isNull();
          continue;
        }
        int[] s = utf16(text, spans[i]);
        assertThat(s[0]).as("start of token %d in %s", i, text).isBetween(0, s[1]);
        assertThat(s[1]).as("end of token %d in %s", i, text).isLessThanOrEqualTo(text.length());
        assertThat(splitsSurrogatePair(text, s[0])).as("start of token %d in %s", i, text).isFalse();
        assertThat(splitsSurrogatePair(text, s[1])).as("end of token %d in %s", i, text).isFalse();
        assertThat(s[0]).as("start of token %d in %s never moves back", i, text).isGreaterThanOrEqualTo(lastStart);
        lastStart = s[0];
        lastEnd = s[1];
      }
      assertThat(lastEnd).as("the last token ends where %s ends", text).isEqualTo(text.length());
    }
  }

  @Test
  void mixedScriptWithEmojiMapsBackToTheRightSubstrings() {
    String text = "password 🙂 รหัสผ่าน 🚀! ok🙂ok";
    Encoding e = tokenizer.encode(text);
    assertThat(tokensWithUnk(e)).containsExactly(
        "<s>", "▁password", "▁", "🙂", "▁", "รหัสผ่าน", "▁", "<unk>", "!", "▁ok", "🙂", "ok", "</s>");
    // A "▁" that replaced a space spans that space; pieces after it span exactly their characters.
    assertThat(substrings(text, e)).containsExactly(
        null, "password", " ", "🙂", " ", "รหัสผ่าน", " ", "🚀", "!", " ok", "🙂", "ok", null);
  }

  @Test
  void portugueseAccentsAndSwahiliHitTheVocabulary() {
    String pt = "esqueci minha senha, não consigo entrar na conta. redefinição é possível?";
    Encoding e = tokenizer.encode(pt);
    assertThat(e.getIds()).doesNotContain(UNK);
    assertThat(e.getTokens()).contains("▁senha", "▁não", "▁redefini", "ção", "▁é", "ível");
    List<String> sub = substrings(pt, e);
    assertThat(sub.get(Arrays.asList(e.getTokens()).indexOf("▁não"))).isEqualTo(" não");
    assertThat(sub.get(Arrays.asList(e.getTokens()).indexOf("ção"))).isEqualTo("ção");

    String sw = "nimesahau nenosiri la akaunti yangu, tafadhali nisaidie";
    e = tokenizer.encode(sw);
    assertThat(e.getIds()).doesNotContain(UNK);
    assertThat(e.getTokens()).contains("▁nime", "sahau", "▁nenosiri", "▁akaunti", "▁yangu", "▁tafadhali");
    assertThat(substrings(sw, e)).contains("nime", "sahau", " nenosiri", " akaunti", " yangu");
  }

  @Test
  void emojiOutsideTheVocabularyBecomesOneFusedUnk() {
    String text = "🚀🚀🚀x";
    Encoding e = tokenizer.encode(text);
    assertThat(e.getIds()).containsExactly(BOS, 4, UNK, 92, EOS); // "▁", <unk>, "x"
    // Quirk: the token string of an <unk> is the original text, not "<unk>"; consecutive unknowns fuse.
    assertThat(e.getTokens()[2]).isEqualTo("🚀🚀🚀");
    assertThat(span(e, 2)).containsExactly(0, 3);
    assertThat(utf16(text, e.getCharTokenSpans()[2])).containsExactly(0, 6);
    assertThat(substrings(text, e).get(2)).isEqualTo("🚀🚀🚀");
  }

  @Test
  void spansPointIntoTheOriginalTextBeforeNfkc() {
    String text = "ｐａｓｓｗｏｒｄ"; // full-width; NFKC makes it "password"
    Encoding e = tokenizer.encode(text);
    assertThat(e.getTokens()).containsExactly("<s>", "▁password", "</s>");
    assertThat(substrings(text, e).get(1)).isEqualTo(text);
  }

  @Test
  void emptyTextIsJustTheSpecialTokens() {
    assertThat(tokenizer.encode("").getIds()).containsExactly(BOS, EOS);
    assertThat(tokenizer.encode("", false, false).getIds()).isEmpty();
  }

  @Test
  void truncationKeepsBosFirstAndEosLast() throws IOException {
    long[] full = longs(text("long_english").path("ids"));
    String text = text("long_english").path("text").asText();
    assertThat(full).hasSizeGreaterThan(16);
    // DJL truncates the content to maxLength minus the special tokens, then adds <s> ... </s>.
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
        Map.of("addSpecialTokens", "true", "truncation", "true", "maxLength", "8", "padding", "false"))) {
      assertThat(t.getTruncation()).isEqualTo("LONGEST_FIRST");
      Encoding e = t.encode(text);
      assertThat(e.getIds()).hasSize(8).startsWith(BOS).endsWith(EOS);
      assertThat(Arrays.copyOfRange(e.getIds(), 1, 7)).containsExactly(Arrays.copyOfRange(full, 1, 7));
      assertThat(e.exceedMaxLength()).isTrue();
      // Without special tokens the whole budget goes to content.
      Encoding raw = t.encode(text, false, false);
      assertThat(raw.getIds()).containsExactly(Arrays.copyOfRange(full, 1, 9));
    }
    // At the fixtures' max_seq_length (16) the result is the id sequence expected.json feeds the graphs.
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
        Map.of("addSpecialTokens", "true", "truncation", "true", "maxLength", "16", "padding", "false"))) {
      assertThat(t.encode(text).getIds()).containsExactly(longs(inputIds("long_english_truncated_16")));
    }
  }

  @Test
  void quirkLiteralSpecialTokenTextBecomesASpecialId() {
    // added_tokens are matched in the input text, so a document containing "</s>" gets an EOS id in the middle
    // (with special-token mask 0). Real XLM-R tokenizers behave the same way.
    Encoding e = tokenizer.encode("a </s> b");
    assertThat(e.getIds()).containsExactly(BOS, 225, 4, EOS, 4, 70, EOS);
    assertThat(e.getSpecialTokenMask()).containsExactly(1, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void quirkDjlDefaultsAndPadId(@TempDir Path tmp) throws IOException {
    // Options left out: truncation on at modelMaxLength (512, not read from the tokenizer), padding to the longest.
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of())) {
      assertThat(t.getTruncation()).isEqualTo("LONGEST_FIRST");
      assertThat(t.getPadding()).isEqualTo("LONGEST");
      assertThat(t.getMaxLength()).isEqualTo(512);
      Encoding[] batch = t.batchEncode(new String[] {"ok", "how do i reset"});
      // newInstance(Path, Map) does not know the pad token: it pads with id 0, which is <s> here, not <pad> (1).
      assertThat(batch[0].getIds()).containsExactly(BOS, 265, EOS, 0, 0, 0);
      assertThat(batch[0].getAttentionMask()).containsExactly(1, 1, 1, 0, 0, 0);
    }
    // Given a tokenizer_config.json naming the pad token, DJL looks its id up in added_tokens.
    Path config = Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"pad_token\": \"<pad>\"}");
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson, config.toString(), Map.of())) {
      Encoding[] batch = t.batchEncode(new String[] {"ok", "how do i reset"});
      assertThat(batch[0].getIds()).containsExactly(BOS, 265, EOS, PAD, PAD, PAD);
    }
  }

  // ------------------------------------------------------------------------------------------------------------

  /** A DJL span (code points) as UTF-16 {@code [start, end)} indices into {@code text}. */
  static int[] utf16(String text, CharSpan span) {
    int start = text.offsetByCodePoints(0, span.getStart());
    int end = text.offsetByCodePoints(start, span.getEnd() - span.getStart());
    return new int[] {start, end};
  }

  private static boolean splitsSurrogatePair(String text, int index) {
    return index > 0 && index < text.length()
        && Character.isHighSurrogate(text.charAt(index - 1)) && Character.isLowSurrogate(text.charAt(index));
  }

  private static int[] span(Encoding e, int token) {
    CharSpan s = e.getCharTokenSpans()[token];
    return new int[] {s.getStart(), s.getEnd()};
  }

  /** The text each token covers (UTF-16 converted), null for tokens without a span. */
  private static List<String> substrings(String text, Encoding e) {
    List<String> out = new ArrayList<>();
    for (CharSpan s : e.getCharTokenSpans()) {
      if (s == null) {
        out.add(null);
      } else {
        int[] u = utf16(text, s);
        out.add(text.substring(u[0], u[1]));
      }
    }
    return out;
  }

  /** Token strings with {@code <unk>} in place of the source text DJL reports for unknown pieces. */
  private static List<String> tokensWithUnk(Encoding e) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < e.getIds().length; i++) {
      out.add(e.getIds()[i] == UNK ? "<unk>" : e.getTokens()[i]);
    }
    return out;
  }

  private static JsonNode text(String name) {
    for (JsonNode t : expected.path("tokenizer").path("texts")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no text " + name + " in expected.json");
  }

  private static JsonNode inputIds(String caseName) {
    for (JsonNode c : expected.path("cases")) {
      if (c.path("name").asText().equals(caseName)) {
        return c.path("input_ids");
      }
    }
    throw new AssertionError("no case " + caseName + " in expected.json");
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Path resource(String name) {
    URL url = UnigramTokenizerFixtureTest.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is not on the test class path; regenerate it with "
          + "engine/src/test/fixtures/make_fixtures.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
