package dev.clir.bench.quality;

import dev.clir.eval.Metric;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * FLORES-200 sentences as packaged by SIB-200 ({@code LANG/{train,dev,test}.tsv}, columns
 * {@code index_id category text}, quoted like CSV, rows aligned across languages) as sentence → English sentence
 * retrieval: the English sentences of all splits are the knowledge base, and every language, English included,
 * asks with its own sentence. English → English is the ceiling, and every language asks the same sentences, so
 * transfer ratios are exact.
 */
public final class FloresSet {
  public static final String ENGLISH = "eng_Latn";
  /** The other languages looked for. */
  public static final List<String> OTHERS = List.of("por_Latn", "tha_Thai", "swh_Latn");
  public static final List<String> SPLITS = List.of("train", "dev", "test");

  private static final CSVFormat TSV = CSVFormat.DEFAULT.builder().setDelimiter('\t').setHeader()
      .setSkipHeaderRecord(true).build();

  private FloresSet() {}

  /** A row of a SIB-200 file. */
  record Row(String indexId, String category, String text) {}

  /**
   * Reads {@code folder/eng_Latn} (required) and the other languages present.
   *
   * @throws IllegalArgumentException when English is missing, or a language's rows are not aligned with English
   */
  public static Benchmark read(Path folder) {
    Path englishDir = folder.resolve(ENGLISH);
    if (!Files.isDirectory(englishDir)) {
      throw new IllegalArgumentException("SIB-200: " + englishDir + " not found");
    }
    List<String> notes = new ArrayList<>();
    List<String> splits = SPLITS.stream().filter(s -> Files.isRegularFile(englishDir.resolve(s + ".tsv"))).toList();
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("SIB-200: no train/dev/test.tsv in " + englishDir);
    }
    List<Row> english = new ArrayList<>();
    splits.forEach(s -> english.addAll(rows(englishDir.resolve(s + ".tsv"))));

    Map<String, List<Row>> others = new LinkedHashMap<>();
    for (String lang : OTHERS) {
      Path dir = folder.resolve(lang);
      if (!Files.isDirectory(dir)) {
        notes.add(lang + " not found: no " + Languages.name(Languages.code(lang)) + ".");
        continue;
      }
      List<Row> rows = new ArrayList<>();
      for (String s : splits) {
        Path file = dir.resolve(s + ".tsv");
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("SIB-200: " + file + " missing while " + englishDir.resolve(s + ".tsv")
              + " exists");
        }
        rows.addAll(rows(file));
      }
      if (rows.size() != english.size()) {
        throw new IllegalArgumentException("SIB-200: " + lang + " has " + rows.size() + " rows, " + ENGLISH + " has "
            + english.size() + ": not aligned");
      }
      for (int i = 0; i < rows.size(); i++) {
        if (!rows.get(i).indexId().equals(english.get(i).indexId())) {
          throw new IllegalArgumentException("SIB-200: row " + (i + 1) + " is index_id " + rows.get(i).indexId() + " in "
              + lang + " but " + english.get(i).indexId() + " in " + ENGLISH + ": not aligned");
        }
      }
      others.put(lang, rows);
    }

    Bitext bitext = new Bitext("flores");
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Row r : english) {
      String id = "flores-" + r.indexId();
      if (seen.put(id, true) != null) {
        throw new IllegalArgumentException("SIB-200: index_id " + r.indexId() + " appears twice in " + ENGLISH);
      }
      bitext.document(id, r.text(), r.category().isEmpty() ? Map.of() : Map.of("category", r.category()));
    }
    for (int i = 0; i < english.size(); i++) {
      String id = "flores-" + english.get(i).indexId();
      bitext.ask(id, Languages.ENGLISH, english.get(i).text(), id);
      for (Map.Entry<String, List<Row>> e : others.entrySet()) {
        bitext.ask(id, Languages.code(e.getKey()), e.getValue().get(i).text(), id);
      }
    }
    if (bitext.repeatedRows() > 0) {
      notes.add(bitext.repeatedRows() + " English row(s) repeat an earlier row's sentence; each distinct sentence is "
          + "indexed once and asked for by every row that has it.");
    }
    notes.add(0, english.size() + " sentences (" + String.join(" + ", splits) + " splits); English asks with the "
        + "indexed sentence itself (embedded as a query), the ceiling for the other languages.");
    return new Benchmark("flores", "FLORES-200 (SIB-200): sentence → English translation", Benchmark.Kind.BITEXT,
        Metric.RECALL_1, List.of(bitext.build()), notes);
  }

  static List<Row> rows(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<Row> rows = new ArrayList<>();
      for (CSVRecord r : TSV.parse(in)) {
        if (!r.isConsistent() || !r.isMapped("index_id") || !r.isMapped("text")) {
          throw new IllegalArgumentException("SIB-200: " + file + ":" + r.getRecordNumber()
              + ": expected the columns index_id, category, text");
        }
        String text = r.get("text").strip();
        if (text.isEmpty()) {
          throw new IllegalArgumentException("SIB-200: " + file + ":" + r.getRecordNumber() + ": empty text");
        }
        rows.add(new Row(r.get("index_id").strip(), r.isMapped("category") ? r.get("category").strip() : "", text));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
