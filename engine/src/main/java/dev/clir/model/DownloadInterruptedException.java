package dev.clir.model;

/**
 * A transfer broke off after the retries; what arrived is kept, so the next run resumes where this one
 * stopped.
 */
public final class DownloadInterruptedException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  public DownloadInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
