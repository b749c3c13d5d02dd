package dev.clir.bench.perf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clir.chunk.ChunkingConfig;
import dev.clir.chunk.Passage;
import dev.clir.chunk.PassageSplitter;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.embed.TextTokenizer;
import dev.clir.model.ModelOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code clir-index} end to end, as a user runs it (a new JVM, JSON Lines in, a committed index out), on the help
 * corpus and on a larger corpus recombined from its paragraphs. The run's own summary gives its elapsed and
 * embedding time (MeteredEmbedder: tokenizing + inference); this process then times chunking and the model's
 * tokenizer on the same documents and passages, which splits embedding into tokenizing and inference.
 */
@Command(name = "indexing", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"clir-index documents/s end to end on the help corpus and a generated one, with the time shares of "
        + "start-up, chunking, tokenizing, inference and Lucene."})
public final class IndexingBench implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "The real corpus (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--generated", description = "Documents in the generated corpus (default 2000; --quick 100).")
  Integer generated;

  @Option(names = "--quick", description = "A smoke run: a small generated corpus.")
  boolean quick;

  @Mixin JsonOutput json;

  /**
   * One corpus. Seconds: {@code wall} from outside; {@code run} BulkIndexer's elapsed time (after model load and index
   * open); {@code embed} inside the embedder; {@code tokenize} and {@code chunk} re-timed here on the same texts.
   */
  public record Row(String corpus, long documents, long passages, long tokens, double wallSeconds, double runSeconds,
      double embedSeconds, double tokenizeSeconds, double chunkSeconds, double documentsPerSecondWall,
      double documentsPerSecondRun, double passagesPerSecondRun, Shares shares) {}

  /** Shares of the wall time, summing to 1. */
  public record Shares(double startup, double chunking, double tokenizing, double inference, double lucene) {}

  public record Result(List<Row> rows, String note) {}

  @Override
  public Integer call() {
    Result r = run(model, input, generated != null ? generated : quick ? 50 : 2000);
    print(r);
    json.writeIfAsked(r);
    return 0;
  }

  static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-22s %6s %8s %8s %8s %9s %9s | %7s %7s %7s %7s %7s%n", "corpus", "docs", "passages", "wall s",
        "run s", "docs/s", "docs/s*", "start", "chunk", "token", "infer", "lucene");
    for (Row row : r.rows()) {
      Shares s = row.shares();
      System.out.printf(Locale.ROOT, "%-22s %6d %8d %8.1f %8.1f %9.1f %9.1f | %6.0f%% %6.0f%% %6.0f%% %6.0f%% %6.0f%%%n", row.corpus(),
          row.documents(), row.passages(), row.wallSeconds(), row.runSeconds(), row.documentsPerSecondWall(),
          row.documentsPerSecondRun(), 100 * s.startup(), 100 * s.chunking(), 100 * s.tokenizing(), 100 * s.inference(),
          100 * s.lucene());
    }
    System.out.println("docs/s: whole command (JVM start to exit); docs/s*: indexing run only (after model load)");
  }

  public static Result run(Path model, Path corpus, int generatedDocs) {
    List<Row> rows = new ArrayList<>();
    Path work;
    try {
      work = Files.createTempDirectory("clir-indexing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<SourceDocument> real = Texts.readJsonl(corpus);
    Path generatedFile = work.resolve("generated.jsonl");
    List<SourceDocument> generated = Texts.recombined(real, generatedDocs, 2, 3, 1200, 11);
    Texts.writeJsonl(generated, generatedFile);
    rows.add(measure(model, corpus, corpus.getFileName().toString(), real, work));
    rows.add(measure(model, generatedFile, "generated (" + generatedDocs + " docs)", generated, work));
    try {
      HnswBench.deleteRecursively(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(rows, "clir-index defaults (float32, batch size 32, all cores), --rebuild into an empty folder; "
        + "tokenize = the model's tokenizer over the same passages one text at a time in this process (the embedder "
        + "encodes a batch at once, so this share is an upper bound); lucene = the run's time outside embedding and "
        + "chunking (writing, HNSW graph building, commits, reading the input)");
  }

  private static Row measure(Path model, Path input, String name, List<SourceDocument> docs, Path work) {
    Path index = work.resolve("index-" + Math.abs(name.hashCode()));
    Log.info("indexing: clir-index on %s (%d documents)", name, docs.size());
    Processes.Run run = Processes.runChecked(Processes.javaJar(CliBench.indexJar(), List.of(), List.of("--index", index.toString(),
        "--input", input.toString(), "--model", model.toString(), "--rebuild", "--quiet", "--json")), 3600);
    JsonNode summary;
    try {
      summary = Json.MAPPER.readTree(run.stdout());
    } catch (IOException e) {
      throw new IllegalStateException("clir-index printed no JSON summary: " + run.stdout(), e);
    }
    double wall = run.wallMillis() / 1000;
    double elapsed = summary.path("elapsedSeconds").asDouble();
    double embed = summary.path("embedSeconds").asDouble();
    long passages = summary.path("passagesEmbedded").asLong();
    long tokens = summary.path("tokens").asLong();
    long written = summary.path("added").asLong() + summary.path("updated").asLong();

    // chunking and tokenizing, re-timed on the same documents and passages
    double chunkSeconds;
    double tokenizeSeconds;
    try (OnnxEmbedder e = OnnxEmbedder.open(model, ModelOverrides.NONE, EmbedderOptions.DEFAULTS)) {
      TextTokenizer tokenizer = e.tokenizer();
      PassageSplitter splitter = new PassageSplitter(tokenizer, ChunkingConfig.DEFAULTS);
      for (SourceDocument d : docs.subList(0, Math.min(20, docs.size()))) {
        splitter.split(d.title(), d.text()); // warm-up
      }
      long t0 = System.nanoTime();
      List<String> texts = new ArrayList<>();
      for (SourceDocument d : docs) {
        for (Passage p : splitter.split(d.title(), d.text())) {
          texts.add(p.embeddingText());
        }
      }
      chunkSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      for (String t : texts) {
        tokenizer.countTokens(TextKind.PASSAGE, t);
      }
      tokenizeSeconds = (System.nanoTime() - t0) / 1e9;
    }
    double inference = Math.max(0, embed - tokenizeSeconds);
    double lucene = Math.max(0, elapsed - embed - chunkSeconds);
    double startup = Math.max(0, wall - elapsed);
    double total = startup + chunkSeconds + Math.min(tokenizeSeconds, embed) + inference + lucene;
    Shares shares = new Shares(startup / total, chunkSeconds / total, Math.min(tokenizeSeconds, embed) / total, inference / total,
        lucene / total);
    Row row = new Row(name, written, passages, tokens, wall, elapsed, embed, tokenizeSeconds, chunkSeconds, written / wall,
        written / elapsed, passages / elapsed, shares);
    Log.info("indexing: %s: %.1f docs/s (whole command), %.1f docs/s (run), %.0f%% inference", name, row.documentsPerSecondWall(),
        row.documentsPerSecondRun(), 100 * shares.inference());
    return row;
  }
}
