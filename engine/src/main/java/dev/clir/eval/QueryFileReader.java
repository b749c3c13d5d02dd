package dev.clir.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.clir.corpus.InputFormatException;
import dev.clir.corpus.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a queries file: TSV lines {@code qid<TAB>text} with an optional third column {@code lang} (no quoting), or
 * JSON Lines {@code {"id","text","lang"?}} (an integer id is accepted). Blank lines are skipped. The first problem
 * (malformed line, missing or blank id or text, id with whitespace, duplicate id, invalid UTF-8) throws an
 * {@link InputFormatException} naming file and line.
 */
public final class QueryFileReader {

  /** The two query file layouts. */
  public enum Format {
    TSV,
    JSONL
  }

  private static final CSVFormat TSV_LINE = CSVFormat.Builder.create().setDelimiter('\t').setQuote(null).get();
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private QueryFileReader() {}

  /**
   * Reads a file, choosing the layout by extension ({@code .jsonl}, {@code .ndjson}, {@code .json}: JSON Lines;
   * {@code .tsv}, {@code .tab}: TSV) or else by content (JSON Lines when the first non-blank line starts with
   * <code>{</code>).
   */
  public static QuerySet read(Path file) {
    return read(file, null);
  }

  /** @param format {@code null} to choose as {@link #read(Path)} does */
  public static QuerySet read(Path file, Format format) {
    List<NumberedLine> lines = new ArrayList<>();
    LineFiles.forEachLine(file, (origin, line) -> lines.add(new NumberedLine(origin, line)));
    return parse(lines, format != null ? format : byName(file.getFileName().toString(), lines));
  }

  /** Reads and closes a stream (e.g. standard input). */
  public static QuerySet read(InputStream in, String name, Format format) {
    List<NumberedLine> lines = new ArrayList<>();
    LineFiles.forEachLine(in, name, (origin, line) -> lines.add(new NumberedLine(origin, line)));
    return parse(lines, format != null ? format : byName(name, lines));
  }

  private record NumberedLine(Origin origin, String text) {}

  private static Format byName(String name, List<NumberedLine> lines) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return Format.JSONL;
    }
    if (n.endsWith(".tsv") || n.endsWith(".tab")) {
      return Format.TSV;
    }
    return !lines.isEmpty() && lines.get(0).text().stripLeading().startsWith("{") ? Format.JSONL : Format.TSV;
  }

  private static QuerySet parse(List<NumberedLine> lines, Format format) {
    List<Query> queries = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    for (NumberedLine line : lines) {
      Query q = format == Format.TSV ? tsv(line) : jsonl(line);
      Long first = firstLine.putIfAbsent(q.id(), line.origin().line());
      if (first != null) {
        throw new InputFormatException(line.origin(), "duplicate query id '" + q.id() + "' (first on line " + first
            + ")");
      }
      queries.add(q);
    }
    return QuerySet.of(queries);
  }

  private static Query tsv(NumberedLine line) {
    CSVRecord record;
    try (CSVParser parser = CSVParser.parse(line.text(), TSV_LINE)) {
      record = parser.getRecords().get(0);
    } catch (IOException e) {
      throw new InputFormatException(line.origin(), "malformed line: " + e.getMessage(), e);
    }
    if (record.size() < 2 || record.size() > 3) {
      throw new InputFormatException(line.origin(), "expected qid<TAB>text or qid<TAB>text<TAB>lang, found "
          + record.size() + (record.size() == 1 ? " column" : " columns"));
    }
    return query(line.origin(), record.get(0), record.get(1), record.size() == 3 ? record.get(2) : null);
  }

  private static Query jsonl(NumberedLine line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line.text());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new InputFormatException(line.origin(), "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (!node.isObject()) {
      throw new InputFormatException(line.origin(), "expected a JSON object {\"id\",\"text\",\"lang\"?}");
    }
    JsonNode id = node.get("id");
    if (id == null || id.isNull()) {
      throw new InputFormatException(line.origin(), "missing id");
    }
    if (!id.isTextual() && !id.isIntegralNumber()) {
      throw new InputFormatException(line.origin(), "id must be a string or an integer");
    }
    JsonNode text = node.get("text");
    if (text == null || text.isNull()) {
      throw new InputFormatException(line.origin(), "missing text for query '" + id.asText() + "'");
    }
    if (!text.isTextual()) {
      throw new InputFormatException(line.origin(), "text must be a string");
    }
    JsonNode lang = node.get("lang");
    if (lang != null && !lang.isNull() && !lang.isTextual()) {
      throw new InputFormatException(line.origin(), "lang must be a string");
    }
    return query(line.origin(), id.asText(), text.textValue(), lang == null ? null : lang.textValue());
  }

  private static Query query(Origin origin, String id, String text, String lang) {
    if (id.isBlank()) {
      throw new InputFormatException(origin, "blank query id");
    }
    if (text.isBlank()) {
      throw new InputFormatException(origin, "blank text for query '" + id + "'");
    }
    try {
      return new Query(id, text, lang);
    } catch (IllegalArgumentException e) {
      throw new InputFormatException(origin, e.getMessage(), e);
    }
  }
}
