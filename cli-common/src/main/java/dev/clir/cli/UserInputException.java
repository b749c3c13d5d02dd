package dev.clir.cli;

/** Something the user gave (a file, a value) is wrong; exit code {@link ExitCodes#INPUT}. */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
