package dev.clir.chunk;

import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * "Split a document into passages, then embed them": cuts with the document's own language's sentence rules and
 * embeds each passage as a {@link TextKind#PASSAGE} (the model's passage prefix). The one way clir turns documents
 * into passage vectors, whether they go to a clir index, to an application's own Lucene documents or to Solr.
 *
 * <p>Immutable and thread-safe when the embedder is; create one per model and chunking and reuse it, like an
 * analyzer. Free of Lucene, so that any Lucene version (Solr's included) can use it.
 */
public final class PassagePipeline {
  private final Embedder embedder;
  private final PassageSplitter splitter;

  /**
   * @throws IllegalArgumentException when {@code chunking} does not fit the model (see {@link PassageSplitter})
   */
  public PassagePipeline(Embedder embedder, ChunkingConfig chunking) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.splitter = new PassageSplitter(embedder.tokenizer(), chunking);
  }

  /** A document's passages and their vectors, one per passage, in order. */
  public record EmbeddedPassages(List<Passage> passages, float[][] vectors) {
    public EmbeddedPassages {
      passages = List.copyOf(passages);
      if (passages.size() != vectors.length) {
        throw new IllegalArgumentException(passages.size() + " passages but " + vectors.length + " vectors");
      }
    }

    public int size() {
      return passages.size();
    }
  }

  public Embedder embedder() {
    return embedder;
  }

  public ChunkingConfig chunking() {
    return splitter.config();
  }

  /** Passage size in tokens, title included: the configured one or the model's budget. */
  public int maxTokens() {
    return splitter.maxTokens();
  }

  /**
   * The passages of one document.
   *
   * @param lang the document's language (a BCP 47 tag such as {@code pt} or {@code th}); {@code null} or blank
   *     for unknown, which uses the root locale's sentence rules
   */
  public List<Passage> split(String title, String text, String lang) {
    return splitter.split(title, text, locale(lang));
  }

  /** Splits and embeds one document. */
  public EmbeddedPassages process(String title, String text, String lang) {
    return embed(List.of(split(title, text, lang))).get(0);
  }

  /**
   * Embeds the passages of several documents in one embedder call (batches make the model faster).
   *
   * @param documents each document's passages, as {@link #split} made them
   * @return one entry per document, in input order
   * @throws IllegalStateException when the embedder returns a wrong number of vectors or wrong dimension
   */
  public List<EmbeddedPassages> embed(List<List<Passage>> documents) {
    List<String> texts = new ArrayList<>();
    for (List<Passage> passages : documents) {
      for (Passage p : passages) {
        texts.add(p.embeddingText());
      }
    }
    float[][] vectors = texts.isEmpty() ? new float[0][] : embedder.embed(TextKind.PASSAGE, texts).vectors();
    if (vectors.length != texts.size()) {
      throw new IllegalStateException("embedder returned " + vectors.length + " vectors for " + texts.size()
          + " passages");
    }
    for (float[] v : vectors) {
      if (v.length != embedder.dimension()) {
        throw new IllegalStateException("model " + embedder.info().id() + " declares " + embedder.dimension()
            + " dimensions but produced a " + v.length + "-dimensional vector");
      }
    }
    List<EmbeddedPassages> out = new ArrayList<>(documents.size());
    int next = 0;
    for (List<Passage> passages : documents) {
      out.add(new EmbeddedPassages(passages, Arrays.copyOfRange(vectors, next, next + passages.size())));
      next += passages.size();
    }
    return out;
  }

  /** The locale of a language tag; the root locale for none. */
  public static Locale locale(String lang) {
    return lang == null || lang.isBlank() ? Locale.ROOT : Locale.forLanguageTag(lang.strip());
  }

  @Override
  public String toString() {
    return "PassagePipeline(" + embedder.info().id() + ", " + splitter.config() + ")";
  }
}
