package dev.clir.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {

  private static List<Utf8Lines.Line> lines(byte[] bytes) throws IOException {
    List<Utf8Lines.Line> all = new ArrayList<>();
    try (Utf8Lines in = new Utf8Lines(new ByteArrayInputStream(bytes))) {
      for (Utf8Lines.Line l = in.next(); l != null; l = in.next()) {
        all.add(l);
      }
    }
    return all;
  }

  @Test
  void keepsTerminatorsAndTheLastLineWithoutOne() throws IOException {
    assertThat(lines("a\r\n\nb".getBytes(StandardCharsets.UTF_8))).containsExactly(
        new Utf8Lines.Line(1, "a", "\r\n", null),
        new Utf8Lines.Line(2, "", "\n", null),
        new Utf8Lines.Line(3, "b", "", null));
    assertThat(lines(new byte[0])).isEmpty();
  }

  @Test
  void truncatedSequenceAtTheEndIsMalformed() throws IOException {
    // "ã" is C3 A3; only its first byte is present, as the 3rd byte of the line
    byte[] bytes = {'o', 'k', '\n', 'n', 'a', (byte) 0xC3};

    List<Utf8Lines.Line> all = lines(bytes);

    assertThat(all.get(0).isMalformed()).isFalse();
    assertThat(all.get(1).malformed()).isEqualTo("invalid UTF-8 (byte 0xC3 at byte 3 of the line)");
    assertThat(all.get(1).text()).isEqualTo("na\uFFFD");
  }

  @Test
  void linesLongerThanTheBufferAreWhole() throws IOException {
    String longLine = "é".repeat(100_000);

    List<Utf8Lines.Line> all = lines((longLine + "\nx").getBytes(StandardCharsets.UTF_8));

    assertThat(all).extracting(Utf8Lines.Line::text).containsExactly(longLine, "x");
  }
}
