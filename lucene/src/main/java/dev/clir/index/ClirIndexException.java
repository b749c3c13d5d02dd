package dev.clir.index;

/** An index cannot be opened or used; the message says why and what to do, for people reading a CLI's output. */
public class ClirIndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClirIndexException(String message) {
    super(message);
  }

  public ClirIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
