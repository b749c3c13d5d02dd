package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What clir-query says and returns when the index, the question, the options or a queries file are wrong. */
class QueryErrorsTest {
  @TempDir Path tmp;

  private static CliRun.Result run(String... args) {
    return CliRun.run(new QueryCommand(), args);
  }

  @Test
  void unknownIndexPathIsAnIndexError() {
    Path missing = tmp.resolve("no-such-index");
    CliRun.Result r = run("--index", missing.toString(), "How do I reset my password?").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("clir-query: error: no index at " + missing)
        .contains("build one first with clir-index --index " + missing);

    // a directory, but no index in it
    r = run("--index", tmp.toString(), "--model", TestModel.dir().toString(), "How do I reset my password?").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + tmp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void emptyQuestionIsAUsageError(String question) {
    CliRun.Result r = query(question).expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("The question is empty: ask something, e.g. clir-query --index");
  }

  @Test
  void usageErrors() {
    assertThat(run("How do I reset my password?").expectExit(ExitCodes.USAGE).err()).contains("Missing required option: '--index=DIR'");
    assertThat(query("--filter", "category", "refund").expectExit(ExitCodes.USAGE).err())
        .contains("Invalid value for option '--filter': 'category' (expected FIELD=VALUE, e.g. category=billing)");
    assertThat(query("--filter", "=billing", "refund").expectExit(ExitCodes.USAGE).err()).contains("'=billing'");
    assertThat(query("-k", "ten", "refund").expectExit(ExitCodes.USAGE).err()).contains("'ten' is not an int");
    assertThat(query("--bogus", "refund").expectExit(ExitCodes.USAGE).err()).contains("Unknown option: '--bogus'");
    assertThat(CliRun.run(new QueryCommand(), "eval", "--index", "x").expectExit(ExitCodes.USAGE).err())
        .contains("Missing required options: '--queries=FILE', '--qrels=FILE'");
  }

  @Test
  void badRunFormatIsAUsageError() throws Exception {
    Path queries = Files.writeString(tmp.resolve("q.tsv"), "q1\trefund\n");
    CliRun.Result r = query("--queries", queries.toString(), "--run-format", "csv").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("--run-format must be trec or jsonl, not 'csv'");
  }

  @Test
  void malformedQueriesFileNamesFileAndLine() throws Exception {
    Path tsv = Files.writeString(tmp.resolve("q.tsv"), "q1\trefund\nq2 has no tab\nq3\tshipping\n");
    CliRun.Result r = query("--queries", tsv.toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains("clir-query: error: " + tsv + ":2: ");
    assertThat(r.out()).isEmpty();

    Path jsonl = Files.writeString(tmp.resolve("q.jsonl"), "{\"id\": \"q1\", \"text\": \"refund\"}\n{\"id\": \"q2\", \"text\": \n");
    r = query("--queries", jsonl.toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(jsonl + ":2: ");

    Path missing = tmp.resolve("nope.tsv");
    r = query("--queries", missing.toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(missing.toString());
  }

  @Test
  void indexBuiltWithAnotherModelIsRefused() {
    Path other = TestModel.projectRoot().resolve("engine/src/test/resources/fixtures/tiny-xlmr-no-tti");
    CliRun.Result r = query("--model", other.toString(), "How do I reset my password?").expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("the index was built with embedding model " + TestModel.ID)
        .contains("384 dimensions), but the model in use is clir-fixtures/tiny-xlmr-no-tti")
        .contains("32 dimensions)").contains("Use model " + TestModel.ID);
    assertThat(r.out()).isEmpty();
  }
}
