package dev.clir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/** The interactive prompt on JLine's emulated terminal: keys in, lines out, as a user types them. */
class PromptTest {
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private Prompt prompt(String keys, int columns) throws Exception {
    ExternalTerminal t = new ExternalTerminal("test", "xterm-256color",
        new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8);
    t.setSize(new Size(columns, 24));
    return new Prompt(t);
  }

  @Test
  void upRecallsTheLastQuestionAndExitEnds() throws Exception {
    try (Prompt p = prompt("How do I reset my password?\r" + "\033OA\r" + "\r" + "  \r" + "exit\r" + "never read\r", 80)) {
      assertThat(p.read("? ")).isEqualTo("How do I reset my password?");
      assertThat(p.read("? ")).as("Up, Enter asks the last question again").isEqualTo("How do I reset my password?");
      assertThat(p.read("? ")).as("empty lines are skipped; exit ends").isNull();
    }
    assertThat(screen.toString(StandardCharsets.UTF_8)).doesNotContain("^[[A");
  }

  @Test
  void lineEditingWorks() throws Exception {
    // type "pasword", Left x4, insert "s", End, " reset" (arrows as a terminal in keypad mode sends them)
    try (Prompt p = prompt("pasword\033OD\033OD\033OD\033ODs\033OF reset\r", 80)) {
      assertThat(p.read("? ")).isEqualTo("password reset");
    }
  }

  @Test
  void quitAndCtrlDEndWithANewline() throws Exception {
    try (Prompt p = prompt("quit\r", 80)) {
      assertThat(p.read("? ")).isNull();
    }
    screen.reset();
    try (Prompt p = prompt("\u0004", 80)) {
      assertThat(p.read("? ")).isNull();
    }
    assertThat(screen.toString(StandardCharsets.UTF_8)).endsWith("\n");
  }

  @Test
  void knowsTheTerminalWidth() throws Exception {
    try (Prompt p = prompt("", 57)) {
      assertThat(p.width()).isEqualTo(57);
    }
  }
}
