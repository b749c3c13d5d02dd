package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.PassagePipeline;
import dev.clir.cli.ExitCodes;
import dev.clir.cli.testing.CliRun;
import dev.clir.corpus.SourceDocument;
import dev.clir.index.ClirCodec;
import dev.clir.index.ClirFields;
import dev.clir.index.HnswParams;
import dev.clir.index.VectorFormat;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index an application built with clir's documented field API (docs/lucene-extension.md), not with clir-index:
 * clir-query answers and evaluates on it once it records the model, and refuses it, naming what is missing, before.
 */
class ApplicationIndexTest {
  @TempDir Path tmp;

  /** The help corpus as an application indexes it: its own fields on the parent, clir's passages as children. */
  private static Path applicationIndex(Path path, boolean recordModel) throws IOException {
    CachingEmbedder model = CachingEmbedder.shared();
    ClirFields clir = ClirFields.forModel(model.info());
    PassagePipeline passages = new PassagePipeline(model, ChunkingConfig.DEFAULTS);
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
        .setCodec(ClirCodec.wrap(Codec.getDefault(), Map.of(clir.vectorField(), VectorFormat.INT8)));
    try (Directory dir = FSDirectory.open(path); IndexWriter writer = new IndexWriter(dir, config)) {
      for (SourceDocument d : HelpCorpus.DOCS) {
        Document article = new Document();
        article.add(new StringField("id", d.id(), Field.Store.YES));
        article.add(new TextField("title", d.title(), Field.Store.YES));
        writer.addDocuments(clir.block(clir.passageDocuments(passages, d.title(), d.text(), d.lang()), article));
      }
      if (recordModel) {
        writer.setLiveCommitData(clir.commitData(passages, VectorFormat.INT8, HnswParams.DEFAULTS).entrySet());
      }
      writer.commit();
    }
    return path;
  }

  private static CliRun.Result clirQuery(String... args) {
    return CliRun.run(new QueryCommand(), args);
  }

  @Test
  void clirQueryAnswersAndEvaluatesOnAnApplicationsIndex() throws IOException {
    String index = applicationIndex(tmp.resolve("app"), true).toString();
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
    String index = applicationIndex(tmp.resolve("unrecorded"), false).toString();
    CliRun.Result r = clirQuery("--index", index, "--model", TestModel.dir().toString(), "printer")
        .expectExit(ExitCodes.INDEX);
    assertThat(r.err()).contains(index).contains("clir.model.fingerprint").contains("commitData");
  }
}
