package dev.clir.chunk;

import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.embed.TokenSpans;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer for chunking tests. {@code WORDS}: runs of letters or digits and single punctuation marks, like a
 * word-level tokenizer. {@code UTF16_CHARS}: every non-space UTF-16 unit is a token, so token boundaries fall
 * inside surrogate pairs: the worst case the splitter must repair.
 */
final class FakeTokenizer implements TextTokenizer {
  enum Mode { WORDS, UTF16_CHARS }

  private final int budget;
  private final Mode mode;

  FakeTokenizer(int budget, Mode mode) {
    this.budget = budget;
    this.mode = mode;
  }

  @Override
  public TokenSpans tokenize(String text) {
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (mode == Mode.UTF16_CHARS) {
        spans.add(new int[] {i, i + 1});
        i++;
      } else if (Character.isLetterOrDigit(text.codePointAt(i))) {
        int j = i;
        while (j < text.length() && Character.isLetterOrDigit(text.codePointAt(j))) {
          j += Character.charCount(text.codePointAt(j));
        }
        spans.add(new int[] {i, j});
        i = j;
      } else {
        int n = Character.charCount(text.codePointAt(i));
        spans.add(new int[] {i, i + n});
        i += n;
      }
    }
    long[] ids = new long[spans.size()];
    int[] starts = new int[spans.size()];
    int[] ends = new int[spans.size()];
    for (int t = 0; t < spans.size(); t++) {
      ids[t] = t;
      starts[t] = spans.get(t)[0];
      ends[t] = spans.get(t)[1];
    }
    return new TokenSpans(text, ids, starts, ends);
  }

  @Override
  public int countTokens(TextKind kind, String text) {
    return tokenize(text).size() + 2;
  }

  @Override
  public int passageTokenBudget() {
    return budget;
  }
}
