package dev.clir.testing;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.MemoizingEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelInfo;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real test model with its vectors memoized per (kind, text) for the whole test JVM, so that tests which index
 * the same corpus in several configurations embed each text once. Optionally reports a different {@link ModelInfo}
 * (to test the index's model guard) while still producing the real model's vectors.
 */
public final class CachingEmbedder implements Embedder {
  private static final MemoizingEmbedder MEMORY = new MemoizingEmbedder(TestModel.embedder());
  private static final CachingEmbedder SHARED = new CachingEmbedder(UnaryOperator.identity());

  private final ModelInfo info;

  private CachingEmbedder(UnaryOperator<ModelInfo> infoChange) {
    this.info = infoChange.apply(MEMORY.info());
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
    return MEMORY.embed(kind, texts);
  }

  @Override
  public TextTokenizer tokenizer() {
    return MEMORY.tokenizer();
  }

  @Override
  public void close() {
    // the shared model is closed at JVM exit
  }
}
