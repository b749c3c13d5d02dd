package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.model;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.testing.TestModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage (2), model (4), index (5) and lock (6) failures of clir-index, each with a message that says what to do. */
class IndexErrorsTest {
  @TempDir Path tmp;

  @Test
  void withoutIndexItIsAUsageError() {
    CliRun.Result r = index("--input", "kb.jsonl").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option: '--index=DIR'").contains("Usage: clir-index");
    r = index("--index", tmp.resolve("idx").toString()).expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Nothing to do: give --input PATH");
    r = index("info").expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option: '--index=DIR'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--vector-format=float16 | Invalid value for option '--vector-format': 'float16' (expected one of [float32, int8, int4, binary])",
      "--on-error=ignore       | Invalid value for option '--on-error': 'ignore' (expected one of [fail, skip])",
      "--format=xml            | Invalid value for option '--format': unknown input format 'xml'",
      "--fields=id             | Invalid value for option '--fields': field mapping 'id' is not part=name",
      "--fields=body=text      | Invalid value for option '--fields': unknown field 'body' in mapping",
      "--commit-every=many     | Invalid value for option '--commit-every': 'many' is not an int",
      "--no-such-option        | Unknown option: '--no-such-option'",
      "--commit-every=0        | --commit-every must be at least 1, not 0",
      "--chunk-tokens=16       | --chunk-overlap (32) must be smaller than --chunk-tokens (16)",
      "--chunk-overlap=-1      | --chunk-tokens and --chunk-overlap must not be negative",
      "--hnsw-m=0              | Invalid option value: HNSW m must be in [1, ",
      "--chunk-tokens=4000     | The chunking options do not fit model intfloat/e5-small-v2: maxTokens 4000 exceeds the model's passage budget"})
  void badOptionValuesAreUsageErrors(String option, String message) {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    CliRun.Result r = index("--index", tmp.resolve("idx").toString(), "--input", input.toString(), "--model", model(), option)
        .expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("CLIR_DEBUG");
    assertThat(tmp.resolve("idx")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void nonexistentModelDirectoryIsAModelError() {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    Path missing = tmp.resolve("models/e5-small");
    CliRun.Result r = index("--index", tmp.resolve("idx2").toString(), "--input", input.toString(), "--model", missing.toString())
        .expectExit(ExitCodes.MODEL);
    assertThat(r.err()).contains("model directory " + missing + " does not exist")
        .contains("tokenizer.json").contains("Hugging Face model id");
    assertThat(tmp.resolve("idx2")).doesNotExist();

    // a directory that is not a model
    r = index("--index", tmp.resolve("idx2").toString(), "--input", input.toString(), "--model", tmp.toString())
        .expectExit(ExitCodes.MODEL);
    assertThat(r.err()).contains(tmp.toString()).contains("tokenizer.json");
  }

  @Test
  void defaultModelUnavailableSaysHowToProvideIt() throws Exception {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    // A clean machine without network: no --model, no index yet, so the default model is wanted.
    ChildJvm.Result r = ChildJvm.offline(tmp.resolve("home"))
        .run("--index", tmp.resolve("idx").toString(), "--input", input.toString());
    assertThat(r.exitCode()).as(r.output()).isEqualTo(ExitCodes.MODEL);
    assertThat(r.output())
        .contains("clir-index: error: model intfloat/multilingual-e5-small is not on this machine and cannot be downloaded: HF_HUB_OFFLINE=1 is set.")
        .contains("Provide them in one of these ways:")
        .contains("--model DIR, where DIR holds them")
        .contains("CLIR_MODEL_DIR=DIR")
        .contains("clir-index model pull intfloat/multilingual-e5-small")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(tmp.resolve("idx")).doesNotExist();
  }

  @Test
  void indexLockedByAnotherWriterExitsSix() {
    Path idx = tmp.resolve("idx");
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    index(idx, input).expectExit(ExitCodes.OK);
    try (ClirIndexWriter holder = ClirIndexWriter.open(IndexConfig.builder(idx).build(), TestModel.embedder())) {
      CliRun.Result r = index("--index", idx.toString(), "--input", input.toString()).expectExit(ExitCodes.LOCKED);
      assertThat(r.err()).contains("index " + idx + " is locked by another writer").contains("write.lock");
      r = index("--index", idx.toString(), "--delete", "d1").expectExit(ExitCodes.LOCKED);
      // reading is not blocked by the writer
      CliRun.Result info = index("info", "--index", idx.toString()).expectExit(ExitCodes.OK);
      assertThat(info.out()).containsPattern("documents +3");
    }
    // once the other writer is gone, the index is usable again
    index("--index", idx.toString(), "--delete", "d1").expectExit(ExitCodes.OK);
  }

  @Test
  void indexBuiltWithAnotherModelExitsFive() {
    Path idx = tmp.resolve("idx");
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    index(idx, input).expectExit(ExitCodes.OK);
    Path other = TestModel.projectRoot().resolve("engine/src/test/resources/fixtures/tiny-xlmr-no-tti");
    CliRun.Result r = index("--index", idx.toString(), "--input", input.toString(), "--model", other.toString())
        .expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("the index was built with embedding model " + TestModel.ID)
        .contains("384 dimensions), but the model in use is clir-fixtures/tiny-xlmr-no-tti")
        .contains("Use model " + TestModel.ID + ", or rebuild from the source texts with the new model");
    assertThat(IndexContents.read(idx)).containsOnlyKeys("d1", "d2", "d3");

    // --rebuild with the other model is how to switch (its 64-token window needs a smaller overlap)
    r = index("--index", idx.toString(), "--input", input.toString(), "--model", other.toString(), "--rebuild")
        .expectExit(ExitCodes.USAGE);
    assertThat(r.err()).contains("The chunking options do not fit model clir-fixtures/tiny-xlmr-no-tti: overlapTokens (32) must be "
        + "smaller than the passage size");
    index("--index", idx.toString(), "--input", input.toString(), "--model", other.toString(), "--rebuild", "--chunk-overlap", "4")
        .expectExit(ExitCodes.OK);
    CliRun.Result info = index("info", "--index", idx.toString()).expectExit(ExitCodes.OK);
    assertThat(info.out()).doesNotContain(TestModel.ID).containsPattern("documents +3");
  }
}
