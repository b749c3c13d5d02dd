package dev.clir.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines typed at a terminal, read with JLine: line editing, history of this session (Up, Down, Ctrl-R), and an end
 * with {@code exit}, {@code quit} or Ctrl-D; Ctrl-C drops the line being typed, an empty line is ignored.
 */
public final class Prompt implements AutoCloseable {
  /** Words that end the session instead of being asked. */
  public static final Set<String> ENDINGS = Set.of("exit", "quit", ":q", "\\q");

  private final Terminal terminal;
  private final LineReader reader;

  public Prompt(Terminal terminal) {
    this.terminal = terminal;
    this.reader = LineReaderBuilder.builder().terminal(terminal)
        // a question is text, not a command line: no ! history expansion, no special meaning for backslashes
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .variable(LineReader.HISTORY_SIZE, 1000)
        .build();
  }

  /** A prompt on the terminal this process runs in. */
  public static Prompt onSystemTerminal() {
    try {
      return new Prompt(TerminalBuilder.builder().system(true).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
  }

  /** The next line typed after {@code prompt}, stripped and not empty, or null when the user ends the session. */
  public String read(String prompt) {
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        terminal.writer().println(); // Ctrl-D leaves the cursor after the prompt; end the line as the shell expects
        terminal.flush();
        return null;
      }
      String text = line.strip();
      if (text.isEmpty()) {
        continue;
      }
      if (ENDINGS.contains(text.toLowerCase(Locale.ROOT))) {
        return null;
      }
      return text;
    }
  }

  /** Columns of the terminal (80 when it does not say). */
  public int width() {
    int w = terminal.getWidth();
    return w > 0 ? w : 80;
  }

  /** Where to print between prompts. */
  public PrintWriter writer() {
    return terminal.writer();
  }

  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException e) {
      // nothing left to do with a terminal that does not close
    }
  }
}
