package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.search.ApplicationIndex;
import dev.clir.search.ApplicationIndex.Layout;
import dev.clir.testing.HelpCorpus;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index an application built with clir's documented field API ({@link ApplicationIndex}), not with clir-index:
 * clir-query answers and evaluates on it once it records the model, and refuses it, naming what is missing, before.
 */
class ApplicationIndexTest {
  @TempDir Path tmp;

  private static CliRun.Result clirQuery(String... args) {
    return CliRun.run(new QueryCommand(), args);
  }

  @Test
  void clirQueryAnswersAndEvaluatesOnAnApplicationsIndex() throws IOException {
    String index = ApplicationIndex.build(tmp.resolve("app"), Layout.BLOCKS, true).toString();
    String model = TestModel.dir().toString();
    CliRun.Result r = clirQuery("--index", index, "--model", model, "-k", "3", "my computer cannot find the printer")
        .expectExit(ExitCodes.OK);
    assertThat(r.out().lines().skip(1).findFirst()).hasValueSatisfying(first ->
        assertThat(first).startsWith("1").contains("printer-offline").contains("Printer shows offline"));

    List<String> queries = new ArrayList<>();
    List<String> qrels = new ArrayList<>();
    HelpCorpus.QUESTIONS.forEach((doc, question) -> {
      queries.add("{\"id\": \"q-" + doc + "\", \"text\": \"" + question + "\", \"lang\": \"en\"}");
      qrels.add("q-" + doc + " 0 " + doc + " 1");
    });
    Path queryFile = Files.write(tmp.resolve("queries.jsonl"), queries);
    Path qrelsFile = Files.write(tmp.resolve("qrels.txt"), qrels);
    CliRun.Result eval = clirQuery("eval", "--index", index, "--model", model, "--queries", queryFile.toString(),
        "--qrels", qrelsFile.toString()).expectExit(ExitCodes.OK);
    assertThat(eval.out()).startsWith("Run clir: " + HelpCorpus.QUESTIONS.size() + " queries evaluated");
  }

  @Test
  void anApplicationIndexWithoutTheModelRecordedIsRefusedSayingWhatIsMissing() throws IOException {
    String index = ApplicationIndex.build(tmp.resolve("unrecorded"), Layout.BLOCKS, false).toString();
    CliRun.Result r = clirQuery("--index", index, "--model", TestModel.dir().toString(), "printer")
        .expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains(index).contains("clir.model.fingerprint").contains("commitData");
  }
}
