package dev.clir.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Lines: one object per line, {@code {"id","title","text","url"?,"lang"?,"meta"?:{...}}} under the names of a
 * {@link FieldMapping}. Blank lines are skipped; other keys are ignored. The id may be a string or an integer;
 * title, text, url and lang must be strings (or null, meaning absent). Text must be present but may be empty.
 * {@code meta} must be an object whose values are strings, numbers or booleans (stored as their JSON text; null
 * values are dropped).
 */
final class JsonLinesSource extends AbstractDocumentSource {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final Utf8Lines lines;
  private final FieldMapping fields;

  JsonLinesSource(String name, InputStream in, FieldMapping fields) {
    super(name);
    this.lines = new Utf8Lines(in);
    this.fields = fields;
  }

  @Override
  SourceRecord readNext() {
    while (true) {
      Utf8Lines.Line line;
      try {
        line = lines.next();
      } catch (IOException e) {
        throw new InputFormatException(Origin.file(name()), "cannot read: " + e.getMessage(), e);
      }
      if (line == null) {
        return null;
      }
      Origin origin = new Origin(name(), line.number());
      if (line.isMalformed()) {
        return new SourceRecord.Failed(origin, line.malformed());
      }
      if (line.text().isBlank()) {
        continue;
      }
      try {
        return new SourceRecord.Parsed(toDocument(line.text()), origin);
      } catch (BadRecord e) {
        return new SourceRecord.Failed(origin, e.getMessage());
      }
    }
  }

  private SourceDocument toDocument(String text) throws BadRecord {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new BadRecord("malformed JSON" + where + ": " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      String hint = node.isArray() ? " (JSON Lines needs one object per line, not an array)" : "";
      throw new BadRecord("expected a JSON object, got " + kind(node) + hint);
    }
    String id = id(node.get(fields.id()));
    String title = optionalString(node, fields.title());
    JsonNode textNode = node.get(fields.text());
    if (textNode == null || textNode.isNull()) {
      throw new BadRecord("missing text field '" + fields.text() + "' (document '" + id + "')");
    }
    if (!textNode.isTextual()) {
      throw new BadRecord("text field '" + fields.text() + "' must be a string, got " + kind(textNode));
    }
    String url = blankToNull(optionalString(node, fields.url()));
    String lang = blankToNull(optionalString(node, fields.lang()));
    return new SourceDocument(id, title, textNode.textValue(), url, lang, meta(node.get(fields.meta())));
  }

  private String id(JsonNode node) throws BadRecord {
    if (node == null || node.isNull()) {
      throw new BadRecord("missing id field '" + fields.id() + "'");
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      throw new BadRecord("id field '" + fields.id() + "' must be a string or an integer, got " + kind(node));
    }
    String id = node.asText();
    if (id.isBlank()) {
      throw new BadRecord("blank id in field '" + fields.id() + "'");
    }
    return id;
  }

  private static String optionalString(JsonNode object, String field) throws BadRecord {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new BadRecord("field '" + field + "' must be a string, got " + kind(node));
    }
    return node.textValue();
  }

  private Map<String, String> meta(JsonNode node) throws BadRecord {
    Map<String, String> meta = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return meta;
    }
    if (!node.isObject()) {
      throw new BadRecord("field '" + fields.meta() + "' must be an object of scalar values, got " + kind(node));
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (!v.isValueNode()) {
        throw new BadRecord("field '" + fields.meta() + "' key '" + e.getKey() + "' is " + kind(v)
            + "; meta values must be strings, numbers or booleans");
      }
      meta.put(e.getKey(), v.asText());
    }
    return meta;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      // nothing useful to do: all records have been read or abandoned
    }
  }
}
