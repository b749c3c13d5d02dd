package dev.clir.bench.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One-shot {@code clir-query --explain} wall time measured from outside (JVM start to exit), broken down by the
 * fields {@code --explain} prints, with and without an AppCDS archive ({@code -XX:+AutoCreateSharedArchive}) and
 * with C1 only ({@code -XX:TieredStopAtLevel=1}), with JDK 25's AOT cache ({@code -XX:AOTCache}) and through the
 * launcher {@code bin/clir-query}, against the floor: {@link BareEmbedding}, a bare program that loads the
 * same tokenizer and graph and embeds one question. Arms run round-robin so that load changes hit them alike; each
 * row's {@code vsBare} is its median over the bare program's.
 */
@Command(name = "cli", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One-shot clir-query wall time (JVM start included) broken down by its --explain fields: plain, AppCDS, C1, "
        + "JDK 25's AOT cache and bin/clir-query as users run it, against a bare program that only embeds the question."})
public final class CliBench implements Callable<Integer> {
  static final List<String> FIELDS = List.of("JVM start to main ms", "model load ms", "index open ms", "embed ms", "search ms");

  @Option(names = "--model", required = true, description = "Model directory (engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "Corpus indexed for the question (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--cache", description = "Folder for the index (default: ${DEFAULT-VALUE}).")
  Path cache = LatencyBench.DEFAULT_CACHE;

  @Option(names = "--runs", description = "Runs per arm (default 5; --quick 1).")
  Integer runs;

  @Option(names = "--quick", description = "A smoke run: 1 run per arm.")
  boolean quick;

  @Mixin JsonOutput json;

  /** One way of starting clir-query: JVM flags for {@code java -jar}, or (when {@code launcher} is set) the launcher users run. */
  public record Arm(String name, List<String> jvmArgs, Path launcher) {
    Arm(String name, List<String> jvmArgs) {
      this(name, jvmArgs, null);
    }

    List<String> command(List<String> args) {
      if (launcher == null) {
        return Processes.javaJar(queryJar(), jvmArgs, args);
      }
      List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
      cmd.addAll(args);
      return cmd;
    }
  }

  /** Medians over the arm's runs, in milliseconds; {@code other} is wall time the fields do not account for. */
  public record Row(String arm, int runs, double wallMillis, Map<String, Double> fieldMillis, double otherMillis,
      double minWallMillis, double maxWallMillis, double vsBare) {}

  /** The arm that is no clir-query run. */
  static final String BARE = "bare embedding";

  public record Result(List<Row> rows, double archiveCreationWallMillis, long archiveBytes, String question, String index,
      String note) {}

  @Override
  public Integer call() {
    Result r = run(model, input, cache, runs != null ? runs : quick ? 1 : 5);
    print(r);
    json.writeIfAsked(r);
    return 0;
  }

  static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-14s %5s %8s", "arm", "runs", "wall ms");
    for (String f : FIELDS) {
      System.out.printf(Locale.ROOT, " %12s", f.replace(" ms", "").replace("JVM start to main", "JVM->main"));
    }
    System.out.printf(Locale.ROOT, " %8s %7s%n", "other", "x bare");
    for (Row row : r.rows()) {
      System.out.printf(Locale.ROOT, "%-14s %5d %8.0f", row.arm(), row.runs(), row.wallMillis());
      for (String f : FIELDS) {
        System.out.printf(Locale.ROOT, " %12.1f", row.fieldMillis().getOrDefault(f, Double.NaN));
      }
      System.out.printf(Locale.ROOT, " %8.0f %7.2f%n", row.otherMillis(), row.vsBare());
    }
    System.out.printf(Locale.ROOT, "AppCDS archive: %.1f MB, the run that created it took %.0f ms%n", r.archiveBytes() / 1e6,
        r.archiveCreationWallMillis());
  }

  static Path queryJar() {
    return Path.of("query-cli/target/clir-query.jar");
  }

  static Path indexJar() {
    return Path.of("indexer-cli/target/clir-index.jar");
  }

  /** An index of {@code corpus} built by clir-index itself (cached). */
  static Path corpusIndex(Path model, Path corpus, Path cache) {
    Path index = cache.resolve("cli-index-" + LatencyIndexes.shortHash(corpus) + "-" + LatencyIndexes.shortHash(model.resolve("model.onnx")));
    if (!Files.isRegularFile(index.resolve("clir-bench-complete"))) {
      Processes.runChecked(Processes.javaJar(indexJar(), List.of(), List.of("--index", index.toString(), "--input",
          corpus.toString(), "--model", model.toString(), "--rebuild", "--quiet")), 1800);
      try {
        Files.writeString(index.resolve("clir-bench-complete"), corpus.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return index;
  }

  public static Result run(Path model, Path corpus, Path cache, int runs) {
    Path index = corpusIndex(model, corpus, cache);
    String question = "How do I reset my password?";
    Path archiveDir;
    try {
      archiveDir = Files.createTempDirectory("clir-cds");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path archive = archiveDir.resolve("clir-query.jsa");
    // as bin/select-jdk.sh's clir_run_jar passes them
    List<String> cds = List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:disable",
        "-Xlog:all=warning,cds*=off:stderr");
    List<Arm> arms = new ArrayList<>(List.of(new Arm("default", List.of()), new Arm("AppCDS", cds),
        new Arm("C1 only", List.of("-XX:TieredStopAtLevel=1")),
        new Arm("AppCDS + C1", concat(cds, List.of("-XX:TieredStopAtLevel=1")))));
    List<String> args = List.of("--index", index.toString(), "--model", model.toString(), "--explain", question);

    // the archive-creating run (dumps the classes it loaded at exit), then one untimed warm-up per arm (page cache)
    Processes.Run creation = Processes.runChecked(Processes.javaJar(queryJar(), cds, args), 300);
    Log.info("cli: AppCDS archive created by a run of %.0f ms", creation.wallMillis());
    // JDK 25's ahead-of-time cache (JEP 483/514): classes loaded and linked, and method profiles, from a training run
    if (Runtime.version().feature() >= 25) {
      Path aot = archiveDir.resolve("clir-query.aot");
      Processes.Run training = Processes.runChecked(Processes.javaJar(queryJar(), List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:disable",
          "-Xlog:all=warning,aot*=off,cds*=off:stderr"), args), 300);
      Log.info("cli: AOT cache created by a training run of %.0f ms", training.wallMillis());
      arms.add(new Arm("AOT cache", List.of("-XX:AOTCache=" + aot, "-Xlog:disable", "-Xlog:all=warning,aot*=off,cds*=off:stderr")));
    }
    Path launcher = Path.of("bin/clir-query");
    if (Files.isExecutable(launcher)) {
      arms.add(new Arm("bin/clir-query", List.of(), launcher)); // what users run: the flags the launcher chooses
    }
    for (Arm arm : arms) {
      Processes.runChecked(arm.command(args), 300);
    }
    List<String> bare = bareCommand(model, "query: " + question);
    Processes.runChecked(bare, 300);
    Map<String, List<Processes.Run>> byArm = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      Processes.Run b = Processes.runChecked(bare, 300);
      byArm.computeIfAbsent(BARE, k -> new ArrayList<>()).add(b);
      Log.info("cli: %-12s run %d: %.0f ms", BARE, i + 1, b.wallMillis());
      for (Arm arm : arms) {
        Processes.Run r = Processes.runChecked(arm.command(args), 300);
        byArm.computeIfAbsent(arm.name(), k -> new ArrayList<>()).add(r);
        Log.info("cli: %-12s run %d: %.0f ms", arm.name(), i + 1, r.wallMillis());
      }
    }
    List<Row> rows = new ArrayList<>();
    double bareMedian = Percentiles.percentile(byArm.get(BARE).stream().mapToDouble(Processes.Run::wallMillis).toArray(), 50);
    // clir-query's arms first (the report compares them with the first), the bare program last
    List<Map.Entry<String, List<Processes.Run>>> ordered = new ArrayList<>(byArm.entrySet());
    ordered.add(ordered.remove(0));
    for (Map.Entry<String, List<Processes.Run>> e : ordered) {
      List<Processes.Run> rs = e.getValue();
      double[] wall = rs.stream().mapToDouble(Processes.Run::wallMillis).toArray();
      Map<String, Double> fields = new LinkedHashMap<>();
      double accounted = 0;
      for (String f : FIELDS) {
        double[] values = rs.stream().mapToDouble(r -> explainField(r.stdout(), f)).toArray();
        double median = Percentiles.percentile(values, 50);
        fields.put(f, median);
        accounted += median;
      }
      double wallMedian = Percentiles.percentile(wall, 50);
      boolean isBare = e.getKey().equals(BARE);
      rows.add(new Row(e.getKey(), rs.size(), wallMedian, isBare ? Map.of() : fields, isBare ? Double.NaN : wallMedian - accounted,
          java.util.Arrays.stream(wall).min().orElse(0), java.util.Arrays.stream(wall).max().orElse(0), wallMedian / bareMedian));
    }
    long archiveBytes;
    try {
      archiveBytes = Files.isRegularFile(archive) ? Files.size(archive) : 0;
      HnswBench.deleteRecursively(archiveDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(rows, creation.wallMillis(), archiveBytes, question, index.toString(),
        "medians of " + runs + " runs per arm, arms interleaved; index of " + corpus + " built by clir-index");
  }

  /** {@link BareEmbedding} in a JVM of its own, with default flags but native access (as the jars' manifests grant it). */
  static List<String> bareCommand(Path model, String text) {
    Path benchJar;
    try {
      benchJar = Path.of(BareEmbedding.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return List.of(Processes.java(), "--enable-native-access=ALL-UNNAMED", "-cp", benchJar.toString(), BareEmbedding.class.getName(),
        model.toString(), text);
  }

  private static final Pattern LINE = Pattern.compile("^\\s+(.+?)\\s{2,}([0-9.]+)\\s*$", Pattern.MULTILINE);

  /** A number that {@code clir-query --explain} printed as {@code "  <field>   <value>"}; NaN when absent. */
  static double explainField(String stdout, String field) {
    Matcher m = LINE.matcher(stdout);
    while (m.find()) {
      if (m.group(1).equals(field)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return Double.NaN;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
