package dev.clir.cli.query;

import dev.clir.cli.IndexModel;
import dev.clir.cli.ModelOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.ClirIndexException;
import dev.clir.search.ClirSearcher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model and an index, loaded once and kept for as many questions as come (one-shot, batch, interactive,
 * evaluation). Records how long loading took, for {@code --explain}.
 */
final class SearchSession implements AutoCloseable {
  final OnnxEmbedder embedder;
  final ClirSearcher searcher;
  final double modelLoadMillis;
  final double indexOpenMillis;
  /** Passages in the index, counted once: the CLI never refreshes its view, and the default candidate count needs it. */
  final long passages;

  SearchSession(Path index, ModelOptions model, boolean allowModelMismatch) {
    if (!Files.isDirectory(index)) {
      throw new ClirIndexException("no index at " + index + ": build one first with clir-index --index " + index + " --input FILE");
    }
    long t0 = System.nanoTime();
    this.embedder = model.open(IndexModel.choose(model.model, index));
    long t1 = System.nanoTime();
    ClirSearcher opened = null;
    try {
      opened = ClirSearcher.open(index, embedder, allowModelMismatch);
      this.passages = opened.passageCount();
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      embedder.close();
      throw e;
    }
    this.searcher = opened;
    long t2 = System.nanoTime();
    this.modelLoadMillis = (t1 - t0) / 1e6;
    this.indexOpenMillis = (t2 - t1) / 1e6;
  }

  @Override
  public void close() {
    try {
      searcher.close();
    } finally {
      embedder.close();
    }
  }
}
