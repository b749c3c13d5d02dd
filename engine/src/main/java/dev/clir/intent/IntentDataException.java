package dev.clir.intent;

import java.nio.file.Path;

/**
 * A labelled-example file or a saved intent model cannot be used. The message starts with {@code file:line}
 * (or just the file) and says what to fix, because command lines show it to users as is.
 */
public class IntentDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntentDataException(String message) {
    super(message);
  }

  public IntentDataException(String message, Throwable cause) {
    super(message, cause);
  }

  static IntentDataException at(Path file, int line, String problem) {
    return new IntentDataException(file + ":" + line + ": " + problem);
  }
}
