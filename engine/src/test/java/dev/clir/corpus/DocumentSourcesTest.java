package dev.clir.corpus;

import static dev.clir.corpus.Sources.readAll;
import static dev.clir.corpus.Sources.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentSourcesTest {

  @TempDir Path dir;

  @Test
  void formatIsPickedByPath() throws IOException {
    assertThat(Format.of(write(dir.resolve("a.jsonl"), ""))).contains(Format.JSONL);
    assertThat(Format.of(dir.resolve("a.NDJSON"))).contains(Format.JSONL);
    assertThat(Format.of(dir.resolve("a.json"))).contains(Format.JSONL);
    assertThat(Format.of(dir.resolve("a.csv"))).contains(Format.CSV);
    assertThat(Format.of(dir.resolve("a.tsv"))).contains(Format.TSV);
    assertThat(Format.of(dir)).contains(Format.DIRECTORY);
    assertThat(Format.of(dir.resolve("a.txt"))).isEmpty();
    assertThat(Format.parse(" Dir ")).isEqualTo(Format.DIRECTORY);
    assertThatThrownBy(() -> Format.parse("xml")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jsonl, csv, tsv or dir");
  }

  @Test
  void missingPathIsReportedWithThePath() {
    Path missing = dir.resolve("nope.jsonl");

    assertThatThrownBy(() -> DocumentSources.open(missing.toString(), FieldMapping.DEFAULT, null))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(missing + ": no such file or directory");
  }

  @Test
  void unknownExtensionNeedsAnExplicitFormat() throws IOException {
    Path file = write(dir.resolve("kb.txt"), "{\"id\":\"a\",\"text\":\"x\"}\n");

    assertThatThrownBy(() -> DocumentSources.open(file, FieldMapping.DEFAULT, null))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(file + ": cannot tell the input format");
    assertThat(readAll(DocumentSources.open(file, FieldMapping.DEFAULT, Format.JSONL)))
        .extracting(r -> r.orThrow().id()).containsExactly("a");
  }

  @Test
  void formatAndKindOfPathMustAgree() throws IOException {
    Path file = write(dir.resolve("kb.jsonl"), "");
    Path sub = Files.createDirectories(dir.resolve("sub.jsonl"));

    assertThatThrownBy(() -> DocumentSources.open(file, FieldMapping.DEFAULT, Format.DIRECTORY))
        .hasMessage(file + ": not a directory");
    assertThatThrownBy(() -> DocumentSources.open(sub, FieldMapping.DEFAULT, Format.JSONL))
        .hasMessage(sub + ": is a directory, not a JSONL file");
    assertThat(readAll(DocumentSources.open(sub, FieldMapping.DEFAULT, null))).isEmpty();
  }

  @Test
  void streamsReadJsonLinesCsvOrTsvButNotDirectories() {
    assertThat(Sources.readString("id\ttext\nq\thello\n", Format.TSV))
        .extracting(r -> r.orThrow().text()).containsExactly("hello");
    assertThatThrownBy(() -> Sources.readString("", Format.DIRECTORY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldMappingParsesPartsOntoDefaults() {
    assertThat(FieldMapping.parse("text=body")).isEqualTo(
        new FieldMapping("id", "title", "body", "url", "lang", "meta"));
    assertThat(FieldMapping.parse("")).isEqualTo(FieldMapping.DEFAULT);
    assertThatThrownBy(() -> FieldMapping.parse("body")).hasMessageContaining("not part=name");
    assertThatThrownBy(() -> FieldMapping.parse("summary=x")).hasMessageContaining("unknown field 'summary'");
    assertThatThrownBy(() -> FieldMapping.parse("id=")).hasMessageContaining("must not be blank");
  }
}
