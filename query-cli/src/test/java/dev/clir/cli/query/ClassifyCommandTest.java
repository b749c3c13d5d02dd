package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.intent.IntentModel;
import dev.clir.intent.LabeledTextFiles;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clir-query classify on an intent model trained from testdata/intents with the real test model. */
class ClassifyCommandTest {
  @TempDir static Path dir;
  static Path intents;
  static final String MODEL = TestModel.dir().toString();

  @BeforeAll
  static void train() {
    intents = dir.resolve("intents.json");
    try (OnnxEmbedder e = OnnxEmbedder.open(TestModel.dir())) {
      IntentModel.train(e, LabeledTextFiles.readTraining(TestModel.projectRoot().resolve("testdata/intents/train.en.tsv"))).save(intents);
    }
  }

  @Test
  void anEnglishRequestGetsItsIntent() {
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--model", MODEL,
        "I want my money back for the annual plan").expectExit(ExitCodes.OK);
    assertThat(r.out()).startsWith("refund_request");
  }

  @Test
  void withoutModelItReopensTheEmbeddingModelTheIntentsWereTrainedWith() {
    assertThat(IntentModel.embeddingDirectoryOf(intents)).contains(TestModel.dir().toAbsolutePath());
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "I want my money back for the annual plan")
        .expectExit(ExitCodes.OK);
    assertThat(r.out()).startsWith("refund_request");
  }

  @Test
  void accuracyOnAShippedLabelledFile() throws Exception {
    // #20 item 12: testdata's labelled test sets (with their # comment lines) are measured, not refused
    Path pt = TestModel.projectRoot().resolve("testdata/intents/test.pt.tsv");
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--labelled", pt.toString(), "--json")
        .expectExit(ExitCodes.OK);
    JsonNode m = new ObjectMapper().readTree(r.out());
    long messages = Files.readAllLines(pt).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertThat(m.get("messages").asLong()).isEqualTo(messages);
    assertThat(m.get("inScope").asInt() + m.get("outOfScope").asInt()).isEqualTo((int) messages);
    assertThat(m.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    var text = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--labelled", pt.toString())
        .expectExit(ExitCodes.OK);
    assertThat(text.out()).startsWith("accuracy 0.").contains("out of scope recognised");
    assertThat(CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--labelled", pt.toString(), "hello")
        .expectExit(ExitCodes.USAGE).err()).contains("not several");
  }

  @Test
  void anOutOfScopeMessageIsNotForcedIntoAnIntent() {
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--model", MODEL,
        "what's the weather in Lisbon tomorrow").expectExit(ExitCodes.OK);
    assertThat(r.out()).startsWith("_oos");
  }

  @Test
  void batchJsonHasOneObjectPerMessage() throws Exception {
    Path messages = Files.writeString(dir.resolve("m.tsv"), "m1\tmy card was declined when paying\nm2\ttell me a joke\n");
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--model", MODEL, "--queries",
        messages.toString(), "--json").expectExit(ExitCodes.OK);
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.path("id").asText()).isEqualTo("m1");
    assertThat(first.path("top")).hasSize(3);
    assertThat(new ObjectMapper().readTree(lines[1]).path("intent").asText()).isEqualTo("_oos");
  }

  @Test
  void anotherEmbeddingModelIsRefused() {
    Path other = TestModel.projectRoot().resolve("engine/src/test/resources/fixtures/tiny-xlmr-no-tti");
    var r = CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString(), "--model", other.toString(), "hello")
        .expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains("intfloat/e5-small-v2");
  }

  @Test
  void noMessageIsAUsageError() {
    CliRun.run(new QueryCommand(), "classify", "--intents", intents.toString()).expectExit(ExitCodes.USAGE);
  }
}
