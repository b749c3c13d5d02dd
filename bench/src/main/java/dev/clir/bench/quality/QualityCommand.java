package dev.clir.bench.quality;

import dev.clir.embed.MemoizingEmbedder;

import dev.clir.embed.Embedder;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.VectorFormat;
import dev.clir.bench.intent.IntentEvaluation;
import dev.clir.bench.intent.IntentSetReport;
import dev.clir.bench.intent.SibReport;
import dev.clir.model.DownloadListener;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelResolver;
import dev.clir.hub.ProgressBarDownloadListener;
import dev.clir.model.ResolvedModel;
import dev.clir.model.SharedModels;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import dev.clir.search.fusion.FusionLearner;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.KeywordLeg;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clir-bench quality}: cross-lingual retrieval quality of a model on public sets (XQuAD, Tatoeba, FLORES via
 * SIB-200), per language, search mode and vector format, and intent classification labelled in English (SIB-200
 * topics, testdata intents), written as a Markdown report with JSON and PNG charts.
 */
@Command(name = "quality", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cross-lingual retrieval quality on public sets: index the English side, ask in every language, for "
        + "vector, hybrid and BM25 search and each vector format; then intent classification labelled in English "
        + "and asked in every language. Writes REPORT.md, report.json and a PNG chart per set, and prints the "
        + "intent tables.",
        "Sets read from --data: xquad/ (XQuAD), tatoeba/ (Tatoeba bitext), sib200/ (FLORES-200 via SIB-200, and "
            + "SIB-200's topics for sib200-intents); testdata-intents reads --intents."})
public final class QualityCommand implements Callable<Integer> {
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");
  /** Documents asked for per question: every metric reported looks at the top 10. */
  static final int K = 10;
  /** HNSW candidates per search: clir's default. */
  static final int NUM_CANDIDATES = SearchRequest.DEFAULT_NUM_CANDIDATES;
  static final String SIB_INTENTS = "sib200-intents";
  static final String TESTDATA_INTENTS = "testdata-intents";
  /** The learned fusion settings, in the report folder. */
  static final String FUSION_FILE = "fusion-settings.json";

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

  @Option(names = "--sets", split = ",", paramLabel = "SET",
      defaultValue = "xquad,tatoeba,flores," + SIB_INTENTS + "," + TESTDATA_INTENTS,
      description = {"Sets to measure (default: ${DEFAULT-VALUE}).",
          SIB_INTENTS + ": SIB-200 topics as intents, trained on English only, tested per language, with the "
              + "few-shot curve (k = 1, 4, 16 examples per label, 3 seeds) — most of its time.",
          TESTDATA_INTENTS + ": the testdata intent set with out-of-scope messages (abstention)."})
  List<String> sets;

  @Option(names = "--intents", paramLabel = "DIR",
      description = "Intent set for " + TESTDATA_INTENTS + " (train.en, dev.en, test.<lang> files). Default: "
          + "testdata/intents in the project.")
  Path intentsDir;

  @Option(names = "--formats", split = ",", paramLabel = "FORMAT", defaultValue = "float32,int8",
      description = "Vector formats to index with; the first is the reference (default: ${DEFAULT-VALUE}).")
  List<String> formats;

  @Option(names = "--modes", split = ",", paramLabel = "MODE", defaultValue = "vector,hybrid,bm25,auto",
      description = "Search modes (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--fusion-settings", paramLabel = "FILE",
      description = {"Fusion settings for hybrid and auto mode, as clir-query --fusion-settings reads them.",
          "Default: learn them on the dev half of each retrieval set (split by question id; translations of a "
              + "question stay together), write them to the report folder as " + FUSION_FILE + ", and report every "
              + "mode on the test halves, which learning never sees."})
  Path fusionSettings;

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
  /** Where the intent tables and the report's path go; tests replace it. */
  PrintStream console = System.out;

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
    Path sibDir = null;
    Path intentSetDir = null;
    for (String set : sets) {
      String name = set.strip().toLowerCase(Locale.ROOT);
      if (name.equals(SIB_INTENTS)) {
        sibDir = existingFolder(dataDir.resolve("sib200"), name, notMeasured);
        continue;
      }
      if (name.equals(TESTDATA_INTENTS)) {
        intentSetDir = existingFolder(intentsDir != null ? intentsDir : root.resolve("testdata/intents"), name, notMeasured);
        continue;
      }
      try {
        Benchmark b = switch (name) {
          case "xquad" -> XquadSet.read(dataDir.resolve("xquad"));
          case "tatoeba" -> TatoebaSet.read(dataDir.resolve("tatoeba"));
          case "flores", "sib200" -> FloresSet.read(dataDir.resolve("sib200"));
          default -> throw new ParameterException(spec.commandLine(), "--sets: unknown set '" + set
              + "' (use xquad, tatoeba, flores, " + SIB_INTENTS + ", " + TESTDATA_INTENTS + ")");
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
    if (benchmarks.isEmpty() && sibDir == null && intentSetDir == null) {
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
          FusionSettings given = fusionSettings == null ? null : FusionSettings.read(fusionSettings);
          QualityRunner.Options options = new QualityRunner.Options(vectorFormats, searchModes, K, NUM_CANDIDATES, work,
              given != null ? given : FusionSettings.defaults());
          QualityRunner runner = new QualityRunner(embedder, options, err::println);
          FusionFigures fusion = null;
          boolean fuses = searchModes.contains(SearchMode.HYBRID) || searchModes.contains(SearchMode.AUTO);
          if (!benchmarks.isEmpty() && fuses) {
            fusion = given != null ? FusionFigures.given("given with --fusion-settings " + fusionSettings, given)
                : learnFusion(runner, benchmarks, embedder, command);
            runner = runner.withOptions(options.withFusion(fusion.settings()));
          }
          List<BenchmarkResult> results = new ArrayList<>();
          for (Benchmark b : benchmarks) {
            long t0 = System.nanoTime();
            err.println(b.id() + " (test half):");
            results.add(runner.run(b.half(Benchmark.Half.TEST)));
            err.printf(Locale.ROOT, "%s done in %.1f s%n", b.id(), (System.nanoTime() - t0) / 1e9);
          }
          MemoizingEmbedder memo = runner.memo();
          // The model itself, not the memo: an int8 graph's vectors depend a little on which texts share a batch,
          // so intent figures taken beside the retrieval sets would differ from an intents-only run.
          IntentFigures intents = sibDir == null && intentSetDir == null ? null : intents(embedder, sibDir, intentSetDir);
          double wall = (System.nanoTime() - modelStart) / 1e9;
          var embedding = new QualityReport.EmbeddingCounts(memo.requested(), memo.embedded(), memo.embeddedTokens(),
              memo.nanos() / 1e9);
          QualityReport report = new QualityReport(embedder.info(), modelArg, env, runner.options(), sample, results,
              notMeasured, embedding, wall, RunEnvironment.loadAverage(), command, intents, fusion);
          List<Path> files = new ArrayList<>(ReportWriter.write(report, dir));
          if (fusion != null && fusion.learning() != null) {
            Path file = dir.resolve(FUSION_FILE);
            fusion.settings().write(file);
            files.add(file);
          }
          files.forEach(f -> err.println("wrote " + f));
          console.printf(Locale.ROOT, "quality report for %s: %s (wall time %.1f s to the last figure, %.1f s with "
              + "the report written)%n", embedder.info().id(), dir.resolve(ReportWriter.MARKDOWN), wall,
              (System.nanoTime() - modelStart) / 1e9);
        } finally {
          Files.deleteIfExists(work);
        }
      }
    }
    return 0;
  }

  /** Learns fusion settings on the dev halves of {@code benchmarks}, printing what was chosen. */
  private FusionFigures learnFusion(QualityRunner runner, List<Benchmark> benchmarks, Embedder embedder, String command) {
    long t0 = System.nanoTime();
    Set<String> languages = new TreeSet<>();
    benchmarks.forEach(b -> languages.addAll(b.languages()));
    LinkedHashMap<KeywordLeg, List<FusionLearner.Example>> byLeg = new LinkedHashMap<>();
    for (Benchmark b : benchmarks) {
      err.println(b.id() + " (dev half, for learning fusion):");
      for (KeywordLeg leg : FusionLearner.KEYWORD_LEGS) {
        byLeg.computeIfAbsent(leg, l -> new ArrayList<>())
            .addAll(runner.fusionExamples(b.half(Benchmark.Half.DEV), FusionLearner.probe(languages, leg)));
      }
    }
    List<FusionLearner.Example> examples = byLeg.getOrDefault(KeywordLeg.PLAIN, List.of());
    if (examples.isEmpty()) {
      err.println("no dev questions to learn fusion settings from: using the settings clir ships for the model");
      return FusionFigures.given("no dev questions to learn from, so the settings clir ships for "
          + embedder.info().id(), FusionSettings.forModel(embedder.info().id()));
    }
    Map<String, String> learned = new LinkedHashMap<>();
    learned.put("by", command);
    learned.put("model", embedder.info().id() + " (" + embedder.info().fingerprint() + ")");
    learned.put("on", examples.size() + " dev questions of " + benchmarks.stream().map(Benchmark::id)
        .collect(Collectors.joining(", ")) + " (even SHA-256 of the question id); the test halves were not used");
    learned.put("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    FusionLearner.Result result = FusionLearner.learnKeywordLeg(byLeg, FusionLearner.Options.defaults(), languages,
        learned);
    double seconds = (System.nanoTime() - t0) / 1e9;
    err.printf(Locale.ROOT, "fusion learned in %.1f s: %s%n  %s%n", seconds, result.settings().describe(),
        result.choice());
    return FusionFigures.learned(result, seconds);
  }

  /** Runs the intent evaluations asked for, printing their tables on standard output as each one ends. */
  private IntentFigures intents(Embedder embedder, Path sibDir, Path intentSetDir) {
    long t0 = System.nanoTime();
    SibReport sib = null;
    IntentSetReport intentSet = null;
    if (sibDir != null) {
      err.println(SIB_INTENTS + ": training on English, testing every language, then the few-shot curve");
      sib = IntentEvaluation.sib200(embedder, sibDir);
      console.println(sib.toText());
      err.printf(Locale.ROOT, "%s done in %.1f s%n", SIB_INTENTS, (System.nanoTime() - t0) / 1e9);
    }
    if (intentSetDir != null) {
      long t1 = System.nanoTime();
      intentSet = IntentEvaluation.intentSet(embedder, intentSetDir, IntentEvaluation.allClassifiers());
      console.println(intentSet.toText());
      err.printf(Locale.ROOT, "%s done in %.1f s%n", TESTDATA_INTENTS, (System.nanoTime() - t1) / 1e9);
    }
    return new IntentFigures(sib, intentSet, (System.nanoTime() - t0) / 1e9);
  }

  private Path existingFolder(Path dir, String set, List<String> notMeasured) {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    err.println("warning: " + set + " not measured: " + dir + " is not a folder");
    notMeasured.add(set + " (" + dir + " is not a folder)");
    return null;
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
      case "auto" -> SearchMode.AUTO;
      case "bm25", "keyword" -> SearchMode.KEYWORD;
      default -> throw new IllegalArgumentException("unknown mode '" + name + "': use vector, bm25, hybrid or auto");
    };
  }

  /** {@code intfloat/multilingual-e5-small} to {@code multilingual-e5-small}. */
  static String slug(String modelId) {
    String last = modelId.substring(modelId.lastIndexOf('/') + 1);
    return last.replaceAll("[^A-Za-z0-9._-]+", "-");
  }
}
