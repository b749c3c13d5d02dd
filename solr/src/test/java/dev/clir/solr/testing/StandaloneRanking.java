package dev.clir.solr.testing;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassageSplitter;
import dev.clir.embed.Embedder;
import dev.clir.embed.TextKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ranking clir's standalone engine gives, computed without Lucene (the engine's Lucene 10 search classes cannot be
 * on Solr's classpath): every article cut into passages with the engine's defaults ({@link ChunkingConfig#DEFAULTS},
 * sentence rules of the article's language), embedded with {@link Embedder#embed} one article per call, exactly as the
 * update processor calls it, and searched by brute force. Scores are on Lucene's scale for unit vectors and dot
 * product, {@code (1 + dot) / 2}, so that they can be compared with Solr's.
 */
public final class StandaloneRanking {
  public record Hit(String id, float score) {}

  private final Embedder embedder;
  private final Map<String, float[][]> passageVectors = new LinkedHashMap<>();
  private final Map<String, HelpCenter.Article> articles = new LinkedHashMap<>();
  private long passages;

  public StandaloneRanking(Embedder embedder, List<HelpCenter.Article> corpus) {
    this.embedder = embedder;
    PassageSplitter splitter = new PassageSplitter(embedder.tokenizer(), ChunkingConfig.DEFAULTS);
    for (HelpCenter.Article a : corpus) {
      Locale locale = a.lang() == null || a.lang().isBlank() ? Locale.ROOT : Locale.forLanguageTag(a.lang());
      List<Passage> ps = splitter.split(a.title(), a.text(), locale);
      List<String> texts = new ArrayList<>();
      for (Passage p : ps) {
        texts.add(p.embeddingText());
      }
      passageVectors.put(a.id(), embedder.embed(TextKind.PASSAGE, texts).vectors());
      articles.put(a.id(), a);
      passages += ps.size();
    }
  }

  public long passageCount() {
    return passages;
  }

  public int passageCount(String id) {
    return passageVectors.get(id).length;
  }

  public float[] queryVector(String text) {
    return embedder.embed(TextKind.QUERY, List.of(text)).vector(0);
  }

  /** One vector per article, its first passage's: what {@code {!clir f=vector}} searches. */
  public List<Hit> firstPassage(String query, int k, Predicate<HelpCenter.Article> filter) {
    float[] q = queryVector(query);
    List<Hit> hits = new ArrayList<>();
    passageVectors.forEach((id, vs) -> {
      if (filter.test(articles.get(id))) {
        hits.add(new Hit(id, score(q, vs[0])));
      }
    });
    return top(hits, k);
  }

  /** An article scores as its best passage: what the engine's diversified kNN and Solr's /ask return. */
  public List<Hit> bestPassage(String query, int k, Predicate<HelpCenter.Article> filter) {
    float[] q = queryVector(query);
    List<Hit> hits = new ArrayList<>();
    passageVectors.forEach((id, vs) -> {
      if (filter.test(articles.get(id))) {
        float best = Float.NEGATIVE_INFINITY;
        for (float[] v : vs) {
          best = Math.max(best, score(q, v));
        }
        hits.add(new Hit(id, best));
      }
    });
    return top(hits, k);
  }

  static float score(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return (float) ((1 + dot) / 2);
  }

  private static List<Hit> top(List<Hit> hits, int k) {
    hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
    return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
  }
}
