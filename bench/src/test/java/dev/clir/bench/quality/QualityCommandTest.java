package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.model.SharedModels;
import dev.clir.testing.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole report pipeline on tiny synthetic sets in the public sets' formats, with the real test model. */
class QualityCommandTest {
  @TempDir static Path data;

  @TempDir Path out;

  @BeforeAll
  static void writeSets() throws IOException {
    XquadSetTest.writeAll(data.resolve("xquad"), true, true);
    TatoebaSetTest.writePairs(data.resolve("tatoeba"));
    FloresSetTest.writeSib(data.resolve("sib200"));
  }

  private static int run(QualityCommand command, ByteArrayOutputStream err, String... args) {
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new CommandLine(command).execute(args);
  }

  @Test
  void writesMarkdownJsonAndChartsWithARowPerLanguageModeAndFormat() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(new QualityCommand(), err, "--model", TestModel.dir().toString(), "--data", data.toString(),
        "--out", out.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
    assertThat(md).contains("# Cross-lingual retrieval quality: intfloat/e5-small-v2", "sha256:",
        "float32 (HNSW, exact scores)", "int8 (HNSW over quantized vectors", "ONNX Runtime", "wall time",
        "This is an English-only model", "## XQuAD: question → paragraph", "## Tatoeba: sentence → English translation",
        "## FLORES-200 (SIB-200): sentence → English translation", "![XQuAD: question → paragraph](xquad.png)",
        "| vector float32 | vector int8 | hybrid float32 | hybrid int8 | BM25 |", "## Which mode to use, per language");
    for (String row : List.of("| English (en) |", "| Portuguese (pt) |", "| Thai (th) |", "| Swahili (sw) |")) {
      assertThat(md).contains(row);
    }
    assertThat(md.split("\\| Portuguese \\(pt\\) \\|", -1)).hasSize(1 + 3 + 1); // 3 sets + recommendations

    JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
    assertThat(json.path("model").path("id").asText()).isEqualTo(TestModel.ID);
    assertThat(json.path("model").path("englishOnly").asBoolean()).isTrue();
    assertThat(json.path("machine").path("cores").asInt()).isPositive();
    assertThat(json.path("wallSeconds").asDouble()).isPositive();
    List<String> sets = new ArrayList<>();
    json.path("sets").forEach(s -> sets.add(s.path("id").asText()));
    assertThat(sets).containsExactly("xquad", "tatoeba", "flores");
    for (JsonNode set : json.path("sets")) {
      int languages = set.path("questions").size();
      assertThat(set.path("results")).as(set.path("id").asText()).hasSize(languages * 5);
      assertThat(Files.size(out.resolve(set.path("chart").asText()))).isBetween(1_000L, 150_000L);
    }
    JsonNode xquad = json.path("sets").get(0);
    assertThat(xquad.path("questions").path("pt").asInt()).isEqualTo(2);
    for (JsonNode row : xquad.path("results")) {
      if (!row.path("mode").asText().equals("bm25")) { // BM25 returns only documents sharing a word
        // three paragraphs: vector search returns them all, so every answer is in the top 10
        assertThat(row.path("metrics").path("R@10").asDouble()).as(row.toString()).isEqualTo(1.0);
      }
    }
    JsonNode flores = json.path("sets").get(2);
    for (JsonNode row : flores.path("results")) {
      if (row.path("lang").asText().equals("en")) {
        assertThat(row.path("metrics").path("R@1").asDouble()).as(row.toString()).isEqualTo(1.0); // the ceiling
        assertThat(row.path("transfer").isNull()).isTrue();
      } else {
        assertThat(row.path("transfer").path("pairedQuestions").asInt()).isEqualTo(4);
      }
    }
    byte[] png = Files.readAllBytes(out.resolve("flores.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void withoutModelsItSaysLoudlyThatOnlyTheEnglishTestModelCanBeMeasured() throws IOException {
    Path empty = Files.createDirectories(out.resolve("no-models"));
    String before = System.getProperty(SharedModels.PROPERTY);
    System.setProperty(SharedModels.PROPERTY, empty.toString());
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = run(new QualityCommand(), err, "--data", data.toString(), "--out", out.resolve("r").toString(),
          "--sets", "flores", "--formats", "float32", "--modes", "vector,bm25");
      String said = err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(said).isZero();
      assertThat(said).contains("NO MULTILINGUAL MODEL in " + empty, "only the", "English test model can be measured here");
      String md = Files.readString(out.resolve("r").resolve(ReportWriter.MARKDOWN));
      assertThat(md).contains("| vector float32 | BM25 |").doesNotContain("int8").doesNotContain("## XQuAD");
    } finally {
      if (before == null) {
        System.clearProperty(SharedModels.PROPERTY);
      } else {
        System.setProperty(SharedModels.PROPERTY, before);
      }
    }
  }

  @Test
  void aMissingSetIsReportedAsNotMeasured() throws IOException {
    Path partial = Files.createDirectories(out.resolve("partial"));
    FloresSetTest.writeSib(partial.resolve("sib200"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(new QualityCommand(), err, "--model", TestModel.dir().toString(), "--data", partial.toString(),
        "--out", out.resolve("r").toString(), "--formats", "float32", "--modes", "bm25");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String md = Files.readString(out.resolve("r").resolve(ReportWriter.MARKDOWN));
    assertThat(md).contains("**Not measured:** xquad (XQuAD: ", "tatoeba (Tatoeba: no tatoeba.XXX-eng");
  }
}
