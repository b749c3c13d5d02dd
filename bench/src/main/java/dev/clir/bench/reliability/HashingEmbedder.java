package dev.clir.bench.reliability;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.embed.TokenSpans;
import dev.clir.model.ModelInfo;
import dev.clir.model.Pooling;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for a model, for fault and load runs that exercise storage and processes rather than
 * meaning: words are hashed into a small unit vector (feature hashing), so that the same text always gets the same
 * vector and shared words give similar ones. Microseconds per text instead of milliseconds, no native code.
 */
public final class HashingEmbedder implements Embedder {
  public static final int DIMENSION = 32;
  private static final int MAX_TOKENS = 64;
  private static final ModelInfo INFO = new ModelInfo("clir/hashing-words", null, null, null,
      "sha256:" + "0".repeat(56) + "c1a5c1a5", DIMENSION, MAX_TOKENS, "query: ", "passage: ", Pooling.MEAN, true);

  private final TextTokenizer tokenizer = new WordTokenizer();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    float[][] vectors = new float[texts.size()][];
    int[] tokens = new int[texts.size()];
    boolean[] truncated = new boolean[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      TokenSpans spans = tokenizer.tokenize(texts.get(i));
      int used = Math.min(spans.size(), MAX_TOKENS - 2);
      float[] v = new float[DIMENSION];
      for (int t = 0; t < used; t++) {
        String word = spans.text().substring(spans.starts()[t], spans.ends()[t]).toLowerCase(java.util.Locale.ROOT);
        int h = word.hashCode() * 0x9E3779B1;
        v[Math.floorMod(h, DIMENSION)] += (h & 0x10000) == 0 ? 1 : -1;
      }
      vectors[i] = unit(v);
      tokens[i] = used + 2;
      truncated[i] = spans.size() > used;
    }
    return new Embeddings(vectors, tokens, truncated);
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1; // an empty text still needs a unit vector for a dot-product index
      return v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public void close() {
    // nothing native
  }

  /** Runs of letters or digits, and single other non-space characters, are tokens. */
  private static final class WordTokenizer implements TextTokenizer {
    private static final Pattern TOKEN = Pattern.compile("\\p{javaLetterOrDigit}+|\\P{javaWhitespace}");

    @Override
    public TokenSpans tokenize(String text) {
      Matcher m = TOKEN.matcher(text);
      int n = 0;
      int[] starts = new int[16];
      int[] ends = new int[16];
      while (m.find()) {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, 2 * n);
          ends = Arrays.copyOf(ends, 2 * n);
        }
        starts[n] = m.start();
        ends[n++] = m.end();
      }
      long[] ids = new long[n];
      Arrays.setAll(ids, t -> t);
      return new TokenSpans(text, ids, Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }

    @Override
    public int countTokens(TextKind kind, String text) {
      return Math.min(tokenize(text).size() + 2, MAX_TOKENS);
    }

    @Override
    public int passageTokenBudget() {
      return MAX_TOKENS - 4; // two special tokens and the two tokens of "passage: "
    }
  }
}
