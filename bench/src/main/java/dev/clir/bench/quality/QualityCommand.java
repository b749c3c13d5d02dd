package dev.clir.bench.quality;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.VectorFormat;
import dev.clir.model.DownloadListener;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelResolver;
import dev.clir.model.ProgressBarDownloadListener;
import dev.clir.model.ResolvedModel;
import dev.clir.model.SharedModels;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clir-bench quality}: cross-lingual retrieval quality of a model on public sets (XQuAD, Tatoeba, FLORES via
 * SIB-200), per language, search mode and vector format, written as a Markdown report with JSON and PNG charts.
 */
@Command(name = "quality", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cross-lingual retrieval quality on public sets: index the English side, ask in every language, for "
        + "vector, hybrid and BM25 search and each vector format. Writes REPORT.md, report.json and a PNG chart per set.",
        "Sets read from --data: xquad/ (XQuAD), tatoeba/ (Tatoeba bitext), sib200/ (FLORES-200 via SIB-200)."})
public final class QualityCommand implements Callable<Integer> {
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");
  /** Documents asked for per question: every metric reported looks at the top 10. */
  static final int K = 10;
  /** HNSW candidates per search: clir's default. */
  static final int NUM_CANDIDATES = SearchRequest.DEFAULT_NUM_CANDIDATES;

  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, paramLabel = "DIR|HF-ID",
      description = {"Model to measure: a model directory or a Hugging Face id (resolved like clir-index --model). "
          + "Repeat for several.",
          "Default: every model in the shared models folder (" + SharedModels.ENV + ", default ../shared/models beside "
              + "the project); if there is none, the English test model (engine/target/test-model), with a warning."})
  List<String> models = new ArrayList<>();

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of the public sets (xquad/, tatoeba/, sib200/). Default: ../shared/data beside the project.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR",
      description = {"Report folder. Default: bench/reports/quality-<model> in the project.",
          "With several models, each report goes to DIR/quality-<model>."})
  Path out;

  @Option(names = "--sets", split = ",", paramLabel = "SET", defaultValue = "xquad,tatoeba,flores",
      description = "Sets to measure (default: ${DEFAULT-VALUE}).")
  List<String> sets;

  @Option(names = "--formats", split = ",", paramLabel = "FORMAT", defaultValue = "float32,int8",
      description = "Vector formats to index with; the first is the reference (default: ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--modes", split = ",", paramLabel = "MODE", defaultValue = "vector,hybrid,bm25",
      description = "Search modes (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--sample", paramLabel = "N", defaultValue = "0",
      description = "Ask at most N questions per language and knowledge base, the same ones in every language, chosen "
          + "by hash of their id; 0 = all (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
      description = "Texts per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "ONNX Runtime intra-op threads; 0 = all cores (default: ${DEFAULT-VALUE}).")
  int threads;

  /** Where diagnostics go; tests replace it. */
  PrintStream err = System.err;

  @Override
  public Integer call() throws IOException {
    System.setProperty("java.awt.headless", "true");
    LUCENE_LOG.setLevel(Level.WARNING); // Lucene announces its SIMD setup at INFO on every start
    long start = System.nanoTime();
    Path root = ProjectRoot.find();
    RunEnvironment env = RunEnvironment.current(root);
    List<VectorFormat> vectorFormats = parse(formats, "--formats", VectorFormat::parse);
    List<SearchMode> searchModes = parse(modes, "--modes", QualityCommand::mode);
    Path dataDir = data != null ? data : root.resolve("../shared/data").normalize();
    if (!Files.isDirectory(dataDir)) {
      throw new ParameterException(spec.commandLine(), "--data " + dataDir + " is not a folder; pass the folder that "
          + "holds xquad/, tatoeba/ and sib200/");
    }

    List<String> modelArgs = new ArrayList<>(models);
    if (modelArgs.isEmpty()) {
      Path shared = SharedModels.location(root.resolve("../shared/models").normalize());
      SharedModels.list(shared).forEach(p -> modelArgs.add(p.toString()));
      if (modelArgs.isEmpty()) {
        Path testModel = root.resolve("engine/target/test-model");
        err.println();
        err.println("*** NO MULTILINGUAL MODEL in " + shared + " (set " + SharedModels.ENV + " or pass --model): only the");
        err.println("*** English test model can be measured here, and its non-English figures only show that it is English-only. ***");
        err.println();
        if (!Files.isRegularFile(testModel.resolve("tokenizer.json"))) {
          throw new ParameterException(spec.commandLine(), "no model to measure: pass --model DIR|HF-ID (the test model "
              + testModel + " is not built either: bin/mvn -B -DskipTests install)");
        }
        modelArgs.add(testModel.toString());
      }
    }

    List<Benchmark> benchmarks = new ArrayList<>();
    List<String> notMeasured = new ArrayList<>();
    for (String set : sets) {
      String name = set.strip().toLowerCase(Locale.ROOT);
      try {
        Benchmark b = switch (name) {
          case "xquad" -> XquadSet.read(dataDir.resolve("xquad"));
          case "tatoeba" -> TatoebaSet.read(dataDir.resolve("tatoeba"));
          case "flores", "sib200" -> FloresSet.read(dataDir.resolve("sib200"));
          default -> throw new ParameterException(spec.commandLine(), "--sets: unknown set '" + set
              + "' (use xquad, tatoeba, flores)");
        };
        benchmarks.add(b.sample(sample));
        err.printf(Locale.ROOT, "%s: %d documents, questions %s%n", b.id(), b.documents(), b.queriesPerLanguage());
      } catch (ParameterException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        err.println("warning: " + name + " not measured: " + e.getMessage());
        notMeasured.add(name + " (" + e.getMessage() + ")");
      }
    }
    if (benchmarks.isEmpty()) {
      err.println("no set could be read from " + dataDir);
      return 1;
    }

    ModelResolver resolver = ModelResolver.builder()
        .listener(System.console() != null ? ProgressBarDownloadListener.onStandardError() : DownloadListener.SILENT)
        .build();
    String command = commandLine();
    for (String modelArg : modelArgs) {
      long modelStart = modelArgs.size() == 1 ? start : System.nanoTime();
      ResolvedModel resolved = resolver.locate(modelArg);
      EmbedderOptions embedderOptions = EmbedderOptions.builder().batchSize(batchSize).intraOpThreads(threads).build();
      try (OnnxEmbedder embedder = OnnxEmbedder.open(resolved.directory(), resolved.overrides(ModelOverrides.NONE),
          embedderOptions)) {
        String slug = slug(embedder.info().id());
        Path dir = out == null ? root.resolve("bench/reports/quality-" + slug)
            : modelArgs.size() > 1 ? out.resolve("quality-" + slug) : out;
        err.printf(Locale.ROOT, "model %s (%s) -> %s%n", embedder.info().id(), embedder.info().fingerprint(), dir);
        Path work = Files.createTempDirectory("clir-quality-");
        try {
          QualityRunner.Options options = new QualityRunner.Options(vectorFormats, searchModes, K, NUM_CANDIDATES, work);
          QualityRunner runner = new QualityRunner(embedder, options, err::println);
          List<BenchmarkResult> results = new ArrayList<>();
          for (Benchmark b : benchmarks) {
            long t0 = System.nanoTime();
            err.println(b.id() + ":");
            results.add(runner.run(b));
            err.printf(Locale.ROOT, "%s done in %.1f s%n", b.id(), (System.nanoTime() - t0) / 1e9);
          }
          MemoizingEmbedder memo = runner.memo();
          double wall = (System.nanoTime() - modelStart) / 1e9;
          var embedding = new QualityReport.EmbeddingCounts(memo.requested(), memo.embedded(), memo.embeddedTokens(),
              memo.nanos() / 1e9);
          QualityReport report = new QualityReport(embedder.info(), modelArg, env, options, sample, results, notMeasured,
              embedding, wall, RunEnvironment.loadAverage(), command);
          List<Path> files = ReportWriter.write(report, dir);
          files.forEach(f -> err.println("wrote " + f));
          System.out.printf(Locale.ROOT, "quality report for %s: %s (wall time %.1f s to the last figure, %.1f s with "
              + "the report written)%n", embedder.info().id(), dir.resolve(ReportWriter.MARKDOWN), wall,
              (System.nanoTime() - modelStart) / 1e9);
        } finally {
          Files.deleteIfExists(work);
        }
      }
    }
    return 0;
  }

  /** The command as typed, from {@code bin/clir-bench quality} on. */
  private String commandLine() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    int at = args.indexOf(spec.name());
    List<String> own = at >= 0 ? args.subList(at + 1, args.size()) : args;
    StringBuilder sb = new StringBuilder("bin/clir-bench ").append(spec.name());
    own.forEach(a -> sb.append(' ').append(a.matches("[A-Za-z0-9_./=:,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'"));
    return sb.toString();
  }

  private <T> List<T> parse(List<String> values, String option, Function<String, T> parser) {
    List<T> out = new ArrayList<>();
    for (String v : values) {
      try {
        T t = parser.apply(v);
        if (!out.contains(t)) {
          out.add(t);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
      }
    }
    return out;
  }

  static SearchMode mode(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "vector" -> SearchMode.VECTOR;
      case "hybrid" -> SearchMode.HYBRID;
      case "bm25", "keyword" -> SearchMode.KEYWORD;
      default -> throw new IllegalArgumentException("unknown mode '" + name + "': use vector, hybrid or bm25");
    };
  }

  /** {@code intfloat/multilingual-e5-small} to {@code multilingual-e5-small}. */
  static String slug(String modelId) {
    String last = modelId.substring(modelId.lastIndexOf('/') + 1);
    return last.replaceAll("[^A-Za-z0-9._-]+", "-");
  }
}
