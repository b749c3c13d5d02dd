package dev.clir.bench.perf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.embed.VectorMath;
import dev.clir.model.ModelOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * clir against the stack a user would otherwise pick: the same ONNX graph and the same texts embedded by
 * transformers.js (feature-extraction pipeline) on Node with the onnxruntime-node it pins. The peer script and its
 * exact pins live in {@code bench/peer/}; it is installed from npm on first use with {@code
 * ONNXRUNTIME_NODE_INSTALL=skip} (the CPU binary ships inside the package) and runs offline from a temporary model
 * directory in the Hugging Face layout that links to the model's files.
 */
@Command(name = "peer", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"clir vs transformers.js on Node (same ONNX graph, same texts): throughput ratio per passage length, "
        + "batch size and threads, and whether both give the same vectors."})
public final class PeerBench implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (int8 graph: engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "Corpus the passages are cut from (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--peer-dir", defaultValue = "bench/peer", description = "The peer script's folder (default: ${DEFAULT-VALUE}).")
  Path peerDir;

  @Option(names = "--node", defaultValue = "node", description = "Node.js executable (default: ${DEFAULT-VALUE}).")
  String node;

  @Option(names = "--quick", description = "A smoke run: one cell, few texts.")
  boolean quick;

  @Mixin JsonOutput json;

  public record Settings(List<Integer> lengths, List<Integer> batches, List<Integer> threads, int tokenBudget, int rounds,
      int vectors) {
    public static Settings full(int cores) {
      return new Settings(List.of(32, 128, 384), List.of(1, 16), cores > 1 ? List.of(1, cores) : List.of(1), 4096, 2, 48);
    }

    public static Settings quick(int cores) {
      return new Settings(List.of(128), List.of(16), List.of(cores), 1024, 1, 8);
    }
  }

  /** One cell: the same passages, batch size and thread count on both stacks. */
  public record Row(int length, int batch, int threads, int passages, double clirPassagesPerSecond,
      double peerPassagesPerSecond, double ratio) {}

  /** Cosine between clir's and the peer's vector of each text (both embedding one text at a time). */
  public record Agreement(int passages, double meanCosine, double minCosine, int below0999) {}

  public record Result(Settings settings, List<Row> rows, Agreement agreement, Map<String, String> peerVersions,
      String clirOnnxRuntime, Map<String, Double> peerLoadMillis, String note) {}

  @Override
  public Integer call() {
    int cores = Runtime.getRuntime().availableProcessors();
    Result r = run(model, input, peerDir, node, quick ? Settings.quick(cores) : Settings.full(cores));
    print(r);
    json.writeIfAsked(r);
    return r.rows().isEmpty() ? 1 : 0;
  }

  static void print(Result r) {
    if (r.rows().isEmpty()) {
      System.out.println("peer: not measured: " + r.note());
      return;
    }
    System.out.println("peer versions: " + r.peerVersions() + "; clir's ONNX Runtime " + r.clirOnnxRuntime());
    System.out.printf(Locale.ROOT, "%5s %5s %4s %8s %12s %12s %8s%n", "len", "batch", "thr", "passages", "clir p/s", "peer p/s", "ratio");
    for (Row row : r.rows()) {
      System.out.printf(Locale.ROOT, "%5d %5d %4d %8d %12.1f %12.1f %8.2f%n", row.length(), row.batch(), row.threads(), row.passages(),
          row.clirPassagesPerSecond(), row.peerPassagesPerSecond(), row.ratio());
    }
    Agreement a = r.agreement();
    System.out.printf(Locale.ROOT, "vectors: %d passages, cosine mean %.6f, min %.6f, %d below 0.999%n", a.passages(), a.meanCosine(),
        a.minCosine(), a.below0999());
  }

  public static Result run(Path model, Path corpus, Path peerDir, String node, Settings s) {
    String clirOrt = Machine.probe().onnxRuntime();
    Path script = peerDir.resolve("embed-bench.mjs");
    if (!Files.isRegularFile(script)) {
      return new Result(s, List.of(), null, Map.of(), clirOrt, Map.of(), "no peer script at " + script);
    }
    try {
      if (!Files.isDirectory(peerDir.resolve("node_modules/@huggingface/transformers"))) {
        Log.info("peer: npm install in %s (ONNXRUNTIME_NODE_INSTALL=skip)", peerDir);
        int rc = exec(List.of("npm", "install", "--no-audit", "--no-fund"), peerDir, Map.of("ONNXRUNTIME_NODE_INSTALL", "skip"), 900);
        if (rc != 0) {
          return new Result(s, List.of(), null, Map.of(), clirOrt, Map.of(), "npm install failed (exit " + rc + ")");
        }
      }
    } catch (IOException e) {
      return new Result(s, List.of(), null, Map.of(), clirOrt, Map.of(), "cannot run npm: " + e.getMessage());
    }

    List<SourceDocument> docs = Texts.readJsonl(corpus);
    EmbedderOptions base = EmbedderOptions.builder().batchSize(64).allowSpinning(false).build();
    Map<String, List<String>> sets = new LinkedHashMap<>();
    List<Row> clirRows = new ArrayList<>();
    String prefix;
    int maxLength;
    EmbeddingBench.Settings cellSettings = new EmbeddingBench.Settings(s.lengths(), s.batches(), s.threads(), s.tokenBudget(),
        s.rounds(), List.of(), List.of(), 0, List.of(), List.of());
    float[][] clirVectors;
    String vectorSet;
    try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base)) {
      prefix = e.info().passagePrefix();
      maxLength = e.info().maxSeqLength();
      int overhead = e.tokenizer().countTokens(TextKind.PASSAGE, "");
      int maxBatch = s.batches().stream().mapToInt(Integer::intValue).max().orElse(1);
      for (int length : s.lengths()) {
        int need = Math.max(EmbeddingBench.cellSize(s.tokenBudget(), length, maxBatch), s.vectors());
        List<String> w = Texts.windows(e.tokenizer(), docs, Math.max(1, length - overhead), need);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < need; i++) {
          texts.add(w.get(i % w.size()));
        }
        sets.put("L" + length, texts);
      }
      vectorSet = sets.containsKey("L128") ? "L128" : sets.keySet().iterator().next();
      List<String> forVectors = sets.get(vectorSet).subList(0, s.vectors());
      clirVectors = new float[forVectors.size()][];
      for (int i = 0; i < clirVectors.length; i++) {
        clirVectors[i] = e.embed(TextKind.PASSAGE, List.of(forVectors.get(i))).vector(0);
      }
    }
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int t : s.threads()) {
      try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, base.toBuilder().intraOpThreads(t).build())) {
        for (int length : s.lengths()) {
          for (int batch : s.batches()) {
            List<String> texts = sets.get("L" + length).subList(0, EmbeddingBench.cellSize(s.tokenBudget(), length, batch));
            EmbeddingBench.Row row = EmbeddingBench.measureChunks(e, "clir", "int8", length, texts, batch, cellSettings);
            clirRows.add(new Row(length, batch, t, row.passages(), row.passagesPerSecond(), Double.NaN, Double.NaN));
            runs.add(Map.of("set", "L" + length, "batch", batch, "threads", t, "count", row.passages()));
          }
        }
      }
    }

    // The peer: one Node process runs every cell, then embeds the agreement texts one at a time.
    Path work;
    JsonNode result;
    try {
      work = Files.createTempDirectory("clir-peer");
      Path modelRoot = work.resolve("models");
      layOutHfModel(model, modelRoot.resolve("model"), maxLength);
      Map<String, List<String>> peerSets = new LinkedHashMap<>(sets);
      List<Map<String, Object>> peerRuns = runs;
      peerSets.put("agreement", sets.get(vectorSet).subList(0, s.vectors()));
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("modelRoot", modelRoot.toAbsolutePath().toString());
      job.put("modelName", "model");
      job.put("dtype", "q8");
      job.put("prefix", prefix);
      job.put("sets", peerSets);
      job.put("runs", peerRuns);
      job.put("rounds", s.rounds());
      job.put("vectors", Map.of("set", "agreement", "count", s.vectors()));
      job.put("allowSpinning", false);
      Path jobFile = work.resolve("job.json");
      Path out = work.resolve("result.json");
      Json.write(jobFile, job);
      Log.info("peer: node %s (%d cells)", script, peerRuns.size());
      int rc = exec(List.of(node, script.toAbsolutePath().toString(), jobFile.toAbsolutePath().toString(),
          out.toAbsolutePath().toString()), peerDir, Map.of(), 1800);
      if (rc != 0 || !Files.isRegularFile(out)) {
        return new Result(s, List.of(), null, Map.of(), clirOrt, Map.of(), "the peer script failed (exit " + rc + ")");
      }
      result = Json.MAPPER.readTree(out.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("peer benchmark: " + e.getMessage(), e);
    }

    List<Row> rows = new ArrayList<>();
    JsonNode peerRuns = result.path("runs");
    for (int i = 0; i < clirRows.size(); i++) {
      Row c = clirRows.get(i);
      double peer = peerRuns.get(i).path("passagesPerSecond").asDouble();
      rows.add(new Row(c.length(), c.batch(), c.threads(), c.passages(), c.clirPassagesPerSecond(), peer,
          c.clirPassagesPerSecond() / peer));
    }
    JsonNode vectors = result.path("vectors");
    double sum = 0;
    double min = 1;
    int below = 0;
    for (int i = 0; i < clirVectors.length; i++) {
      float[] p = new float[vectors.get(i).size()];
      for (int d = 0; d < p.length; d++) {
        p[d] = (float) vectors.get(i).get(d).asDouble();
      }
      double c = VectorMath.cosine(clirVectors[i], p);
      sum += c;
      min = Math.min(min, c);
      if (c < 0.999) {
        below++;
      }
    }
    Map<String, String> versions = new LinkedHashMap<>();
    result.path("versions").fields().forEachRemaining(f -> versions.put(f.getKey(), f.getValue().asText()));
    Map<String, Double> load = new LinkedHashMap<>();
    result.path("loadMs").fields().forEachRemaining(f -> load.put("threads=" + f.getKey(), f.getValue().asDouble()));
    Agreement agreement = new Agreement(clirVectors.length, sum / clirVectors.length, min, below);
    return new Result(s, rows, agreement, versions, clirOrt, load,
        "peer: transformers.js feature-extraction pipeline (mean pooling, normalize), dtype q8, same texts with the '"
            + prefix + "' prefix; both sides: intra-op threads as listed, spinning off, sequential execution");
  }

  /** A directory in the layout transformers.js reads: config.json, tokenizer files, onnx/model_quantized.onnx. */
  static void layOutHfModel(Path model, Path dir, int maxLength) throws IOException {
    Files.createDirectories(dir.resolve("onnx"));
    Path onnx = Files.isRegularFile(model.resolve("model.onnx")) ? model.resolve("model.onnx")
        : model.resolve("onnx/model_quantized.onnx");
    Files.createSymbolicLink(dir.resolve("onnx/model_quantized.onnx"), onnx.toAbsolutePath());
    Files.createSymbolicLink(dir.resolve("tokenizer.json"), model.resolve("tokenizer.json").toAbsolutePath());
    Files.copy(model.resolve("config.json"), dir.resolve("config.json"));
    if (Files.isRegularFile(model.resolve("tokenizer_config.json"))) {
      Files.createSymbolicLink(dir.resolve("tokenizer_config.json"), model.resolve("tokenizer_config.json").toAbsolutePath());
    } else {
      // e5-small-v2's own tokenizer_config.json says this much; tokenizer.json holds the rest.
      Json.write(dir.resolve("tokenizer_config.json"), Map.of("tokenizer_class", "BertTokenizer", "do_lower_case", true,
          "model_max_length", maxLength, "cls_token", "[CLS]", "sep_token", "[SEP]", "pad_token", "[PAD]", "unk_token", "[UNK]",
          "mask_token", "[MASK]"));
    }
  }

  static int exec(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) throws IOException {
    // the child's output goes to our standard error, so that standard output keeps only the figures
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process p = pb.start();
    Thread pump = Thread.ofVirtual().start(() -> {
      try {
        p.getInputStream().transferTo(System.err);
      } catch (IOException e) {
        // the child is gone
      }
    });
    try {
      pump.join(java.time.Duration.ofSeconds(timeoutSeconds));
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return 124;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
