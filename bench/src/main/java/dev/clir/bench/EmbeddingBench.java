package dev.clir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.embed.EmbedderOptions;
import dev.clir.embed.Embeddings;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.embed.TextKind;
import dev.clir.model.ModelOverrides;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Passages/s and tokens/s of the embedder per batch size, on real help-article paragraphs. */
@Command(name = "embedding", mixinStandardHelpOptions = true,
    description = "Embedding throughput (passages/s, tokens/s) per batch size on paragraphs of a JSONL corpus.")
final class EmbeddingBench implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (e.g. engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "JSONL corpus whose paragraphs are embedded (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--passages", defaultValue = "256", description = "Paragraphs per measurement (default: ${DEFAULT-VALUE}).")
  int passages;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads, 0 = all cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds per batch size; the best is reported (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws IOException {
    List<String> texts = paragraphs(input, passages);
    System.out.printf("clir-bench embedding: %d paragraphs from %s, model %s, %d cores, JDK %s%n", texts.size(), input, model,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.printf("%-6s %12s %12s %10s%n", "batch", "passages/s", "tokens/s", "ms total");
    for (int batch : batchSizes) {
      EmbedderOptions options = EmbedderOptions.builder().batchSize(batch).intraOpThreads(threads).build();
      try (OnnxEmbedder embedder = OnnxEmbedder.open(model, ModelOverrides.NONE, options)) {
        embedder.embed(TextKind.PASSAGE, texts.subList(0, Math.min(16, texts.size()))); // warm-up
        long best = Long.MAX_VALUE;
        long tokens = 0;
        for (int r = 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          Embeddings e = embedder.embed(TextKind.PASSAGE, texts);
          best = Math.min(best, System.nanoTime() - t0);
          tokens = e.totalTokens();
        }
        double seconds = best / 1e9;
        System.out.printf("%-6d %12.1f %12.0f %10.0f%n", batch, texts.size() / seconds, tokens / seconds, best / 1e6);
      }
    }
    return 0;
  }

  /** Paragraphs (blank-line separated) of the corpus' texts: realistic passages of mixed lengths. */
  static List<String> paragraphs(Path jsonl, int limit) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(jsonl)) {
      for (String line; (line = r.readLine()) != null && out.size() < limit; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode doc = json.readTree(line);
        for (String p : doc.path("text").asText().split("\\n\\s*\\n")) {
          if (!p.isBlank() && out.size() < limit) {
            out.add(p.strip());
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(jsonl + " has no paragraphs to embed");
    }
    return out;
  }
}
