package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.model.ModelLoadException;
import dev.clir.model.ModelOverrides;
import dev.clir.model.Pooling;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code paths only multilingual models take (XLM-R Unigram tokenizer, no token_type_ids, an already pooled
 * output, hidden sizes other than 384), through {@link OnnxEmbedder} on the tiny fp32 fixtures that
 * engine/src/test/fixtures/make_fixtures.py generates. Expected vectors come from numpy over the same weights.
 */
class MultilingualPathsTest {
  /** Fixture text name -> the expected.json case computed from its ids (max_seq_length 16 truncates). */
  private static final Map<String, String> TEXT_TO_CASE = Map.of(
      "empty", "specials_only",
      "thai_no_spaces", "thai_no_spaces",
      "portuguese_accents", "portuguese_accents",
      "swahili", "swahili",
      "mixed_script_emoji", "mixed_script_emoji",
      "long_english", "long_english_truncated_16",
      "nfkc_fullwidth", "single_token");

  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    expected = new ObjectMapper().readTree(fixture("expected.json").toFile());
  }

  static Path fixture(String name) {
    try {
      return Path.of(MultilingualPathsTest.class.getClassLoader().getResource("fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(String name) {
    for (JsonNode t : expected.path("tokenizer").path("texts")) {
      if (t.path("name").asText().equals(name)) {
        return t.path("text").asText();
      }
    }
    throw new IllegalArgumentException("no fixture text " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-xlmr-no-tti", "tiny-bert-tti", "tiny-pooled"})
  void vectorsMatchTheNumpyReference(String model) {
    JsonNode spec = expected.path("models").path(model);
    try (OnnxEmbedder e = OnnxEmbedder.open(fixture(model))) {
      assertThat(e.dimension()).isEqualTo(spec.path("hidden_size").asInt());
      assertThat(e.info().pooling()).isEqualTo(switch (model) {
        case "tiny-bert-tti" -> Pooling.CLS;
        case "tiny-pooled" -> Pooling.NONE;
        default -> Pooling.MEAN;
      });
      List<String> names = new ArrayList<>(TEXT_TO_CASE.keySet());
      List<String> texts = names.stream().map(MultilingualPathsTest::text).toList();
      Embeddings all = e.embed(TextKind.PASSAGE, texts); // one batch, padded: fp32 graphs must not notice
      for (int i = 0; i < names.size(); i++) {
        JsonNode want = spec.path("embeddings").path(TEXT_TO_CASE.get(names.get(i)));
        assertThat(want.isArray()).as(names.get(i)).isTrue();
        float[] got = all.vector(i);
        float[] alone = e.embed(TextKind.PASSAGE, List.of(texts.get(i))).vector(0);
        for (int d = 0; d < got.length; d++) {
          assertThat((double) got[d]).as("%s %s[%d]", model, names.get(i), d).isCloseTo(want.get(d).asDouble(), within(1e-5));
          assertThat(alone[d]).as("batch invariance, exact on fp32").isCloseTo(got[d], within(1e-6f));
        }
      }
      int longIdx = names.indexOf("long_english");
      assertThat(all.truncated()[longIdx]).isTrue();
      assertThat(all.tokenCounts()[longIdx]).isEqualTo(16);
    }
  }

  @Test
  void tokenTypeIdsAreFedOnlyWhenTheGraphHasThem() {
    // tiny-bert-tti would fail to run without token_type_ids; tiny-xlmr-no-tti would fail with them.
    try (OnnxEmbedder withTypes = OnnxEmbedder.open(fixture("tiny-bert-tti"));
        OnnxEmbedder without = OnnxEmbedder.open(fixture("tiny-xlmr-no-tti"))) {
      assertThat(withTypes.embedQuery("senha")).hasSize(24);
      assertThat(without.embedQuery("senha")).hasSize(32);
    }
  }

  @Test
  void aGraphWithUnexpectedInputsIsRefusedWithWhatWasExpected() {
    Path dir = fixture("tiny-bad-inputs");
    assertThatThrownBy(() -> OnnxEmbedder.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.resolve("model.onnx").toString())
        .hasMessageContaining("[ids, mask]")
        .hasMessageContaining("input_ids and attention_mask");
  }

  @Test
  void unigramOffsetsAreJavaStringIndicesEvenAfterEmoji() {
    try (OnnxEmbedder e = OnnxEmbedder.open(fixture("tiny-xlmr-no-tti"))) {
      String text = text("mixed_script_emoji"); // "password 🙂 รหัสผ่าน 🚀! ok🙂ok"
      TokenSpans spans = e.tokenizer().tokenize(text);
      StringBuilder covered = new StringBuilder();
      for (int i = 0; i < spans.size(); i++) {
        int s = spans.starts()[i];
        int end = spans.ends()[i];
        assertThat(s).isBetween(0, text.length());
        assertThat(end).isBetween(s, text.length());
        assertThat(Character.isLowSurrogate(text.charAt(Math.min(s, text.length() - 1)))).as("token %d starts inside a surrogate pair", i).isFalse();
        if (end < text.length()) {
          assertThat(Character.isLowSurrogate(text.charAt(end))).as("token %d ends inside a surrogate pair", i).isFalse();
        }
        covered.append(text, s, end);
      }
      assertThat(spans.ends()[spans.size() - 1]).isEqualTo(text.length());
      assertThat(covered.toString()).contains("🙂").contains("รหัสผ่าน").endsWith("ok🙂ok");
    }
  }

  @Test
  void thaiWithoutSpacesTokenizesIntoWordPieces() {
    try (OnnxEmbedder e = OnnxEmbedder.open(fixture("tiny-xlmr-no-tti"))) {
      TokenSpans spans = e.tokenizer().tokenize("ฉันลืมรหัสผ่าน");
      assertThat(spans.ids()).containsExactly(354, 335, 332);
      assertThat(e.tokenizer().countTokens(TextKind.QUERY, "ฉันลืมรหัสผ่าน")).isEqualTo(5); // <s> ... </s>
      assertThat(e.tokenizer().passageTokenBudget()).isEqualTo(14); // 16 - <s> - </s>, no prefix
    }
  }

  @Test
  void theKnownModelTableAppliesE5PrefixesToAMultilingualDirectoryWithoutSentenceTransformersFiles() {
    ModelOverrides asE5 = ModelOverrides.builder().id("intfloat/multilingual-e5-small").build();
    try (OnnxEmbedder e = OnnxEmbedder.open(fixture("tiny-pooled"), asE5, EmbedderOptions.DEFAULTS)) {
      assertThat(e.info().queryPrefix()).isEqualTo("query: ");
      assertThat(e.info().passagePrefix()).isEqualTo("passage: ");
      // The fixture's own sentence_bert_config.json (16) still wins over the table's 512: files beat the table.
      assertThat(e.info().maxSeqLength()).isEqualTo(16);
    }
  }
}
