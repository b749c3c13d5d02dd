package dev.clir.testing;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The real test model with its vectors memoized per (kind, text), so that tests which index the same corpus in
 * several configurations embed each text once. Optionally reports a different {@link ModelInfo} (to test the
 * index's model guard) while still producing the real model's vectors.
 */
public final class CachingEmbedder implements Embedder {
  private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();
  private static final CachingEmbedder SHARED = new CachingEmbedder(UnaryOperator.identity());

  private record Entry(float[] vector, int tokens, boolean truncated) {}

  private final Embedder delegate = TestModel.embedder();
  private final ModelInfo info;

  private CachingEmbedder(UnaryOperator<ModelInfo> infoChange) {
    this.info = infoChange.apply(delegate.info());
  }

  /** The shared test model, memoized. */
  public static CachingEmbedder shared() {
    return SHARED;
  }

  /** The same vectors, reported as coming from a model described by {@code infoChange(real info)}. */
  public static CachingEmbedder reportingInfo(UnaryOperator<ModelInfo> infoChange) {
    return new CachingEmbedder(infoChange);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    List<String> missing = new ArrayList<>();
    for (String t : texts) {
      if (!CACHE.containsKey(key(kind, t)) && !missing.contains(t)) {
        missing.add(t);
      }
    }
    if (!missing.isEmpty()) {
      Embeddings e = delegate.embed(kind, missing);
      for (int i = 0; i < missing.size(); i++) {
        CACHE.put(key(kind, missing.get(i)), new Entry(e.vector(i), e.tokenCounts()[i], e.truncated()[i]));
      }
    }
    float[][] vectors = new float[texts.size()][];
    int[] tokens = new int[texts.size()];
    boolean[] truncated = new boolean[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      Entry entry = CACHE.get(key(kind, texts.get(i)));
      vectors[i] = entry.vector().clone();
      tokens[i] = entry.tokens();
      truncated[i] = entry.truncated();
    }
    return new Embeddings(vectors, tokens, truncated);
  }

  private static String key(TextKind kind, String text) {
    return kind.name() + '\u0000' + text;
  }

  @Override
  public TextTokenizer tokenizer() {
    return delegate.tokenizer();
  }

  @Override
  public void close() {
    // the shared model is closed at JVM exit
  }
}
