package dev.clir.intent;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers every vector it has made, so that an evaluation can train and test many models through the public
 * API (few-shot {@link IntentModel#withExamples} included) while each text is embedded once. A text's vector does
 * not depend on its batch, so the cache changes no result. Not thread-safe; does not close the embedder it wraps.
 */
final class CachingEmbedder implements Embedder {
  private final Embedder inner;
  private final Map<TextKind, Map<String, float[]>> cache = new HashMap<>();

  CachingEmbedder(Embedder inner) {
    this.inner = inner;
  }

  @Override
  public ModelInfo info() {
    return inner.info();
  }

  @Override
  public TextTokenizer tokenizer() {
    return inner.tokenizer();
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    Map<String, float[]> known = cache.computeIfAbsent(kind, k -> new HashMap<>());
    Set<String> missing = new LinkedHashSet<>();
    for (String t : texts) {
      if (!known.containsKey(t)) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      List<String> todo = new ArrayList<>(missing);
      float[][] made = inner.embed(kind, todo).vectors();
      for (int i = 0; i < made.length; i++) {
        known.put(todo.get(i), made[i]);
      }
    }
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = known.get(texts.get(i));
    }
    // Token counts are not cached: evaluations do not use them.
    return new Embeddings(vectors, new int[vectors.length], new boolean[vectors.length]);
  }

  @Override
  public void close() {
    // the wrapped embedder belongs to the caller
  }
}
