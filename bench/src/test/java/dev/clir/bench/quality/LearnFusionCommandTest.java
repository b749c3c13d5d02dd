package dev.clir.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.search.fusion.FusionSettings;
import dev.clir.testing.HelpCorpus;
import dev.clir.testing.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** clir-bench learn-fusion on an index and judged questions of one's own. */
class LearnFusionCommandTest {
  @TempDir Path tmp;

  @Test
  void learnsSettingsThatClirQueryReads() throws Exception {
    Path index = tmp.resolve("index");
    IndexConfig config = IndexConfig.builder(index).openMode(OpenMode.CREATE).build();
    try (ClirIndexWriter writer = ClirIndexWriter.open(config, TestModel.embedder())) {
      new BulkIndexer(writer, BulkIndexer.Options.DEFAULTS, null).run(new InMemorySource("help", HelpCorpus.DOCS));
    }
    StringBuilder queries = new StringBuilder();
    StringBuilder qrels = new StringBuilder();
    for (Map.Entry<String, String> q : HelpCorpus.QUESTIONS.entrySet()) {
      queries.append("{\"id\": \"").append(q.getKey()).append("-en\", \"text\": \"").append(q.getValue())
          .append("\", \"lang\": \"en\"}\n");
      qrels.append(q.getKey()).append("-en 0 ").append(q.getKey()).append(" 1\n");
    }
    Path queriesFile = Files.writeString(tmp.resolve("q.jsonl"), queries);
    Path qrelsFile = Files.writeString(tmp.resolve("qrels.txt"), qrels);
    Path out = tmp.resolve("fusion.json");

    LearnFusionCommand command = new LearnFusionCommand();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    command.console = new PrintStream(console, true, StandardCharsets.UTF_8);
    int code = new CommandLine(command).execute("--index", index.toString(), "--model", TestModel.dir().toString(),
        "--queries", queriesFile.toString(), "--qrels", qrelsFile.toString(), "--out", out.toString());

    String said = console.toString(StandardCharsets.UTF_8);
    assertThat(code).as(said).isZero();
    assertThat(said).contains("learned from " + HelpCorpus.QUESTIONS.size() + " judged questions", "wrote " + out)
        .containsPattern("en +" + HelpCorpus.QUESTIONS.size() + " +\\d\\.\\d{4}");
    FusionSettings learned = FusionSettings.read(out);
    assertThat(learned.learned()).containsKeys("by", "model", "on", "date");
    assertThat(learned.learned().get("on")).startsWith(HelpCorpus.QUESTIONS.size() + " judged questions");
  }
}
