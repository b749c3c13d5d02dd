package dev.clir.cli.query;

import dev.clir.index.RecordedModel;
import dev.clir.cli.testing.CliRun;
import dev.clir.corpus.DocumentSource;
import dev.clir.corpus.DocumentSources;
import dev.clir.corpus.FieldMapping;
import dev.clir.corpus.Format;
import dev.clir.embed.MeteredEmbedder;
import dev.clir.index.BulkIndexer;
import dev.clir.index.ClirIndexWriter;
import dev.clir.index.IndexConfig;
import dev.clir.testing.TestModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One index of 14 short articles of testdata/kb.jsonl, built once per test JVM with the English test model the
 * way clir-index builds it (BulkIndexer, the model directory recorded in the commit data, so that clir-query
 * needs no --model), and deleted at exit.
 */
final class SharedIndex {
  /** account (a002, a003, a008), billing (a032, a033 plus; a034, a040 store), shipping (a055, a061, a062), privacy, troubleshooting. */
  static final List<String> IDS = List.of("kb-a002", "kb-a003", "kb-a008", "kb-a032", "kb-a033", "kb-a034", "kb-a040", "kb-a055",
      "kb-a061", "kb-a062", "kb-b040", "kb-b045", "kb-b057", "kb-b067");

  private static Path index;

  private SharedIndex() {}

  static synchronized Path path() {
    if (index == null) {
      try {
        Path dir = Files.createTempDirectory("clir-query-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        index = build(dir.resolve("idx"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return index;
  }

  /** clir-query --index SHARED-INDEX, then {@code args}, in this JVM. */
  static CliRun.Result query(String... args) {
    List<String> all = new ArrayList<>(List.of("--index", path().toString()));
    all.addAll(List.of(args));
    return CliRun.run(new QueryCommand(), all.toArray(String[]::new));
  }

  /** clir-query eval --index SHARED-INDEX, then {@code args}, in this JVM. */
  static CliRun.Result eval(String... args) {
    List<String> all = new ArrayList<>(List.of("eval", "--index", path().toString()));
    all.addAll(List.of(args));
    return CliRun.run(new QueryCommand(), all.toArray(String[]::new));
  }

  private static Path build(Path idx) throws IOException {
    Set<String> wanted = Set.copyOf(IDS);
    StringBuilder jsonl = new StringBuilder();
    try (Stream<String> lines = Files.lines(TestModel.projectRoot().resolve("testdata/kb.jsonl"))) {
      lines.filter(l -> wanted.stream().anyMatch(id -> l.startsWith("{\"id\": \"" + id + "\""))).forEach(l -> jsonl.append(l).append('\n'));
    }
    try (DocumentSource source = DocumentSources.open(new ByteArrayInputStream(jsonl.toString().getBytes(StandardCharsets.UTF_8)),
            "kb-subset.jsonl", FieldMapping.DEFAULT, Format.JSONL);
        ClirIndexWriter writer = ClirIndexWriter.open(IndexConfig.builder(idx).build(), new MeteredEmbedder(TestModel.embedder()))) {
      BulkIndexer.Summary s = new BulkIndexer(writer, BulkIndexer.Options.DEFAULTS, null)
          .commitData(RecordedModel.commitData(TestModel.dir()))
          .run(source);
      if (s.added() != IDS.size()) {
        throw new IllegalStateException("expected " + IDS.size() + " documents, indexed " + s);
      }
    }
    return idx;
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
