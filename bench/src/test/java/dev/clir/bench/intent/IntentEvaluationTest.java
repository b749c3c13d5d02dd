package dev.clir.bench.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.intent.*;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluations run end to end on tiny sets laid out like the real ones (the real runs take minutes and are
 * not tests: {@code clir-bench quality} runs them).
 */
class IntentEvaluationTest {
  @TempDir Path dir;

  @Test
  void fewShotSamplesAreReproducibleAndKPerLabel() {
    List<LabeledText> pool = MiniIntents.TRAIN;
    List<LabeledText> a = IntentEvaluation.sample(pool, 2, 1);
    assertThat(a).hasSize(8).isEqualTo(IntentEvaluation.sample(pool, 2, 1));
    assertThat(a.stream().filter(t -> t.label().equals("track_order"))).hasSize(2);
    assertThat(IntentEvaluation.sample(pool, 16, 1)).hasSize(pool.size()); // a label with fewer gives all it has
  }

  @Test
  void sib200ReportsTransferFewShotAndConfusion() throws IOException {
    String header = "index_id\tcategory\ttext\n";
    write("eng/train.tsv", header + "1\tsports\tthe team won the football match\n2\tsports\tshe ran the marathon in record time\n"
        + "3\thealth\tthe doctor prescribed antibiotics\n4\thealth\tvaccines prevent many diseases\n");
    write("eng/dev.tsv", header + "5\tsports\tthe striker scored twice\n6\thealth\tthe patient recovered in hospital\n");
    write("eng/test.tsv", header + "7\tsports\tthe tennis final was thrilling\n8\thealth\tflu symptoms include fever\n");
    write("por/train.tsv", header + "1\tsports\to time venceu a partida de futebol\n2\tsports\tela correu a maratona em tempo recorde\n"
        + "3\thealth\to médico receitou antibióticos\n4\thealth\tvacinas previnem muitas doenças\n");
    write("por/dev.tsv", header + "5\tsports\to atacante marcou duas vezes\n6\thealth\to paciente se recuperou no hospital\n");
    write("por/test.tsv", header + "7\tsports\ta final de tênis foi emocionante\n8\thealth\tos sintomas da gripe incluem febre\n");

    SibReport r = IntentEvaluation.sib200(TestModel.embedder(), dir, List.of("eng", "por"),
        List.of(IntentSettings.builder().classifier(ClassifierKind.CENTROID).build()), List.of(1), List.of(1L));

    assertThat(r.trainSize()).isEqualTo(4);
    assertThat(r.test()).extracting(SibReport.Result::language).containsExactly("eng", "por");
    assertThat(r.test().get(0).accuracyTransfer()).isEqualTo(1.0);
    assertThat(r.test().get(0).accuracy()).isEqualTo(1.0);
    assertThat(r.fewShot()).extracting(SibReport.FewShot::k).containsExactly(0, 1);
    assertThat(r.confusion()).containsKeys("centroid eng", "centroid por");
    assertThat(r.toText()).contains("Test split").contains("acc transfer").contains("gold \\ predicted");
    assertThat(r.toMarkdown()).contains("| classifier | language |").contains("---:");
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertThat(json.path("test").get(1).path("language").asText()).isEqualTo("por");
  }

  @Test
  void intentSetChoosesTheThresholdOnDevAndMeasuresEveryTestLanguage() throws IOException {
    StringBuilder train = new StringBuilder();
    MiniIntents.TRAIN.forEach(t -> train.append(t.label()).append('\t').append(t.text()).append('\n'));
    write("train.en.tsv", train.toString());
    write("dev.en.tsv", "reset_password\tI need a new password\ntrack_order\twhere's my delivery\n_oos\ttell me a joke\n");
    write("test.en.tsv", "battery_drain\tmy battery is always empty\n_oos\twhat is the weather tomorrow\n");
    write("test.pt.tsv", "track_order\tonde está meu pedido\n_oos\tme conta uma piada\n");

    IntentSetReport r = IntentEvaluation.intentSet(TestModel.embedder(), dir,
        List.of(IntentSettings.builder().classifier(ClassifierKind.CENTROID).build()));

    assertThat(r.labels()).isEqualTo(4);
    assertThat(r.rows()).extracting(IntentSetReport.Row::split).containsExactly("dev.en", "test.en", "test.pt");
    assertThat(r.rows().get(0).scores().balancedAccuracy()).isEqualTo(1.0); // chosen where dev is separable
    assertThat(r.rows()).allSatisfy(row -> assertThat(row.scores().threshold()).isEqualTo(r.rows().get(0).scores().threshold()));
    assertThat(r.toText()).contains("abstain P");
    assertThat(r.toMarkdown()).contains("| classifier | split |");
  }

  private void write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
