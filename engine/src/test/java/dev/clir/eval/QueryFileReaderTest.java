package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryFileReaderTest {

  @TempDir Path dir;

  private static QuerySet read(String content, QueryFileReader.Format format) {
    return QueryFileReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "queries",
        format);
  }

  @Test
  void tsvWithOptionalLanguageColumn() throws IOException {
    Path file = Files.writeString(dir.resolve("queries.tsv"),
        "qa01-en\tWhat is the capital of Kenya?\ten\n\nqa01-pt\tQual é a capital do \"Quênia\"?\n");

    QuerySet set = QueryFileReader.read(file);

    assertThat(set.queries()).containsExactly(
        new Query("qa01-en", "What is the capital of Kenya?", "en"),
        new Query("qa01-pt", "Qual é a capital do \"Quênia\"?", null));
    assertThat(set.get("qa01-pt")).isPresent();
    assertThat(set.size()).isEqualTo(2);
  }

  @Test
  void tsvHeaderRowAndCommentLinesAreNotQueries() throws IOException {
    Path file = Files.writeString(dir.resolve("queries.tsv"), "qid\ttext\tlang\n# Portuguese questions\nq1\tComo faço?\tpt\n");
    assertThat(QueryFileReader.read(file).queries()).containsExactly(new Query("q1", "Como faço?", "pt"));
  }

  @Test
  void jsonLinesWithLanguage() throws IOException {
    Path file = Files.writeString(dir.resolve("queries.jsonl"), """
        {"id":"qa01-th","text":"เมืองหลวงของเคนยาคืออะไร","lang":"th"}
        {"id":7,"text":"Mji mkuu wa Kenya ni upi?","lang":"sw","extra":1}
        """);

    QuerySet set = QueryFileReader.read(file);

    assertThat(set.queries()).containsExactly(
        new Query("qa01-th", "เมืองหลวงของเคนยาคืออะไร", "th"),
        new Query("7", "Mji mkuu wa Kenya ni upi?", "sw"));
  }

  @Test
  void layoutIsSniffedWhenTheNameDoesNotTell() throws IOException {
    Path json = Files.writeString(dir.resolve("q.txt"), "\n  {\"id\":\"a\",\"text\":\"x\"}\n");
    Path tsv = Files.writeString(dir.resolve("q2.txt"), "a\tx\n");

    assertThat(QueryFileReader.read(json).queries()).containsExactly(new Query("a", "x", null));
    assertThat(QueryFileReader.read(tsv).queries()).containsExactly(new Query("a", "x", null));
  }

  @Test
  void tsvProblemsNameTheLine() {
    var tsv = QueryFileReader.Format.TSV;
    assertThatThrownBy(() -> read("q1\tok\nq2 no tab\n", tsv))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("queries:2: expected qid<TAB>text or qid<TAB>text<TAB>lang, found 1 column");
    assertThatThrownBy(() -> read("q1\ta\tb\tc\n", tsv))
        .hasMessage("queries:1: expected qid<TAB>text or qid<TAB>text<TAB>lang, found 4 columns");
    assertThatThrownBy(() -> read(" \ttext\n", tsv)).hasMessage("queries:1: blank query id");
    assertThatThrownBy(() -> read("q1\t  \n", tsv)).hasMessage("queries:1: blank text for query 'q1'");
    assertThatThrownBy(() -> read("q 1\ttext\n", tsv)).hasMessageStartingWith("queries:1: query id must not contain"
        + " whitespace");
    assertThatThrownBy(() -> read("q1\ta\nq2\tb\nq1\tc\n", tsv))
        .hasMessage("queries:3: duplicate query id 'q1' (first on line 1)");
  }

  @Test
  void jsonProblemsNameTheLine() {
    var jsonl = QueryFileReader.Format.JSONL;
    assertThatThrownBy(() -> read("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":}\n", jsonl))
        .hasMessageStartingWith("queries:2: malformed JSON at column ").hasMessageContaining("Unexpected character");
    assertThatThrownBy(() -> read("[]\n", jsonl)).hasMessageStartingWith("queries:1: expected a JSON object");
    assertThatThrownBy(() -> read("{\"text\":\"x\"}\n", jsonl)).hasMessage("queries:1: missing id");
    assertThatThrownBy(() -> read("{\"id\":\"a\"}\n", jsonl)).hasMessage("queries:1: missing text for query 'a'");
    assertThatThrownBy(() -> read("{\"id\":\"a\",\"text\":\"\"}\n", jsonl))
        .hasMessage("queries:1: blank text for query 'a'");
    assertThatThrownBy(() -> read("{\"id\":[1],\"text\":\"x\"}\n", jsonl))
        .hasMessage("queries:1: id must be a string or an integer");
    assertThatThrownBy(() -> read("{\"id\":\"a\",\"text\":\"x\",\"lang\":1}\n", jsonl))
        .hasMessage("queries:1: lang must be a string");
    assertThatThrownBy(() -> read("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n", jsonl))
        .hasMessage("queries:2: duplicate query id 'a' (first on line 1)");
  }

  @Test
  void invalidUtf8AndMissingFiles() {
    byte[] latin1 = "q1\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> QueryFileReader.read(new ByteArrayInputStream(latin1), "queries", null))
        .hasMessage("queries:1: invalid UTF-8 (byte 0xE9 at byte 7 of the line)");
    assertThatThrownBy(() -> QueryFileReader.read(dir.resolve("none.tsv")))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(dir.resolve("none.tsv") + ": no such file");
  }
}
