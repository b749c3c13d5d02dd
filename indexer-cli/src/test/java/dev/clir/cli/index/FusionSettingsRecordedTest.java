package dev.clir.cli.index;

import static dev.clir.cli.index.Inputs.index;
import static dev.clir.cli.index.Inputs.model;
import static dev.clir.cli.index.Inputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.index.IndexOpener;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.ReciprocalRankFusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clir-index records the fusion settings in effect in the index; a malformed settings file is an input error. */
class FusionSettingsRecordedTest {
  @TempDir Path tmp;

  @Test
  void theModelsSettingsAreRecordedByDefaultAndAGivenFileReplacesThem() throws Exception {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    Path idx = tmp.resolve("idx");
    index("--index", idx.toString(), "--input", input.toString(), "--model", model()).expectExit(ExitCodes.OK);
    assertThat(recorded(idx)).contains(FusionSettings.forModel("intfloat/e5-small-v2"));

    FusionSettings mine = FusionSettings.fixed(new ReciprocalRankFusion(10), 40, 0.7);
    Path file = tmp.resolve("mine.json");
    mine.write(file);
    index("--index", idx.toString(), "--input", input.toString(), "--fusion-settings", file.toString())
        .expectExit(ExitCodes.OK);
    assertThat(recorded(idx)).contains(mine);
    // a later run without the option keeps what the index records
    index("--index", idx.toString(), "--input", input.toString()).expectExit(ExitCodes.OK);
    assertThat(recorded(idx)).contains(mine);
  }

  @Test
  void aMalformedSettingsFileIsAnInputErrorAndLeavesNoIndex() {
    Path input = write(tmp.resolve("kb.jsonl"), Inputs.THREE_DOCS);
    Path bad = write(tmp.resolve("bad.json"), "{\"clirFusionSettings\": 2, \"function\": \"rrf\", \"k\": 0}");
    Path idx = tmp.resolve("idx");
    var r = index("--index", idx.toString(), "--input", input.toString(), "--model", model(), "--fusion-settings",
        bad.toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains(bad + ": k: expected a whole number >= 1, got 0");
    assertThat(idx).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  private static Optional<FusionSettings> recorded(Path idx) throws Exception {
    try (var dir = FSDirectory.open(idx)) {
      Map<String, String> data = IndexOpener.commitData(idx, dir);
      return FusionSettings.recorded(data, idx.toString());
    }
  }
}
