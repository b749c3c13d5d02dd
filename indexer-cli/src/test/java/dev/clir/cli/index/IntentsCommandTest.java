package dev.clir.cli.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.intent.IntentModel;
import dev.clir.testing.TestModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentsCommandTest {
  @TempDir Path dir;

  @Test
  void trainsAndSavesAModelThatRecordsTheEmbeddingModel() throws Exception {
    Path train = Files.writeString(dir.resolve("train.tsv"), """
        reset_password\tI forgot my password
        reset_password\thow do I reset my password
        track_order\twhere is my package
        track_order\ttrack my order NB-100245
        """);
    Path out = dir.resolve("intents.json");
    var r = CliRun.run(new IndexCommand(), "intents", "--train", train.toString(), "--out", out.toString(), "--model",
        TestModel.dir().toString(), "--classifier", "centroid").expectExit(ExitCodes.OK);
    assertThat(r.out()).contains("2 intents").contains("saved to");
    assertThat(IntentModel.embeddingOf(out).id()).isEqualTo(TestModel.ID);
    // #20 item 12: the model file gets the permissions of any new file here (the umask's), not a temp file's 0600
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aLabelWithOneExampleIsAnInputErrorWithItsLine() throws Exception {
    Path train = Files.writeString(dir.resolve("train.tsv"), "a\tone\na\ttwo\nb\tlonely\n");
    var r = CliRun.run(new IndexCommand(), "intents", "--train", train.toString(), "--out", dir.resolve("x.json").toString(),
        "--model", TestModel.dir().toString()).expectExit(ExitCodes.INPUT);
    assertThat(r.err()).contains("train.tsv:3");
  }
}
