package dev.clir.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label files: both formats, headers and comments, and every kind of bad input named by file and line. */
class LabeledTextFilesTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsTsvWithCommentsAndBlankLines() throws IOException {
    Path f = file("a.tsv", "\uFEFF# intents\nreset_password\tI forgot my password\n\n  greet \t hello there \t\n");
    assertThat(LabeledTextFiles.read(f)).containsExactly(
        new LabeledText("reset_password", "I forgot my password"), new LabeledText("greet", "hello there"));
  }

  @Test
  void aHeaderPicksTheColumnsSoSib200FilesReadAsTheyAre() throws IOException {
    Path f = file("test.tsv", "index_id\tcategory\ttext\n431\tgeography\tTurkey is encircled by seas.\n");
    assertThat(LabeledTextFiles.read(f)).containsExactly(new LabeledText("geography", "Turkey is encircled by seas."));
  }

  @Test
  void readsJsonLinesAndIgnoresOtherFields() throws IOException {
    Path f = file("a.jsonl", "{\"label\": \"track_order\", \"text\": \"Onde está meu pedido?\", \"lang\": \"pt\"}\n\n");
    assertThat(LabeledTextFiles.read(f)).containsExactly(new LabeledText("track_order", "Onde está meu pedido?"));
  }

  @Test
  void unknownFormatIsRefusedWithWhatIsSupported() throws IOException {
    Path f = file("intents.csv", "a,b\n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).isInstanceOf(InputFormatException.class)
        .hasMessageContaining(f + ": unknown label file format '.csv'").hasMessageContaining(".tsv").hasMessageContaining(".jsonl");
  }

  @Test
  void emptyLabelNamesFileAndLine() throws IOException {
    Path f = file("a.tsv", "greet\thello\n\thow are you\n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).isInstanceOf(InputFormatException.class).hasMessage(f + ":2: empty label");
  }

  @Test
  void emptyTextNamesFileAndLine() throws IOException {
    Path f = file("a.tsv", "greet\thello\ngreet\t  \n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).isInstanceOf(InputFormatException.class)
        .hasMessage(f + ":2: empty text for label 'greet'");
  }

  @Test
  void aLineWithoutTabIsNamed() throws IOException {
    Path f = file("a.tsv", "greet hello\n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).hasMessage(f + ":1: expected label<TAB>text, found no tab");
  }

  @Test
  void malformedJsonNamesFileAndLine() throws IOException {
    Path f = file("a.jsonl", "{\"label\": \"a\", \"text\": \"x\"}\n{\"label\": \"a\", \"text\": \n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(f + ":2: malformed JSON");
  }

  @Test
  void jsonWithoutTextFieldsIsNamed() throws IOException {
    Path f = file("a.jsonl", "{\"label\": \"a\", \"text\": 3}\n");
    assertThatThrownBy(() -> LabeledTextFiles.read(f)).hasMessage(f + ":1: expected string fields \"label\" and \"text\"");
  }

  @Test
  void trainingRefusesALabelWithOneExampleAtItsLine() throws IOException {
    Path f = file("a.tsv", "greet\thello\ngreet\thi\nreset_pasword\tforgot my password\n");
    assertThat(LabeledTextFiles.read(f)).hasSize(3); // a test set may have one example per label
    assertThatThrownBy(() -> LabeledTextFiles.readTraining(f)).isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(f + ":3: label 'reset_pasword' has only 1 example").hasMessageContaining("misspelt");
  }

  @Test
  void emptyMissingAndNonUtf8FilesAreNamed() throws IOException {
    Path empty = file("empty.tsv", "# nothing\n\n");
    assertThatThrownBy(() -> LabeledTextFiles.read(empty)).hasMessage(empty + ": no labelled examples in the file");
    assertThatThrownBy(() -> LabeledTextFiles.read(dir.resolve("none.tsv"))).hasMessage(dir.resolve("none.tsv") + ": no such file");
    Path latin1 = Files.write(dir.resolve("l.tsv"), "greet\tol\u00e1\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> LabeledTextFiles.read(latin1)).hasMessageStartingWith(latin1 + ":1: invalid UTF-8");
  }

  @Test
  void labeledTextRefusesBlankParts() {
    assertThatThrownBy(() -> new LabeledText(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LabeledText("a", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(new LabeledText(" a ", " x "))).containsExactly(new LabeledText("a", "x"));
  }
}
