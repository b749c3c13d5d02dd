package dev.clir.cli.query;

import dev.clir.cli.ModelOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.RecordedModel;
import dev.clir.search.ClirSearcher;
import java.nio.file.Path;
import java.util.Set;

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
  /** Fields the documents can be filtered on (--filter), read once. */
  final Set<String> filterableFields;

  SearchSession(Path index, ModelOptions model, SearchOptions search, boolean allowModelMismatch) {
    long t0 = System.nanoTime();
    // the index first: a wrong --index is "not an index" (exit 5), never a model download
    RecordedModel recorded = RecordedModel.read(index);
    search.warmUpLanguageModel(recorded);
    this.embedder = model.open(recorded.modelArgument(model.model));
    long t1 = System.nanoTime();
    ClirSearcher opened = null;
    try {
      opened = ClirSearcher.open(index, embedder, allowModelMismatch);
      this.passages = opened.passageCount();
      this.filterableFields = opened.filterableFields();
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
