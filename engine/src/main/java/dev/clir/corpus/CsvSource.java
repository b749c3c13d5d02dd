package dev.clir.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * CSV (RFC 4180 quoting) or TSV (no quoting) with a header row naming the columns. Columns are found by the
 * names of a {@link FieldMapping}; the id and text columns must exist. <b>Metadata convention:</b> every column
 * not mapped to id, title, text, url or lang becomes a metadata key: the header name, less a leading {@code meta.}
 * (so that a column {@code meta.category} is the key {@code category}, as {@code --filter meta.category=...} and
 * JSON Lines' {@code "meta": {"category": ...}} name it); empty cells are left out. Completely empty lines are skipped. Origins give the line where a row starts.
 */
final class CsvSource extends AbstractDocumentSource {

  private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(false)
      .setAllowMissingColumnNames(false)
      .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
      .get();
  private static final CSVFormat TSV = CSV.builder().setDelimiter('\t').setQuote(null).get();

  private final TrackingReader reader;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final int columns;
  private final int idColumn;
  private final int textColumn;
  private final int titleColumn;
  private final int urlColumn;
  private final int langColumn;
  private final List<String> header;
  private static final String META_PREFIX = "meta.";
  private final List<Integer> metaColumns = new ArrayList<>();

  /**
   * Reads the header.
   *
   * @throws InputFormatException when the header is missing, malformed, has duplicate or empty names, or lacks
   *     the id or text column
   */
  CsvSource(String name, InputStream in, FieldMapping fields, boolean tabs) {
    super(name);
    this.reader = new TrackingReader(new Utf8Lines(in));
    Origin headerOrigin = new Origin(name, 1);
    try {
      this.parser = CSVParser.parse(reader, tabs ? TSV : CSV);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      close();
      throw new InputFormatException(headerOrigin, "cannot read the header row: " + e.getMessage(), e);
    }
    String badHeader = reader.bad.get(1L);
    if (badHeader != null) {
      close();
      throw new InputFormatException(headerOrigin, badHeader + " in the header row");
    }
    this.header = parser.getHeaderNames();
    if (header.isEmpty()) {
      close();
      throw new InputFormatException(headerOrigin, "no header row (the file is empty)");
    }
    this.columns = header.size();
    this.idColumn = column(fields.id(), "id", true);
    this.textColumn = column(fields.text(), "text", true);
    this.titleColumn = column(fields.title(), "title", false);
    this.urlColumn = column(fields.url(), "url", false);
    this.langColumn = column(fields.lang(), "lang", false);
    for (int i = 0; i < columns; i++) {
      if (i != idColumn && i != textColumn && i != titleColumn && i != urlColumn && i != langColumn) {
        metaColumns.add(i);
      }
    }
    this.records = parser.iterator();
  }

  private int column(String name, String part, boolean required) {
    int i = header.indexOf(name);
    if (i < 0 && required) {
      close();
      throw new InputFormatException(new Origin(name(), 1),
          "missing " + part + " field: the header has no column '" + name + "' (columns: " + String.join(", ", header)
              + ")");
    }
    return i;
  }

  @Override
  SourceRecord readNext() {
    while (true) {
      long start = parser.getCurrentLineNumber() + 1;
      CSVRecord row;
      try {
        if (!records.hasNext()) {
          return null;
        }
        row = records.next();
      } catch (UncheckedIOException e) {
        throw new InputFormatException(new Origin(name(), start), "cannot read further: " + e.getCause().getMessage(), e);
      }
      long end = Math.max(start, parser.getCurrentLineNumber());
      Map.Entry<Long, String> bad = reader.bad.ceilingEntry(start);
      reader.bad.headMap(start).clear();
      if (bad != null && bad.getKey() <= end) {
        return new SourceRecord.Failed(new Origin(name(), bad.getKey()), bad.getValue());
      }
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // an empty line
      }
      Origin origin = new Origin(name(), start);
      if (row.size() != columns) {
        return new SourceRecord.Failed(origin,
            "row has " + row.size() + " column" + (row.size() == 1 ? "" : "s") + ", the header has " + columns);
      }
      String id = row.get(idColumn);
      if (id.isBlank()) {
        return new SourceRecord.Failed(origin, "blank id in column '" + header.get(idColumn) + "'");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      for (int i : metaColumns) {
        if (!row.get(i).isEmpty()) {
          meta.put(metaKey(header.get(i)), row.get(i));
        }
      }
      SourceDocument doc = new SourceDocument(id, cell(row, titleColumn), row.get(textColumn),
          blankToNull(cell(row, urlColumn)), blankToNull(cell(row, langColumn)), meta);
      return new SourceRecord.Parsed(doc, origin);
    }
  }

  private static String cell(CSVRecord row, int column) {
    return column < 0 ? null : row.get(column);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public void close() {
    try {
      if (parser != null) {
        parser.close();
      }
      reader.close();
    } catch (IOException e) {
      // nothing useful to do when closing
    }
  }

  /**
   * Feeds the CSV parser strictly decoded lines and remembers which lines had invalid UTF-8 (replaced by U+FFFD
   * for the parser), so that the row spanning such a line fails with its line number while later rows still
   * parse.
   */
  private static final class TrackingReader extends Reader {
    final TreeMap<Long, String> bad = new TreeMap<>();
    private final Utf8Lines lines;
    private String current = "";
    private int offset;

    TrackingReader(Utf8Lines lines) {
      this.lines = lines;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (offset == current.length()) {
        Utf8Lines.Line line = lines.next();
        if (line == null) {
          return -1;
        }
        if (line.isMalformed()) {
          bad.put(line.number(), line.malformed());
        }
        current = line.text() + line.terminator();
        offset = 0;
      }
      int n = Math.min(len, current.length() - offset);
      current.getChars(offset, offset + n, cbuf, off);
      offset += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  private static String metaKey(String column) {
    return column.startsWith(META_PREFIX) && column.length() > META_PREFIX.length()
        ? column.substring(META_PREFIX.length()) : column;
  }
}
