package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users run, run as they run it: the shaded {@code clir-index.jar} and {@code clir-query.jar} with a plain
 * {@code java -jar} (no flags) through index, query, eval, intents and classify on a slice of testdata/. A packaging
 * fault (a missing service file, native library or manifest entry) fails here although the tests on the class path
 * pass. Runs after {@code package} (failsafe), so the jars are the ones just built.
 */
class ShippedJarsIT {
  static final Path ROOT = Path.of(System.getProperty("clir.projectRoot", "..")).toAbsolutePath().normalize();
  static final Path MODEL = Path.of(System.getProperty("clir.testModelDir", ROOT.resolve("engine/target/test-model").toString()));
  static final Path INDEX_JAR = ROOT.resolve("indexer-cli/target/clir-index.jar");
  static final Path QUERY_JAR = ROOT.resolve("query-cli/target/clir-query.jar");
  /** Enough documents for the questions below, few enough that indexing takes seconds. */
  static final int DOCS = 30;

  @TempDir static Path dir;
  static Path index;
  static Path queries;
  static Path qrels;

  record Run(int exit, String out, String err) {}

  static Run java(Path jar, String... args) throws IOException, InterruptedException {
    return java(java.util.Map.of(), jar, args);
  }

  static Run java(java.util.Map<String, String> env, Path jar, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: %s", cmd).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @BeforeAll
  static void indexASlice() throws Exception {
    assertThat(INDEX_JAR).as("build the jars first (bin/mvn -B verify builds them before this test)").exists();
    assertThat(QUERY_JAR).exists();
    List<String> docs = Files.readAllLines(ROOT.resolve("testdata/kb.jsonl")).stream().filter(l -> !l.isBlank()).limit(DOCS).toList();
    Path input = Files.write(dir.resolve("kb.jsonl"), docs, StandardCharsets.UTF_8);
    Set<String> ids = new HashSet<>();
    docs.forEach(l -> ids.add(l.replaceAll("^\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\".*$", "$1")));
    // The judgments about those documents, and the questions they judge.
    List<String> judged = Files.readAllLines(ROOT.resolve("testdata/qrels.txt")).stream()
        .filter(l -> l.split("\\s+").length == 4 && ids.contains(l.split("\\s+")[2])).toList();
    Set<String> judgedQueries = judged.stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toSet());
    qrels = Files.write(dir.resolve("qrels.txt"), judged, StandardCharsets.UTF_8);
    queries = Files.write(dir.resolve("queries.jsonl"), Files.readAllLines(ROOT.resolve("testdata/queries.jsonl")).stream()
        .filter(l -> judgedQueries.stream().anyMatch(q -> l.contains("\"" + q + "\""))).toList(), StandardCharsets.UTF_8);
    assertThat(judged).isNotEmpty();

    index = dir.resolve("index");
    Run r = java(INDEX_JAR, "--index", index.toString(), "--input", input.toString(), "--model", MODEL.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("added " + DOCS);
    assertThat(r.err()).doesNotContain("WARNING").doesNotContain("Exception");
  }

  @Test
  void indexingOnATerminalShowsLabelledProgressFromTheFirstDocumentAndNotAfterTheSummary() throws Exception {
    // #20 item 6 in a pseudo-terminal 100 columns wide (util-linux script, as ShippedJarIT's prompt test)
    Path input = dir.resolve("kb.jsonl");
    String command = "stty cols 100 rows 24; exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + INDEX_JAR
        + " --index " + dir.resolve("tty-index") + " --input " + input + " --model " + MODEL;
    ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null").redirectErrorStream(true);
    pb.environment().put("TERM", "xterm-256color");
    Process p = pb.start();
    p.getOutputStream().close();
    ShippedJarIT.Screen screen = new ShippedJarIT.Screen(p.getInputStream());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(screen.text()).isTrue();
    Thread.sleep(200); // the last bytes on their way from the terminal
    assertThat(p.exitValue()).as(screen.text()).isZero();
    // what the terminal shows: colours and cursor moves dropped, each carriage return starts the line anew
    String shown = screen.text().replaceAll("\u001B\\[[?0-9;]*[a-zA-Z]", "");
    List<String> frames = List.of(shown.split("[\r\n]+"));
    List<Integer> counts = frames.stream().map(f -> java.util.regex.Pattern.compile("(\\d+)/" + DOCS + " docs").matcher(f))
        .filter(java.util.regex.Matcher::find).map(m -> Integer.parseInt(m.group(1))).toList();
    assertThat(counts).as(shown).isNotEmpty().anyMatch(c -> c > 0 && c < DOCS / 2);
    assertThat(frames.stream().filter(f -> f.contains(" docs/s"))).as(shown).isNotEmpty()
        .allSatisfy(f -> assertThat(f).contains("(elapsed ").contains(", ETA "))
        .anySatisfy(f -> assertThat(f).containsPattern("docs/s · \\d+ passages, "));
    int summary = shown.indexOf("added " + DOCS);
    assertThat(summary).as(shown).isPositive();
    assertThat(shown.substring(summary)).as("nothing of the bar after the summary").doesNotContain("Indexing").doesNotContain("docs/s");
  }

  @Test
  void modelListShowsClirModelDirAndTheModelAnIndexRecords() throws Exception {
    // #20 item 13: only the two caches were listed; the caches here are empty folders, so what is listed is known
    Path empty = Files.createDirectories(dir.resolve("no-caches"));
    java.util.Map<String, String> env = java.util.Map.of("HF_HOME", empty.resolve("hf").toString(), "CLIR_CACHE",
        empty.resolve("clir").toString(), "XDG_CACHE_HOME", empty.toString(), "CLIR_MODEL_DIR", MODEL.toString());
    Run r = java(env, QUERY_JAR, "model", "list", "--index", index.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("index " + index).endsWith(MODEL.toString());
    assertThat(lines.get(1)).contains("CLIR_MODEL_DIR").endsWith(MODEL.toString());
    // the same folder, so the same fingerprint
    assertThat(lines.get(0).split(" +")[4]).isEqualTo(lines.get(1).split(" +")[4]);
    Run notAnIndex = java(env, QUERY_JAR, "model", "list", "--index", empty.toString());
    assertThat(notAnIndex.exit()).isEqualTo(dev.clir.cli.ExitCodes.INDEX);
  }

  @Test
  void aQueryPrintsItsAnswersAndNothingOnStandardError() throws Exception {
    Run r = java(QUERY_JAR, "--index", index.toString(), "--k", "3", "How do I reset my password?");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Reset your password");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void evalScoresTheQuestionsAgainstTheJudgments() throws Exception {
    Run r = java(QUERY_JAR, "eval", "--index", index.toString(), "--queries", queries.toString(), "--qrels", qrels.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("nDCG@10").contains("Transfer to English");
  }

  @Test
  void intentsTrainedByTheIndexJarClassifyInTheQueryJar() throws Exception {
    Path intents = dir.resolve("intents.json");
    Run train = java(INDEX_JAR, "intents", "--train", ROOT.resolve("testdata/intents/train.en.tsv").toString(), "--out",
        intents.toString(), "--model", MODEL.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    Run r = java(QUERY_JAR, "classify", "--intents", intents.toString(), "I want my money back for the annual plan");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("refund_request");
  }
}
