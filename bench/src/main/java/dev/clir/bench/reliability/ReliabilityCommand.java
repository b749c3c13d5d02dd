package dev.clir.bench.reliability;

import dev.clir.bench.perf.JsonOutput;
import dev.clir.bench.perf.Machine;
import dev.clir.embed.Embedder;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.model.ModelOverrides;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code clir-bench reliability}: every fault population of this package in one run, written as
 * bench/RELIABILITY.md. Minutes with the defaults; CI runs short seeded versions of each as tests.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Faults and load, in figures: storage faults (I/O errors, disk full, faults in commits, power cuts), "
        + "damaged index files, kill -9 during indexing and racing writers, seeded bad input for every reader, "
        + "and a fixed-time load soak with a writer committing; writes bench/RELIABILITY.md. Exit 1 when "
        + "anything was lost or unexpected."})
public final class ReliabilityCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "bench/RELIABILITY.md", description = "Report file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "20261203", description = "Seed of every population (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--storage-runs", defaultValue = "40", description = "Runs per storage fault kind (default: ${DEFAULT-VALUE}).")
  int storageRuns;

  @Option(names = "--corruption-runs", defaultValue = "20", description = "Runs per kind of file damage (default: ${DEFAULT-VALUE}).")
  int corruptionRuns;

  @Option(names = "--kills", defaultValue = "6", description = "Kills per aimed moment (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--races", defaultValue = "4", description = "Races of two writers (default: ${DEFAULT-VALUE}).")
  int races;

  @Option(names = "--inputs", defaultValue = "300", description = "Bad inputs per reader (default: ${DEFAULT-VALUE}).")
  int inputs;

  @Option(names = "--soak-seconds", defaultValue = "300", description = "Duration of the load soak (default: ${DEFAULT-VALUE}).")
  int soakSeconds;

  @Option(names = "--soak-threads", defaultValue = "2", description = "Threads asking questions (default: ${DEFAULT-VALUE}).")
  int soakThreads;

  @Option(names = "--model", defaultValue = "engine/target/test-model",
      description = "Model of the load soak, a directory (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--keep", defaultValue = "bench/src/test/resources/reliability/inputs",
      description = "Where bad inputs that end unexpectedly are kept as regression cases (default: ${DEFAULT-VALUE}).")
  Path keep;

  @Option(names = "--work", description = "Scratch folder (default: a new temporary folder, deleted at the end).")
  Path work;

  @Option(names = "--quick", description = {"A smoke run of a few minutes: 3 storage runs per kind, 1 per damage,",
      "1 kill per moment, 1 race, 10 inputs per reader, a 10 s soak."})
  boolean quick;

  @Mixin JsonOutput json;

  @Override
  public Integer call() throws Exception {
    PrintStream log = System.err;
    if (quick) {
      storageRuns = 3;
      corruptionRuns = 1;
      kills = 1;
      races = 1;
      inputs = 10;
      soakSeconds = 10;
    }
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long t0 = System.nanoTime();
    double[] loadBefore = Machine.loadAverage();
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("clir-reliability");
    try {
      Random seeds = new Random(seed);
      log.printf("storage faults: %d runs per kind%n", storageRuns);
      List<StorageFaults.Run> storage = new StorageFaults(seeds.nextLong(), 300, dir).runAll(seeds.nextLong(), storageRuns);
      log.printf("damaged files: %d runs per damage%n", corruptionRuns);
      List<Corruption.Run> corruption = new Corruption(seeds.nextLong(), dir.resolve("corruption"))
          .runAll(seeds.nextLong(), corruptionRuns);
      log.printf("kills: %d per moment, %d races%n", kills, races);
      ProcessFaults processes = new ProcessFaults(seeds.nextLong(), 2000, dir.resolve("processes"));
      List<ProcessFaults.Run> killed = processes.runAll(seeds.nextLong(), kills);
      List<ProcessFaults.Race> raced = new ArrayList<>();
      for (int i = 0; i < races; i++) {
        raced.add(processes.race(seeds.nextLong()));
      }
      log.printf("bad input: %d per reader%n", inputs);
      List<InputFuzz.Result> fuzzed = new InputFuzz(dir.resolve("inputs"), 20).runAll(seeds.nextLong(), inputs);
      keepUnexpected(fuzzed);
      Soak.Result soak = null;
      if (soakSeconds > 0) {
        log.printf("load: %d s, %d threads, model %s%n", soakSeconds, soakThreads, model);
        try (Embedder embedder = OnnxEmbedder.open(model, ModelOverrides.NONE, EmbedderOptions.DEFAULTS)) {
          soak = new Soak(embedder, dir.resolve("soak-index"))
              .run(seeds.nextLong(), soakSeconds, soakThreads, Math.max(1, soakSeconds / 30.0), 200, 10);
        }
      }
      String command = quick ? "clir-bench reliability --quick --seed " + seed
          : "clir-bench reliability --seed " + seed + " --storage-runs " + storageRuns + " --corruption-runs "
          + corruptionRuns + " --kills " + kills + " --races " + races + " --inputs " + inputs + " --soak-seconds "
          + soakSeconds + " --soak-threads " + soakThreads;
      ReliabilityReport report = new ReliabilityReport(command, started.toString(), (System.nanoTime() - t0) / 60e9,
          Machine.probe(), loadBefore, Machine.loadAverage(), storage, corruption, killed, raced, fuzzed,
          countKept(), soak, model.toString());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report.markdown());
      List<String> unexpected = report.unexpected();
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("command", command);
      figures.put("documentsLost", report.documentsLost());
      figures.put("idsHeldTwice", report.duplicates());
      figures.put("unexpected", unexpected);
      figures.put("storageRuns", storage.size());
      figures.put("damagedFiles", corruption.size());
      figures.put("kills", killed.size());
      figures.put("races", raced.size());
      figures.put("inputs", fuzzed.size());
      figures.put("soak", soak);
      json.writeIfAsked(figures);
      System.out.printf("wrote %s: documents lost %d, ids twice %d, unexpected outcomes %d%n", out,
          report.documentsLost(), report.duplicates(), unexpected.size());
      unexpected.stream().limit(20).forEach(u -> System.out.println("  " + u));
      return report.documentsLost() == 0 && report.duplicates() == 0 && unexpected.isEmpty() ? 0 : 1;
    } finally {
      if (work == null) {
        TempFiles.deleteQuietly(dir);
      }
    }
  }

  private void keepUnexpected(List<InputFuzz.Result> results) throws IOException {
    for (InputFuzz.Result r : results) {
      if (r.outcome() == InputFuzz.Outcome.UNEXPECTED) {
        Path file = keep.resolve(r.target().name().toLowerCase()).resolve(Long.toHexString(r.seed()) + ".bin");
        Files.createDirectories(file.getParent());
        Files.write(file, InputFuzz.input(r.target(), r.seed()));
      }
    }
  }

  private long countKept() throws IOException {
    if (!Files.isDirectory(keep)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(keep)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
