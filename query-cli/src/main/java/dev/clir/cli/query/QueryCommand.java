package dev.clir.cli.query;

import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.Json;
import dev.clir.cli.ModelCommand;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.OptionChecks;
import dev.clir.cli.Progress;
import dev.clir.cli.RequiredWhenRun;
import dev.clir.cli.Prompt;
import dev.clir.cli.UserInputException;
import dev.clir.embed.ModelPreload;
import dev.clir.embed.TextKind;
import dev.clir.embed.TokenSpans;
import dev.clir.eval.Query;
import dev.clir.eval.QueryFileReader;
import dev.clir.eval.QuerySet;
import dev.clir.eval.Run;
import dev.clir.model.Fingerprint;
import dev.clir.model.ModelInfo;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchMode;
import dev.clir.search.QueryRuns;
import dev.clir.search.SearchRequest;
import dev.clir.search.SearchResults;
import java.io.BufferedReader;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clir-query}: ask in any language, get English documents. */
@Command(
    name = "clir-query",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Ask a question in any language the model knows and get the English documents that answer it.",
        "",
        "One question as an argument; many with --queries FILE (writes a TREC run or JSON Lines); none, on a "
            + "terminal, for an interactive prompt that keeps model and index loaded. The model is the one the "
            + "index was built with unless --model says otherwise; a different model is refused."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  clir-query --index idx \"Como faço para redefinir minha senha?\"",
        "  clir-query --index idx --k 5 --filter category=billing --mode hybrid \\",
        "      \"Malipo yangu yamekataliwa BIL-40\"",
        "  clir-query --index idx --queries testdata/queries.jsonl --output run.txt",
        "  clir-query eval --index idx --queries testdata/queries.jsonl \\",
        "      --qrels testdata/qrels.txt"},
    subcommands = {EvalCommand.class, ClassifyCommand.class, ModelCommand.class, CommandLine.HelpCommand.class})
public final class QueryCommand implements Callable<Integer>, RequiredWhenRun {
  @Spec CommandSpec spec;

  @Override
  public List<String> requiredWhenRun() {
    return List.of("--index"); // not `required`: the model subcommands need no index
  }

  @Option(names = {"-i", "--index"}, paramLabel = "DIR", description = "Index directory built by clir-index.")
  Path index;

  @Parameters(arity = "0..*", paramLabel = "QUESTION", description = "The question (several words are joined).")
  List<String> question = List.of();

  @Option(names = "--queries", paramLabel = "FILE", description = "Ask every question of a TSV (qid<TAB>text) or JSONL ({\"id\",\"text\",\"lang\"}) file.")
  Path queries;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "With --queries: write the run here instead of standard output.")
  Path output;

  @Option(names = "--run-format", paramLabel = "FORMAT", defaultValue = "trec",
      description = "With --queries: trec (qid Q0 docid rank score tag) or jsonl (default: ${DEFAULT-VALUE}).")
  String runFormat;

  @Option(names = "--tag", defaultValue = "clir", description = "Run tag in TREC output (default: ${DEFAULT-VALUE}).")
  String tag;

  @Mixin SearchOptions search;

  @Mixin ModelOptions model;

  @Option(names = "--allow-model-mismatch", description = "Expert: search with a model other than the index's (scores become meaningless).")
  boolean allowModelMismatch;

  @Option(names = "--json", description = "Print results as JSON.")
  boolean json;

  @Option(names = "--explain", description = "Also show prefix, token count and truncation, fingerprints, where the time "
      + "went, and in hybrid and auto mode each hit's rank and score in both rankings and the weight used.")
  boolean explain;

  @Option(names = {"-q", "--quiet"}, description = "No progress output for --queries.")
  boolean quiet;

  private final long startNanos = System.nanoTime();

  @Override
  public Integer call() {
    String text = String.join(" ", question).strip();
    if (!question.isEmpty() && text.isEmpty()) {
      throw usage("The question is empty: ask something, e.g. clir-query --index " + index + " \"How do I reset my password?\"");
    }
    checkCombinations(!text.isEmpty());
    search.validate();
    QuerySet set = queries == null ? null : QueryFileReader.read(queries);
    try (SearchSession session = new SearchSession(index, model, search, allowModelMismatch)) {
      search.checkFilterFields(session);
      if (set != null) {
        return batch(session, set);
      }
      if (!text.isEmpty()) {
        ask(session, text, stdout(), HitPrinter.PIPE_WIDTH);
        return ExitCodes.OK;
      }
      return interactive(session);
    }
  }

  /** Every option takes effect or is refused: the ones that belong to one way of asking are refused with the others. */
  private void checkCombinations(boolean hasQuestion) {
    if (queries != null && hasQuestion) {
      throw usage("Give a QUESTION or --queries FILE, not both (the question would be ignored)");
    }
    if (queries == null) {
      for (String option : List.of("--output", "--run-format", "--tag")) {
        if (OptionChecks.given(spec, option)) {
          throw usage(option + " applies to runs over a query set: add --queries FILE, or leave " + option + " out");
        }
      }
    }
    if (queries != null && json) {
      if (OptionChecks.given(spec, "--run-format") && !runFormat.equalsIgnoreCase("jsonl")) {
        throw usage("--json and --run-format " + runFormat + " disagree: with --queries, --json writes JSON Lines (--run-format jsonl)");
      }
      runFormat = "jsonl";
    }
    if (queries != null && explain) {
      throw usage("--explain applies to single questions, not to --queries runs");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return OptionChecks.usage(spec, message);
  }

  /**
   * Asks one question and prints the answer {@code width} columns wide; with --json one object, pretty for a single
   * question on the command line, one line each (JSON Lines) for questions read from standard input.
   */
  private void ask(SearchSession session, String text, PrintWriter out, int width) {
    SearchRequest request = search.request(text, session.passages);
    SearchResults results = session.searcher.search(request);
    warnIfCut(session, text);
    if (json) {
      var map = HitPrinter.json(text, results);
      if (explain) {
        map.put("explain", explanation(session, request, results));
      }
      out.println(question.isEmpty() ? Json.line(map) : Json.pretty(map));
      return;
    }
    HitPrinter.table(results, out, width);
    if (results.hits().isEmpty()) {
      out.println(search.noResultsHint());
    }
    if (explain) {
      explanation(session, request, results).forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
    }
  }

  /**
   * Says when the model reads only the start of the question (answers then ignore the rest), or cannot read most of
   * it (its vocabulary does not know the words: the answers are close to chance).
   */
  private void warnIfCut(SearchSession session, String text) {
    if (quiet) {
      return;
    }
    int max = session.embedder.info().maxSeqLength();
    TokenSpans tokens = session.embedder.tokenizer().tokenize(session.embedder.info().queryPrefix() + text);
    int raw = tokens.size() + 2;
    if (raw > max) {
      System.err.printf(Locale.ROOT, "warning: the question has %d tokens; model %s reads the first %d, the rest is ignored%n",
          raw, session.embedder.info().id(), max);
    }
    int unknown = session.embedder.tokenizer().unknownTokens(text);
    int words = session.embedder.tokenizer().tokenize(text).size();
    if (words > 0 && unknown * 2 >= words) {
      System.err.printf(Locale.ROOT, "warning: model %s does not know %d of the question's %d tokens: it reads little of it, "
          + "so the answers are close to chance; a model that knows the language (e.g. intfloat/multilingual-e5-small) does%n",
          session.embedder.info().id(), unknown, words);
    }
  }

  private java.util.Map<String, Object> explanation(SearchSession session, SearchRequest request, SearchResults results) {
    String text = request.query();
    ModelInfo info = session.embedder.info();
    int raw = session.embedder.tokenizer().tokenize(info.queryPrefix() + text).size() + 2;
    int fed = session.embedder.tokenizer().countTokens(TextKind.QUERY, text);
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("model", info.id() + " (" + info.directory() + ")");
    m.put("prefix", "\"" + info.queryPrefix() + "\"");
    m.put("tokens", fed + (raw > fed ? " (truncated from " + raw + ")" : " (not truncated)"));
    m.put("model fingerprint", Fingerprint.shortForm(info.fingerprint()));
    m.put("index fingerprint", Fingerprint.shortForm(session.searcher.metadata().modelFingerprint()));
    m.put("mode", results.mode().name().toLowerCase(Locale.ROOT) + (results.exact() ? ", exact" : ", hnsw")
        + (results.rescored() ? ", rescored at full precision" : ""));
    m.put("vector format", session.searcher.metadata().vectorFormat().label());
    m.put("candidates", request.numCandidates() + (search.candidates != null ? " (--candidates)"
        : " (scaled to " + session.passages + " passages)"));
    if (results.fusion() != null) {
      var f = results.fusion();
      var s = f.signals();
      m.put("fusion", f.function() + ", depth " + f.depth() + " per leg; vector weight "
          + String.format(Locale.ROOT, "%.2f, BM25 %.2f", f.weight().vector(), f.weight().keyword()) + " ("
          + f.weight().reason() + ")");
      m.put("signals", String.format(Locale.ROOT, "language %s, %d BM25 terms, %.2f of them in the index (%.2f by IDF), "
          + "keyword breadth %.2f, top margin: vector %.2f, BM25 %.2f", s.language(), s.terms(), s.termShare(),
          s.idfShare(), s.keywordBreadth(), s.vectorMargin(), s.keywordMargin()));
    }
    if (results.mode() != SearchMode.VECTOR) {
      var legs = new java.util.ArrayList<String>();
      for (SearchHit h : results.hits()) {
        legs.add(h.id() + ": vector " + leg(h.vectorRank(), h.vectorScore()) + ", BM25 "
            + leg(h.keywordRank(), h.keywordScore()));
      }
      m.put("legs", String.join("; ", legs));
    }
    m.put("JVM start to main ms", String.format(Locale.ROOT, "%.0f", (startNanos / 1e6) - jvmStartMillis()));
    m.put("model load ms", String.format(Locale.ROOT, "%.0f", session.modelLoadMillis));
    m.put("index open ms", String.format(Locale.ROOT, "%.0f", session.indexOpenMillis));
    m.put("embed ms", String.format(Locale.ROOT, "%.1f", results.embedMillis()));
    m.put("search ms", String.format(Locale.ROOT, "%.1f", results.searchMillis()));
    return m;
  }

  private static String leg(int rank, float score) {
    return rank == 0 ? "–" : String.format(Locale.ROOT, "#%d %.4f", rank, score);
  }

  /** Milliseconds on the nanoTime clock at which the JVM started, so that "JVM start to main" is measurable. */
  private static double jvmStartMillis() {
    long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    return System.nanoTime() / 1e6 - uptime;
  }

  private int batch(SearchSession session, QuerySet set) {
    boolean trec = switch (runFormat.toLowerCase(Locale.ROOT)) {
      case "trec" -> true;
      case "jsonl" -> false;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--run-format must be trec or jsonl, not '" + runFormat + "'");
    };
    createParent(output);
    long t0 = System.nanoTime();
    // Standard output is flushed, never closed: it is not ours.
    try (Writer w = output == null ? new FilterWriter(new PrintWriter(System.out, false, StandardCharsets.UTF_8)) {
          @Override
          public void close() throws IOException {
            flush();
          }
        } : Files.newBufferedWriter(output);
        Progress progress = Progress.create("Searching", "queries", set.size(), quiet || output == null)) {
      int[] done = {0};
      Run run = QueryRuns.collect(tag, set.queries(), q -> session.searcher.search(search.request(q.text(), session.passages)),
          QueryRuns.Scores.AS_RETURNED, (q, results) -> {
            if (!trec) {
              var line = HitPrinter.json(q.text(), results);
              line.put("id", q.id());
              line.put("lang", q.lang());
              try {
                w.write(Json.line(line) + "\n");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            progress.update(++done[0], "");
          });
      if (trec) {
        run.write(w);
      }
      w.flush();
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new UncheckedIOException("cannot write the run" + (output == null ? "" : " to " + output) + ": "
          + cause.getMessage(), cause);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!quiet) {
      System.err.printf(Locale.ROOT, "%d queries in %.1f s (%.1f queries/s)%s%n", set.size(), seconds, set.size() / seconds,
          output == null ? "" : ", run written to " + output);
    }
    return ExitCodes.OK;
  }

  /** Questions from standard input: a JLine prompt on a terminal, one question per line from a pipe or a file. */
  private int interactive(SearchSession session) {
    if (prompts == null && !Progress.onTerminal()) {
      return fromPipe(session);
    }
    try (Prompt prompt = prompts != null ? prompts.get() : Prompt.onSystemTerminal()) {
      prompt.writer().println("clir-query: ask in any language; exit, quit or Ctrl-D ends, Up recalls a question. Index " + index
          + ", model " + session.embedder.info().id());
      prompt.writer().flush();
      for (String line = prompt.read("? "); line != null; line = prompt.read("? ")) {
        ask(session, line, prompt.writer(), prompt.width());
        prompt.writer().println();
        prompt.writer().flush();
      }
      return ExitCodes.OK;
    }
  }

  private int fromPipe(SearchSession session) {
    PrintWriter out = stdout();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        if (!json) {
          out.println("? " + line.strip());
        }
        ask(session, line.strip(), out, HitPrinter.PIPE_WIDTH);
        if (!json) {
          out.println();
        }
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new UserInputException("cannot read questions from standard input: " + e.getMessage(), e);
    }
  }

  /** Like intents --out: a run written to a folder that does not exist yet creates it. */
  static void createParent(Path file) {
    if (file == null || file.toAbsolutePath().getParent() == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UserInputException("cannot create the folder for " + file + ": " + e.getMessage()
          + (e instanceof java.nio.file.FileAlreadyExistsException ? " is a file" : ""), e);
    }
  }

  /** Standard output as a writer in its own encoding, flushed at every line. */
  private static PrintWriter stdout() {
    return new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
  }

  /** For tests: where the interactive prompt reads from instead of the system terminal. */
  Supplier<Prompt> prompts;

  public static void main(String[] args) {
    if (needsAModel(args)) {
      ModelPreload.start(); // while picocli reads the command line and the index says which model it needs
    }
    System.exit(Cli.create(new QueryCommand()).execute(args));
  }

  /** Questions, eval and classify do; help, version and the model subcommands (list, pull, info) do not. */
  static boolean needsAModel(String[] args) {
    if (args.length > 0 && (args[0].equals("model") || args[0].equals("help"))) {
      return false;
    }
    return Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"));
  }
}
