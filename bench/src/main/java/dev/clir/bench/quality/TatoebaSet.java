package dev.clir.bench.quality;

import dev.clir.eval.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tatoeba bitext (LASER's test sets) as sentence → English sentence retrieval: for each pair
 * {@code tatoeba.XXX-eng.XXX} / {@code tatoeba.XXX-eng.eng}, aligned by line, the English lines of that pair are one
 * knowledge base and each XXX line asks for its English line. Each pair has its own English side, hence its own
 * index.
 */
public final class TatoebaSet {
  /** The pairs looked for, as ISO 639-3 codes in the file names. */
  public static final List<String> PAIRS = List.of("por", "tha", "swh");

  private TatoebaSet() {}

  /**
   * Reads every pair of {@link #PAIRS} present in {@code folder}.
   *
   * @throws IllegalArgumentException when no pair is present, or a pair's files differ in line count
   */
  public static Benchmark read(Path folder) {
    return read(folder, PAIRS);
  }

  static Benchmark read(Path folder, List<String> pairs) {
    List<EvalCorpus> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String xxx : pairs) {
      Path foreign = folder.resolve("tatoeba." + xxx + "-eng." + xxx);
      Path english = folder.resolve("tatoeba." + xxx + "-eng.eng");
      if (!Files.isRegularFile(foreign) || !Files.isRegularFile(english)) {
        notes.add("tatoeba." + xxx + "-eng.{" + xxx + ",eng} not found: no " + Languages.name(Languages.code(xxx)) + ".");
        continue;
      }
      List<String> x = lines(foreign);
      List<String> e = lines(english);
      if (x.size() != e.size()) {
        throw new IllegalArgumentException("Tatoeba: " + foreign + " has " + x.size() + " lines but " + english + " has "
            + e.size() + ": the files must be aligned line by line");
      }
      String lang = Languages.code(xxx);
      Bitext bitext = new Bitext("tatoeba-" + xxx);
      int skipped = 0;
      for (int i = 0; i < x.size(); i++) {
        String id = "tatoeba-" + xxx + "-" + (i + 1);
        String en = e.get(i).strip();
        String q = x.get(i).strip();
        if (en.isEmpty() || q.isEmpty()) {
          skipped++;
          continue;
        }
        bitext.document(id, en, Map.of());
        bitext.ask(id, lang, q, id);
      }
      if (skipped > 0) {
        notes.add(skipped + " " + xxx + "-eng line pairs with an empty side were left out.");
      }
      if (bitext.repeatedRows() > 0) {
        notes.add(xxx + "-eng: " + bitext.repeatedRows() + " English lines repeat an earlier line; each distinct "
            + "sentence is indexed once and asked for by every line that has it.");
      }
      parts.add(bitext.build());
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("Tatoeba: no tatoeba.XXX-eng.{XXX,eng} pair in " + folder + " (looked for "
          + String.join(", ", pairs) + ")");
    }
    notes.add("Each pair has its own English side and index; English → English is trivial here (a sentence finds "
        + "itself), so the English ceiling is FLORES eng → eng.");
    return new Benchmark("tatoeba", "Tatoeba: sentence → English translation", Benchmark.Kind.BITEXT, Metric.RECALL_1,
        parts, notes);
  }

  static List<String> lines(Path file) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
        lines.set(0, lines.get(0).substring(1));
      }
      return lines;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + file, ex);
    }
  }
}
