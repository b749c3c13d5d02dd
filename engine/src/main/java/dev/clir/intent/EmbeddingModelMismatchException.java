package dev.clir.intent;

/**
 * A saved intent model was built with another embedding model than the one given to load it. The message names
 * both and what to do.
 */
public class EmbeddingModelMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddingModelMismatchException(String message) {
    super(message);
  }
}
