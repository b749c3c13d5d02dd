package dev.clir.testing;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The shared test model ({@link CachingEmbedder}), recording each embed call as {@code KIND x count}. */
public final class RecordingEmbedder implements Embedder {
  private final Embedder delegate = CachingEmbedder.shared();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** The calls so far, e.g. {@code PASSAGEx3}, oldest first. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public Embeddings embed(TextKind kind, List<String> texts) {
    calls.add(kind + "x" + texts.size());
    return delegate.embed(kind, texts);
  }

  @Override
  public TextTokenizer tokenizer() {
    return delegate.tokenizer();
  }

  @Override
  public void close() {}
}
