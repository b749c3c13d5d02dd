package dev.clir.cli.query;

import dev.clir.cli.Cli;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.Json;
import dev.clir.cli.ModelCommand;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.Progress;
import dev.clir.cli.UserInputException;
import dev.clir.embed.TextKind;
import dev.clir.eval.Query;
import dev.clir.eval.QueryFileReader;
import dev.clir.eval.QuerySet;
import dev.clir.eval.Run;
import dev.clir.model.Fingerprint;
import dev.clir.model.ModelInfo;
import dev.clir.search.SearchHit;
import dev.clir.search.SearchMode;
import dev.clir.search.SearchRequest;
import dev.clir.search.SearchResults;
import java.io.BufferedReader;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
    description = {
        "Ask a question in any language the model knows and get the English documents that answer it.",
        "",
        "One question as an argument; many with --queries FILE (writes a TREC run or JSON Lines); none, on a terminal,",
        "for an interactive prompt that keeps model and index loaded. The model is the one the index was built with",
        "unless --model says otherwise; a different model is refused.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  clir-query --index idx \"Como faço para redefinir minha senha?\"",
        "  clir-query --index idx --k 5 --filter category=billing --mode hybrid \"Malipo yangu yamekataliwa BIL-40\"",
        "  clir-query --index idx --queries testdata/queries.jsonl --output run.txt",
        "  clir-query eval --index idx --queries testdata/queries.jsonl --qrels testdata/qrels.txt"},
    subcommands = {EvalCommand.class, ClassifyCommand.class, ModelCommand.class, CommandLine.HelpCommand.class})
public final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--index"}, paramLabel = "DIR", description = "Index directory built by clir-index.")
  Path index;

  @Parameters(arity = "0..*", paramLabel = "QUESTION", description = "The question (several words are joined).")
  java.util.List<String> question = java.util.List.of();

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
    if (index == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--index=DIR'");
    }
    String text = String.join(" ", question).strip();
    if (!question.isEmpty() && text.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "The question is empty: ask something, e.g. clir-query --index "
          + index + " \"How do I reset my password?\"");
    }
    search.validate();
    QuerySet set = queries == null ? null : QueryFileReader.read(queries);
    try (SearchSession session = new SearchSession(index, model, allowModelMismatch)) {
      if (set != null) {
        return batch(session, set);
      }
      if (!text.isEmpty()) {
        ask(session, text, System.out);
        return ExitCodes.OK;
      }
      return interactive(session);
    }
  }

  private void ask(SearchSession session, String text, PrintStream out) {
    SearchRequest request = search.request(text, session.passages);
    SearchResults results = session.searcher.search(request);
    if (json) {
      var map = HitPrinter.json(text, results);
      if (explain) {
        map.put("explain", explanation(session, request, results));
      }
      out.println(Json.pretty(map));
      return;
    }
    HitPrinter.table(results, out);
    if (explain) {
      explanation(session, request, results).forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
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
      m.put("signals", String.format(Locale.ROOT, "script %s, %d BM25 terms, %.2f of them in the index (%.2f by IDF), "
          + "keyword breadth %.2f, vector top margin %.2f", s.script(), s.terms(), s.termShare(), s.idfShare(),
          s.keywordBreadth(), s.vectorMargin()));
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
    Run.Builder run = Run.builder(tag);
    long t0 = System.nanoTime();
    // Standard output is flushed, never closed: it is not ours.
    try (Writer w = output == null ? new FilterWriter(new PrintWriter(System.out, false, StandardCharsets.UTF_8)) {
          @Override
          public void close() throws IOException {
            flush();
          }
        } : Files.newBufferedWriter(output);
        Progress progress = Progress.create("Searching", "queries", set.size(), quiet || output == null)) {
      int done = 0;
      for (Query q : set.queries()) {
        SearchResults results = session.searcher.search(search.request(q.text(), session.passages));
        run.query(q.id());
        for (SearchHit h : results.hits()) {
          run.add(q.id(), h.id(), h.score());
        }
        if (!trec) {
          var line = HitPrinter.json(q.text(), results);
          line.put("id", q.id());
          line.put("lang", q.lang());
          w.write(Json.line(line) + "\n");
        }
        progress.update(++done, "");
      }
      if (trec) {
        run.build().write(w);
      }
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run" + (output == null ? "" : " to " + output) + ": " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!quiet) {
      System.err.printf(Locale.ROOT, "%d queries in %.1f s (%.1f queries/s)%s%n", set.size(), seconds, set.size() / seconds,
          output == null ? "" : ", run written to " + output);
    }
    return ExitCodes.OK;
  }

  private int interactive(SearchSession session) {
    boolean terminal = Progress.onTerminal();
    PrintStream out = System.out;
    if (terminal) {
      out.println("clir-query: ask in any language; an empty line or Ctrl-D ends. Index " + index + ", model " + session.embedder.info().id());
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (true) {
        if (terminal) {
          out.print("? ");
          out.flush();
        }
        String line = in.readLine();
        if (line == null || (terminal && line.isBlank())) {
          return ExitCodes.OK;
        }
        if (line.isBlank()) {
          continue;
        }
        if (!terminal && !json) {
          out.println("? " + line.strip());
        }
        ask(session, line.strip(), out);
        out.println();
      }
    } catch (IOException e) {
      throw new UserInputException("cannot read questions from standard input: " + e.getMessage(), e);
    }
  }

  public static void main(String[] args) {
    System.exit(Cli.create(new QueryCommand()).execute(args));
  }
}
