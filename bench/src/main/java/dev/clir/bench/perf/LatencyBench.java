package dev.clir.bench.perf;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Warm query latency, p50/p95/p99, end to end (embed + kNN + stored fields) on clir indexes of 10k and 100k synthetic
 * passages ({@link LatencyIndexes}), with one caller and with two concurrent callers; plus the search and the
 * embedding alone. Runs {@link QueryLatencyJmh} through JMH's Runner API: one fork per measurement, few iterations.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Warm query latency percentiles (JMH, sample mode) on synthetic 10k/100k-passage indexes, 1 and 2 "
        + "concurrent callers: end to end, search only, embedding only."})
public final class LatencyBench implements Callable<Integer> {
  public static final Path DEFAULT_CACHE = Path.of("bench/target/perf-cache");

  @Option(names = "--model", required = true, description = "Model directory (engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "Corpus the synthetic passages are recombined from (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--queries", defaultValue = "testdata/queries.jsonl", description = "Questions, JSON Lines with text (default: ${DEFAULT-VALUE}).")
  Path queries;

  @Option(names = "--cache", description = "Folder for base vectors and indexes (default: ${DEFAULT-VALUE}).")
  Path cache = DEFAULT_CACHE;

  @Option(names = "--sizes", split = ",", description = "Index sizes in passages (default 10000,100000).")
  List<Integer> sizes;

  @Option(names = "--bases", description = "Distinct really embedded passages (default 2000).")
  Integer bases;

  @Option(names = "--quick", description = "A smoke run: a 2000-passage index, short iterations.")
  boolean quick;

  @Mixin JsonOutput json;

  public record Settings(List<Integer> sizes, int bases, double epsilon, long seed, int warmups, int warmupSeconds,
      int iterations, int iterationSeconds) {
    public static Settings full() {
      return new Settings(List.of(10_000, 100_000), 2000, 0.3, 42, 2, 2, 3, 4);
    }

    public static Settings quick() {
      return new Settings(List.of(2000), 200, 0.3, 42, 1, 1, 1, 2);
    }
  }

  /**
   * One JMH measurement. {@code what}: endToEnd, searchOnly or embedOnly; {@code callers}: concurrent benchmark
   * threads; {@code ortThreads}: ONNX Runtime intra-op threads per call.
   */
  public record Row(String what, int indexSize, int callers, int ortThreads, long samples, double meanMillis,
      double p50Millis, double p95Millis, double p99Millis, double queriesPerSecond) {}

  public record Result(Settings settings, List<Row> rows, String note) {}

  @Override
  public Integer call() throws Exception {
    Settings d = quick ? Settings.quick() : Settings.full();
    Settings s = new Settings(sizes != null ? sizes : d.sizes(), bases != null ? bases : d.bases(), d.epsilon(), d.seed(),
        d.warmups(), d.warmupSeconds(), d.iterations(), d.iterationSeconds());
    Result r = run(model, input, queries, cache, s);
    print(r);
    json.writeIfAsked(r);
    return 0;
  }

  static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-11s %8s %7s %4s %8s %9s %9s %9s %9s %8s%n", "what", "index", "callers", "ort", "samples",
        "mean ms", "p50 ms", "p95 ms", "p99 ms", "q/s");
    for (Row row : r.rows()) {
      System.out.printf(Locale.ROOT, "%-11s %8d %7d %4d %8d %9.2f %9.2f %9.2f %9.2f %8.1f%n", row.what(), row.indexSize(),
          row.callers(), row.ortThreads(), row.samples(), row.meanMillis(), row.p50Millis(), row.p95Millis(), row.p99Millis(),
          row.queriesPerSecond());
    }
  }

  /** The indexes for {@code s}, built (or found in the cache) with the model. */
  static List<Path> indexes(Path model, Path corpus, Path cache, Settings s) {
    List<Path> out = new ArrayList<>();
    try (OnnxEmbedder embedder = OnnxEmbedder.open(model, ModelOverrides.NONE, EmbedderOptions.DEFAULTS)) {
      for (int size : s.sizes()) {
        out.add(LatencyIndexes.ensure(cache, embedder, corpus, new LatencyIndexes.Spec(size, s.bases(), s.epsilon(), s.seed())));
      }
    }
    return out;
  }

  public static Result run(Path model, Path corpus, Path queries, Path cache, Settings s) throws RunnerException {
    List<Path> indexes = indexes(model, corpus, cache, s);
    int cores = Runtime.getRuntime().availableProcessors();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < indexes.size(); i++) {
      int size = s.sizes().get(i);
      String index = indexes.get(i).toAbsolutePath().toString();
      rows.add(measure("endToEnd", size, index, model, queries, 1, cores, s));
      rows.add(measure("endToEnd", size, index, model, queries, 2, cores, s));
      rows.add(measure("endToEnd", size, index, model, queries, 2, 1, s));
      rows.add(measure("searchOnly", size, index, model, queries, 1, cores, s));
      rows.add(measure("searchOnly", size, index, model, queries, 2, cores, s));
    }
    rows.add(measure("embedOnly", 0, "", model, queries, 1, cores, s));
    rows.add(measure("embedOnly", 0, "", model, queries, 2, 1, s));
    return new Result(s, rows, "JMH " + org.openjdk.jmh.util.Version.getPlainVersion()
        + " sample mode, 1 fork per row, " + s.warmups() + "x" + s.warmupSeconds() + " s warm-up, " + s.iterations() + "x"
        + s.iterationSeconds() + " s measured; k=10, numCandidates=100, float32 HNSW (M=16, beamWidth=100), one segment");
  }

  static Row measure(String what, int size, String index, Path model, Path queries, int callers, int ortThreads, Settings s)
      throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(QueryLatencyJmh.class.getName() + "\\." + what + "$")
        .param("model", model.toAbsolutePath().toString())
        .param("index", index)
        .param("queries", queries.toAbsolutePath().toString())
        .param("ortThreads", Integer.toString(ortThreads))
        .threads(callers)
        .forks(1)
        .warmupIterations(s.warmups())
        .warmupTime(TimeValue.seconds(s.warmupSeconds()))
        .measurementIterations(s.iterations())
        .measurementTime(TimeValue.seconds(s.iterationSeconds()))
        .jvmArgs("-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
            "-Djava.util.logging.config.file=/dev/null")
        .shouldFailOnError(true);
    PrintStream err = System.err;
    Collection<RunResult> results = new Runner(o.build(), OutputFormatFactory.createFormatInstance(err, VerboseMode.SILENT)).run();
    RunResult rr = results.iterator().next();
    Statistics st = rr.getPrimaryResult().getStatistics();
    double toMs = 1e-3; // JMH reports microseconds (OutputTimeUnit)
    int threads = ortThreads == 0 ? Runtime.getRuntime().availableProcessors() : ortThreads;
    Row row = new Row(what, size, callers, threads, st.getN(), st.getMean() * toMs, st.getPercentile(50) * toMs,
        st.getPercentile(95) * toMs, st.getPercentile(99) * toMs, callers / (st.getMean() * toMs / 1000));
    Log.info("latency %-10s index %6d callers %d ort %d: p50 %.2f ms p95 %.2f ms p99 %.2f ms (%d samples)", what, size, callers,
        threads, row.p50Millis(), row.p95Millis(), row.p99Millis(), row.samples());
    return row;
  }
}
