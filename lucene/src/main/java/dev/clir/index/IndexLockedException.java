package dev.clir.index;

/** Another writer holds the index's {@code write.lock}; Lucene allows one writer per index. */
public final class IndexLockedException extends ClirIndexException {
  private static final long serialVersionUID = 1L;

  public IndexLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
