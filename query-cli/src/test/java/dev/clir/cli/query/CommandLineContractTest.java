package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.Prompt;
import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a demanding user found (#20), item by item: the index is checked before any model is resolved, ranges and
 * usage errors exit 2 with one line pointing to --help, options never silently ignored, and the interactive prompt.
 */
class CommandLineContractTest {
  @TempDir Path tmp;

  private static CliRun.Result run(String... args) {
    return CliRun.run(new QueryCommand(), args);
  }

  /** A model argument that can never resolve offline: it must not be looked at before the index is. */
  private static final String UNRESOLVABLE = "no-such-org/no-such-model";

  @Test
  void theIndexIsCheckedBeforeAnyModelIsResolved() throws Exception {
    // #20 item 2: an empty directory, a data file, a missing path: "not an index" (5), never model download advice (4)
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun.Result r = run("--index", empty.toString(), "--model", UNRESOLVABLE, "hello").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + empty + ": the directory is empty").doesNotContain("Hugging Face");

    Path data = Files.writeString(tmp.resolve("kb.jsonl"), "{\"id\": \"a\", \"text\": \"x\"}\n");
    r = run("--index", data.toString(), "--model", UNRESOLVABLE, "hello").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains(data + " is a file, not an index").contains("clir-index --index DIR --input " + data)
        .doesNotContain("build one first with clir-index --index " + data);

    Path uncommitted = Files.createDirectories(tmp.resolve("first-run"));
    Files.writeString(uncommitted.resolve("write.lock"), "");
    r = run("--index", uncommitted.toString(), "hello").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("holds no committed index");

    Path queries = Files.writeString(tmp.resolve("q.tsv"), "q1\trefund\n");
    Path qrels = Files.writeString(tmp.resolve("qrels.txt"), "q1 0 kb-a032 1\n");
    r = CliRun.run(new QueryCommand(), "eval", "--index", empty.toString(), "--queries", queries.toString(), "--qrels", qrels.toString(),
        "--model", UNRESOLVABLE).expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + empty);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // #20 item 3: ranges exit 2, never 1, and never name internals (numCandidates)
      "--k 0                | Invalid value for option '--k': 0 (must be 1 or more)",
      "--k -3               | Invalid value for option '--k': -3 (must be 1 or more)",
      "--candidates 3       | Invalid value for option '--candidates': 3 (must be at least --k, 10",
      "--candidates 0       | Invalid value for option '--candidates': 0 (must be 1 or more)",
      "--threads -4         | Invalid value for option '--threads': -4 (must be 0 or more",
      "--batch-size 0       | Invalid value for option '--batch-size': 0 (must be 1 or more)",
      // #20 item 4: short messages with a suggestion
      "--idex x             | Did you mean: --index?",
      "--k abc              | Invalid value for option '--k': 'abc' is not an int",
      "--filter category    | Invalid value for option '--filter': 'category' (expected FIELD=VALUE",
      // #20 item 5: options that would be ignored are refused
      "-o run.txt           | --output applies to runs over a query set",
      "--tag mine           | --tag applies to runs over a query set",
      "--run-format jsonl   | --run-format applies to runs over a query set",
      "--filter Category=billing | no document of the index has the field 'Category' (field names are case-sensitive: 'category')",
      "--filter colour=red  | Fields one can filter on: category, id, lang, product"})
  void usageErrorsExitTwoWithTheMessageAndOneLineOfHelp(String options, String message) {
    List<String> args = new java.util.ArrayList<>(List.of(options.split(" ")));
    args.add("How do I reset my password?");
    CliRun.Result r = query(args.toArray(String[]::new)).expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("numCandidates").doesNotContain("CLIR_DEBUG").doesNotContain("Usage:")
        .endsWith("Try 'clir-query --help' for the options and examples." + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aQuestionAndAQuerySetAreNotAskedTogether() throws Exception {
    Path queries = Files.writeString(tmp.resolve("q.tsv"), "q1\trefund\n");
    CliRun.Result r = query("--queries", queries.toString(), "refund please").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Give a QUESTION or --queries FILE, not both");
    // --json with --queries: JSON Lines, not a TREC run
    r = query("--queries", queries.toString(), "--json", "-k", "2").expectExit(ExitCodes.OK);
    assertThat(r.out().lines().toList()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("{").contains("\"id\":\"q1\""));
    r = query("--queries", queries.toString(), "--json", "--run-format", "trec").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("--json and --run-format trec disagree");
  }

  @Test
  void evalRefusesAKItCannotHonour() throws Exception {
    Path queries = Files.writeString(tmp.resolve("q.tsv"), "q1\trefund\n");
    Path qrels = Files.writeString(tmp.resolve("qrels.txt"), "q1 0 kb-a032 1\n");
    CliRun.Result r = SharedIndex.eval("--queries", queries.toString(), "--qrels", qrels.toString(), "-k", "5").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Invalid value for option '--k': 5 (eval retrieves 100 documents per query because R@100 needs them");
  }

  @Test
  void noDocumentsSaysWhichOptionRemovedThem() {
    CliRun.Result r = query("--min-score", "0.9999", "How do I reset my password?").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("(no documents)").contains("none scores --min-score 0.9999 or more");
    r = query("--filter", "category=nothing-like-this", "How do I reset my password?").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("(no documents)").contains("no document matches --filter category=nothing-like-this");
  }

  @Test
  void aQuestionLongerThanTheModelReadsIsWarnedAbout() {
    String longQuestion = "How do I reset my password when the code never arrives on my phone? ".repeat(60);
    CliRun.Result r = query("-k", "1", longQuestion).expectExit(ExitCodes.OK);
    assertThat(r.err()).containsPattern("warning: the question has \\d+ tokens; model " + TestModel.ID + " reads the first 512");
    assertThat(query("-k", "1", "How do I reset my password?").expectExit(ExitCodes.OK).err()).doesNotContain("warning");
  }

  @Test
  void aQuestionTheModelCannotReadIsWarnedAbout() {
    // #20 item 10: the English test model reads Thai as [UNK]
    CliRun.Result r = query("-k", "1", "ฉันลืมรหัสผ่าน ต้องทำอย่างไร").expectExit(ExitCodes.OK);
    assertThat(r.err()).contains("warning: model " + TestModel.ID + " does not know").contains("close to chance");
    assertThat(query("-k", "1", "Esqueci minha senha").expectExit(ExitCodes.OK).err()).doesNotContain("does not know");
  }

  @Test
  void theInteractivePromptEditsRecallsAndFitsTheTerminal() {
    // #20 item 7 on JLine's emulated terminal, 64 columns wide: a question, Up + Enter asks it again, empty lines are
    // skipped, exit ends (the line after it is never asked)
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    String keys = "How do I change my password?\r" + "\033OA\r" + "\r" + "exit\r" + "never asked\r";
    QueryCommand command = new QueryCommand();
    command.prompts = () -> {
      try {
        ExternalTerminal t = new ExternalTerminal("test", "xterm-256color", new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
            screen, StandardCharsets.UTF_8);
        t.setSize(new Size(64, 24));
        return new Prompt(t);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    CliRun.run(command, "--index", SharedIndex.path().toString(), "-k", "3").expectExit(ExitCodes.OK);
    String shown = screen.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[?0-9;]*[a-zA-Z]|\u001B[=>]", "");
    List<String> tables = shown.lines().filter(l -> l.startsWith("rank ")).toList();
    assertThat(tables).as(shown).hasSize(2);
    // (the emulated terminal echoes keys typed ahead before the prompt starts; what was asked shows after "? ")
    assertThat(shown).contains("kb-a002").doesNotContain("? never asked").doesNotContain("^[[A");
    assertThat(shown.lines().filter(l -> l.startsWith("? ")).toList())
        .containsExactly("? How do I change my password?", "? How do I change my password?", "? ", "? exit");
    assertThat(shown.lines().filter(l -> l.startsWith("1 ") || l.startsWith("     ")))
        .as("every result line fits 64 columns").isNotEmpty().allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
  }
}
