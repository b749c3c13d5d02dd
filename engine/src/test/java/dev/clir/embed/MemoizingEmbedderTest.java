package dev.clir.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoizingEmbedderTest {

  /** Vectors that encode kind and text length; records every call. */
  static final class Recording implements Embedder {
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public ModelInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Embeddings embed(TextKind kind, List<String> texts) {
      calls.add(List.copyOf(texts));
      float[][] v = new float[texts.size()][];
      int[] tokens = new int[texts.size()];
      for (int i = 0; i < texts.size(); i++) {
        v[i] = new float[] {kind.ordinal(), texts.get(i).length()};
        tokens[i] = texts.get(i).length() + 2;
      }
      return new Embeddings(v, tokens, new boolean[texts.size()]);
    }

    @Override
    public TextTokenizer tokenizer() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void embedsEachDistinctTextOfAKindOnceInOneCall() {
    Recording model = new Recording();
    MemoizingEmbedder memo = new MemoizingEmbedder(model);

    Embeddings first = memo.embed(TextKind.PASSAGE, List.of("ab", "abc", "ab"));
    assertThat(model.calls).containsExactly(List.of("ab", "abc"));
    assertThat(first.vectors()).isDeepEqualTo(new float[][] {{1, 2}, {1, 3}, {1, 2}});
    assertThat(first.tokenCounts()).containsExactly(4, 5, 4);

    Embeddings again = memo.embed(TextKind.PASSAGE, List.of("abc", "abcd"));
    assertThat(model.calls).containsExactly(List.of("ab", "abc"), List.of("abcd"));
    assertThat(again.vector(0)).containsExactly(1, 3);

    // a query is another text than a passage with the same words
    assertThat(memo.embed(TextKind.QUERY, List.of("ab")).vector(0)).containsExactly(0, 2);
    assertThat(model.calls).hasSize(3);

    // callers get copies: changing one does not change what is remembered
    again.vector(0)[0] = 42;
    assertThat(memo.embed(TextKind.PASSAGE, List.of("abc")).vector(0)).containsExactly(1, 3);

    assertThat(memo.requested()).isEqualTo(3 + 2 + 1 + 1);
    assertThat(memo.embedded()).isEqualTo(4);
    assertThat(memo.embeddedTokens()).isEqualTo(4 + 5 + 6 + 4);
  }
}
