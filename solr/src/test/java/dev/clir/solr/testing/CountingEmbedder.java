package dev.clir.solr.testing;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A real embedder that counts the texts it embeds, by kind, across every core of the test's nodes. */
public final class CountingEmbedder implements Embedder {
  public static final AtomicLong QUERIES = new AtomicLong();
  public static final AtomicLong PASSAGES = new AtomicLong();

  private final Embedder delegate;

  public CountingEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    (kind == TextKind.QUERY ? QUERIES : PASSAGES).addAndGet(texts.size());
    return delegate.embed(kind, texts);
  }

  @Override
  public TextTokenizer tokenizer() {
    return delegate.tokenizer();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
