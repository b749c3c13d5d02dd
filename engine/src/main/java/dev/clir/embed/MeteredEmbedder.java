package dev.clir.embed;

import dev.clir.model.ModelInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedder that counts what passes through it (texts, tokens, time), for progress bars and for the share of
 * indexing time spent in the model. Closing it closes nothing: the wrapped embedder belongs to the caller.
 */
public final class MeteredEmbedder implements Embedder {
  private final Embedder delegate;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  public MeteredEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> batch) {
    long t0 = System.nanoTime();
    Embeddings e = delegate.embed(kind, batch);
    nanos.addAndGet(System.nanoTime() - t0);
    texts.addAndGet(e.size());
    tokens.addAndGet(e.totalTokens());
    truncated.addAndGet(e.truncatedCount());
    return e;
  }

  @Override
  public TextTokenizer tokenizer() {
    return delegate.tokenizer();
  }

  public long texts() {
    return texts.get();
  }

  public long tokens() {
    return tokens.get();
  }

  public long truncated() {
    return truncated.get();
  }

  /** Wall time spent inside {@link #embed}: tokenizing and running the model. */
  public long nanos() {
    return nanos.get();
  }

  @Override
  public void close() {
    // the wrapped embedder belongs to the caller
  }
}
