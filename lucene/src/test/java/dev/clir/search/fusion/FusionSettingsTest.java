package dev.clir.search.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionSettingsTest {
  @TempDir Path dir;

  private static final FusionSettings ADAPTIVE = new FusionSettings(new ScoreFusion(Normalization.MIN_MAX), 50, 0.6,
      true, Set.of("th", "pt", "en"), List.of(new WeightRule("th", Signal.IDF_SHARE, 0.3, 0.1),
          WeightRule.fixed("pt", 0.85), new WeightRule("*", Signal.IDF_SHARE, 0.9, 0.5)),
      Map.of("command", "bin/clir-bench quality --learn-fusion", "model", "intfloat/e5-small-v2"));

  @Test
  void roundTripsThroughAFile() throws Exception {
    List<FusionSettings> all = List.of(ADAPTIVE, ADAPTIVE.withCognatePrefix(5), FusionSettings.fixed(new ReciprocalRankFusion(60), 100, 0.5),
        FusionSettings.fixed(new ScoreFusion(Normalization.DISTRIBUTION), 20, 0.35),
        FusionSettings.fixed(new ScoreFusion(Normalization.Z_SCORE), 100, 1),
        FusionSettings.fixed(new ScoreFusion(Normalization.THEORETICAL_MIN_MAX), 10, 0));
    for (FusionSettings s : all) {
      Path file = dir.resolve("fusion.json");
      s.write(file);
      FusionSettings back = FusionSettings.read(file);
      assertThat(back).as(s.describe()).isEqualTo(s);
      assertThat(back.toJson()).isEqualTo(s.toJson());
    }
    assertThat(ADAPTIVE.toJson()).contains("\"function\" : \"convex\"", "\"normalization\" : \"min-max\"",
        "\"signal\" : \"idf-share\"", "\"clirFusionSettings\" : 2", "\"questionStopWords\" : true",
        "\"language\" : \"pt\"");
    assertThat(FusionSettings.parse(ADAPTIVE.toJson(), "again").languages()).containsExactly("en", "pt", "th");
    assertThat(ADAPTIVE.withCognatePrefix(5).toJson()).contains("\"cognatePrefix\" : 5");
    assertThat(ADAPTIVE.withCognatePrefix(5).describe()).contains("BM25 matching the first 5 letters");
    assertThatThrownBy(() -> ADAPTIVE.withCognatePrefix(9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShippedDefaultsLoad() {
    FusionSettings d = FusionSettings.defaults();
    assertThat(d.depth()).isPositive();
    assertThat(d.rules()).last().extracting(WeightRule::language).isEqualTo("*");
    assertThat(d.languages()).isEmpty(); // neutral settings identify no language: no language model to load
    assertThat(FusionSettings.parse(d.toJson(), "again")).isEqualTo(d);
    FusionSettings e5 = FusionSettings.forModel("intfloat/e5-small-v2");
    assertThat(e5).isNotEqualTo(d);
    assertThat(FusionSettings.parse(e5.toJson(), "again")).isEqualTo(e5);
  }

  @Test
  void autoWeightFollowsLanguageAndSignalOnTheGrid() {
    QuestionSignals thai = new QuestionSignals("th", 3, 0.5, 0.5, 0.1, 0.2, 0);
    QuestionSignals latin = new QuestionSignals("sw", 6, 1, 0.25, 0.1, 0.2, 0);
    QuestionSignals pt = new QuestionSignals("pt", 6, 1, 0.25, 0.1, 0.2, 0);
    assertThat(ADAPTIVE.auto(pt).vector()).isEqualTo(0.85); // fixed: no signal
    assertThat(ADAPTIVE.auto(pt).reason()).isEqualTo("language pt (rule pt)");
    assertThat(ADAPTIVE.auto(thai).vector()).isEqualTo(0.2); // 0.3 + (0.1 - 0.3) * 0.5
    assertThat(ADAPTIVE.auto(latin).vector()).isEqualTo(0.8); // 0.9 + (0.5 - 0.9) * 0.25
    assertThat(ADAPTIVE.auto(latin).keyword()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(ADAPTIVE.auto(thai).reason()).contains("language th (rule th)", "idf-share 0.50");
    assertThat(ADAPTIVE.auto(new QuestionSignals("und", 6, 1, 0.25, 0.1, 0.2, 0)).reason())
        .startsWith("language und (rule *)");
    assertThat(ADAPTIVE.hybrid().vector()).isEqualTo(0.6);
    QuestionSignals between = new QuestionSignals("sw", 6, 1, 0.33, 0.1, 0.2, 0);
    assertThat(ADAPTIVE.auto(between).vector()).isEqualTo(0.75); // 0.768 on the 0.05 grid
  }

  @Test
  void malformedFilesAreInputErrorsNamingFileAndField() throws Exception {
    assertError("{\n  \"clirFusionSettings\": 2,\n  \"function\": \"rrf\",,\n}", "bad.json:3: not JSON");
    assertError("[1, 2]", "bad.json: expected a JSON object");
    assertError(valid().replace("\"clirFusionSettings\": 2,", ""), "no \"clirFusionSettings\" version field");
    assertError(valid().replace("\"clirFusionSettings\": 2", "\"clirFusionSettings\": 3"),
        "clirFusionSettings: version 3 is not supported");
    assertError(valid().replace("\"clirFusionSettings\": 2", "\"clirFusionSettings\": 1"),
        "version 1 (weight rules by script) was written by an older clir");
    assertError(valid().replace("\"rrf\"", "\"borda\""), "function: unknown function 'borda'");
    assertError(valid().replace("\"k\": 60", "\"k\": 0"), "k: expected a whole number >= 1, got 0");
    assertError(valid().replace("\"k\": 60", "\"k\": 60, \"normalization\": \"min-max\""),
        "normalization: only for function convex");
    assertError(valid().replace("\"rrf\", \"k\": 60", "\"convex\", \"normalization\": \"l2\""),
        "normalization: unknown normalization 'l2'");
    assertError(valid().replace("\"depth\": 100", "\"depht\": 100"), "depht: unknown field");
    assertError(valid().replace("\"vectorWeight\": 0.5}", "\"vectorWeight\": 1.5}"),
        "hybrid.vectorWeight: a vector weight must be in [0, 1], got 1.5");
    assertError(valid().replace("\"signal\": \"term-share\"", "\"signal\": \"moon-phase\""),
        "auto.rules[0].signal: unknown signal 'moon-phase'");
    assertError(valid().replace("{\"language\": \"*\", \"vectorWeight\": 0.7}", "{\"language\": \"th\", \"vectorWeight\": 0.7}"),
        "auto.rules[1].language: a second rule for 'th'");
    assertError(valid().replace(", {\"language\": \"*\", \"vectorWeight\": 0.7}", ""),
        "auto.rules: the last rule must be for \"language\": \"*\"");
    assertError(valid().replace("\"language\": \"th\"", "\"language\": \"sw\""),
        "auto.rules[0].language: 'sw' is not in auto.languages [pt, th]");
    assertError(valid().replace("[\"pt\", \"th\"]", "[\"pt\", \"Thai!\"]"),
        "auto.languages[1]: expected an ISO 639-1 code");
    assertError(valid().replace("\"vectorWeight\": 0.7", "\"vectorWeight\": [0.7, 0.2]"),
        "auto.rules[1].vectorWeight: two weights need a signal");
    assertError(valid().replace("\"vectorWeight\": 0.7", "\"vectorWeight\": \"high\""),
        "auto.rules[1].vectorWeight: expected a weight in [0, 1]");
    assertError(valid().replace("\"questionStopWords\": true", "\"questionStopWords\": \"yes\""),
        "keyword.questionStopWords: expected true or false");
    assertError(valid().replace("\"questionStopWords\": true", "\"questionStopWords\": true, \"cognatePrefix\": 2"),
        "keyword.cognatePrefix: expected 0 (off) or 3 to 8, got 2");
    assertError(valid().replace("\"questionStopWords\": true", "\"questionStopWords\": true, \"cognatePrefix\": \"five\""),
        "cognatePrefix: expected a whole number >= 0");
    assertThatThrownBy(() -> FusionSettings.read(dir.resolve("missing.json")))
        .isInstanceOf(InputFormatException.class).hasMessageContaining("missing.json: no such fusion settings file");
  }

  @Test
  void theValidExampleParses() {
    FusionSettings s = FusionSettings.parse(valid(), "ok.json");
    assertThat(s.function()).isEqualTo(new ReciprocalRankFusion(60));
    assertThat(s.rules()).containsExactly(new WeightRule("th", Signal.TERM_SHARE, 0.2, 0.6), WeightRule.fixed("*", 0.7));
    assertThat(s.questionStopWords()).isTrue();
    assertThat(s.cognatePrefix()).as("absent in files written before it existed: whole words").isZero();
    assertThat(s.languages()).containsExactly("pt", "th");
  }

  private static String valid() {
    return "{\"clirFusionSettings\": 2, \"function\": \"rrf\", \"k\": 60, \"depth\": 100,\n"
        + " \"keyword\": {\"questionStopWords\": true},\n"
        + " \"hybrid\": {\"vectorWeight\": 0.5},\n"
        + " \"auto\": {\"languages\": [\"pt\", \"th\"], \"rules\": [{\"language\": \"th\", \"signal\": \"term-share\", "
        + "\"vectorWeight\": [0.2, 0.6]}, {\"language\": \"*\", \"vectorWeight\": 0.7}]}}";
  }

  private void assertError(String json, String message) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> FusionSettings.read(file)).isInstanceOf(InputFormatException.class)
        .hasMessageContaining(message).hasMessageStartingWith(file.toString());
  }
}
