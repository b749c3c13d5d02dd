package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.cli.Cli;
import dev.clir.index.RecordedModel;
import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.testing.TestModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of testdata/ through the same path as the README: the knowledge base indexed by clir-index's code
 * (BulkIndexer), then {@code clir-query eval} over all 260 questions in four languages. Figures are printed, not
 * asserted beyond sanity: with the English-only test model non-English figures are low, and that is the point.
 */
class TestdataEvalEndToEndTest {
  @TempDir static Path index;
  private static final Path ROOT = TestModel.projectRoot();

  @BeforeAll
  static void indexTheKnowledgeBase() {
    try (OnnxEmbedder embedder = OnnxEmbedder.open(TestModel.dir());
        MeteredEmbedder meter = new MeteredEmbedder(embedder);
        ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(index).build(), meter);
        DocumentSource kb = DocumentSources.open(ROOT.resolve("testdata/kb.jsonl"), FieldMapping.DEFAULT, null)) {
      BulkIndexer.Summary s = new BulkIndexer(writer, BulkIndexer.Options.DEFAULTS, BulkIndexer.Listener.NONE)
          .commitData(RecordedModel.commitData(TestModel.dir()))
          .run(kb);
      assertThat(s.added()).isEqualTo(161);
      assertThat(s.truncatedPassages()).isZero();
    }
  }

  @Test
  void evalPrintsPerLanguageMetricsAndTransferRatios() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      rc = Cli.create(new QueryCommand()).execute("eval", "--index", index.toString(), "--queries",
          ROOT.resolve("testdata/queries.jsonl").toString(), "--qrels", ROOT.resolve("testdata/qrels.txt").toString(), "--json", "--quiet");
    } finally {
      System.setOut(saved);
    }
    assertThat(rc).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    System.out.println("testdata eval with the English test model:\n" + report.toPrettyString());

    for (String lang : new String[] {"en", "pt", "th", "sw"}) {
      assertThat(report.toString()).contains("\"" + lang + "\"");
    }
    // Sanity, not targets: English questions about English articles must work with an English model.
    String text = report.toString();
    assertThat(text).contains("nDCG@10");
  }
}
