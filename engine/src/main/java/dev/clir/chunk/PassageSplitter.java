package dev.clir.chunk;

import dev.clir.embed.TextTokenizer;
import dev.clir.embed.TokenSpans;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts a document into passages that the model sees whole. Windows are counted in the model's own tokens
 * (anything else over- or under-fills them); cuts go to a sentence start where one lies in the second half of
 * the window, else to a word start, else to any token boundary (Thai and Chinese have no spaces), and are
 * finally widened to whole grapheme clusters ({@link BreakIterator#getCharacterInstance}), so that they never
 * fall inside a code point (surrogate pair) nor separate a Thai vowel or tone mark from its consonant.
 *
 * <p>Thread-safe when the tokenizer is.
 */
public final class PassageSplitter {
  /** Put between the carried title and the passage text. */
  static final String TITLE_SEPARATOR = "\n";

  private final TextTokenizer tokenizer;
  private final ChunkingConfig config;
  private final int maxTokens;

  /**
   * @throws IllegalArgumentException when the configured window does not fit the model or the overlap does not
   *     fit the window
   */
  public PassageSplitter(TextTokenizer tokenizer, ChunkingConfig config) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.config = Objects.requireNonNull(config, "config");
    this.maxTokens = config.effectiveMaxTokens(tokenizer.passageTokenBudget());
    if (config.overlapTokens() >= maxTokens) {
      throw new IllegalArgumentException("overlapTokens (" + config.overlapTokens()
          + ") must be smaller than the passage size (" + maxTokens + " tokens)");
    }
  }

  public ChunkingConfig config() {
    return config;
  }

  /** Passage size in tokens, title included: the configured one or the model's budget. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Splits with the root locale's sentence rules. */
  public List<Passage> split(String title, String text) {
    return split(title, text, Locale.ROOT);
  }

  /**
   * Splits {@code text} into passages. A document with no text but a carried title gets one empty passage (its
   * title is still worth finding); one with neither gets none.
   *
   * @param locale selects the sentence rules of {@link BreakIterator#getSentenceInstance(Locale)}
   */
  public List<Passage> split(String title, String text, Locale locale) {
    title = title == null ? "" : title.strip();
    text = text == null ? "" : text;
    String carriedTitle = config.includeTitle() ? fitTitle(title) : "";
    String prefix = carriedTitle.isEmpty() ? "" : carriedTitle + TITLE_SEPARATOR;
    int titleTokens = prefix.isEmpty() ? 0 : tokenizer.tokenize(prefix).size();
    int window = Math.max(1, maxTokens - titleTokens);
    int overlap = Math.min(config.overlapTokens(), window - 1);

    TokenSpans spans = tokenizer.tokenize(text);
    int n = spans.size();
    List<Passage> passages = new ArrayList<>();
    if (n == 0) {
      if (!carriedTitle.isEmpty()) {
        passages.add(new Passage(0, 0, 0, "", carriedTitle, tokenizer.tokenize(carriedTitle).size()));
      }
      return passages;
    }
    int[] sentenceStarts = sentenceStartTokens(text, spans, locale);
    BreakIterator graphemes = graphemes(text);
    int start = 0;
    while (true) {
      int limit = Math.min(start + window, n);
      int end = limit == n ? n : chooseEnd(spans, sentenceStarts, start, limit, window);
      Built built = build(passages.size(), text, graphemes, spans, start, end, prefix);
      passages.add(built.passage());
      int builtEnd = built.endToken();
      if (builtEnd >= n) {
        break;
      }
      start = Math.max(overlapStart(spans, sentenceStarts, builtEnd, overlap), start + 1);
    }
    return passages;
  }

  /** The cut for a window that does not reach the end: sentence start, else word start, else {@code limit}. */
  private static int chooseEnd(TokenSpans spans, int[] sentenceStarts, int start, int limit, int window) {
    int min = start + Math.max(1, window / 2);
    int s = floor(sentenceStarts, limit);
    if (s > min) {
      return s;
    }
    for (int t = limit; t > min; t--) {
      if (isWordStart(spans, t)) {
        return t;
      }
    }
    return limit;
  }

  /**
   * Where the next passage starts so that it repeats at most {@code overlap} tokens: the first sentence start
   * in that range, else the first word start, else exactly {@code overlap} tokens back.
   */
  private static int overlapStart(TokenSpans spans, int[] sentenceStarts, int end, int overlap) {
    if (overlap == 0) {
      return end;
    }
    int from = end - overlap;
    int s = ceiling(sentenceStarts, from);
    if (s >= 0 && s < end) {
      return s;
    }
    for (int t = from; t < end; t++) {
      if (t > 0 && isWordStart(spans, t)) {
        return t;
      }
    }
    return from;
  }

  /** Whether token {@code t} starts after a gap (whitespace or punctuation the tokenizer dropped). */
  private static boolean isWordStart(TokenSpans spans, int t) {
    int s = spans.starts()[t];
    if (s > spans.ends()[t - 1]) {
      return true;
    }
    return s > 0 && Character.isWhitespace(spans.text().charAt(s - 1));
  }

  /**
   * Builds the passage of tokens {@code [start, end)} and, should the text re-tokenize to more tokens than the
   * window allows (sub-word tokenizers may do this at a cut inside a word), shrinks it until it fits.
   */
  private Built build(int ordinal, String text, BreakIterator graphemes, TokenSpans spans, int start, int end,
      String prefix) {
    while (true) {
      int from = safeStart(graphemes, text, spans.starts()[start]);
      int to = safeEnd(graphemes, text, Math.max(spans.ends()[end - 1], from));
      String body = text.substring(from, to);
      String embedding = prefix + body;
      int tokens = tokenizer.tokenize(embedding).size();
      if (tokens <= maxTokens || end - start <= 1) {
        return new Built(new Passage(ordinal, from, to, body, embedding, tokens), end);
      }
      end = Math.max(start + 1, end - Math.max(1, tokens - maxTokens));
    }
  }

  /** A passage and the token index it ends before. */
  private record Built(Passage passage, int endToken) {}

  /** {@code offset}, or the start of the grapheme cluster (hence code point) it falls inside. */
  private static int safeStart(BreakIterator graphemes, String text, int offset) {
    if (offset <= 0 || offset >= text.length() || graphemes.isBoundary(offset)) {
      return offset;
    }
    return graphemes.preceding(offset);
  }

  /** {@code offset}, or the end of the grapheme cluster (hence code point) it falls inside. */
  private static int safeEnd(BreakIterator graphemes, String text, int offset) {
    if (offset <= 0 || offset >= text.length() || graphemes.isBoundary(offset)) {
      return offset;
    }
    return graphemes.following(offset);
  }

  private static BreakIterator graphemes(String text) {
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    return it;
  }

  /** Token indexes (ascending, excluding 0) at which a sentence starts. */
  private static int[] sentenceStartTokens(String text, TokenSpans spans, Locale locale) {
    BreakIterator it = BreakIterator.getSentenceInstance(locale);
    it.setText(text);
    int[] out = new int[16];
    int count = 0;
    int[] starts = spans.starts();
    for (int b = it.next(); b != BreakIterator.DONE && b < text.length(); b = it.next()) {
      int t = Arrays.binarySearch(starts, b);
      if (t < 0) {
        t = -t - 1;
      }
      // Zero-width tokens share a start: take the first one at or after the boundary.
      while (t > 0 && starts[t - 1] >= b) {
        t--;
      }
      if (t <= 0 || t >= spans.size() || (count > 0 && out[count - 1] >= t)) {
        continue;
      }
      if (count == out.length) {
        out = Arrays.copyOf(out, count * 2);
      }
      out[count++] = t;
    }
    return Arrays.copyOf(out, count);
  }

  /** Largest value {@code <= key}, or -1. */
  private static int floor(int[] sorted, int key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i >= 0) {
      return sorted[i];
    }
    i = -i - 2;
    return i >= 0 ? sorted[i] : -1;
  }

  /** Smallest value {@code >= key}, or -1. */
  private static int ceiling(int[] sorted, int key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i >= 0) {
      return sorted[i];
    }
    i = -i - 1;
    return i < sorted.length ? sorted[i] : -1;
  }

  /** The title as carried: cut to half the passage so that the text keeps the other half. */
  private String fitTitle(String title) {
    if (title.isEmpty()) {
      return title;
    }
    TokenSpans spans = tokenizer.tokenize(title);
    int limit = Math.max(1, maxTokens / 2);
    if (spans.size() <= limit) {
      return title;
    }
    return title.substring(0, safeEnd(graphemes(title), title, spans.ends()[limit - 1])).strip();
  }
}
