package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.model.SharedModels;
import dev.clir.search.fusion.FusionSettings;
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
        "--out", out.toString(), "--sets", "xquad,tatoeba,flores");
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
      // vector and hybrid and auto per format, BM25 once
      assertThat(set.path("results")).as(set.path("id").asText()).hasSize(languages * 7);
      assertThat(Files.size(out.resolve(set.path("chart").asText()))).isBetween(1_000L, 150_000L);
    }
    JsonNode xquad = json.path("sets").get(0);
    // every figure is from the test half: fusion was learned on the other
    assertThat(xquad.path("questions").path("pt").asLong())
        .isEqualTo(XquadSet.read(data.resolve("xquad")).half(Benchmark.Half.TEST).queriesPerLanguage().get("pt"));
    assertThat(md).contains("## Hybrid and auto: fusion chosen on dev, measured on test");
    assertThat(FusionSettings.read(out.resolve(QualityCommand.FUSION_FILE)).learned()).containsKey("model");
    long floresPaired = FloresSet.read(data.resolve("sib200")).half(Benchmark.Half.TEST).queriesPerLanguage().get("pt");
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
        assertThat(row.path("transfer").path("pairedQuestions").asLong()).isEqualTo(floresPaired);
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
        "--out", out.resolve("r").toString(), "--formats", "float32", "--modes", "bm25", "--sets", "xquad,tatoeba,flores");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String md = Files.readString(out.resolve("r").resolve(ReportWriter.MARKDOWN));
    assertThat(md).contains("**Not measured:** xquad (XQuAD: ", "tatoeba (Tatoeba: no tatoeba.XXX-eng");
  }

  @Test
  void byDefaultTheIntentEvaluationsArePrintedAndWrittenIntoTheReport() throws IOException {
    Path sibData = out.resolve("data");
    String[][] rows = {
        {"sports", "the team won the football match", "o time venceu a partida de futebol", "ทีมชนะการแข่งขันฟุตบอล", "timu ilishinda mechi ya mpira"},
        {"sports", "she ran the marathon in record time", "ela correu a maratona em tempo recorde", "เธอวิ่งมาราธอน", "alikimbia mbio za marathon"},
        {"sports", "the striker scored twice", "o atacante marcou duas vezes", "กองหน้ายิงสองประตู", "mshambuliaji alifunga mara mbili"},
        {"health", "the doctor prescribed antibiotics", "o médico receitou antibióticos", "แพทย์สั่งยาปฏิชีวนะ", "daktari aliagiza dawa"},
        {"health", "vaccines prevent many diseases", "vacinas previnem muitas doenças", "วัคซีนป้องกันโรค", "chanjo huzuia magonjwa mengi"},
        {"health", "the patient recovered in hospital", "o paciente se recuperou no hospital", "ผู้ป่วยหายดีในโรงพยาบาล", "mgonjwa alipona hospitalini"},
        {"sports", "the tennis final was thrilling", "a final de tênis foi emocionante", "รอบชิงเทนนิสตื่นเต้นมาก", "fainali ya tenisi ilisisimua"},
        {"health", "flu symptoms include fever", "os sintomas da gripe incluem febre", "อาการไข้หวัดรวมถึงมีไข้", "dalili za mafua ni pamoja na homa"}};
    String[] langs = {"eng_Latn", "por_Latn", "tha_Thai", "swh_Latn"};
    for (int l = 0; l < langs.length; l++) {
      Path dir = Files.createDirectories(sibData.resolve("sib200").resolve(langs[l]));
      // ids shared across languages and unique across splits, as in SIB-200
      Files.writeString(dir.resolve("train.tsv"), sib(rows, l, 0, 1, 3, 4));
      Files.writeString(dir.resolve("dev.tsv"), sib(rows, l, 2, 5));
      Files.writeString(dir.resolve("test.tsv"), sib(rows, l, 6, 7));
    }
    Path intents = Files.createDirectories(out.resolve("intents"));
    Files.writeString(intents.resolve("train.en.tsv"), "reset_password\tI forgot my password\nreset_password\treset my password\n"
        + "track_order\twhere is my order\ntrack_order\ttrack my parcel\n");
    Files.writeString(intents.resolve("dev.en.tsv"), "reset_password\tI need a new password\ntrack_order\twhere's my delivery\n"
        + "_oos\ttell me a joke\n");
    Files.writeString(intents.resolve("test.en.tsv"), "track_order\twhen will my parcel arrive\n_oos\twhat is the weather\n");
    Files.writeString(intents.resolve("test.pt.tsv"), "track_order\tonde está meu pedido\n_oos\tme conta uma piada\n");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    QualityCommand command = new QualityCommand();
    command.console = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int code = run(command, err, "--model", TestModel.dir().toString(), "--data", sibData.toString(), "--intents",
        intents.toString(), "--out", out.resolve("r").toString(), "--formats", "float32", "--modes", "vector");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("SIB-200 intent transfer: trained on eng_Latn",
        "Few-shot", "Intent set: 2 intents", "abstain P");
    Path report = out.resolve("r");
    String md = Files.readString(report.resolve(ReportWriter.MARKDOWN));
    assertThat(md).contains("## FLORES-200", "## Intent classification: labelled in English, asked in every language",
        "**SIB-200 topics** (4 English training sentences", "| por_Latn |", "### SIB-200: intents labelled in eng_Latn only",
        "#### Few-shot", "**testdata intents** (2 intents", "| test.pt |", "![SIB-200 accuracy by language](sib200-intents.png)",
        "xquad (XQuAD: ");
    JsonNode json = new ObjectMapper().readTree(report.resolve(ReportWriter.JSON).toFile());
    JsonNode sib = json.path("intents").path("sib200");
    assertThat(json.path("intents").path("defaultClassifier").asText()).isEqualTo("logistic");
    assertThat(sib.path("trainSize").asInt()).isEqualTo(4);
    // 3 classifiers x 4 languages, each test split of 2 sentences
    assertThat(sib.path("test")).hasSize(12).allSatisfy(r -> assertThat(r.path("n").asInt()).isEqualTo(2));
    assertThat(json.path("intents").path("testdata").path("labels").asInt()).isEqualTo(2);
    assertThat(Files.readAllBytes(report.resolve("sib200-intents.png"))).startsWith(0x89, 'P', 'N', 'G');
  }

  /** SIB-200's TSV of the given rows in language column {@code lang}, ids from the row index. */
  private static String sib(String[][] rows, int lang, int... which) {
    StringBuilder sb = new StringBuilder("index_id\tcategory\ttext\n");
    for (int i : which) {
      sb.append(i + 1).append('\t').append(rows[i][0]).append('\t').append(rows[i][1 + lang]).append('\n');
    }
    return sb.toString();
  }
}
