package dev.clir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.testing.CliRun;
import dev.clir.cli.testing.CliRun.Result;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.index.ClirIndexException;
import dev.clir.index.IndexLockedException;
import dev.clir.model.ModelMismatchException;
import dev.clir.model.ModelLoadException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Exit codes and error lines of every clir command line, on a toy command that fails as asked. */
class CliTest {

  @Command(name = "toy", mixinStandardHelpOptions = true)
  static final class Toy implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--fail", description = "what to throw")
    String fail = "";

    @Option(names = "--n", description = "a number")
    int n;

    @Option(names = "--count", description = "at least one")
    void count(int value) {
      OptionChecks.atLeast(spec, "--count", value, 1, "a count");
    }

    @Option(names = "--share", description = "between 0 and 1")
    void share(double value) {
      OptionChecks.between(spec, "--share", value, 0, 1);
    }

    @Override
    public Integer call() {
      switch (fail) {
        case "usage" -> throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--index=DIR'");
        case "input" -> throw new InputFormatException(new Origin("docs.jsonl", 7), "malformed JSON");
        case "user" -> throw new UserInputException("queries.tsv:3: expected qid<TAB>text");
        case "model" -> throw new ModelLoadException("model x is not on this machine");
        case "index" -> throw new ClirIndexException("no index at /nope");
        case "mismatch" -> throw new ModelMismatchException("index was built with model a");
        case "locked" -> throw new IndexLockedException("index /x is locked by another writer", null);
        case "bug" -> throw new IllegalStateException("something broke");
        case "wrapped" -> throw new RuntimeException(new ModelLoadException("deep model trouble"));
        default -> {
          System.out.println("ok " + n);
          return ExitCodes.OK;
        }
      }
    }
  }

  @Test
  void successPrintsAndExitsZero() {
    Result r = CliRun.run(new Toy(), "--n", "3").expectExit(ExitCodes.OK);
    assertThat(r.out()).isEqualTo("ok 3" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"--bogus", "--n=notanumber", "--n", "--fail=usage"})
  void commandLineErrorsExitTwoWithTheErrorAndOneLinePointingToHelp(String arg) {
    Result r = CliRun.run(new Toy(), arg).expectExit(ExitCodes.USAGE);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).startsWith("toy: error: ");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Try 'toy --help' for the options and examples.");
    assertThat(lines).as("the error, perhaps a suggestion, the pointer to --help; never the whole help").hasSizeLessThanOrEqualTo(3);
    assertThat(r.err()).doesNotContain("Usage:").doesNotContain("CLIR_DEBUG");
  }

  @Test
  void misspeltOptionsGetASuggestion() {
    assertThat(CliRun.run(new Toy(), "--fial", "x").expectExit(ExitCodes.USAGE).err()).contains("Did you mean: --fail?");
    assertThat(CliRun.run(new Toy(), "--fai", "x").expectExit(ExitCodes.USAGE).err()).contains("--fail");
  }

  @Test
  void rangesAreUsageErrorsCheckedAsParsed() {
    Result r = CliRun.run(new Toy(), "--count", "0").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("toy: error: Invalid value for option '--count': 0 (must be 1 or more: a count)");
    r = CliRun.run(new Toy(), "--share", "1.5").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Invalid value for option '--share': 1.5 (must be between 0 and 1)");
  }

  @Test
  void editDistance() {
    assertThat(Cli.editDistance("--idex", "--index")).isEqualTo(1);
    assertThat(Cli.editDistance("--inedx", "--index")).isEqualTo(2);
    assertThat(Cli.editDistance("--k", "--k")).isZero();
  }

  @Test
  void parameterExceptionsThrownByTheCommandExitTwo() {
    Result r = CliRun.run(new Toy(), "--fail", "usage").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option: '--index=DIR'").contains("Try 'toy --help'").doesNotContain("Usage:");
  }

  @ParameterizedTest
  @CsvSource({
      "input, 3, docs.jsonl:7: malformed JSON",
      "user, 3, queries.tsv:3: expected qid<TAB>text",
      "model, 4, model x is not on this machine",
      "index, 5, no index at /nope",
      "mismatch, 5, index was built with model a",
      "locked, 6, index /x is locked by another writer",
      "wrapped, 4, deep model trouble"})
  void failuresExitWithTheirDocumentedCodeAndOneClearLine(String fail, int code, String message) {
    Result r = CliRun.run(new Toy(), "--fail", fail).expectExit(code);
    assertThat(r.err()).contains("toy: error: ").contains(message).doesNotContain("CLIR_DEBUG").doesNotContain("\tat ");
  }

  @Test
  void unexpectedFailuresExitOneAndPointAtTheStackTrace() {
    Result r = CliRun.run(new Toy(), "--fail", "bug").expectExit(ExitCodes.SOFTWARE);
    assertThat(r.err()).contains("toy: error: something broke").contains("set CLIR_DEBUG=1 for the stack trace");
  }

  @Test
  void helpListsTheExitCodes() {
    Result r = CliRun.run(new Toy(), "--help").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("Exit codes:").contains("2   wrong command line").contains("6   index locked");
  }
}
