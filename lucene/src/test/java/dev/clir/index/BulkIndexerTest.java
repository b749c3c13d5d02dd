package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.chunk.ChunkingConfig;
import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.Format;
import dev.clir.corpus.InputFormatException;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.testing.CachingEmbedder;
import dev.clir.testing.HelpCorpus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit granularity and fail-stop behaviour of bulk indexing, with the real test model (memoized). */
class BulkIndexerTest {
  @TempDir Path dir;

  private ClirIndexWriter open() {
    return ClirIndexWriter.open(IndexConfig.builder(dir.resolve("idx"))
        .chunking(ChunkingConfig.builder().maxTokens(64).overlapTokens(8).build()).build(),
        new MeteredEmbedder(CachingEmbedder.shared()));
  }

  /** The first {@code n} help articles as JSON Lines, then {@code extra} lines as given. */
  private static DocumentSource jsonl(int n, String... extra) {
    StringBuilder sb = new StringBuilder();
    for (var d : HelpCorpus.DOCS.subList(0, n)) {
      sb.append("{\"id\":\"").append(d.id()).append("\",\"title\":\"").append(d.title()).append("\",\"text\":\"")
          .append(d.text().replace("\"", "\\\"")).append("\"}\n");
    }
    for (String line : extra) {
      sb.append(line).append('\n');
    }
    return DocumentSources.open(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), "kb.jsonl",
        FieldMapping.DEFAULT, Format.JSONL);
  }

  @Test
  void commitsEveryCommitEveryDocumentsEvenWhenBatchesAreLarger() {
    List<Long> commitsAfterEachWrite = new ArrayList<>();
    try (ClirIndexWriter writer = open()) {
      BulkIndexer bulk = new BulkIndexer(writer, new BulkIndexer.Options(2, 64, BulkIndexer.OnError.FAIL), new BulkIndexer.Listener() {
        @Override
        public void progress(BulkIndexer.Summary s) {
          commitsAfterEachWrite.add((long) s.commits());
        }

        @Override
        public void warning(String message) {}
      });
      BulkIndexer.Summary summary = bulk.run(jsonl(5));
      assertThat(summary.added()).isEqualTo(5);
      // after documents 2 and 4, then the final one (the first write, of document 1 alone, comes before any)
      assertThat(summary.commits()).isEqualTo(3);
      assertThat(commitsAfterEachWrite).containsExactly(0L, 1L, 2L, 2L);
    }
  }

  @Test
  void progressIsReportedFromTheFirstDocumentOn() {
    // #20 item 6: a progress display must move before a whole batch of documents has been embedded
    List<Long> readAtEachReport = new ArrayList<>();
    try (ClirIndexWriter writer = open()) {
      BulkIndexer bulk = new BulkIndexer(writer, new BulkIndexer.Options(1000, 4, BulkIndexer.OnError.FAIL), new BulkIndexer.Listener() {
        @Override
        public void progress(BulkIndexer.Summary s) {
          readAtEachReport.add(s.documentsWritten());
        }

        @Override
        public void warning(String message) {}
      });
      assertThat(bulk.run(jsonl(12)).added()).isEqualTo(12);
    }
    // batches of 1, 2, then the batch size (4), then the rest
    assertThat(readAtEachReport).containsExactly(1L, 3L, 7L, 11L, 12L);
  }

  @Test
  void aBadRecordKeepsOnlyWhatWasCommittedBeforeIt() {
    try (ClirIndexWriter writer = open()) {
      BulkIndexer bulk = new BulkIndexer(writer, new BulkIndexer.Options(2, 64, BulkIndexer.OnError.FAIL), null);
      assertThatThrownBy(() -> bulk.run(jsonl(5, "{\"id\": \"broken\", \"text\": ")))
          .isInstanceOf(InputFormatException.class).hasMessageStartingWith("kb.jsonl:6: malformed JSON");
    }
    IndexInfo info = IndexInfo.read(dir.resolve("idx"));
    assertThat(info.stats().documents()).isEqualTo(4);
  }
}
