package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs after the first: unchanged documents are skipped, changed ones replaced, --delete and --rebuild; info. */
class IncrementalIndexingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode json(CliRun.Result r) throws Exception {
    return JSON.readTree(r.out());
  }

  @Test
  void secondRunsSkipUpdateDeleteAndRebuild() throws Exception {
    Path idx = tmp.resolve("idx");
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    JsonNode first = json(index(idx, input, "--json").expectExit(ExitCodes.OK));
    assertThat(first.get("added").asLong()).isEqualTo(3);
    assertThat(first.get("passagesEmbedded").asLong()).isEqualTo(3);

    // Same input again, without --model: the index's recorded model is used and nothing is embedded.
    JsonNode second = json(index("--index", idx.toString(), "--input", input.toString(), "--json").expectExit(ExitCodes.OK));
    assertThat(second.get("unchanged").asLong()).isEqualTo(3);
    assertThat(second.get("added").asLong() + second.get("updated").asLong()).isZero();
    assertThat(second.get("passagesEmbedded").asLong()).isZero();
    assertThat(second.get("documentsInIndex").asLong()).isEqualTo(3);
    // #20 item 14: an unchanged rerun states no embedding rate, and one commit is "1 commit"
    assertThat(index("--index", idx.toString(), "--input", input.toString()).expectExit(ExitCodes.OK).out())
        .contains("nothing to embed (").contains("; 1 commit" + System.lineSeparator()).doesNotContain("docs/s");

    // One document changed: only it is embedded again and replaced.
    write(input, Inputs.THREE_DOCS.replace("within 30 days", "within 60 days"));
    CliRun.Result third = index("--index", idx.toString(), "--input", input.toString()).expectExit(ExitCodes.OK);
    assertThat(third.out()).contains("added 0, updated 1, unchanged 2, deleted 0").contains("embedded 1 passages")
        .contains("; 1 commit" + System.lineSeparator()).contains("3 documents, 3 passages");
    assertThat(IndexContents.read(idx).get("d2").text()).contains("within 60 days");

    // --delete alone, comma-separated and repeated; an unknown id is a warning
    CliRun.Result deleted = index("--index", idx.toString(), "--delete", "d1,nope", "--delete", "d3").expectExit(ExitCodes.OK);
    assertThat(deleted.out()).contains("deleted 2,").contains("1 documents, 1 passages");
    assertThat(deleted.err()).contains("warning: --delete nope: no such document in the index");
    assertThat(IndexContents.read(idx)).containsOnlyKeys("d2");

    // --rebuild starts over: what is not in this input is gone, the rest is added afresh
    Path other = write(tmp.resolve("other.jsonl"), Inputs.doc("n1", "Night vision turns on by itself in the dark.") + "\n");
    JsonNode rebuilt = json(index("--index", idx.toString(), "--input", other.toString(), "--rebuild", "--json").expectExit(ExitCodes.OK));
    assertThat(rebuilt.get("added").asLong()).isEqualTo(1);
    assertThat(rebuilt.get("documentsInIndex").asLong()).isEqualTo(1);
    assertThat(IndexContents.read(idx)).containsOnlyKeys("n1");
  }

  @Test
  void infoDescribesTheIndexAsTextAndJson() throws Exception {
    Path idx = tmp.resolve("idx");
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    index(idx, input, "--vector-format", "int8", "--chunk-tokens", "128", "--chunk-overlap", "16", "--hnsw-m", "8")
        .expectExit(ExitCodes.OK);

    CliRun.Result text = index("info", "--index", idx.toString()).expectExit(ExitCodes.OK);
    assertThat(text.out()).containsPattern("model +intfloat/e5-small-v2")
        .containsPattern("modelDirectory +" + java.util.regex.Pattern.quote(TestModel.dir().toAbsolutePath().toString()))
        .containsPattern("fingerprint +[0-9a-f]{12}… +\\(sha256:[0-9a-f]{64}\\)")
        .containsPattern("dimension +384")
        .containsPattern("vectorFormat +int8")
        .containsPattern("passageTokens +128")
        .containsPattern("chunkOverlap +16")
        .containsPattern("documents +3")
        .containsPattern("passages +3")
        .containsPattern("sizeOnDiskBytes +[0-9.]+ MiB");

    JsonNode info = json(index("info", "--index", idx.toString(), "--json").expectExit(ExitCodes.OK));
    assertThat(info.get("index").asText()).isEqualTo(idx.toAbsolutePath().toString());
    assertThat(info.get("model").asText()).isEqualTo(TestModel.ID);
    assertThat(info.get("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(info.get("dimension").asInt()).isEqualTo(384);
    assertThat(info.get("similarity").asText()).isEqualTo("dot_product");
    assertThat(info.get("prefixes").get("query").asText()).isEqualTo("query: ");
    assertThat(info.get("prefixes").get("passage").asText()).isEqualTo("passage: ");
    assertThat(info.get("pooling").asText()).isEqualTo("mean");
    assertThat(info.get("vectorFormat").asText()).isEqualTo("int8");
    assertThat(info.get("hnsw").get("m").asInt()).isEqualTo(8);
    assertThat(info.get("passageTokens").asInt()).isEqualTo(128);
    assertThat(info.get("documents").asLong()).isEqualTo(3);
    assertThat(info.get("passages").asLong()).isEqualTo(3);
    assertThat(info.get("sizeOnDiskBytes").asLong()).isPositive();
    assertThat(info.get("luceneVersion").asText()).startsWith("10.");

    // a later run keeps the index's settings (they are recorded); asking for another one is refused, not ignored
    assertThat(index(idx, input, "--vector-format", "float32").expectExit(ExitCodes.USAGE).err())
        .contains("--vector-format float32 (the index has int8)");
    index(idx, input).expectExit(ExitCodes.OK);
    assertThat(json(index("info", "--index", idx.toString(), "--json")).get("vectorFormat").asText()).isEqualTo("int8");
  }

  @Test
  void jsonSummaryHasEveryCount() throws Exception {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS + "{\"id\": \"e\", \"text\": \"  \"}\n");
    JsonNode s = json(index(tmp.resolve("idx"), input, "--json").expectExit(ExitCodes.OK));
    assertThat(s.get("read").asLong()).isEqualTo(4);
    assertThat(s.get("added").asLong()).isEqualTo(3);
    assertThat(s.get("empty").asLong()).isEqualTo(1);
    assertThat(s.get("failed").asLong()).isZero();
    assertThat(s.get("duplicates").asLong()).isZero();
    assertThat(s.get("tokens").asLong()).isPositive();
    assertThat(s.get("truncatedPassages").asLong()).isZero();
    assertThat(s.get("commits").asInt()).isEqualTo(1);
    assertThat(s.get("elapsedSeconds").asDouble()).isPositive();
    assertThat(s.get("failures").isArray()).isTrue();
    assertThat(s.get("index").asText()).isEqualTo(tmp.resolve("idx").toAbsolutePath().toString());
    assertThat(s.get("documentsInIndex").asLong()).isEqualTo(3);
    assertThat(s.get("passagesInIndex").asLong()).isEqualTo(3);
  }

  @Test
  void infoOnAMissingIndexIsAnIndexError() {
    CliRun.Result r = index("info", "--index", tmp.resolve("nothing").toString()).expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + tmp.resolve("nothing"));
    r = index("info", "--index", tmp.toString()).expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("no index at " + tmp);
  }
}
