package dev.clir.embed;

import dev.clir.model.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedder that remembers every vector it returned, per (kind, text), so that indexing the same corpus again
 * (another vector format) and asking the same questions again (another search mode) embed each distinct text once.
 * Valid because an {@link Embedder}'s vector for a text does not depend on the batch it came in. Texts missing
 * from the memory are embedded together, once each, in one call to the wrapped embedder.
 *
 * <p>Thread-safe. Closing it closes nothing: the wrapped embedder belongs to the caller.
 */
public final class MemoizingEmbedder implements Embedder {
  private record Key(TextKind kind, String text) {}

  private record Entry(float[] vector, int tokens, boolean truncated) {}

  private final Embedder delegate;
  private final Map<Key, Entry> memory = new ConcurrentHashMap<>();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong embedded = new AtomicLong();
  private final AtomicLong embeddedTokens = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  public MemoizingEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    requested.addAndGet(texts.size());
    Map<Key, Integer> missing = new LinkedHashMap<>();
    for (String t : texts) {
      Key key = new Key(kind, t);
      if (!memory.containsKey(key)) {
        missing.putIfAbsent(key, missing.size());
      }
    }
    if (!missing.isEmpty()) {
      List<String> batch = new ArrayList<>(missing.size());
      missing.keySet().forEach(k -> batch.add(k.text()));
      long t0 = System.nanoTime();
      Embeddings e = delegate.embed(kind, batch);
      nanos.addAndGet(System.nanoTime() - t0);
      embedded.addAndGet(e.size());
      embeddedTokens.addAndGet(e.totalTokens());
      for (int i = 0; i < batch.size(); i++) {
        memory.putIfAbsent(new Key(kind, batch.get(i)), new Entry(e.vector(i), e.tokenCounts()[i], e.truncated()[i]));
      }
    }
    float[][] vectors = new float[texts.size()][];
    int[] tokens = new int[texts.size()];
    boolean[] truncated = new boolean[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      Entry entry = memory.get(new Key(kind, texts.get(i)));
      vectors[i] = entry.vector().clone(); // callers may normalise or quantise in place
      tokens[i] = entry.tokens();
      truncated[i] = entry.truncated();
    }
    return new Embeddings(vectors, tokens, truncated);
  }

  @Override
  public TextTokenizer tokenizer() {
    return delegate.tokenizer();
  }

  /** Texts asked for, remembered or not. */
  public long requested() {
    return requested.get();
  }

  /** Distinct texts the wrapped embedder was run on. */
  public long embedded() {
    return embedded.get();
  }

  /** Tokens fed to the wrapped embedder. */
  public long embeddedTokens() {
    return embeddedTokens.get();
  }

  /** Time spent in the wrapped embedder. */
  public long nanos() {
    return nanos.get();
  }

  @Override
  public void close() {
    // the wrapped embedder belongs to the caller
  }
}
