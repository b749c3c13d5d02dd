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

  /** Runs {@code jar} with {@code stdin} as its standard input (a pipe, as in {@code cat file | java -jar ...}). */
  static Run javaWithInput(String stdin, Path jar, String... args) throws IOException, InterruptedException {
    Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), stdin);
    return java(java.util.Map.of(), in, jar, args);
  }

  static Run java(java.util.Map<String, String> env, Path jar, String... args) throws IOException, InterruptedException {
    return java(env, null, jar, args);
  }

  static Run java(java.util.Map<String, String> env, Path stdin, Path jar, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
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
    // #20 item 6 in a pseudo-terminal 120 columns wide (util-linux script, as ShippedJarIT's prompt test); there were
    // 12 s at 0 docs, then jumps of 64, unlabelled times, text run together, and the bar drawn again after the summary
    Path input = dir.resolve("kb.jsonl");
    String command = "stty cols 120 rows 24; exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + INDEX_JAR
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
    assertThat(frames.stream().filter(f -> f.startsWith("Indexing"))).as(shown).isNotEmpty()
        .allSatisfy(f -> assertThat(f).contains("(elapsed ").contains(", ETA "))
        .anySatisfy(f -> assertThat(f).containsPattern("docs/s · \\d+ passages"))
        // the bar itself keeps a visible width next to the counts, times and status
        .anySatisfy(f -> assertThat(f).containsPattern("│[ █▏▎▍▌▋▊▉]{10,}│"));
    int summary = shown.indexOf("added " + DOCS);
    assertThat(summary).as(shown).isPositive();
    assertThat(shown.substring(summary)).as("nothing of the bar after the summary").doesNotContain("Indexing").doesNotContain("│");
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

  /**
   * #20, item by item, on the shipped jars: each command line is one the issue reported (the terminal items 6 and 7,
   * the long question of item 1, model list of 13 and the README of 14 have their own tests).
   */
  @Test
  void eachReportedCommandLineNowBehaves() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path data = ROOT.resolve("testdata/kb.jsonl");
    String thai = "ฉันลืมรหัสผ่าน ต้องทำอย่างไร";
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    // item 2: the index before the model
    expect(soft, 2, 5, java(QUERY_JAR, "--index", empty.toString(), "--model", "no-such-org/no-such-model", "hello"),
        "no index at " + empty, "Hugging Face");
    expect(soft, 2, 5, java(INDEX_JAR, "--index", dir.resolve("fresh").toString(), "--delete", "c9", "--model", "no-such-org/x"),
        "nothing to delete from", "Hugging Face");
    // item 3: ranges are usage errors (2), never "a bug" (1)
    expect(soft, 3, 2, java(QUERY_JAR, "--index", index.toString(), "--k", "0", "hello"), "'--k': 0 (must be 1 or more)", "CLIR_DEBUG");
    expect(soft, 3, 2, java(QUERY_JAR, "--index", index.toString(), "--candidates", "3", "hello"), "'--candidates': 3", "numCandidates");
    expect(soft, 3, 2, java(INDEX_JAR, "intents", "--train", "t.tsv", "--out", "o.json", "--threshold", "1.5"), "must be between 0 and 1", "CLIR_DEBUG");
    // item 4: the error, a suggestion, one line pointing to --help; -i is not --index in clir-index
    expect(soft, 4, 2, java(QUERY_JAR, "--idex", index.toString(), "hello"), "Did you mean: --index?", "Usage:");
    expect(soft, 4, 2, java(INDEX_JAR, "-i", "kb.jsonl"), "Unknown options: '-i'", "Nothing to do");
    // item 5: options that would be ignored are refused
    expect(soft, 5, 2, java(QUERY_JAR, "--index", index.toString(), "--queries", queries.toString(), "a question"), "not both", "Usage:");
    expect(soft, 5, 2, java(QUERY_JAR, "eval", "--index", index.toString(), "--queries", queries.toString(), "--qrels", qrels.toString(),
        "-k", "5"), "R@100 needs them", "Usage:");
    expect(soft, 5, 0, java(QUERY_JAR, "--index", index.toString(), "--min-score", "0.9999", "reset my password"),
        "none scores --min-score 0.9999 or more", "Exception");
    // item 8: help that says --index is required; model info without options that change nothing it shows
    Run help = java(QUERY_JAR, "--help");
    soft.assertThat(help.exit()).as("item 8").isZero();
    String usage = help.out().substring(0, help.out().indexOf("\n\n") + 1).replaceAll("\\s+", " ");
    soft.assertThat(usage).as("item 8").startsWith("Usage: clir-query ").contains(" -i=DIR ").doesNotContain("[-i=DIR]");
    soft.assertThat(help.out()).as("item 8").contains("Exit codes:").contains("Examples:");
    expect(soft, 8, 2, java(INDEX_JAR, "model", "info", "--batch-size", "3"), "Unknown option", "Exception");
    // item 9: errors that say what is wrong, not only the path; missing folders of an output are created
    expect(soft, 9, 5, java(QUERY_JAR, "--index", data.toString(), "hello"), data + " is a file, not an index", "build one first with");
    Path run = dir.resolve("new/folders/run.txt");
    expect(soft, 9, 0, java(QUERY_JAR, "--index", index.toString(), "--queries", queries.toString(), "-o", run.toString()), "", "cannot write");
    soft.assertThat(run).as("item 9").exists();
    expect(soft, 9, 4, java(QUERY_JAR, "--index", index.toString(), "--model", data.toString(), "hello"),
        data + " is a file: --model takes a model directory", "Hugging Face id " + data);
    // item 10: a question the model cannot read is warned about
    expect(soft, 10, 0, java(QUERY_JAR, "--index", index.toString(), "-k", "1", thai), "does not know", "Exception");
    // item 11: per-query figures in the table; fused scores headed as such
    Run perQuery = java(QUERY_JAR, "eval", "--index", index.toString(), "--queries", queries.toString(), "--qrels", qrels.toString(),
        "--per-query", "-q");
    soft.assertThat(perQuery.out()).as("item 11").contains("Per query\nqid ");
    soft.assertThat(java(QUERY_JAR, "--index", index.toString(), "--mode", "hybrid", "-k", "2", "reset my password").out())
        .as("item 11").containsPattern("^rank +id +title +fused\n");
    // item 11: --json on questions from a pipe is JSON Lines; a query file's qid<TAB>text header is no query
    Run lines = javaWithInput("reset my password\nwhere is my order\n", QUERY_JAR, "--index", index.toString(), "--json", "-k", "1");
    soft.assertThat(lines.out().lines().toList()).as("item 11: %s", lines).hasSize(2)
        .allSatisfy(l -> soft.assertThat(l).startsWith("{\"question\":").endsWith("}"));
    Path headed = Files.writeString(dir.resolve("headed.tsv"), "qid\ttext\nq1\treset my password\n");
    Run headedRun = java(QUERY_JAR, "--index", index.toString(), "--queries", headed.toString(), "-k", "1");
    soft.assertThat(headedRun.out().lines().toList()).as("item 11: %s", headedRun).hasSize(1)
        .allSatisfy(l -> soft.assertThat(l).startsWith("q1 Q0 "));
    // item 13: info without Java map dumps
    Run info = java(INDEX_JAR, "info", "--index", index.toString());
    soft.assertThat(info.exit()).as("item 13").isZero();
    soft.assertThat(info.out()).as("item 13").doesNotContain("{query=").doesNotContain("={");
    // item 14: an unchanged rerun states no rate, and one commit is "1 commit"
    Run rerun = java(INDEX_JAR, "--index", index.toString(), "--input", dir.resolve("kb.jsonl").toString());
    soft.assertThat(rerun.out()).as("item 14").contains("unchanged " + DOCS).contains("nothing to embed").contains("; 1 commit\n")
        .doesNotContain("docs/s");
    soft.assertAll();
  }

  private static void expect(org.assertj.core.api.SoftAssertions soft, int item, int exit, Run r, String says, String never) {
    soft.assertThat(r.exit()).as("item %d: %s", item, r).isEqualTo(exit);
    soft.assertThat(r.out() + r.err()).as("item %d", item).contains(says).doesNotContain(never);
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
    // #20 item 12: the intent model is readable like any new file here (it was written 0600, as a temporary file)
    Path plain = Files.createFile(dir.resolve("any-new-file"));
    assertThat(Files.getPosixFilePermissions(intents)).isEqualTo(Files.getPosixFilePermissions(plain));
    // a shipped labelled test file, # comment lines and all, is measured
    Path labelled = ROOT.resolve("testdata/intents/test.pt.tsv");
    Run measured = java(QUERY_JAR, "classify", "--intents", intents.toString(), "--labelled", labelled.toString());
    assertThat(measured.exit()).as(measured.err()).isZero();
    assertThat(measured.out()).containsIgnoringCase("accuracy");
    // asked as a query set, the same file says which option measures it
    Run asQueries = java(QUERY_JAR, "classify", "--intents", intents.toString(), "--queries", labelled.toString());
    assertThat(asQueries.exit()).isEqualTo(dev.clir.cli.ExitCodes.INPUT);
    assertThat(asQueries.err()).contains("duplicate query id").contains("--labelled " + labelled);
  }
}
