package dev.clir.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * Blank lines are skipped everywhere, and lines starting with {@code #} in TSV files are comments.
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
      throw new IntentDataException(file + ": unknown label file format '" + (dot < 0 ? name : name.substring(dot))
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
    Map<String, List<Integer>> lines = new LinkedHashMap<>();
    for (Located l : all) {
      lines.computeIfAbsent(l.example().label(), k -> new ArrayList<>()).add(l.line());
    }
    for (Map.Entry<String, List<Integer>> e : lines.entrySet()) {
      if (e.getValue().size() < ExampleSet.MIN_EXAMPLES_PER_LABEL) {
        throw IntentDataException.at(file, e.getValue().get(0), "label '" + e.getKey() + "' has only "
            + e.getValue().size() + " example; every label needs at least " + ExampleSet.MIN_EXAMPLES_PER_LABEL
            + " (is the label misspelt?)");
      }
    }
    return all.stream().map(Located::example).toList();
  }

  private record Located(LabeledText example, int line) {}

  private static List<Located> located(Path file, Format format) {
    List<Located> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      int[] columns = null;
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        if (format == Format.TSV) {
          if (line.startsWith("#")) {
            continue;
          }
          if (columns == null) {
            columns = headerColumns(line);
            if (columns != null) {
              continue;
            }
            columns = new int[] {0, 1};
          }
          out.add(new Located(tsvLine(file, lineNo, line, columns), lineNo));
        } else {
          out.add(new Located(jsonLine(file, lineNo, line), lineNo));
        }
      }
    } catch (NoSuchFileException e) {
      throw new IntentDataException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new IntentDataException(file + ": not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new IntentDataException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IntentDataException(file + ": no labelled examples in the file");
    }
    return out;
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

  private static LabeledText tsvLine(Path file, int lineNo, String line, int[] columns) {
    boolean header = columns.length == 3;
    String[] cols = header ? line.split("\t", -1) : line.split("\t", 2);
    if (header && cols.length != columns[2]) {
      throw IntentDataException.at(file, lineNo, "expected " + columns[2] + " tab-separated columns as in the header, found " + cols.length);
    }
    if (!header && cols.length < 2) {
      throw IntentDataException.at(file, lineNo, "expected label<TAB>text, found no tab");
    }
    return example(file, lineNo, cols[columns[0]], cols[columns[1]]);
  }

  private static LabeledText jsonLine(Path file, int lineNo, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw IntentDataException.at(file, lineNo, "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw IntentDataException.at(file, lineNo, "expected a JSON object {\"label\": ..., \"text\": ...}");
    }
    JsonNode label = node.get("label");
    JsonNode text = node.get("text");
    if (label == null || !label.isTextual() || text == null || !text.isTextual()) {
      throw IntentDataException.at(file, lineNo, "expected string fields \"label\" and \"text\"");
    }
    return example(file, lineNo, label.asText(), text.asText());
  }

  private static LabeledText example(Path file, int lineNo, String label, String text) {
    if (label.isBlank()) {
      throw IntentDataException.at(file, lineNo, "empty label");
    }
    if (text.isBlank()) {
      throw IntentDataException.at(file, lineNo, "empty text for label '" + label.strip() + "'");
    }
    return new LabeledText(label, text);
  }
}
