package dev.clir.bench.quality;

import dev.clir.embed.MemoizingEmbedder;

import dev.clir.embed.Embedder;
import dev.clir.embed.Embeddings;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.eval.EvalReport;
import dev.clir.eval.Evaluator;
import dev.clir.eval.Metric;
import dev.clir.eval.NeedIdStrategy;
import dev.clir.eval.Query;
import dev.clir.eval.QueryResult;
import dev.clir.eval.Run;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.index.VectorFormat;
import dev.clir.search.ClirSearcher;
import dev.clir.search.HybridCandidates;
import dev.clir.search.SearchMode;
import dev.clir.search.QueryRuns;
import dev.clir.search.SearchRequest;
import dev.clir.search.fusion.FusionLearner;
import dev.clir.search.fusion.FusionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;

/**
 * Measures benchmarks the way a user runs clir: each English knowledge base is indexed with {@link BulkIndexer}
 * (what {@code clir-index} runs) once per vector format into a temporary folder, the committed index is opened
 * with {@link ClirSearcher#open} (what {@code clir-query} does), and every question is asked in every setup.
 *
 * <p>Each distinct text is embedded once: the model is wrapped in a {@link MemoizingEmbedder}, the questions of a
 * knowledge base are embedded in one call before searching, and searches reuse those vectors. Rankings are
 * evaluated in the order the engine returns them (scores are replaced by descending ranks, so that trec_eval's tie
 * order cannot reorder the equal RRF scores of hybrid search).
 */
public final class QualityRunner {

  /**
   * @param formats vector formats to index with, the first one also serving BM25
   * @param modes search modes to ask in ({@link SearchMode#KEYWORD} is measured once, not per format)
   * @param k documents asked for per question (10: the metrics look at the top 10)
   * @param numCandidates HNSW candidates per search (clir's default)
   * @param workDir where the temporary indexes go; emptied of them afterwards
   * @param fusion how hybrid and auto mode fuse
   */
  public record Options(List<VectorFormat> formats, List<SearchMode> modes, int k, int numCandidates, Path workDir,
      FusionSettings fusion) {
    public Options {
      formats = List.copyOf(formats);
      modes = List.copyOf(modes);
      if (formats.isEmpty() || modes.isEmpty()) {
        throw new IllegalArgumentException("at least one vector format and one search mode");
      }
      Objects.requireNonNull(workDir, "workDir");
      Objects.requireNonNull(fusion, "fusion");
    }

    /** The same options with other fusion settings. */
    public Options withFusion(FusionSettings settings) {
      return new Options(formats, modes, k, numCandidates, workDir, settings);
    }

    /** The setups measured, in report order: per mode, per format; BM25 once. */
    public List<Setup> setups() {
      List<Setup> setups = new ArrayList<>();
      for (SearchMode mode : modes) {
        if (mode == SearchMode.KEYWORD) {
          setups.add(Setup.bm25());
        } else {
          formats.forEach(f -> setups.add(new Setup(mode, f)));
        }
      }
      return setups;
    }
  }

  private final Embedder model;
  private final MemoizingEmbedder memo;
  private final MeteredEmbedder metered;
  private final Options options;
  private final Consumer<String> log;
  private final OptionalLong unknownId;

  /**
   * @param model the embedder to measure; not closed
   * @param log progress lines
   */
  public QualityRunner(Embedder model, Options options, Consumer<String> log) {
    this.model = model;
    this.memo = new MemoizingEmbedder(model);
    this.metered = new MeteredEmbedder(memo);
    this.options = options;
    this.log = log == null ? s -> {} : log;
    this.unknownId = UnknownTokens.id(model.info().tokenizerFile());
  }

  private QualityRunner(QualityRunner base, Options options) {
    this.model = base.model;
    this.memo = base.memo;
    this.metered = base.metered;
    this.options = options;
    this.log = base.log;
    this.unknownId = base.unknownId;
  }

  /** A runner with other options that shares this one's remembered vectors. */
  public QualityRunner withOptions(Options other) {
    return new QualityRunner(this, other);
  }

  public Options options() {
    return options;
  }

  /** The memoizing layer, for its counts. */
  public MemoizingEmbedder memo() {
    return memo;
  }

  /**
   * Both legs of every question of {@code benchmark} (in the first vector format), with its signals and judgments:
   * what {@link FusionLearner} learns from. Group: {@code set/lang}; metric: the set's primary one. English bitext
   * (FLORES English asking for itself) is left out, as in the report's recommendations. {@code probe} says which
   * languages a question's language is identified among and whether the BM25 leg drops its stop words.
   */
  public List<FusionLearner.Example> fusionExamples(Benchmark benchmark, FusionSettings probe) {
    VectorFormat format = options.formats().get(0);
    List<FusionLearner.Example> examples = new ArrayList<>();
    for (EvalCorpus part : benchmark.parts()) {
      int before = examples.size();
      List<Query> queries = part.queries().queries();
      Embeddings vectors = memo.embed(TextKind.QUERY, queries.stream().map(Query::text).toList());
      Path dir = options.workDir().resolve(part.name() + "-dev-" + format.label());
      index(part, format, dir);
      try (ClirSearcher searcher = ClirSearcher.open(dir, metered, false)) {
        for (int i = 0; i < queries.size(); i++) {
          Query q = queries.get(i);
          if (benchmark.kind() == Benchmark.Kind.BITEXT && q.lang().equals(Languages.ENGLISH)) {
            continue; // a sentence finding itself: a ceiling, not a question to tune for
          }
          SearchRequest request = SearchRequest.builder(q.text()).k(options.k()).numCandidates(options.numCandidates())
              .fusionSettings(probe).build();
          HybridCandidates c = searcher.candidates(vectors.vector(i), request);
          examples.add(new FusionLearner.Example(benchmark.id() + "/" + q.lang(), benchmark.primary(), c.vector(),
              c.keyword(), c.signals(), part.qrels().judgments(q.id())));
        }
      } finally {
        deleteTree(dir);
      }
      log.accept(String.format(Locale.ROOT, "  %s: both legs of %d questions collected", part.name(),
          examples.size() - before));
    }
    return examples;
  }

  public BenchmarkResult run(Benchmark benchmark) {
    List<Setup> setups = options.setups();
    Map<Setup, List<QueryResult>> perQuery = new LinkedHashMap<>();
    Map<Setup, double[]> timing = new LinkedHashMap<>(); // {seconds, searches}
    setups.forEach(s -> {
      perQuery.put(s, new ArrayList<>());
      timing.put(s, new double[2]);
    });
    Map<VectorFormat, Double> indexSeconds = new EnumMap<>(VectorFormat.class);
    long passages = 0;
    for (EvalCorpus part : benchmark.parts()) {
      List<Query> queries = part.queries().queries();
      long t0 = System.nanoTime();
      Embeddings vectors = memo.embed(TextKind.QUERY, queries.stream().map(Query::text).toList());
      log.accept(String.format(Locale.ROOT, "  %s: %d questions embedded in %.1f s", part.name(),
          queries.size(), (System.nanoTime() - t0) / 1e9));
      for (VectorFormat format : options.formats()) {
        Path dir = options.workDir().resolve(part.name() + "-" + format.label());
        long i0 = System.nanoTime();
        BulkIndexer.Summary summary = index(part, format, dir);
        double seconds = (System.nanoTime() - i0) / 1e9;
        indexSeconds.merge(format, seconds, Double::sum);
        log.accept(String.format(Locale.ROOT, "  %s: %d documents indexed (%s) in %.1f s", part.name(),
            summary.added(), format.label(), seconds));
        try (ClirSearcher searcher = ClirSearcher.open(dir, metered, false)) {
          if (format == options.formats().get(0)) {
            passages += searcher.stats().passages();
          }
          var knownIds = searcher.documentIds();
          for (Setup setup : setups) {
            boolean here = setup.mode() == SearchMode.KEYWORD ? format == options.formats().get(0)
                : setup.format() == format;
            if (!here) {
              continue;
            }
            long s0 = System.nanoTime();
            Run run = ask(searcher, setup, queries, vectors);
            double[] t = timing.get(setup);
            t[0] += (System.nanoTime() - s0) / 1e9;
            t[1] += queries.size();
            EvalReport report = new Evaluator(NeedIdStrategy.beforeLastDash())
                .evaluate(part.queries(), part.qrels(), run, knownIds);
            if (!report.unknownJudgedDocs().isEmpty() || !report.noJudgments().isEmpty()) {
              throw new IllegalStateException(part.name() + ": qrels and index disagree (" + report.unknownJudgedDocs().size()
                  + " judged documents not indexed, " + report.noJudgments().size() + " questions without judgments)");
            }
            perQuery.get(setup).addAll(report.queries());
          }
        } finally {
          deleteTree(dir);
        }
      }
    }
    List<BenchmarkResult.SetupResult> results = new ArrayList<>();
    for (Setup setup : setups) {
      double[] t = timing.get(setup);
      results.add(new BenchmarkResult.SetupResult(setup, scores(benchmark, perQuery.get(setup)), t[0], (long) t[1]));
    }
    return new BenchmarkResult(benchmark, passages, indexSeconds, results, unknownShares(benchmark));
  }

  private BulkIndexer.Summary index(EvalCorpus part, VectorFormat format, Path dir) {
    IndexConfig config = IndexConfig.builder(dir).openMode(OpenMode.CREATE).vectorFormat(format).build();
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, metered)) {
      return new BulkIndexer(writer, BulkIndexer.Options.DEFAULTS, null)
          .run(new InMemorySource(part.name(), part.documents()));
    }
  }

  private Run ask(ClirSearcher searcher, Setup setup, List<Query> queries, Embeddings vectors) {
    // the questions were embedded together beforehand, in this order
    Map<Query, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      position.put(queries.get(i), i);
    }
    return QueryRuns.collect(setup.key(), queries, q -> searcher.search(
        setup.mode() == SearchMode.KEYWORD ? null : vectors.vector(position.get(q)),
        SearchRequest.builder(q.text()).k(options.k()).numCandidates(options.numCandidates())
            .mode(setup.mode()).fusionSettings(options.fusion()).build()), QueryRuns.Scores.BY_RANK, null);
  }


  /** Per language: means over its questions, and the transfer to English over the needs asked in both. */
  private static Map<String, LanguageScores> scores(Benchmark benchmark, List<QueryResult> results) {
    Map<String, List<QueryResult>> byLang = new LinkedHashMap<>();
    benchmark.languages().forEach(l -> byLang.put(l, new ArrayList<>()));
    results.forEach(r -> byLang.computeIfAbsent(r.lang(), l -> new ArrayList<>()).add(r));
    Map<String, QueryResult> englishByNeed = new TreeMap<>();
    byLang.getOrDefault(Languages.ENGLISH, List.of()).forEach(r -> {
      if (r.needId() != null) {
        englishByNeed.put(r.needId(), r);
      }
    });
    Map<String, LanguageScores> out = new LinkedHashMap<>();
    byLang.forEach((lang, rs) -> {
      Map<Metric, Double> means = new EnumMap<>(Metric.class);
      if (!rs.isEmpty()) {
        for (Metric m : Metric.values()) {
          means.put(m, rs.stream().mapToDouble(r -> r.score(m)).average().orElseThrow());
        }
      }
      LanguageScores.Transfer transfer = null;
      if (!lang.equals(Languages.ENGLISH) && !englishByNeed.isEmpty()) {
        Metric m = benchmark.primary();
        List<QueryResult> paired = rs.stream().filter(r -> englishByNeed.containsKey(r.needId())).toList();
        if (!paired.isEmpty()) {
          double l = paired.stream().mapToDouble(r -> r.score(m)).average().orElseThrow();
          double e = paired.stream().mapToDouble(r -> englishByNeed.get(r.needId()).score(m)).average().orElseThrow();
          transfer = new LanguageScores.Transfer(m, paired.size(), l, e, e == 0 ? Double.NaN : l / e);
        }
      }
      out.put(lang, new LanguageScores(lang, rs.size(), means, transfer));
    });
    return out;
  }

  private Map<String, Double> unknownShares(Benchmark benchmark) {
    if (unknownId.isEmpty()) {
      return Map.of();
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    benchmark.languages().forEach(l -> counts.put(l, new long[2]));
    for (EvalCorpus part : benchmark.parts()) {
      for (Query q : part.queries().queries()) {
        long[] ids = model.tokenizer().tokenize(q.text()).ids();
        long[] c = counts.computeIfAbsent(q.lang(), l -> new long[2]);
        for (long id : ids) {
          if (id == unknownId.getAsLong()) {
            c[0]++;
          }
        }
        c[1] += ids.length;
      }
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    counts.forEach((lang, c) -> shares.put(lang, c[1] == 0 ? 0 : (double) c[0] / c[1]));
    return shares;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary index " + dir, e);
    }
  }
}
