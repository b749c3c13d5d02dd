package dev.clir.model;

/**
 * Hears how a model download goes, so that a command line can draw a progress bar while the engine itself
 * stays silent ({@link #SILENT}). Called on the downloading thread; implementations should be quick.
 */
public interface DownloadListener {
  /** Hears nothing. */
  DownloadListener SILENT = new DownloadListener() {};

  /**
   * A file's transfer begins (again, after a retry).
   *
   * @param file the path in the repository, e.g. {@code onnx/model.onnx}
   * @param alreadyHave bytes kept from an interrupted download and not transferred again
   * @param totalBytes the file's size, or -1 when the server does not say
   */
  default void fileStarted(String file, long alreadyHave, long totalBytes) {}

  /** {@code bytesDone} of the file are on disk, {@code alreadyHave} included. */
  default void fileProgressed(String file, long bytesDone) {}

  /** The file is complete and verified. */
  default void fileFinished(String file) {}

  /** Something worth one line: a retry, a wait for another process, a file that cannot be verified. */
  default void notice(String message) {}
}
