package dev.clir.cli.query;

import static dev.clir.cli.query.SharedIndex.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.search.fusion.ScoreFusion;
import dev.clir.search.fusion.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --mode, --fusion-settings and what --explain says about fusion. */
class FusionOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTION = "Malipo yangu yamekataliwa na kosa BIL-40";

  @TempDir Path tmp;

  @Test
  void unknownModeIsAUsageError() {
    assertThat(query("--mode", "fuzzy", QUESTION).expectExit(ExitCodes.USAGE).err())
        .contains("Invalid value for option '--mode': 'fuzzy' (use vector, keyword, hybrid or auto)");
    assertThat(query("--mode", "vector", "--hybrid", QUESTION).expectExit(ExitCodes.USAGE).err())
        .contains("--hybrid contradicts --mode vector");
  }

  @Test
  void malformedOrMissingSettingsFileIsAnInputError() throws Exception {
    Path bad = Files.writeString(tmp.resolve("fusion.json"), "{\"clirFusionSettings\": 2, \"function\": \"borda\"}");
    assertThat(query("--fusion-settings", bad.toString(), QUESTION).expectExit(ExitCodes.INPUT).err())
        .contains(bad + ": function: unknown function 'borda' (use rrf, convex or dbsf)");
    Path missing = tmp.resolve("none.json");
    assertThat(query("--fusion-settings", missing.toString(), QUESTION).expectExit(ExitCodes.INPUT).err())
        .contains(missing + ": no such fusion settings file");
  }

  @Test
  void everyModeAnswersAndExplainShowsBothLegsAndTheWeight() throws Exception {
    for (String mode : new String[] {"vector", "keyword", "hybrid", "auto"}) {
      JsonNode out = JSON.readTree(query("--json", "--explain", "--mode", mode, "-k", "3", QUESTION)
          .expectExit(ExitCodes.OK).out());
      assertThat(out.get("mode").asText()).isEqualTo(mode);
      assertThat(out.get("hits")).isNotEmpty();
      JsonNode explain = out.get("explain");
      if (mode.equals("hybrid") || mode.equals("auto")) {
        assertThat(explain.get("fusion").asText()).contains("depth", "vector weight", "BM25");
        assertThat(explain.get("signals").asText()).contains("language sw", "keyword breadth");
        assertThat(explain.get("legs").asText()).contains("kb-a033: vector #").contains("BM25 #1 ");
      } else {
        assertThat(explain.has("fusion")).isFalse();
      }
    }
  }

  @Test
  void aSettingsFileChangesHowHybridFuses() throws Exception {
    Path file = tmp.resolve("convex.json");
    FusionSettings.fixed(new ScoreFusion(Normalization.MIN_MAX), 50, 0.25).write(file);
    JsonNode out = JSON.readTree(query("--json", "--explain", "--mode", "hybrid", "--fusion-settings", file.toString(),
        "-k", "3", QUESTION).expectExit(ExitCodes.OK).out());
    assertThat(out.get("explain").get("fusion").asText())
        .startsWith("convex(min-max), depth 50 per leg; vector weight 0.25, BM25 0.75 (fixed (hybrid mode))");
    assertThat(out.get("hits").get(0).get("id").asText()).isEqualTo("kb-a033");
  }
}
