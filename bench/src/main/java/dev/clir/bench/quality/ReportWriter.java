package dev.clir.bench.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clir.eval.Metric;
import dev.clir.index.VectorFormat;
import dev.clir.search.SearchMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes a {@link QualityReport} as {@code REPORT.md}, {@code report.json} and one PNG chart per benchmark. */
public final class ReportWriter {
  public static final String MARKDOWN = "REPORT.md";
  public static final String JSON = "report.json";

  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final List<Metric> QA_METRICS = List.of(Metric.NDCG_10, Metric.RECALL_1, Metric.RECALL_10, Metric.MRR_10);
  private static final List<Metric> BITEXT_METRICS = List.of(Metric.RECALL_1, Metric.RECALL_10, Metric.MRR_10);

  private ReportWriter() {}

  /** Writes the files into {@code dir} (created if needed) and returns their paths. */
  public static List<Path> write(QualityReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (BenchmarkResult r : report.results()) {
      Path png = dir.resolve(Charts.fileName(r));
      Charts.write(report, r, png);
      written.add(png);
    }
    if (report.intents() != null && report.intents().sib200() != null) {
      Path png = dir.resolve(IntentFigures.SIB_CHART);
      Charts.writeIntents(report, report.intents().sib200(), png);
      written.add(png);
    }
    Path md = dir.resolve(MARKDOWN);
    Files.writeString(md, markdown(report), StandardCharsets.UTF_8);
    written.add(0, md);
    Path json = dir.resolve(JSON);
    Files.writeString(json, MAPPER.writeValueAsString(json(report)) + "\n", StandardCharsets.UTF_8);
    written.add(1, json);
    return written;
  }

  static List<Metric> metrics(Benchmark b) {
    return b.kind() == Benchmark.Kind.QUESTION_TO_PARAGRAPH ? QA_METRICS : BITEXT_METRICS;
  }

  // ---------------------------------------------------------------- Markdown

  static String markdown(QualityReport q) {
    StringBuilder md = new StringBuilder();
    RunEnvironment env = q.environment();
    md.append("# Cross-lingual retrieval quality: ").append(q.model().id()).append("\n\n");
    md.append("English knowledge bases, questions in every language of the public sets; each figure is from the run "
        + "described here, on this machine. Written by `clir-bench quality`.\n\n");
    md.append("| | |\n| --- | --- |\n");
    row(md, "model", "`" + q.model().id() + "` (" + q.model().dimension() + " dimensions, " + q.model().pooling()
        .toString().toLowerCase(Locale.ROOT) + " pooling, query prefix `" + q.model().queryPrefix().strip()
        + "`), from `" + q.modelArg() + "`");
    row(md, "fingerprint", "`" + q.model().fingerprint() + "`");
    row(md, "vector formats", q.options().formats().stream().map(f -> f.label() + (f.quantized()
        ? " (HNSW over quantized vectors, candidates rescored with float32: clir's default)" : " (HNSW, exact scores)"))
        .collect(Collectors.joining("; ")));
    row(md, "search", "top " + q.options().k() + " documents, " + q.options().numCandidates()
        + " HNSW candidates; hybrid and auto fuse the vector and BM25 rankings: " + q.options().fusion().describe()
        + (q.fusion() == null ? "" : " (" + q.fusion().source() + ")"));
    row(md, "machine", env.cores() + " cores (" + env.cpu() + "), " + env.memory() + " RAM, " + env.os()
        + "; shared with other developers' builds: 1-minute load average " + number(env.loadAtStart(), 1)
        + " at the start, " + number(q.loadAtEnd(), 1) + " at the end");
    row(md, "JDK", env.jdk());
    row(md, "ONNX Runtime", env.onnxRuntime());
    row(md, "clir", env.clirVersion());
    row(md, "date", env.date());
    row(md, "wall time", String.format(Locale.ROOT, "%.1f s (%s), from the start of the command to the last figure (JVM start and writing "
        + "the report not included)",
        q.wallSeconds(), minutes(q.wallSeconds())));
    row(md, "embedding", String.format(Locale.ROOT, "%,d distinct texts (%,d tokens) embedded in %.1f s; %,d texts "
        + "asked for in all, the rest remembered", q.embedding().embedded(), q.embedding().tokens(),
        q.embedding().seconds(), q.embedding().requested()));
    row(md, "command", "`" + q.command() + "`");
    md.append('\n');

    if (q.englishOnlyModel()) {
      double[] th = q.unknownTokenShare().get("th");
      md.append("> **This is an English-only model, so the non-English figures are low by construction:** its "
          + "vocabulary is English WordPiece, so Thai questions become mostly `[UNK]`")
          .append(th == null ? "" : " (" + (Math.round(th[0] * 100) == Math.round(th[1] * 100) ? percent(th[0])
              : percent(th[0]) + "–" + percent(th[1])) + " of their tokens, depending on the set)")
          .append(" and Portuguese and Swahili reach English only through shared subwords, names and numbers. They "
              + "measure that handicap, not clir's cross-lingual retrieval: run the report with a multilingual model "
              + "(see [the README snippet](../README.md)).\n\n");
    }
    if (!q.notMeasured().isEmpty()) {
      md.append("**Not measured:** ").append(String.join("; ", q.notMeasured())).append("\n\n");
    }

    recommendations(md, q);
    FusionSection.markdown(md, q);

    for (BenchmarkResult r : q.results()) {
      benchmark(md, q, r);
    }
    if (q.intents() != null) {
      IntentSection.markdown(md, q.intents());
    }

    md.append("## How it was measured\n\n");
    md.append("- The public sets are read from `--data` and converted in memory (nothing is copied into the "
        + "project). The English side of each set is the knowledge base: it is indexed with `BulkIndexer`, the code "
        + "path of `clir-index`, into a temporary folder, once per vector format; the committed index is opened "
        + "like `clir-query` opens it.\n");
    md.append("- Every question is asked in every setup. *vector*: HNSW over passage vectors, documents ranked by "
        + "their best passage. *hybrid*: that ranking fused with BM25 over title and text by the fusion settings, one weight for every "
        + "question. *auto*: the same with the weight chosen per question from its language and signals. "
        + "*BM25*: the keyword ranking alone (it reads no vectors, so it is measured once, not per format).\n");
    md.append("- Metrics are `dev.clir.eval`'s (trec_eval definitions), computed on the ranking in the order the "
        + "engine returns it. Relevance: XQuAD, the paragraph a question was written about; bitext, the English "
        + "sentence of the same row (each distinct English sentence is indexed once, so every question has one right "
        + "answer and R@1 is the share of sentences whose translation ranks first).\n");
    md.append("- Transfer ratio: the language's mean of the primary metric divided by English's, over the questions "
        + "asked in both languages.\n");
    md.append("- Recommendation: per language, the mode with the best primary metric at ").append(q.referenceFormat()
        .label()).append(" averaged over the sets where that language asks (FLORES English → English, a sentence "
        + "finding itself, is a ceiling and does not vote).\n");
    md.append("- Each distinct text is embedded once (a memoizing embedder): re-indexing in another format and "
        + "asking in another mode reuse the vectors, so index times after the first format exclude the model.\n");
    if (q.intents() != null) {
      md.append("- Intents: `IntentEvaluation` of the engine, embedding its texts itself (not through the retrieval "
          + "sets' memo), so that an intents-only run (`--sets sib200-intents,testdata-intents`) gives the same figures: "
          + "a quantized graph's vectors move a little with the texts that share their batch. SIB-200: trained on "
          + "the English train split only, measured on each language's test split; few-shot points add k examples per "
          + "label from that language's train split, drawn with each seed, and average. testdata intents: trained on "
          + "`train.en`, threshold chosen on `dev.en` (best balanced accuracy), applied unchanged to each "
          + "`test.<lang>`.\n");
    }
    if (q.sampleNeeds() > 0) {
      md.append("- **Subsampled**: at most ").append(q.sampleNeeds()).append(" questions per language and knowledge "
          + "base (the same questions in every language, chosen by hash of their id).\n");
    }
    timings(md, q);
    md.append("\nReproduce: see [bench/reports/README.md](../README.md). Machine-readable figures: [")
        .append(JSON).append("](").append(JSON).append(").\n");
    return md.toString();
  }

  private static void timings(StringBuilder md, QualityReport q) {
    if (q.results().isEmpty()) {
      return;
    }
    md.append("\n## Timings\n\n| set | documents | passages | index ").append(q.options().formats().stream()
        .map(VectorFormat::label).collect(Collectors.joining(" / "))).append(" (s) | searches | search (s) |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (BenchmarkResult r : q.results()) {
      long searches = r.setups().stream().mapToLong(BenchmarkResult.SetupResult::searches).sum();
      double seconds = r.setups().stream().mapToDouble(BenchmarkResult.SetupResult::searchSeconds).sum();
      md.append("| ").append(r.benchmark().id()).append(" | ").append(r.benchmark().documents()).append(" | ")
          .append(r.passages()).append(" | ")
          .append(q.options().formats().stream().map(f -> number(r.indexSeconds().getOrDefault(f, Double.NaN), 1))
              .collect(Collectors.joining(" / ")))
          .append(" | ").append(searches).append(" | ").append(number(seconds, 1)).append(" |\n");
    }
  }

  private static void recommendations(StringBuilder md, QualityReport q) {
    if (q.results().isEmpty()) {
      return; // intent sets only
    }
    md.append("## Which mode to use, per language\n\n");
    List<BenchmarkResult> results = q.results();
    md.append("| language |");
    results.forEach(r -> md.append(" best on ").append(r.benchmark().id()).append(" |"));
    md.append(" **recommended** |\n| --- |");
    results.forEach(r -> md.append(" --- |"));
    md.append(" --- |\n");
    for (String lang : q.languages()) {
      Optional<QualityReport.Recommendation> rec = q.recommend(lang);
      md.append("| ").append(Languages.name(lang)).append(" (").append(lang).append(") |");
      for (BenchmarkResult r : results) {
        List<SearchMode> w = rec.map(x -> x.winners().get(r.benchmark().id())).orElse(null);
        String cell = w == null ? (r.benchmark().languages().contains(lang) ? "ceiling" : "–")
            : modeNames(w) + " (" + number(best(r, lang, w.get(0), q.referenceFormat()), 3) + ")";
        md.append(' ').append(cell).append(" |");
      }
      md.append(" **").append(rec.map(x -> modeNames(x.modes())).orElse("–")).append("** |\n");
    }
    md.append("\n`a = b`: tied. Figures in brackets: the set's primary metric (").append(results.stream()
        .map(r -> r.benchmark().id() + " " + r.benchmark().primary().label()).collect(Collectors.joining(", ")))
        .append(") at ").append(q.referenceFormat().label()).append(".\n\n");
    for (VectorFormat f : q.options().formats()) {
      if (f == q.referenceFormat()) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      for (BenchmarkResult r : results) {
        q.formatDelta(r, f).ifPresent(d -> parts.add(r.benchmark().id() + " " + signed(d[0]) + " to " + signed(d[1])));
      }
      if (!parts.isEmpty()) {
        md.append("**").append(f.label()).append(" vs ").append(q.referenceFormat().label()).append("** (change of the "
            + "primary metric, over languages and the vector and hybrid modes): ").append(String.join("; ", parts))
            .append(".");
        double largest = results.stream().map(r -> q.formatDelta(r, f)).flatMap(Optional::stream)
            .mapToDouble(d -> Math.max(Math.abs(d[0]), Math.abs(d[1]))).max().orElse(0);
        if (f.quantized() && largest < 0.005) {
          int documents = results.stream().flatMap(r -> r.benchmark().parts().stream())
              .mapToInt(p -> p.documents().size()).max().orElse(0);
          md.append(" ").append(largest < QualityReport.TIE ? "The same figures" : "Nearly the same figures")
              .append(": HNSW over ").append(f.label()).append(" vectors finds ").append(q.options().numCandidates())
              .append(" candidates and clir rescores them with the float32 vectors (its default for quantized formats); "
                  + "on knowledge bases of this size (at most ").append(documents).append(" documents) that gives back "
                  + "the float32 ranking").append(largest < QualityReport.TIE ? "" : " for all but a few questions")
              .append(". What ").append(f.label()).append(" changes is index size and speed, not measured here.");
        }
        md.append("\n\n");
      }
    }
  }

  private static double best(BenchmarkResult r, String lang, SearchMode mode, VectorFormat reference) {
    Setup s = mode == SearchMode.KEYWORD ? Setup.bm25() : new Setup(mode, reference);
    return r.setup(s).map(x -> x.languages().get(lang)).map(ls -> ls.mean(r.benchmark().primary())).orElse(Double.NaN);
  }

  private static void benchmark(StringBuilder md, QualityReport q, BenchmarkResult r) {
    Benchmark b = r.benchmark();
    md.append("## ").append(b.title()).append("\n\n");
    md.append(b.documents()).append(" English documents (").append(r.passages()).append(" passages)");
    if (b.parts().size() > 1) {
      md.append(" in ").append(b.parts().size()).append(" knowledge bases (").append(b.parts().stream()
          .map(p -> p.name() + ": " + p.documents().size()).collect(Collectors.joining(", "))).append(")");
    }
    md.append("; questions: ").append(b.queriesPerLanguage().entrySet().stream()
        .map(e -> Languages.name(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", "))).append(".\n\n");

    Metric primary = b.primary();
    md.append("**").append(primary.label()).append("** by question language and setup:\n\n| language | questions |");
    r.setups().forEach(s -> md.append(' ').append(s.setup().label()).append(" |"));
    md.append(" transfer (best setup) |\n| --- | ---: |");
    r.setups().forEach(s -> md.append(" ---: |"));
    md.append(" ---: |\n");
    for (String lang : b.languages()) {
      int n = r.setups().isEmpty() ? 0 : r.setups().get(0).languages().get(lang).queries();
      md.append("| ").append(Languages.name(lang)).append(" (").append(lang).append(") | ").append(n).append(" |");
      double bestValue = r.setups().stream().mapToDouble(s -> s.languages().get(lang).mean(primary)).max().orElse(Double.NaN);
      LanguageScores.Transfer bestTransfer = null;
      for (BenchmarkResult.SetupResult s : r.setups()) {
        LanguageScores ls = s.languages().get(lang);
        double v = ls.mean(primary);
        String cell = number(v, 3);
        if (v == bestValue && !Double.isNaN(v)) {
          cell = "**" + cell + "**";
          if (bestTransfer == null) {
            bestTransfer = ls.transfer();
          }
        }
        md.append(' ').append(cell).append(" |");
      }
      md.append(' ').append(bestTransfer == null ? (lang.equals(Languages.ENGLISH) ? "1 (reference)" : "–")
          : number(bestTransfer.ratio(), 2)).append(" |\n");
    }
    md.append("\n![").append(b.title()).append("](").append(Charts.fileName(r)).append(")\n\n");

    List<Metric> metrics = metrics(b);
    md.append("<details><summary>All metrics</summary>\n\n| language | setup |");
    metrics.forEach(m -> md.append(' ').append(m.label()).append(" |"));
    md.append(" transfer ").append(primary.label()).append(" (lang / en, paired questions) |\n| --- | --- |");
    metrics.forEach(m -> md.append(" ---: |"));
    md.append(" ---: |\n");
    for (String lang : b.languages()) {
      for (BenchmarkResult.SetupResult s : r.setups()) {
        LanguageScores ls = s.languages().get(lang);
        md.append("| ").append(lang).append(" | ").append(s.setup().label()).append(" |");
        metrics.forEach(m -> md.append(' ').append(number(ls.mean(m), 3)).append(" |"));
        LanguageScores.Transfer t = ls.transfer();
        md.append(' ').append(t == null ? "–" : number(t.ratio(), 2) + " (" + number(t.lang(), 3) + " / "
            + number(t.english(), 3) + ", " + t.pairedNeeds() + ")").append(" |\n");
      }
    }
    md.append("\n</details>\n\n");
    if (!r.unknownTokenShare().isEmpty()) {
      md.append("Share of the questions' tokens the model's tokenizer does not know: ").append(r.unknownTokenShare()
          .entrySet().stream().map(e -> e.getKey() + " " + percent(e.getValue()))
          .collect(Collectors.joining(", "))).append(".\n\n");
    }
    for (String note : b.notes()) {
      md.append("- ").append(note).append('\n');
    }
    if (!b.notes().isEmpty()) {
      md.append('\n');
    }
  }

  private static String modeNames(List<SearchMode> modes) {
    return modes.stream().map(ReportWriter::modeName).collect(Collectors.joining(" = "));
  }

  private static String modeName(SearchMode mode) {
    return switch (mode) {
      case VECTOR -> "vector";
      case HYBRID -> "hybrid";
      case AUTO -> "auto";
      case KEYWORD -> "BM25";
    };
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  static String number(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String percent(double v) {
    return String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  /** A change, to 4 decimals; one too small for that in scientific notation, so that it does not read as none. */
  static String signed(double v) {
    return v != 0 && Math.abs(v) < 0.00005 ? String.format(Locale.ROOT, "%+.1e", v) : String.format(Locale.ROOT, "%+.4f", v);
  }

  private static String minutes(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  // ---------------------------------------------------------------- JSON

  static ObjectNode json(QualityReport q) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode model = root.putObject("model");
    model.put("id", q.model().id());
    model.put("argument", q.modelArg());
    model.put("fingerprint", q.model().fingerprint());
    model.put("dimension", q.model().dimension());
    model.put("maxSeqLength", q.model().maxSeqLength());
    model.put("pooling", q.model().pooling().toString());
    model.put("queryPrefix", q.model().queryPrefix());
    model.put("passagePrefix", q.model().passagePrefix());
    model.put("englishOnly", q.englishOnlyModel());
    RunEnvironment env = q.environment();
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", env.cores());
    machine.put("cpu", env.cpu());
    machine.put("memory", env.memory());
    machine.put("os", env.os());
    machine.put("jdk", env.jdk());
    machine.put("onnxRuntime", env.onnxRuntime());
    machine.put("shared", true);
    number(machine, "loadAverageStart", env.loadAtStart());
    number(machine, "loadAverageEnd", q.loadAtEnd());
    root.put("clir", env.clirVersion());
    root.put("date", env.date());
    root.put("wallSeconds", round(q.wallSeconds(), 1));
    root.put("command", q.command());
    ObjectNode options = root.putObject("options");
    ArrayNode formats = options.putArray("vectorFormats");
    q.options().formats().forEach(f -> formats.add(f.label()));
    ArrayNode setups = options.putArray("setups");
    q.options().setups().forEach(s -> setups.add(s.key()));
    options.put("k", q.options().k());
    options.put("numCandidates", q.options().numCandidates());
    options.put("fusion", q.options().fusion().describe());
    options.put("sampleQuestionsPerLanguage", q.sampleNeeds());
    ObjectNode embedding = root.putObject("embedding");
    embedding.put("requested", q.embedding().requested());
    embedding.put("embedded", q.embedding().embedded());
    embedding.put("tokens", q.embedding().tokens());
    embedding.put("seconds", round(q.embedding().seconds(), 2));
    ArrayNode notMeasured = root.putArray("notMeasured");
    q.notMeasured().forEach(notMeasured::add);

    ObjectNode recommend = root.putObject("recommendedMode");
    for (String lang : q.languages()) {
      q.recommend(lang).ifPresent(rec -> {
        ObjectNode node = recommend.putObject(lang);
        ArrayNode modes = node.putArray("modes");
        rec.modes().forEach(m -> modes.add(modeName(m)));
        ObjectNode winners = node.putObject("bestPerSet");
        rec.winners().forEach((set, best) -> {
          ArrayNode a = winners.putArray(set);
          best.forEach(m -> a.add(modeName(m)));
        });
      });
    }

    FusionSection.json(root, q);
    if (q.intents() != null) {
      IntentSection.json(root, q.intents(), MAPPER);
    }
    ArrayNode sets = root.putArray("sets");
    for (BenchmarkResult r : q.results()) {
      Benchmark b = r.benchmark();
      ObjectNode set = sets.addObject();
      set.put("id", b.id());
      set.put("title", b.title());
      set.put("kind", b.kind().name().toLowerCase(Locale.ROOT));
      set.put("primaryMetric", b.primary().label());
      set.put("documents", b.documents());
      set.put("passages", r.passages());
      ObjectNode kbs = set.putObject("knowledgeBases");
      b.parts().forEach(p -> kbs.put(p.name(), p.documents().size()));
      ObjectNode questions = set.putObject("questions");
      b.queriesPerLanguage().forEach(questions::put);
      ObjectNode unk = set.putObject("unknownTokenShare");
      r.unknownTokenShare().forEach((l, v) -> unk.put(l, round(v, 4)));
      ObjectNode index = set.putObject("indexSeconds");
      r.indexSeconds().forEach((f, v) -> index.put(f.label(), round(v, 2)));
      set.put("chart", Charts.fileName(r));
      ArrayNode notes = set.putArray("notes");
      b.notes().forEach(notes::add);
      ArrayNode rows = set.putArray("results");
      ObjectNode timing = set.putObject("searchSeconds");
      for (BenchmarkResult.SetupResult s : r.setups()) {
        for (LanguageScores ls : s.languages().values()) {
          ObjectNode row = rows.addObject();
          row.put("lang", ls.lang());
          row.put("mode", s.setup().modeName());
          if (s.setup().format() == null) {
            row.putNull("vectorFormat");
          } else {
            row.put("vectorFormat", s.setup().format().label());
          }
          row.put("questions", ls.queries());
          ObjectNode metrics = row.putObject("metrics");
          for (Metric m : Metric.values()) {
            number(metrics, m.label(), round(ls.mean(m), 4));
          }
          if (ls.transfer() == null) {
            row.putNull("transfer");
          } else {
            ObjectNode t = row.putObject("transfer");
            t.put("metric", ls.transfer().metric().label());
            t.put("pairedQuestions", ls.transfer().pairedNeeds());
            number(t, "lang", round(ls.transfer().lang(), 4));
            number(t, "en", round(ls.transfer().english(), 4));
            number(t, "ratio", round(ls.transfer().ratio(), 4));
          }
        }
        timing.put(s.setup().key(), round(s.searchSeconds(), 2));
      }
    }
    return root;
  }

  private static double round(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      node.putNull(key);
    } else {
      node.put(key, v);
    }
  }
}
