package dev.clir.model;

/**
 * A model directory or graph cannot be used. The message names the file and says what to do about it,
 * because it is shown to users as is.
 */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
