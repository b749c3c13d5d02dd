package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {

  @TempDir Path dir;

  private static Run read(String content) {
    return Run.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "run.txt");
  }

  @Test
  void rankingsAreInTrecEvalOrderWhateverTheGivenRanks() {
    // given ranks say b, a, c; trec_eval sorts by score desc (a 0.9 first), ties by docid desc (c before b)
    Run run = read("""
        q1 Q0 b 1 0.5 sys
        q1 Q0 a 2 0.9 sys
        # a comment
        q1 Q0 c 3 0.5 sys

        q2 Q0 x 1 -1.5 sys
        """);

    assertThat(run.tag()).isEqualTo("sys");
    assertThat(run.queryIds()).containsExactly("q1", "q2");
    assertThat(run.rankedDocIds("q1")).containsExactly("a", "c", "b");
    assertThat(run.ranking("q2")).containsExactly(new ScoredDoc("x", -1.5));
    assertThat(run.ranking("absent")).isEmpty();
  }

  @Test
  void docIdTiesCompareByCodePointLikeStrcmpOnUtf8() {
    // U+FF21 (BMP, 3 UTF-8 bytes) vs U+1F600 (surrogate pair in Java, 4 UTF-8 bytes): strcmp on UTF-8 puts
    // U+1F600 higher, while String.compareTo (UTF-16 units, 0xD83D < 0xFF21) would put it lower.
    Run run = Run.builder("t").add("q", "\uFF21", 1).add("q", "\uD83D\uDE00", 1).add("q", "Z", 1).build();

    assertThat(run.rankedDocIds("q")).containsExactly("\uD83D\uDE00", "\uFF21", "Z");
  }

  @Test
  void negativeZeroTiesWithZero() {
    Run run = Run.builder("t").add("q", "a", -0.0).add("q", "b", 0.0).build();

    assertThat(run.rankedDocIds("q")).containsExactly("b", "a");
  }

  @Test
  void writesTrecFormatAndReadsItBack() throws IOException {
    Run run = Run.builder("clir-e5").add("q1", "d1", 0.25).add("q1", "d2", 0.8125).add("q2", "d3", 1.0E-5)
        .query("q3").build();
    StringWriter out = new StringWriter();

    run.write(out);

    assertThat(out.toString()).isEqualTo("""
        q1 Q0 d2 1 0.8125 clir-e5
        q1 Q0 d1 2 0.25 clir-e5
        q2 Q0 d3 1 0.000010 clir-e5
        """);
    Path file = dir.resolve("run.trec");
    run.write(file);
    Run back = Run.read(file);
    assertThat(back.tag()).isEqualTo("clir-e5");
    assertThat(back.ranking("q1")).isEqualTo(run.ranking("q1"));
    assertThat(back.ranking("q2")).isEqualTo(run.ranking("q2"));
  }

  @Test
  void scoresAreWrittenExactlySoNoTiesAppear() throws IOException {
    double a = 0.1234567891;
    double b = 0.1234567892;
    Run run = Run.builder("t").add("q", "x", a).add("q", "y", b).build();
    StringWriter out = new StringWriter();
    run.write(out);

    Run back = read(out.toString());

    assertThat(back.ranking("q")).containsExactly(new ScoredDoc("y", b), new ScoredDoc("x", a));
  }

  @Test
  void malformedLinesAreReportedWithFileAndLine() {
    assertThatThrownBy(() -> read("q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 0.4\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("run.txt:2: expected 6 columns 'qid Q0 docid rank score tag', found 5");
    assertThatThrownBy(() -> read("q1 Q0 d1 one 0.5 t\n"))
        .hasMessage("run.txt:1: rank 'one' is not an integer");
    assertThatThrownBy(() -> read("q1 Q0 d1 1 high t\n"))
        .hasMessage("run.txt:1: score 'high' is not a finite number");
    assertThatThrownBy(() -> read("q1 Q0 d1 1 NaN t\n"))
        .hasMessage("run.txt:1: score 'NaN' is not a finite number");
    assertThatThrownBy(() -> read("q1 Q0 d1 1 0.5 t\n\nq1 Q0 d1 2 0.4 t\n"))
        .hasMessage("run.txt:3: document 'd1' listed twice for query 'q1' (first on line 1)");
    byte[] latin1 = "q1 Q0 caf\u00e9 1 0.5 t\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Run.read(new ByteArrayInputStream(latin1), "run.txt"))
        .hasMessage("run.txt:1: invalid UTF-8 (byte 0xE9 at byte 10 of the line)");
    assertThatThrownBy(() -> Run.read(dir.resolve("missing.run")))
        .hasMessage(dir.resolve("missing.run") + ": no such file");
  }

  @Test
  void builderRejectsWhatTrecFilesCannotHold() {
    Run.Builder b = Run.builder("t").add("q", "d", 1);

    assertThatThrownBy(() -> b.add("q", "d", 2)).hasMessage("document 'd' twice in the ranking of query 'q'");
    assertThatThrownBy(() -> b.add("q x", "d", 2)).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> b.add("q", "d 2", 2)).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> b.add("q", "e", Double.NaN)).hasMessageContaining("finite");
    assertThatThrownBy(() -> Run.builder("two words")).hasMessageContaining("whitespace");
  }

  @Test
  void emptyFileIsAnEmptyRun() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.run"), "\n");

    assertThat(Run.read(file).queryIds()).isEmpty();
  }
}
