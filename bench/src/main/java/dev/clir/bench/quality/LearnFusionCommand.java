package dev.clir.bench.quality;

import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.Embeddings;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.eval.Evaluator;
import dev.clir.eval.Metric;
import dev.clir.eval.Qrels;
import dev.clir.eval.Query;
import dev.clir.eval.QueryFileReader;
import dev.clir.eval.QuerySet;
import dev.clir.model.DownloadListener;
import dev.clir.model.ModelOverrides;
import dev.clir.model.ModelResolver;
import dev.clir.model.ResolvedModel;
import dev.clir.search.ClirSearcher;
import dev.clir.search.HybridCandidates;
import dev.clir.search.SearchRequest;
import dev.clir.search.fusion.FusionLearner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.KeywordLeg;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clir-bench learn-fusion}: learns fusion settings on a user's own index and judged questions, for
 * {@code clir-query --fusion-settings}. Every judged question is used for learning: hold some out and measure the
 * result with {@code clir-query eval --fusion-settings} to know what it is worth.
 */
@Command(name = "learn-fusion", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Learn how hybrid and auto search fuse the vector and BM25 rankings, from your own index and judged "
        + "questions: every fusion function, depth and weight is tried, the best on average over your questions' "
        + "languages that loses at most 0.5 pt nDCG@10 to the better ranking alone in any language is written as a "
        + "settings file for clir-query --fusion-settings.",
        "Learning sees every question given: keep some apart and check the result with clir-query eval."})
public final class LearnFusionCommand implements Callable<Integer> {
  @Option(names = {"-i", "--index"}, required = true, paramLabel = "DIR", description = "Index built by clir-index.")
  Path index;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR|HF-ID",
      description = "The model the index was built with (a directory or a Hugging Face id).")
  String model;

  @Option(names = "--queries", required = true, paramLabel = "FILE",
      description = "Questions: TSV (qid<TAB>text) or JSONL ({\"id\",\"text\",\"lang\"}); the language groups them.")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "Relevance judgments (TREC qrels).")
  Path qrels;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the settings.")
  Path out;

  @Option(names = "--candidates", paramLabel = "N", defaultValue = "100",
      description = "Documents taken from each ranking (default: ${DEFAULT-VALUE}).")
  int candidates;

  /** Where the summary goes; tests replace it. */
  PrintStream console = System.out;

  @Override
  public Integer call() throws IOException {
    QuerySet set = QueryFileReader.read(queries);
    Qrels judged = Qrels.read(qrels);
    ResolvedModel resolved = ModelResolver.builder().listener(DownloadListener.SILENT).build().locate(model);
    LinkedHashMap<KeywordLeg, List<FusionLearner.Example>> byLeg = new LinkedHashMap<>();
    try (OnnxEmbedder embedder = OnnxEmbedder.open(resolved.directory(), resolved.overrides(ModelOverrides.NONE),
            EmbedderOptions.builder().build());
        ClirSearcher searcher = ClirSearcher.open(index, embedder, false)) {
      List<Query> asked = set.queries().stream().filter(q -> judged.relevantCount(q.id()) > 0).toList();
      Embeddings vectors = embedder.embed(TextKind.QUERY, asked.stream().map(Query::text).toList());
      // the questions' own languages are the ones a question's language is identified among
      Set<String> languages = new TreeSet<>();
      asked.forEach(q -> {
        if (q.lang() != null && q.lang().matches("[a-z]{2,3}")) {
          languages.add(q.lang());
        }
      });
      for (int i = 0; i < asked.size(); i++) {
        Query q = asked.get(i);
        String lang = q.lang() == null ? Evaluator.UNKNOWN_LANGUAGE : q.lang();
        for (KeywordLeg leg : FusionLearner.KEYWORD_LEGS) {
          SearchRequest request = SearchRequest.builder(q.text()).numCandidates(candidates)
              .fusionSettings(FusionLearner.probe(languages, leg)).build();
          HybridCandidates c = searcher.candidates(vectors.vector(i), request);
          byLeg.computeIfAbsent(leg, l -> new ArrayList<>()).add(new FusionLearner.Example(lang, Metric.NDCG_10,
              c.vector(), c.keyword(), c.signals(), judged.judgments(q.id())));
        }
      }
      List<FusionLearner.Example> examples = byLeg.getOrDefault(KeywordLeg.PLAIN, List.of());
      Map<String, String> learned = new LinkedHashMap<>();
      learned.put("by", "clir-bench learn-fusion --index " + index + " --queries " + queries + " --qrels " + qrels);
      learned.put("model", embedder.info().id() + " (" + embedder.info().fingerprint() + ")");
      learned.put("on", examples.size() + " judged questions of " + queries.getFileName());
      learned.put("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
      FusionLearner.Result result = FusionLearner.learnKeywordLeg(byLeg, FusionLearner.Options.defaults(), languages,
          learned);
      result.settings().write(out);
      console.println("learned from " + examples.size() + " judged questions: " + result.settings().describe());
      console.println("  " + result.choice());
      console.printf(Locale.ROOT, "  %-10s %9s %8s %8s %8s %8s%n", "language", "questions", "vector", "BM25", "hybrid",
          "auto");
      for (FusionLearner.GroupFigures g : result.groups()) {
        console.printf(Locale.ROOT, "  %-10s %9d %8.4f %8.4f %8.4f %8.4f%n", g.group(), g.questions(), g.vector(),
            g.keyword(), g.hybrid(), g.auto());
      }
      console.println("wrote " + out + " (nDCG@10 on the questions it learned from: measure held-out ones with "
          + "clir-query eval --fusion-settings " + out + ")");
    }
    return 0;
  }
}
