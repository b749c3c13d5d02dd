package dev.clir.bench.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import dev.clir.search.ClirSearcher;
import dev.clir.search.SearchRequest;
import dev.clir.search.SearchResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of one query against a clir index, sampled per call ({@link Mode#SampleTime}) so that percentiles
 * come out: end to end (embed the question, HNSW search over passages, load the hits' stored fields), the search
 * alone with a precomputed query vector, and the query embedding alone. The questions cycle through the test
 * questions of all languages; with several JMH threads each starts at a different question. Run by
 * {@link LatencyBench} through JMH's Runner API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueryLatencyJmh {
  @Param("") public String model;
  @Param("") public String index;
  @Param("") public String queries;
  /** ONNX Runtime intra-op threads; 0 = all cores. */
  @Param("0") public int ortThreads;
  @Param("10") public int k;

  private OnnxEmbedder embedder;
  private ClirSearcher searcher;
  private List<String> texts;
  private float[][] vectors;
  private final AtomicInteger starts = new AtomicInteger();

  @Setup(Level.Trial)
  public void open() throws IOException {
    embedder = OnnxEmbedder.open(Path.of(model), ModelOverrides.NONE,
        EmbedderOptions.builder().intraOpThreads(ortThreads).build());
    searcher = index.isEmpty() ? null : ClirSearcher.open(Path.of(index), embedder, false);
    texts = questions(Path.of(queries));
    vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embedder.embedQuery(texts.get(i));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (searcher != null) {
      searcher.close();
    }
    embedder.close();
  }

  static List<String> questions(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      if (!line.isBlank()) {
        JsonNode q = json.readTree(line);
        out.add(q.path("text").asText());
      }
    }
    return out;
  }

  /** Each benchmark thread's position in the question list. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup(Level.Trial)
    public void start(QueryLatencyJmh bench) {
      next = bench.starts.getAndAdd(bench.texts.size() / 2 + 1);
    }

    int take(int size) {
      return Math.floorMod(next++, size);
    }
  }

  @Benchmark
  public SearchResults endToEnd(Cursor c) {
    return searcher.search(SearchRequest.builder(texts.get(c.take(texts.size()))).k(k).build());
  }

  @Benchmark
  public SearchResults searchOnly(Cursor c) {
    int i = c.take(texts.size());
    return searcher.search(vectors[i], SearchRequest.builder(texts.get(i)).k(k).build());
  }

  @Benchmark
  public float[] embedOnly(Cursor c) {
    return embedder.embedQuery(texts.get(c.take(texts.size())));
  }
}
