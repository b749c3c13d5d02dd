package dev.clir.index;

/**
 * The index was built with another model (or other vector settings) than the one asked to use it. Its vectors
 * live in that other model's space, so mixing would silently return nonsense.
 */
public final class IncompatibleIndexException extends ClirIndexException {
  private static final long serialVersionUID = 1L;

  public IncompatibleIndexException(String message) {
    super(message);
  }
}
