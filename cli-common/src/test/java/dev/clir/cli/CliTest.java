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
  @CsvSource({"--bogus", "--n=notanumber", "--n"})
  void commandLineErrorsExitTwoWithUsage(String arg) {
    Result r = CliRun.run(new Toy(), arg).expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Usage: toy");
  }

  @Test
  void parameterExceptionsThrownByTheCommandExitTwo() {
    Result r = CliRun.run(new Toy(), "--fail", "usage").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option: '--index=DIR'").contains("Usage: toy");
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
