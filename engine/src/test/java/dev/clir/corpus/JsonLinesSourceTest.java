package dev.clir.corpus;

import static dev.clir.corpus.Sources.doc;
import static dev.clir.corpus.Sources.failed;
import static dev.clir.corpus.Sources.readAll;
import static dev.clir.corpus.Sources.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSourceTest {

  @TempDir Path dir;

  @Test
  void readsEveryFieldAndKeepsLineNumbersAcrossBlankLines() throws IOException {
    Path file = write(dir.resolve("kb.jsonl"), """
        {"id":"a","title":"Alpha","text":"First text.","url":"https://x/a","lang":"en","meta":{"year":2021,"ok":true,"src":"wiki","gone":null}}

        {"id":"b","text":"Second text.","extra":"ignored"}
        """);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(2).allMatch(r -> r instanceof SourceRecord.Parsed);
    SourceDocument a = doc(records.get(0));
    assertThat(a).isEqualTo(new SourceDocument("a", "Alpha", "First text.", "https://x/a", "en",
        Map.of("year", "2021", "ok", "true", "src", "wiki")));
    assertThat(records.get(0).origin()).isEqualTo(new Origin(file.toString(), 1));
    SourceDocument b = doc(records.get(1));
    assertThat(b).isEqualTo(new SourceDocument("b", "", "Second text.", null, null, Map.of()));
    assertThat(records.get(1).origin().line()).isEqualTo(3);
    assertThat(records.get(1).origin().toString()).isEqualTo(file + ":3");
  }

  @Test
  void remappedFieldNamesAndIntegerIds() throws IOException {
    Path file = write(dir.resolve("kb.ndjson"), """
        {"doc_id":17,"heading":"H","body":"B","link":"u","language":"pt","attrs":{"k":"v"},"id":"not used"}
        """);
    FieldMapping fields = FieldMapping.parse("id=doc_id, title=heading,text=body,url=link,lang=language,meta=attrs");

    SourceDocument d = doc(readAll(file, fields).getFirst());

    assertThat(d).isEqualTo(new SourceDocument("17", "H", "B", "u", "pt", Map.of("k", "v")));
  }

  @Test
  void emptyTextIsADocumentThatSaysSo() {
    List<SourceRecord> records = Sources.readString("{\"id\":\"e\",\"text\":\"\"}\n{\"id\":\"f\",\"text\":\"x\"}\n",
        Format.JSONL);

    assertThat(((SourceRecord.Parsed) records.get(0)).hasEmptyText()).isTrue();
    assertThat(((SourceRecord.Parsed) records.get(1)).hasEmptyText()).isFalse();
  }

  @Test
  void malformedJsonFailsWithLineAndJacksonReasonAndReadingGoesOn() throws IOException {
    Path file = write(dir.resolve("kb.jsonl"), """
        {"id":"a","text":"ok"}
        {"id":"b","text":"unterminated}
        {"id":"c","text":"ok"} {"id":"c2"}
        {"id":"d","text":"ok"}
        """);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(4);
    SourceRecord.Failed bad = failed(records.get(1));
    assertThat(bad.origin().line()).isEqualTo(2);
    assertThat(bad.message()).startsWith("malformed JSON at column ").contains("Unexpected end-of-input");
    assertThat(bad.toString()).startsWith(file + ":2: malformed JSON");
    SourceRecord.Failed trailing = failed(records.get(2));
    assertThat(trailing.origin().line()).isEqualTo(3);
    assertThat(trailing.message()).startsWith("malformed JSON").contains("Trailing token");
    assertThat(doc(records.get(3)).id()).isEqualTo("d");
  }

  @Test
  void eachRecordLevelProblemIsNamed() {
    String input = String.join("\n",
        "[1,2]",
        "\"just a string\"",
        "{\"text\":\"no id\"}",
        "{\"id\":\"  \",\"text\":\"blank id\"}",
        "{\"id\":true,\"text\":\"boolean id\"}",
        "{\"id\":\"m\"}",
        "{\"id\":\"n\",\"text\":42}",
        "{\"id\":\"o\",\"text\":\"t\",\"meta\":[\"a\"]}",
        "{\"id\":\"p\",\"text\":\"t\",\"meta\":{\"tags\":[\"a\",\"b\"]}}",
        "{\"id\":\"q\",\"text\":\"t\",\"meta\":{\"o\":{\"x\":1}}}",
        "{\"id\":\"r\",\"text\":\"t\",\"title\":7}",
        "{\"id\":\"s\",\"text\":\"t\",\"id\":\"s2\"}",
        "");

    List<SourceRecord> records = Sources.readString(input, Format.JSONL);

    assertThat(records).allMatch(r -> r instanceof SourceRecord.Failed);
    assertThat(records).extracting(r -> r.origin().line()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L,
        11L, 12L);
    assertThat(records.subList(0, 11)).extracting(r -> failed(r).message()).containsExactly(
        "expected a JSON object, got an array (JSON Lines needs one object per line, not an array)",
        "expected a JSON object, got a string",
        "missing id field 'id'",
        "blank id in field 'id'",
        "id field 'id' must be a string or an integer, got a boolean",
        "missing text field 'text' (document 'm')",
        "text field 'text' must be a string, got a number",
        "field 'meta' must be an object of scalar values, got an array",
        "field 'meta' key 'tags' is an array; meta values must be strings, numbers or booleans",
        "field 'meta' key 'o' is an object; meta values must be strings, numbers or booleans",
        "field 'title' must be a string, got a number");
    assertThat(failed(records.get(11)).message()).startsWith("malformed JSON").contains("Duplicate field 'id'");
    assertThat(records.getFirst().origin().file()).isEqualTo("<stdin>");
  }

  @Test
  void invalidUtf8IsReportedOnItsLineAndLaterLinesStillRead() throws IOException {
    byte[] bytes = Sources.withLatin1Byte("""
        {"id":"a","text":"fine"}
        {"id":"b","text":"caf@"}
        {"id":"c","text":"café"}
        """);
    Path file = write(dir.resolve("latin1.jsonl"), bytes);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(3);
    SourceRecord.Failed bad = failed(records.get(1));
    assertThat(bad.origin()).isEqualTo(new Origin(file.toString(), 2));
    // {"id":"b","text":"caf  -> 21 bytes before the bad one, so it is byte 22
    assertThat(bad.message()).isEqualTo("invalid UTF-8 (byte 0xE9 at byte 22 of the line)");
    assertThat(doc(records.get(2)).text()).isEqualTo("café");
  }

  @Test
  void byteOrderMarkAndCrLfAreAccepted() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    Path file = write(dir.resolve("bom.jsonl"), all);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).extracting(r -> doc(r).id()).containsExactly("a", "b");
    assertThat(records).extracting(r -> r.origin().line()).containsExactly(1L, 2L);
  }

  @Test
  void orThrowGivesTheDocumentOrAnExceptionNamingFileAndLine() {
    List<SourceRecord> records = Sources.readString("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"\"}\n", Format.JSONL);

    assertThat(records.get(0).orThrow().id()).isEqualTo("a");
    assertThatThrownBy(() -> records.get(1).orThrow())
        .isInstanceOf(InputFormatException.class)
        .hasMessage("<stdin>:2: blank id in field 'id'")
        .satisfies(e -> assertThat(((InputFormatException) e).origin()).isEqualTo(new Origin("<stdin>", 2)));
  }

  @Test
  void aStreamThatFailsStopsIterationWithAnException() {
    InputStream failing = new SequenceInputStream(
        new ByteArrayInputStream("{\"id\":\"a\",\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("device gone");
          }
        });
    DocumentSource source = DocumentSources.open(failing, "pipe", FieldMapping.DEFAULT, Format.JSONL);
    var it = source.iterator();

    assertThat(it.next().orThrow().id()).isEqualTo("a");
    assertThatThrownBy(it::hasNext).isInstanceOf(InputFormatException.class).hasMessage("pipe: cannot read: device gone");
  }

  @Test
  void aSourceIsIteratedOnceAndStreams() {
    DocumentSource source = DocumentSources.open(
        new ByteArrayInputStream("{\"id\":\"a\",\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)), "s",
        FieldMapping.DEFAULT, Format.JSONL);
    try (var stream = source.stream()) {
      assertThat(stream.map(r -> r.orThrow().id())).containsExactly("a");
    }
    assertThatThrownBy(source::iterator).isInstanceOf(IllegalStateException.class);
  }
}
