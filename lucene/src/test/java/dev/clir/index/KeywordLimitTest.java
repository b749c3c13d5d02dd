package dev.clir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.Format;
import dev.clir.corpus.InputFormatException;
import dev.clir.testing.CachingEmbedder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * A metadata value longer than a Lucene keyword can be is a bad record, with file and line; found by the bad-input
 * population of clir-bench reliability (it was an IllegalArgumentException from Lucene: exit 1, no line).
 */
class KeywordLimitTest {
  private static final String INPUT = "{\"id\": \"a\", \"text\": \"short\"}\n"
      + "{\"id\": \"b\", \"text\": \"short\", \"meta\": {\"category\": \"" + "x".repeat(40_000) + "\"}}\n";

  private BulkIndexer.Summary run(BulkIndexer.OnError onError) {
    try (var source = DocumentSources.open(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)),
            "kb.jsonl", FieldMapping.DEFAULT, Format.JSONL);
        ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(Path.of("idx")).build(),
            new ByteBuffersDirectory(), CachingEmbedder.shared())) {
      return new BulkIndexer(writer, new BulkIndexer.Options(10, 10, onError), null).run(source);
    }
  }

  @Test
  void failStopsAtTheLineNamingTheValue() {
    assertThatThrownBy(() -> run(BulkIndexer.OnError.FAIL)).isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith("kb.jsonl:2: meta category is 40000 bytes long").hasMessageContaining("32766");
  }

  @Test
  void skipListsItAndKeepsTheRest() {
    BulkIndexer.Summary summary = run(BulkIndexer.OnError.SKIP);
    assertThat(summary.added()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.failures()).singleElement().asString().startsWith("kb.jsonl:2: meta category");
  }
}
