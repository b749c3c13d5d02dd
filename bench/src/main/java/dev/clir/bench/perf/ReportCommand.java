package dev.clir.bench.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs every measurement at modest sizes in one go and writes {@code bench/REPORT.md} with PNG charts in
 * {@code bench/report/} (and the raw figures as {@code results.json} beside them).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs all measurements at modest sizes (about 30 minutes on 2 cores; --quick: a 2-3 minute smoke run) "
        + "and writes a Markdown report with PNG charts. --from-json re-renders a report from a previous run's "
        + "results.json."})
public final class ReportCommand implements Callable<Integer> {
  static final List<String> SECTIONS = List.of("embedding", "peer", "latency", "cli", "hnsw", "indexing");

  @Option(names = "--model", description = "Model directory (engine/target/test-model). Required unless --from-json.")
  Path model;

  @Option(names = "--out", defaultValue = "bench/REPORT.md", description = "Report file; charts go to report/ beside it (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "A smoke run of every section at tiny sizes (a few minutes).")
  boolean quick;

  @Option(names = "--sections", split = ",", description = "Sections to run (default: all of embedding,peer,latency,cli,hnsw,indexing).")
  List<String> sections = SECTIONS;

  @Option(names = "--fp32-model", description = "The fp32 graph's directory (default: ${DEFAULT-VALUE} when present).")
  Path fp32Model = EmbeddingBench.DEFAULT_FP32_MODEL;

  @Option(names = "--hnsw-sizes", split = ",", description = "HNSW vector counts: all formats at the first, float32 and int8 at the others (default 100000,300000).")
  List<Integer> hnswSizes;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "Corpus (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--queries", defaultValue = "testdata/queries.jsonl", description = "Questions (default: ${DEFAULT-VALUE}).")
  Path queries;

  @Option(names = "--cache", description = "Folder for cached base vectors and indexes (default: ${DEFAULT-VALUE}).")
  Path cache = LatencyBench.DEFAULT_CACHE;

  @Option(names = "--from-json", description = "Do not measure: render the report from this results.json.")
  Path fromJson;

  /** One section's run: how long it took, the load average around it, and the error if it failed. */
  public record SectionRun(String name, double seconds, double[] loadBefore, double[] loadAfter, String error) {}

  /** Everything a report is drawn from. */
  public record Data(String started, String command, double minutes, boolean quick, Machine machine, String model,
      List<SectionRun> runs, EmbeddingBench.Result embedding, PeerBench.Result peer, LatencyBench.Result latency,
      CliBench.Result cli, HnswBench.Result hnsw, IndexingBench.Result indexing) {}

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path chartsDir = out.toAbsolutePath().getParent().resolve("report");
    Data data;
    if (fromJson != null) {
      data = Json.MAPPER.readValue(fromJson.toFile(), Data.class);
    } else {
      if (model == null) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--model is required unless --from-json");
      }
      data = measure(chartsDir);
      Json.write(chartsDir.resolve("results.json"), data);
    }
    ReportWriter.write(data, out, chartsDir);
    System.out.println("wrote " + out + " and charts in " + chartsDir);
    return data.runs().stream().anyMatch(r -> r.error() != null) ? 1 : 0;
  }

  private Data measure(Path chartsDir) {
    for (String s : sections) {
      if (!SECTIONS.contains(s)) {
        throw new IllegalArgumentException("unknown section '" + s + "': use " + SECTIONS);
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    long t0 = System.nanoTime();
    Machine machine = Machine.probe();
    List<SectionRun> runs = new ArrayList<>();
    EmbeddingBench.Result embedding = null;
    PeerBench.Result peer = null;
    LatencyBench.Result latency = null;
    CliBench.Result cli = null;
    HnswBench.Result hnsw = null;
    IndexingBench.Result indexing = null;
    for (String section : sections) {
      double[] before = Machine.loadAverage();
      long s0 = System.nanoTime();
      String error = null;
      Log.info("report: section %s (load %s)", section, Machine.formatLoad(before));
      try {
        switch (section) {
          case "embedding" -> embedding = EmbeddingBench.run(model, fp32Model, input,
              quick ? EmbeddingBench.Settings.quick(cores) : EmbeddingBench.Settings.full(cores));
          case "peer" -> peer = PeerBench.run(model, input, Path.of("bench/peer"), "node",
              quick ? PeerBench.Settings.quick(cores) : PeerBench.Settings.full(cores));
          case "latency" -> latency = LatencyBench.run(model, input, queries, cache,
              quick ? LatencyBench.Settings.quick() : LatencyBench.Settings.full());
          case "cli" -> cli = CliBench.run(model, input, cache, quick ? 1 : 5);
          case "hnsw" -> {
            HnswBench.Settings d = quick ? HnswBench.Settings.quick() : HnswBench.Settings.full();
            if (hnswSizes != null) {
              d = new HnswBench.Settings(d.dim(), hnswSizes, d.formats(), d.params(), d.largeFormats(), d.largeParams(),
                  d.candidates(), d.queries(), d.seed(), d.shape());
            }
            hnsw = HnswBench.run(d, null);
          }
          case "indexing" -> indexing = IndexingBench.run(model, input, quick ? 50 : 2000);
          default -> throw new IllegalStateException(section);
        }
      } catch (RuntimeException | org.openjdk.jmh.runner.RunnerException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        Log.info("report: section %s FAILED: %s", section, error);
        e.printStackTrace();
      }
      runs.add(new SectionRun(section, (System.nanoTime() - s0) / 1e9, before, Machine.loadAverage(), error));
      // keep what is done so far, in case a later section is interrupted
      Json.write(chartsDir.resolve("results.json"), new Data(started, command(), (System.nanoTime() - t0) / 6e10, quick, machine,
          model.toString(), runs, embedding, peer, latency, cli, hnsw, indexing));
    }
    return new Data(started, command(), (System.nanoTime() - t0) / 6e10, quick, machine, model.toString(), runs, embedding, peer,
        latency, cli, hnsw, indexing);
  }

  private String command() {
    StringBuilder b = new StringBuilder("bin/clir-bench report --model ").append(model).append(" --out ").append(out);
    if (quick) {
      b.append(" --quick");
    }
    if (!sections.equals(SECTIONS)) {
      b.append(" --sections ").append(String.join(",", sections));
    }
    if (hnswSizes != null) {
      b.append(" --hnsw-sizes ").append(String.join(",", hnswSizes.stream().map(String::valueOf).toList()));
    }
    return b.toString();
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static void writeString(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
