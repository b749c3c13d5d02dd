package dev.clir.model;

/**
 * Vectors recorded as made by one embedding model (an index, a saved intent model, a Solr collection) were to be used
 * with another. The message names both models, how they differ and what to do.
 */
public class ModelMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelMismatchException(String message) {
    super(message);
  }
}
