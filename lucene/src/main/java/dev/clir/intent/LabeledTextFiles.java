package dev.clir.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import dev.clir.eval.LineFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads labelled utterances from a file, with {@code file:line} in every error.
 *
 * <ul>
 *   <li>{@code .tsv}: {@code label<TAB>text} per line. A first line naming its columns (a {@code text} column
 *       and a {@code label}, {@code intent} or {@code category} column, any others ignored) is a header, so
 *       SIB-200's {@code index_id<TAB>category<TAB>text} files read as they are.
 *   <li>{@code .jsonl} / {@code .ndjson}: one object per line with string fields {@code label} and
 *       {@code text}; other fields are ignored.
 * </ul>
 *
 * Blank lines are skipped everywhere, and lines starting with {@code #} in TSV files are comments. Every problem is
 * an {@link InputFormatException} that starts with {@code file:line} (read by {@link LineFiles}, strict UTF-8).
 */
public final class LabeledTextFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LABEL_COLUMNS = List.of("label", "intent", "category");

  /** The supported formats; {@link #of(Path)} picks one from the file name. */
  public enum Format {
    TSV,
    JSONL;

    static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".tsv")) {
        return TSV;
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return JSONL;
      }
      int dot = name.lastIndexOf('.');
      throw new InputFormatException(Origin.file(file.toString()), "unknown label file format '" + (dot < 0 ? name : name.substring(dot))
          + "'; use .tsv (label<TAB>text per line) or .jsonl ({\"label\": ..., \"text\": ...} per line)");
    }
  }

  private LabeledTextFiles() {}

  /** All examples of {@code file}, in file order; the format comes from the file name. */
  public static List<LabeledText> read(Path file) {
    return read(file, Format.of(file));
  }

  /** All examples of {@code file} in the given format, in file order. */
  public static List<LabeledText> read(Path file, Format format) {
    return located(file, format).stream().map(Located::example).toList();
  }

  /**
   * Examples to train on: as {@link #read(Path)}, and refused when a label has only one example (a lone
   * example is most often a misspelt label, and neither a centroid nor a regression learns from one point).
   */
  public static List<LabeledText> readTraining(Path file) {
    List<Located> all = located(file, Format.of(file));
    Map<String, List<Origin>> origins = new LinkedHashMap<>();
    for (Located l : all) {
      origins.computeIfAbsent(l.example().label(), k -> new ArrayList<>()).add(l.origin());
    }
    for (Map.Entry<String, List<Origin>> e : origins.entrySet()) {
      if (e.getValue().size() < ExampleSet.MIN_EXAMPLES_PER_LABEL) {
        throw new InputFormatException(e.getValue().get(0), "label '" + e.getKey() + "' has only " + e.getValue().size()
            + " example; every label needs at least " + ExampleSet.MIN_EXAMPLES_PER_LABEL + " (is the label misspelt?)");
      }
    }
    return all.stream().map(Located::example).toList();
  }

  private record Located(LabeledText example, Origin origin) {}

  private static List<Located> located(Path file, Format format) {
    Lines lines = new Lines(format);
    LineFiles.forEachLine(file, lines);
    if (lines.out.isEmpty()) {
      throw new InputFormatException(Origin.file(file.toString()), "no labelled examples in the file");
    }
    return lines.out;
  }

  /** Collects the examples of one file; a TSV file's first line may be a header naming the columns. */
  private static final class Lines implements LineFiles.LineHandler {
    private final Format format;
    private final List<Located> out = new ArrayList<>();
    private int[] columns;

    Lines(Format format) {
      this.format = format;
    }

    @Override
    public void accept(Origin origin, String line) {
      if (format == Format.JSONL) {
        out.add(new Located(jsonLine(origin, line), origin));
      } else if (!line.startsWith("#")) {
        if (columns == null) {
          columns = headerColumns(line);
          if (columns != null) {
            return;
          }
          columns = new int[] {0, 1};
        }
        out.add(new Located(tsvLine(origin, line, columns), origin));
      }
    }
  }

  /** The label and text column of a header line, or {@code null} when the line is data. */
  private static int[] headerColumns(String line) {
    String[] cols = line.split("\t", -1);
    int label = -1;
    int text = -1;
    for (int i = 0; i < cols.length; i++) {
      String c = cols[i].strip().toLowerCase(Locale.ROOT);
      if (label < 0 && LABEL_COLUMNS.contains(c)) {
        label = i;
      } else if (text < 0 && c.equals("text")) {
        text = i;
      }
    }
    return label >= 0 && text >= 0 ? new int[] {label, text, cols.length} : null;
  }

  private static LabeledText tsvLine(Origin origin, String line, int[] columns) {
    boolean header = columns.length == 3;
    String[] cols = header ? line.split("\t", -1) : line.split("\t", 2);
    if (header && cols.length != columns[2]) {
      throw new InputFormatException(origin, "expected " + columns[2] + " tab-separated columns as in the header, found " + cols.length);
    }
    if (!header && cols.length < 2) {
      throw new InputFormatException(origin, "expected label<TAB>text, found no tab");
    }
    return example(origin, cols[columns[0]], cols[columns[1]]);
  }

  private static LabeledText jsonLine(Origin origin, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InputFormatException(origin, "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InputFormatException(origin, "expected a JSON object {\"label\": ..., \"text\": ...}");
    }
    JsonNode label = node.get("label");
    JsonNode text = node.get("text");
    if (label == null || !label.isTextual() || text == null || !text.isTextual()) {
      throw new InputFormatException(origin, "expected string fields \"label\" and \"text\"");
    }
    return example(origin, label.asText(), text.asText());
  }

  private static LabeledText example(Origin origin, String label, String text) {
    if (label.isBlank()) {
      throw new InputFormatException(origin, "empty label");
    }
    if (text.isBlank()) {
      throw new InputFormatException(origin, "empty text for label '" + label.strip() + "'");
    }
    return new LabeledText(label, text);
  }
}
