package dev.clir.embed;

import dev.clir.model.ModelInfo;
import java.util.List;

/**
 * Turns text into vectors of one model's space. Queries and passages may be embedded differently
 * (prefixes); a text's vector does not depend on the batch it was embedded in.
 *
 * <p>Implementations are thread-safe and hold native resources: close them.
 */
public interface Embedder extends AutoCloseable {

  /** What the model is and how it is used: id, fingerprint, dimension, prefixes, pooling, max length. */
  ModelInfo info();

  /** Embeds texts of one kind, in input order. Empty and whitespace-only texts are allowed. */
  Embeddings embed(TextKind kind, List<String> texts);

  /** The model's own tokenizer, for counting tokens and cutting passages. */
  TextTokenizer tokenizer();

  default int dimension() {
    return info().dimension();
  }

  default float[] embedQuery(String text) {
    return embed(TextKind.QUERY, List.of(text)).vector(0);
  }

  default float[][] embedPassages(List<String> texts) {
    return embed(TextKind.PASSAGE, texts).vectors();
  }

  @Override
  void close();
}
