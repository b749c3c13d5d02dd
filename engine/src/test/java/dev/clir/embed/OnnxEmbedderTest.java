package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clir.model.ModelInfo;
import dev.clir.model.Pooling;
import dev.clir.testing.TestModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real test model through the same loading code as a user's model. */
class OnnxEmbedderTest {
  private final Embedder embedder = TestModel.embedder();

  @Test
  void readsWhatTheDirectoryAndTheKnownModelTableSay() {
    ModelInfo info = embedder.info();
    assertThat(info.id()).isEqualTo("intfloat/e5-small-v2");
    assertThat(info.dimension()).isEqualTo(384);
    assertThat(info.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(info.normalize()).isTrue();
    assertThat(info.maxSeqLength()).isEqualTo(512);
    assertThat(info.queryPrefix()).isEqualTo("query: ");
    assertThat(info.passagePrefix()).isEqualTo("passage: ");
    assertThat(info.fingerprint()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void loadingATokenizerTurnsOffDjlsUsageTrackingUnlessTheUserChose() {
    // the embedder above has loaded its tokenizers; CI and this machine leave the variable unset
    if (System.getenv(HfTextTokenizer.DJL_TRACKING) == null) {
      assertThat(System.getProperty(HfTextTokenizer.DJL_TRACKING)).isEqualTo("true");
    }
    String before = System.getProperty(HfTextTokenizer.DJL_TRACKING);
    System.setProperty(HfTextTokenizer.DJL_TRACKING, "false");
    try {
      HfTextTokenizer.optOutOfDjlTracking();
      assertThat(System.getProperty(HfTextTokenizer.DJL_TRACKING)).isEqualTo("false");
    } finally {
      if (before == null) {
        System.clearProperty(HfTextTokenizer.DJL_TRACKING);
      } else {
        System.setProperty(HfTextTokenizer.DJL_TRACKING, before);
      }
    }
  }

  @Test
  void vectorsAreUnitLength() {
    Embeddings e = embedder.embed(TextKind.PASSAGE, List.of("Reset your password from the sign-in page.", "Battery care"));
    for (float[] v : e.vectors()) {
      assertThat(v).hasSize(384);
      assertThat(VectorMath.dot(v, v)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void aParaphraseScoresClearlyAboveAnUnrelatedSentence() {
    float[] q = embedder.embedQuery("How do I change my password?");
    float[][] p = embedder.embedPassages(List.of(
        "To update your password, open account settings and choose a new one.",
        "The outdoor camera is rated for temperatures down to minus twenty degrees."));
    double paraphrase = VectorMath.dot(q, p[0]);
    double unrelated = VectorMath.dot(q, p[1]);
    assertThat(paraphrase).isGreaterThan(unrelated + 0.05);
  }

  @Test
  void queriesAndPassagesGetTheirOwnPrefix() {
    String text = "password reset";
    float[] asQuery = embedder.embedQuery(text);
    float[] asPassage = embedder.embedPassages(List.of(text))[0];
    assertThat(VectorMath.dot(asQuery, asPassage)).isLessThan(0.9999);
    TextTokenizer tok = embedder.tokenizer();
    int special = 2; // [CLS] ... [SEP]
    assertThat(tok.countTokens(TextKind.QUERY, text))
        .isEqualTo(tok.tokenize("query: ").size() + tok.tokenize(text).size() + special);
    assertThat(tok.countTokens(TextKind.PASSAGE, text))
        .isEqualTo(tok.tokenize("passage: ").size() + tok.tokenize(text).size() + special);
    assertThat(tok.passageTokenBudget()).isEqualTo(512 - special - tok.tokenize("passage: ").size());
  }

  @Test
  void aTextsVectorDoesNotDependOnItsBatch() {
    // int8 graph: activations are quantized per tensor, so the batch moves vectors by up to ~4e-3 in cosine.
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("Article " + i + ": " + "how to pair a device with the hub ".repeat(1 + i % 7));
    }
    Embeddings batched = embedder.embed(TextKind.PASSAGE, texts);
    for (int i : new int[] {0, 13, 39}) {
      float[] alone = embedder.embed(TextKind.PASSAGE, List.of(texts.get(i))).vector(0);
      assertThat(VectorMath.cosine(alone, batched.vector(i))).as("text %d", i).isGreaterThan(1 - 4e-3);
    }
  }

  @Test
  void outputOrderIsInputOrderThoughBatchesAreSortedByLength() {
    List<String> texts = List.of("a much longer sentence about shipping costs and delivery times", "short", "medium length text");
    Embeddings all = embedder.embed(TextKind.PASSAGE, texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = embedder.embed(TextKind.PASSAGE, List.of(texts.get(i))).vector(0);
      assertThat(VectorMath.cosine(alone, all.vector(i))).isGreaterThan(0.99);
    }
  }

  @Test
  void withoutLengthSortingBatchesFollowInputOrderAndGiveTheSameVectors() {
    // Long and short texts alternate, so unsorted batches of 2 pad every short text to a long one.
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      texts.add(i % 2 == 0 ? "The hub restarts after a firmware update and keeps its schedules. ".repeat(1 + i) : "Battery " + i);
    }
    EmbedderOptions sorted = EmbedderOptions.builder().batchSize(2).intraOpThreads(1).build();
    EmbedderOptions naive = sorted.toBuilder().sortByLength(false).build();
    assertThat(sorted.sortByLength()).isTrue();
    assertThat(naive.sortByLength()).isFalse();
    assertThat(EmbedderOptions.DEFAULTS.sortByLength()).isTrue();
    try (OnnxEmbedder a = TestModel.open(sorted); OnnxEmbedder b = TestModel.open(naive)) {
      Embeddings withSort = a.embed(TextKind.PASSAGE, texts);
      Embeddings inOrder = b.embed(TextKind.PASSAGE, texts);
      assertThat(inOrder.tokenCounts()).containsExactly(withSort.tokenCounts());
      for (int i = 0; i < texts.size(); i++) {
        // int8 graph: padding changes per-tensor activation quantization a little (see aTextsVectorDoesNotDependOnItsBatch)
        assertThat(VectorMath.cosine(withSort.vector(i), inOrder.vector(i))).as("text %d", i).isGreaterThan(1 - 4e-3);
      }
    }
  }

  @Test
  void awkwardTextEmbedsWithoutCrashing() {
    List<String> texts = List.of("", "   \n\t ", "bell\u0007and\u0000null", "🚀🙂 emoji only", "รหัสผ่าน ลืม", "Olá, não consigo entrar — 密码",
        "x".repeat(20_000));
    Embeddings e = embedder.embed(TextKind.QUERY, texts);
    assertThat(e.size()).isEqualTo(texts.size());
    for (float[] v : e.vectors()) {
      assertThat(VectorMath.dot(v, v)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void longTextIsTruncatedAtTheMaximumLengthAndSaysSo() {
    String longText = "The hub keeps a log of every event. ".repeat(200);
    Embeddings e = embedder.embed(TextKind.PASSAGE, List.of(longText, "short text"));
    assertThat(e.truncated()).containsExactly(true, false);
    assertThat(e.tokenCounts()[0]).isEqualTo(512);
    assertThat(e.truncatedCount()).isEqualTo(1);
  }

  @Test
  void emptyInputGivesEmptyOutput() {
    assertThat(embedder.embed(TextKind.QUERY, List.of()).size()).isZero();
  }
}
