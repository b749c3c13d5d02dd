package dev.clir.cli.query;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.Json;
import dev.clir.cli.ModelOptions;
import dev.clir.cli.OptionChecks;
import dev.clir.cli.Progress;
import dev.clir.eval.EvalReport;
import dev.clir.eval.EvalReportFormat;
import dev.clir.eval.Evaluator;
import dev.clir.eval.Qrels;
import dev.clir.eval.Query;
import dev.clir.eval.QueryFileReader;
import dev.clir.eval.QuerySet;
import dev.clir.eval.Run;
import dev.clir.search.QueryRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clir-query eval}: run every query and score the run against relevance judgments, per language. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ask every query of a file and score the ranking against TREC qrels (qid 0 docid grade): "
        + "recall@1/5/10/100, MRR@10 and nDCG@10, overall and per language (the queries' lang), and each "
        + "language's transfer ratio to English (its nDCG@10 and R@10 divided by English's on the same "
        + "information needs). Conventions follow trec_eval (ties by docid, gain = grade, log2(rank+1) "
        + "discount); queries without a relevant judgment are left out of the means and counted."},
    footerHeading = "%nExamples:%n",
    footer = {"  clir-query eval --index idx --queries testdata/queries.jsonl \\",
        "      --qrels testdata/qrels.txt",
        "  clir-query eval --index idx --queries testdata/queries.jsonl \\",
        "      --qrels testdata/qrels.txt --json --run-out runs/clir.txt",
        "  clir-query eval --index idx --queries testdata/queries.jsonl \\",
        "      --qrels testdata/qrels.txt --per-query --mode hybrid"})
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "Index directory.")
  Path index;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "Queries: TSV (qid<TAB>text[<TAB>lang]) or JSONL ({\"id\",\"text\",\"lang\"}).")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "TREC qrels: qid 0 docid grade.")
  Path qrels;

  @Option(names = "--run-out", paramLabel = "FILE", description = "Also write the run (TREC format) here, e.g. for trec_eval.")
  Path runOut;

  @Mixin SearchOptions search;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--per-query", description = "Also print each query's figures (JSON always has them).")
  boolean perQuery;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  @Override
  public Integer call() {
    if (search.k < 100) {
      if (OptionChecks.given(spec, "--k")) {
        throw OptionChecks.invalid(spec, "--k", String.valueOf(search.k),
            "eval retrieves 100 documents per query because R@100 needs them; leave -k out or give 100 or more");
      }
      search.k = 100;
    }
    search.validate();
    if (perQuery && json) {
      throw OptionChecks.usage(spec, "--per-query is for the text table: --json always lists every query's figures");
    }
    QuerySet set = QueryFileReader.read(queries);
    Qrels judgments = Qrels.read(qrels);
    List<String> unasked = judgments.queryIds().stream().filter(id -> set.get(id).isEmpty()).sorted().toList();
    if (!unasked.isEmpty() && !quiet) {
      System.err.println("warning: " + unasked.size() + " query ids of " + qrels + " are not in " + queries
          + " and are not evaluated, e.g. " + unasked.get(0));
    }
    try (SearchSession session = new SearchSession(index, model, search, false);
        Progress progress = Progress.create("Evaluating", "queries", set.size(), quiet)) {
      long t0 = System.nanoTime();
      int[] done = {0};
      Run built = QueryRuns.collect("clir", set.queries(),
          q -> session.searcher.search(search.request(q.text(), session.passages)), QueryRuns.Scores.AS_RETURNED,
          (q, results) -> progress.update(++done[0], ""));
      double seconds = (System.nanoTime() - t0) / 1e9;
      progress.close();
      if (runOut != null) {
        QueryCommand.createParent(runOut);
        try {
          built.write(runOut);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + runOut + ": " + e.getMessage(), e);
        }
      }
      EvalReport report = new Evaluator().evaluate(set, judgments, built, session.searcher.documentIds());
      // the table lists this warning itself; JSON carries it as data, and a person reading stderr still learns it
      if (json && report.unknownJudgedDocs() != null && !report.unknownJudgedDocs().isEmpty() && !quiet) {
        System.err.println("warning: " + report.unknownJudgedDocs().size() + " judged documents are not in the index, e.g. "
            + report.unknownJudgedDocs().iterator().next());
      }
      System.out.println(json ? EvalReportFormat.json(report) : EvalReportFormat.table(report));
      if (perQuery) {
        System.out.print(EvalReportFormat.perQueryTable(report));
      }
      if (!json && !quiet) {
        System.err.printf(Locale.ROOT, "%d queries in %.1f s (%.1f queries/s), model %s%n", set.size(), seconds, set.size() / seconds,
            session.embedder.info().id());
      }
    }
    return ExitCodes.OK;
  }
}
