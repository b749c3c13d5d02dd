package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clir-index as a demanding user finds it (#20 items 2-4, #16's layout rule): the index is checked before a model is
 * resolved, ranges and misreadings are usage errors, and an existing index refuses another layout.
 */
class IndexCommandLineTest {
  @TempDir Path tmp;

  @Test
  void deletingFromNoIndexIsAnIndexErrorBeforeAnyModel() {
    Path fresh = tmp.resolve("new");
    CliRun.Result r = index("--index", fresh.toString(), "--delete", "c9", "--model", "no-such-org/no-such-model")
        .expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + fresh + ": nothing to delete from").doesNotContain("Hugging Face");
    assertThat(fresh).doesNotExist();
  }

  @Test
  void dashIIsNotAnIndexOption() {
    // clir-index has --index and --input: -i would read as either
    CliRun.Result r = index("-i", "kb.jsonl").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Unknown options: '-i', 'kb.jsonl'").contains("--index").contains("--input")
        .contains("Try 'clir-index --help'");
  }

  @Test
  void rangesAreUsageErrors() {
    CliRun.Result r = index("intents", "--train", "t.tsv", "--out", "o.json", "--threshold", "1.5").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Invalid value for option '--threshold': 1.5 (must be between 0 and 1)")
        .contains("Try 'clir-index intents --help'");
    r = index("--index", tmp.resolve("i").toString(), "--input", "x.jsonl", "--threads", "-4").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Invalid value for option '--threads': -4");
  }

  @Test
  void anExistingIndexRefusesAnotherLayoutNamingTheStoredOne() {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    Path idx = tmp.resolve("idx");
    index(idx, input).expectExit(ExitCodes.OK);
    CliRun.Result r = index(idx, input, "--vector-format", "int8", "--hnsw-m", "8").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("index " + idx + " was created with another layout: --vector-format int8 (the index has float32); "
        + "--hnsw-m 8 (the index has 16)").contains("add --rebuild");
    // the same values are fine, and --rebuild takes the new layout
    index(idx, input, "--vector-format", "FLOAT32").expectExit(ExitCodes.OK);
    r = index(idx, input, "--vector-format", "int8", "--rebuild").expectExit(ExitCodes.OK);
    assertThat(index("info", "--index", idx.toString()).expectExit(ExitCodes.OK).out()).containsPattern("vectorFormat +int8");
  }
}
