package dev.clir.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clir.corpus.InputFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrelsTest {

  @TempDir Path dir;

  private static Qrels read(String content) {
    return Qrels.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "qrels.txt");
  }

  @Test
  void readsGradedJudgmentsSeparatedByAnyWhitespace() throws IOException {
    Path file = Files.writeString(dir.resolve("qrels"), """
        # qid iter doc rel
        qa01-en 0 d1 2
        qa01-en\tQ0\td2\t0

        qa01-pt   0   d1   1
        qa02-en 0 d9 -1
        """);

    Qrels qrels = Qrels.read(file);

    assertThat(qrels.queryIds()).containsExactly("qa01-en", "qa01-pt", "qa02-en");
    assertThat(qrels.judgments("qa01-en")).isEqualTo(Map.of("d1", 2, "d2", 0));
    assertThat(qrels.relevance("qa01-en", "d1")).isEqualTo(2);
    assertThat(qrels.relevance("qa01-en", "unjudged")).isZero();
    assertThat(qrels.relevantCount("qa01-en")).isEqualTo(1);
    assertThat(qrels.relevantCount("qa02-en")).isZero();
    assertThat(qrels.judgments("nope")).isEmpty();
  }

  @Test
  void docIdsNotInTheIndexAreFoundForTheGivenQueries() {
    Qrels qrels = read("a 0 d1 1\na 0 gone 0\nb 0 missing 1\nother 0 elsewhere 1\n");

    assertThat(qrels.docIdsNotIn(List.of("a", "b"), Set.of("d1"))).containsExactly("gone", "missing");
  }

  @Test
  void malformedLinesAreReportedWithFileAndLine() {
    assertThatThrownBy(() -> read("q 0 d 1\nq 0 d2\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("qrels.txt:2: expected 4 columns 'qid iteration docid relevance', found 3");
    assertThatThrownBy(() -> read("q 0 d 1 extra\n"))
        .hasMessage("qrels.txt:1: expected 4 columns 'qid iteration docid relevance', found 5");
    assertThatThrownBy(() -> read("q 0 d high\n")).hasMessage("qrels.txt:1: relevance 'high' is not an integer");
    assertThatThrownBy(() -> read("q 0 d 1.5\n")).hasMessage("qrels.txt:1: relevance '1.5' is not an integer");
    assertThatThrownBy(() -> read("q 0 d 1\nq 0 d 2\n"))
        .hasMessage("qrels.txt:2: document 'd' judged twice for query 'q' (first on line 1)");
    byte[] latin1 = "q 0 d\u00e9 1\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Qrels.read(new ByteArrayInputStream(latin1), "qrels.txt"))
        .hasMessage("qrels.txt:1: invalid UTF-8 (byte 0xE9 at byte 6 of the line)");
  }
}
