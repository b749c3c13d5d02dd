package dev.clir.corpus;

import static dev.clir.corpus.Sources.doc;
import static dev.clir.corpus.Sources.failed;
import static dev.clir.corpus.Sources.readAll;
import static dev.clir.corpus.Sources.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {

  @TempDir Path dir;

  @Test
  void csvWithQuotingMultiLineCellsAndMetaColumns() throws IOException {
    Path file = write(dir.resolve("kb.csv"), """
        id,title,text,url,lang,topic,year
        a,Alpha,"Text, with comma",https://x/a,en,geo,2020
        b,,"Two
        lines with ""quotes""\",,,,

        c,Gamma,,,pt,bio,
        """);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(3);
    assertThat(doc(records.get(0))).isEqualTo(new SourceDocument("a", "Alpha", "Text, with comma", "https://x/a",
        "en", Map.of("topic", "geo", "year", "2020")));
    assertThat(doc(records.get(1))).isEqualTo(
        new SourceDocument("b", "", "Two\nlines with \"quotes\"", null, null, Map.of()));
    SourceRecord.Parsed c = (SourceRecord.Parsed) records.get(2);
    assertThat(c.document()).isEqualTo(new SourceDocument("c", "Gamma", "", null, "pt", Map.of("topic", "bio")));
    assertThat(c.hasEmptyText()).isTrue();
    // the header is line 1, row b spans lines 3-4, line 5 is empty
    assertThat(records).extracting(r -> r.origin().line()).containsExactly(2L, 3L, 6L);
  }

  @Test
  void aMetaPrefixedColumnIsTheKeyWithoutThePrefix() throws IOException {
    // found by clir-bench reliability's input generator: the column became the field meta.meta.category
    Path file = write(dir.resolve("kb.tsv"), "id\ttext\tmeta.category\tmeta.\n"
        + "d1\tbody\tbilling\tx\n");
    assertThat(readAll(file, FieldMapping.DEFAULT)).extracting(Sources::doc).containsExactly(
        new SourceDocument("d1", "", "body", null, null, Map.of("category", "billing", "meta.", "x")));
  }

  @Test
  void tsvHasNoQuotingAndUsesTheMapping() throws IOException {
    Path file = write(dir.resolve("kb.tsv"), """
        doc\tbody\theading
        p1\t"Quoted" start, literal "quotes"\tFirst
        p2\tplain\t
        """);
    FieldMapping fields = FieldMapping.parse("id=doc,text=body,title=heading");

    List<SourceRecord> records = readAll(file, fields);

    assertThat(records).extracting(Sources::doc).containsExactly(
        new SourceDocument("p1", "First", "\"Quoted\" start, literal \"quotes\"", null, null, Map.of()),
        new SourceDocument("p2", "", "plain", null, null, Map.of()));
  }

  @Test
  void crLfLineEndingsAndByteOrderMark() throws IOException {
    Path file = write(dir.resolve("kb.csv"), "\uFEFFid,text\r\na,\"x\r\ny\"\r\nb,z\r\n");

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).extracting(r -> doc(r).id()).containsExactly("a", "b");
    assertThat(doc(records.get(0)).text()).isEqualTo("x\r\ny");
    assertThat(records).extracting(r -> r.origin().line()).containsExactly(2L, 4L);
  }

  @Test
  void wrongColumnCountAndBlankIdFailTheirRowOnly() throws IOException {
    Path file = write(dir.resolve("kb.csv"), """
        id,text
        a,one,extra
        b
        ,no id
        d,fine
        """);

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(4);
    assertThat(records.subList(0, 3)).extracting(r -> failed(r).toString()).containsExactly(
        file + ":2: row has 3 columns, the header has 2",
        file + ":3: row has 1 column, the header has 2",
        file + ":4: blank id in column 'id'");
    assertThat(doc(records.get(3)).id()).isEqualTo("d");
  }

  @Test
  void missingIdOrTextColumnFailsAtOpen() throws IOException {
    Path noText = write(dir.resolve("notext.csv"), "id,body\na,b\n");
    Path noId = write(dir.resolve("noid.csv"), "key,text\na,b\n");

    assertThatThrownBy(() -> DocumentSources.open(noText, FieldMapping.DEFAULT, null))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(noText + ":1: missing text field: the header has no column 'text' (columns: id, body)");
    assertThatThrownBy(() -> DocumentSources.open(noId, FieldMapping.DEFAULT, null))
        .hasMessage(noId + ":1: missing id field: the header has no column 'id' (columns: key, text)");
  }

  @Test
  void emptyFileAndBadHeadersFailAtOpen() throws IOException {
    Path empty = write(dir.resolve("empty.csv"), "");
    Path duplicate = write(dir.resolve("dup.csv"), "id,text,text\na,b,c\n");
    Path unnamed = write(dir.resolve("unnamed.csv"), "id,,text\na,b,c\n");

    assertThatThrownBy(() -> DocumentSources.open(empty, FieldMapping.DEFAULT, null))
        .hasMessage(empty + ":1: no header row (the file is empty)");
    assertThatThrownBy(() -> DocumentSources.open(duplicate, FieldMapping.DEFAULT, null))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(duplicate + ":1: cannot read the header row: ")
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> DocumentSources.open(unnamed, FieldMapping.DEFAULT, null))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(unnamed + ":1: cannot read the header row: ");
  }

  @Test
  void invalidUtf8FailsTheRowOnItsLineAndLaterRowsStillRead() throws IOException {
    Path file = write(dir.resolve("latin1.csv"), Sources.withLatin1Byte("""
        id,text
        a,fine
        b,"multi
        caf@"
        c,café
        """));

    List<SourceRecord> records = readAll(file, FieldMapping.DEFAULT);

    assertThat(records).hasSize(3);
    // row b starts on line 3; the bad byte is on line 4, the 4th byte of "caf\xE9\""
    assertThat(failed(records.get(1)).toString())
        .isEqualTo(file + ":4: invalid UTF-8 (byte 0xE9 at byte 4 of the line)");
    assertThat(doc(records.get(2))).isEqualTo(SourceDocument.of("c", "", "café"));
  }

  @Test
  void invalidUtf8InTheHeaderFailsAtOpen() throws IOException {
    Path file = write(dir.resolve("badheader.csv"), Sources.withLatin1Byte("id,t@xt\na,b\n"));

    assertThatThrownBy(() -> DocumentSources.open(file, FieldMapping.DEFAULT, null))
        .hasMessage(file + ":1: invalid UTF-8 (byte 0xE9 at byte 5 of the line) in the header row");
  }

  @Test
  void brokenQuotingStopsIterationWithAnException() throws IOException {
    Path file = write(dir.resolve("quotes.csv"), """
        id,text
        a,fine
        b,"closed" then text
        c,never read
        """);
    DocumentSource source = DocumentSources.open(file, FieldMapping.DEFAULT, null);
    Iterator<SourceRecord> it = source.iterator();

    assertThat(it.next().orThrow().id()).isEqualTo("a");
    assertThatThrownBy(it::hasNext)
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(file + ":3: cannot read further: ")
        .hasMessageContaining("encapsulated token");
    source.close();
  }
}
