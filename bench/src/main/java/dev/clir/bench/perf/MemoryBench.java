package dev.clir.bench.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Peak resident memory of {@code clir-index} at its default settings, run as users run it ({@code java -jar}): one long
 * document (the help articles' texts repeated to {@code --mb} megabytes, one JSON line) and bulk indexing of the help
 * articles. The peak is the child's {@code VmHWM} from {@code /proc}, read every 50 ms until it exits (Linux only).
 */
@Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Peak RSS of clir-index (java -jar, defaults) on one long document and on bulk indexing of testdata/kb.jsonl."})
public final class MemoryBench implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (engine/target/test-model).")
  Path model;

  @Option(names = "--input", defaultValue = "testdata/kb.jsonl", description = "Help articles (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--mb", defaultValue = "1.5", description = "Size of the long document in MB (default: ${DEFAULT-VALUE}).")
  double mb;

  @Option(names = "--cache", description = "Folder for the indexes and the document.")
  Path cache = LatencyBench.DEFAULT_CACHE;

  @Mixin JsonOutput json;

  public record Row(String what, long inputBytes, long words, double wallSeconds, double peakRssMiB, String summary) {}

  public record Result(List<Row> rows, String note) {}

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(cache);
    Path longDoc = cache.resolve("memory-long-document.jsonl");
    long words = writeLongDocument(input, longDoc, (long) (mb * 1_000_000));
    List<Row> rows = new ArrayList<>();
    rows.add(measure("one long document", longDoc, words));
    rows.add(measure("bulk: " + input.getFileName(), input, -1));
    Result r = new Result(rows, "clir-index.jar with java -jar and no options beyond --index/--input/--model/--rebuild/--quiet; "
        + "peak = VmHWM sampled every 50 ms");
    System.out.printf(Locale.ROOT, "%-24s %10s %8s %8s %10s%n", "input", "bytes", "words", "wall s", "peak MiB");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-24s %10d %8s %8.1f %10.0f%n", row.what(), row.inputBytes(), row.words() < 0 ? "" : row.words(),
          row.wallSeconds(), row.peakRssMiB());
    }
    json.writeIfAsked(r);
    return 0;
  }

  /** The help articles' texts, in order and repeated, as one document of at least {@code bytes} bytes; returns its words. */
  static long writeLongDocument(Path articles, Path out, long bytes) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(articles)) {
      if (!line.isBlank()) {
        texts.add(Json.MAPPER.readTree(line).path("text").asText());
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < bytes; i++) {
      text.append(texts.get(i % texts.size())).append('\n');
    }
    String doc = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("id", "long", "title", "One long document", "text", text.toString()));
    Files.writeString(out, doc + "\n", StandardCharsets.UTF_8);
    return text.toString().split("\\s+").length;
  }

  private Row measure(String what, Path in, long words) {
    Path index = cache.resolve("memory-index");
    List<String> cmd = Processes.javaJar(CliBench.indexJar(), List.of(),
        List.of("--index", index.toString(), "--input", in.toString(), "--model", model.toString(), "--rebuild", "--quiet"));
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
      Path status = Path.of("/proc/" + p.pid() + "/status");
      long peakKb = 0;
      while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
        peakKb = Math.max(peakKb, hwmKb(status));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new IllegalStateException("exit " + p.exitValue() + " from " + String.join(" ", cmd) + "\n" + out);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      Log.info("memory: %s: peak %.0f MiB in %.1f s", what, peakKb / 1024.0, wall);
      return new Row(what, Files.size(in), words, wall, peakKb / 1024.0, out.lines().reduce((a, b) -> b).orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long hwmKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is exiting; the last reading stands
    }
    return 0;
  }
}
